"""Gera os notebooks do aprendiz (exercises/) a partir de solutions/ com o
`generate_assignment` do próprio nbgrader.

O .py de solutions/ vira .ipynb num curso temporário (source/<módulo>/), o
nbgrader tira as soluções e os testes ocultos, e o notebook gerado é gravado
em exercises/ com ids de célula estáveis, para que a mesma fonte dê sempre os
mesmos bytes (um teste compara o que está no repositório com uma geração nova).
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import tempfile
from pathlib import Path

import jupytext
import nbformat

from .grading import ROOT, exercise_path, solution_path

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def source_notebook(module: str):
    """O notebook completo (com soluções) a partir do .py de solutions/."""
    nb = jupytext.read(solution_path(module), fmt="py:percent")
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"{module}-{index}"
        cell.metadata.pop("lines_to_next_cell", None)
        cell.metadata.pop("lines_to_end_of_cell_marker", None)
    return nb


def release_notebook(module: str):
    """Roda o generate_assignment do nbgrader e devolve o notebook do aprendiz."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config, PyFileConfigLoader

    with tempfile.TemporaryDirectory(prefix="rna-gerar-") as tmp:
        course = Path(tmp)
        source = course / "solutions" / module
        source.mkdir(parents=True)
        nbformat.write(source_notebook(module), source / f"{module}.ipynb")
        config = Config(PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config())
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        api = NbGraderAPI(config=config)
        api.log.setLevel(logging.ERROR)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            outcome = api.generate_assignment(module, force=True)
        if not outcome["success"]:
            raise RuntimeError(f"o nbgrader falhou ao gerar {module}:\n{outcome['log']}")
        released = list((course / "exercises" / module).iterdir())
        names = sorted(p.name for p in released)
        if names != [f"{module}.ipynb"]:
            raise RuntimeError(f"a versão do aprendiz deveria ter só o notebook; veio {names}")
        return nbformat.read(released[0], as_version=4)


def render(module: str) -> str:
    nb = release_notebook(module)
    return nbformat.writes(nb) + "\n"


def generate(module: str) -> Path:
    path = exercise_path(module)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(module), encoding="utf-8")
    return path


def clean(module: str):
    shutil.rmtree(exercise_path(module).parent, ignore_errors=True)
