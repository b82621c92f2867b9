"""Lê uma submissão (.ipynb ou .py) como a lista de células de código a executar.

As células de teste do nbgrader (as que chamam o corretor) ficam de fora: o
código do aprendiz roda sozinho, e a correção acontece fora dele.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .sandbox import Cell

# Sem nbformat/jupytext aqui: o nbformat importa o jsonschema, que leva quase
# 1 s para carregar, e ler um .ipynb é ler JSON.

TEST_CELL_MARKER = "autograder.notebook"
MAGIC = re.compile(r"^(\s*)([%!].*)$", re.MULTILINE)


class SubmissionError(Exception):
    """A submissão não pode ser lida (arquivo ausente, JSON inválido...)."""


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def is_test_cell(cell: dict) -> bool:
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    if meta.get("grade") and not meta.get("solution"):
        return True
    return TEST_CELL_MARKER in _text(cell.get("source"))


def _without_magics(source: str) -> str:
    # `%matplotlib inline` e `!pip ...` só existem no Jupyter: viram comentário.
    return MAGIC.sub(r"\1pass  # comando do Jupyter ignorado: \2", source)


def notebook_cells(nb: dict) -> list[Cell]:
    return [
        Cell(_without_magics(_text(cell.get("source"))))
        for cell in nb.get("cells", [])
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and not is_test_cell(cell)
    ]


def read_ipynb(path: Path) -> dict:
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubmissionError(f"arquivo não encontrado: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SubmissionError(
            f"não consegui ler {Path(path).name} como notebook (JSON inválido: {exc})"
        ) from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise SubmissionError(
            f"{Path(path).name} não é um notebook do Jupyter no formato 4 (o atual)"
        )
    return nb


def load_cells(path: Path) -> list[Cell]:
    """As células de código de uma submissão, em ordem.

    Um .py comum é uma célula só, com as linhas do arquivo; um .py com marcas
    `# %%` (jupytext) é dividido nas suas células, com os números de linha do
    arquivo preservados para as mensagens de erro.
    """
    path = Path(path)
    if path.suffix == ".ipynb":
        return notebook_cells(read_ipynb(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SubmissionError(f"arquivo não encontrado: {path}") from None
    except UnicodeDecodeError:
        raise SubmissionError(f"{path.name} não está em UTF-8") from None
    if not re.search(r"^# %%", text, re.MULTILINE):
        return [Cell(text, 1)]
    return _percent_cells(text)


def _percent_cells(text: str) -> list[Cell]:
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("# %%")]
    cells = []
    if starts[0] > 0:
        cells.append((0, starts[0], ""))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        cells.append((start + 1, end, lines[start]))
    result = []
    for start, end, header in cells:
        if "[markdown]" in header or "[md]" in header:
            continue
        source = "".join(lines[start:end])
        meta_is_test = '"grade": true' in header and '"solution": true' not in header
        if meta_is_test or TEST_CELL_MARKER in source:
            continue
        result.append(Cell(_without_magics(source), start + 1))
    return result
