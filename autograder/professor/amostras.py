"""Submissões simuladas a partir da referência: o notebook do aprendiz com as
células de solução preenchidas (certas, ou com erros escolhidos). Servem aos
testes do kit e aos benchmarks de correção de turma."""

from __future__ import annotations

from pathlib import Path

import nbformat

from .exercicios import source_ipynb_path


def solved_cells(module: str) -> dict[str, str]:
    """O código de cada célula de solução da referência, sem as marcas."""
    source = nbformat.read(source_ipynb_path(module), as_version=4)
    solved = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [line for line in cell.source.splitlines() if "SOLUTION" not in line]
            solved[meta["grade_id"]] = "\n".join(lines)
    return solved


def student_notebook(module: str, release: Path, replace: dict | None = None,
                     extra_cell: str | None = None, solve: bool = True):
    """O notebook distribuído `release`, preenchido como um aluno faria.

    `replace` troca o código de algumas células de solução (pelo grade_id);
    `solve=False` deixa as outras como vieram (stubs); `extra_cell` entra logo
    depois da primeira célula.
    """
    nb = nbformat.read(release, as_version=4)
    solved = solved_cells(module) if solve else {}
    replace = replace or {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in replace:
            cell.source = replace[grade_id]
        elif grade_id in solved:
            cell.source = solved[grade_id]
    if extra_cell:
        nb.cells.insert(1, nbformat.v4.new_code_cell(extra_cell))
    return nb
