import importlib
import pkgutil

import pytest

from autograder.grading import MODULES
from autograder.professor.referencia import solution_path

import catalogue


def catalogue_variants(kind):
    """(module, Variant) de todos os arquivos do catálogo."""
    found = []
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"catalogue.{info.name}")
        for variant in getattr(module, kind):
            found.append((info.name, variant))
    return found


def submission_with(tmp_path, module, source):
    """A solução de referência com uma função redefinida ao final, como faria
    um aprendiz que reescreveu aquela célula."""
    text = solution_path(module).read_text(encoding="utf-8")
    path = tmp_path / f"{module}.py"
    path.write_text(text + "\n\n# %%\n" + source, encoding="utf-8")
    return path


@pytest.fixture
def make_submission(tmp_path):
    def make(module, source):
        return submission_with(tmp_path, module, source)

    return make


def pytest_report_header(config):
    return f"módulos: {', '.join(MODULES)}"
