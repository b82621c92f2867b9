"""Gera, a partir do .py de solutions/ (a fonte única de cada módulo):

* solutions/<módulo>/<módulo>.ipynb, o notebook-fonte que o nbgrader lê
  (a raiz do repositório é um curso do nbgrader, source = solutions/);
* exercises/<módulo>/<módulo>.ipynb, a versão do aprendiz, feita pelo
  `generate_assignment` do próprio nbgrader (sem soluções nem testes ocultos).

Os ids de célula são estáveis, então a mesma fonte dá sempre os mesmos bytes:
um teste compara o que está no repositório com uma geração nova.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from pathlib import Path

import jupytext
import nbformat

from ..grading import ROOT, exercise_path
from .referencia import solution_path

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


def source_text(module: str) -> str:
    return nbformat.writes(source_notebook(module)) + "\n"


def source_ipynb_path(module: str) -> Path:
    return solution_path(module).with_suffix(".ipynb")


def release_text(module: str) -> str:
    """Roda o generate_assignment do nbgrader num curso temporário e devolve o
    notebook do aprendiz, byte a byte como o nbgrader o gravou."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config, PyFileConfigLoader

    with tempfile.TemporaryDirectory(prefix="rna-gerar-") as tmp:
        course = Path(tmp)
        source = course / "solutions" / module
        source.mkdir(parents=True)
        (source / f"{module}.ipynb").write_text(source_text(module), encoding="utf-8")
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
        return released[0].read_text(encoding="utf-8")


def generate(module: str) -> list[Path]:
    """Grava o notebook-fonte e a versão do aprendiz; devolve os caminhos."""
    source = source_ipynb_path(module)
    source.write_text(source_text(module), encoding="utf-8")
    release = exercise_path(module)
    release.parent.mkdir(parents=True, exist_ok=True)
    release.write_text(release_text(module), encoding="utf-8")
    return [source, release]
