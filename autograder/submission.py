"""Lê uma submissão (.ipynb ou .py) como a lista de células de código a executar.

As células de teste do nbgrader ficam de fora, reconhecidas pelos metadados
do nbgrader (`grade` sem `solution`), nunca pelo texto: uma célula do aluno
que só menciona o corretor, mesmo num comentário, continua valendo. O código
do aprendiz roda sozinho, e a correção acontece fora dele.

Um notebook malformado (metadados que não são dicionário, `source` que não é
texto, JSON aninhado demais) vira uma `SubmissionError` em português, com a
explicação do validador do nbformat.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .sandbox import Cell
from .sanitize import clean

# O nbformat importa o jsonschema (quase 1 s): ele só é importado para
# validar um notebook que a conferência rápida (`_structure_problem`) recusou,
# ou quando quem chama pede (`strict`, em `rna corrigir`).

TEST_CELL_MARKER = "autograder.notebook"  # o import das células de teste (notebook.py)
MAGIC = re.compile(r"^(\s*)([%!].*)$", re.MULTILINE)


class SubmissionError(Exception):
    """A submissão não pode ser lida (arquivo ausente, JSON inválido...)."""


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def is_test_cell(cell: dict) -> bool:
    """Célula de teste do nbgrader (autograder tests): `grade` sem `solution`."""
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    return bool(meta.get("grade")) and not meta.get("solution")


def _without_magics(source: str) -> str:
    # `%matplotlib inline` e `!pip ...` só existem no Jupyter: viram comentário.
    return MAGIC.sub(r"\1pass  # comando do Jupyter ignorado: \2", source)


def notebook_cells(nb: dict) -> list[Cell]:
    return [
        Cell(_without_magics(_text(cell.get("source"))))
        for cell in nb.get("cells", [])
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and not is_test_cell(cell)
    ]


def read_ipynb(path: Path, strict: bool = False) -> dict:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SubmissionError(f"arquivo não encontrado: {path}") from None
    except OSError as exc:
        raise SubmissionError(f"não consegui ler {Path(path).name}: {exc.strerror}") from None
    return parse_ipynb(data, Path(path).name, strict)


def parse_ipynb(data: bytes, name: str, strict: bool = False) -> dict:
    """O notebook em `data`, conferido; `strict` valida sempre com o nbformat."""
    name = clean(name, 200)
    try:
        nb = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SubmissionError(f"{name} não está em UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"não consegui ler {name} como notebook (JSON inválido: linha {exc.lineno}, "
            f"coluna {exc.colno})") from None
    except RecursionError:
        raise SubmissionError(f"não consegui ler {name}: JSON aninhado demais") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise SubmissionError(f"{name} não é um notebook do Jupyter no formato 4 (o atual)")
    problem = _structure_problem(nb)
    if problem is not None or strict:
        _validate(nb, name, problem)
    return nb


def _structure_problem(nb: dict) -> str | None:
    """O que este módulo usa do notebook, conferido sem o nbformat (rápido)."""
    if not isinstance(nb.get("metadata", {}), dict):
        return "os metadados do notebook não são um dicionário"
    for index, cell in enumerate(nb["cells"], 1):
        where = f"célula {index}"
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            return f"{where}: não é uma célula"
        meta = cell.get("metadata", {})
        if not isinstance(meta, dict) or not isinstance(meta.get("nbgrader", {}), dict):
            return f"{where}: os metadados não são um dicionário"
        source = cell.get("source", "")
        if not (isinstance(source, str) or isinstance(source, list)
                and all(isinstance(line, str) for line in source)):
            return f"{where}: o código (source) não é texto"
    return None


def import_nbformat():
    """O nbformat, sem o rfc3987_syntax: o jsonschema importa esse pacote
    opcional (se instalado) só para o formato "iri" dos esquemas draft 7+, que
    o esquema do nbformat (draft 4) não usa, e ele custa 1,4 s (gramática
    montada na importação) a cada `rna corrigir` e `rna verificar`. Depois,
    o módulo volta a ser importável para quem quiser."""
    if "nbformat" in sys.modules:
        return sys.modules["nbformat"]
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # `import` levanta ImportError
    try:
        import nbformat
        import nbformat.validator  # noqa: F401 - carrega o jsonschema agora
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return nbformat


def _validate(nb: dict, name: str, problem: str | None) -> None:
    import copy
    import warnings

    nbformat = import_nbformat()

    try:
        # Numa cópia (o validador conserta ids de célula no lugar) e sem o
        # aviso de células sem id (notebooks antigos, válidos).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(copy.deepcopy(nb))
    except (TypeError, AttributeError, KeyError):
        # O próprio validador tropeça em certas formas (uma célula que é texto).
        raise SubmissionError(f"{name} é um notebook malformado "
                              f"({problem or 'fora do esquema do nbformat'})") from None
    except nbformat.ValidationError as exc:
        detail = clean(str(getattr(exc, "message", "") or exc).splitlines()[0], 300)
        where = "/".join(str(p) for p in list(getattr(exc, "absolute_path", []))[:6])
        raise SubmissionError(
            f"{name} é um notebook malformado ({problem or 'fora do esquema do nbformat'}; "
            f"o validador do nbformat diz: {detail}{' em ' + where if where else ''}). "
            "Abra e salve de novo no Jupyter, ou peça ao aluno que envie o arquivo "
            "original") from None
    except RecursionError:
        raise SubmissionError(f"{name} é um notebook malformado: aninhado demais") from None
    if problem is not None:  # o esquema aceita, mas este módulo não saberia ler
        raise SubmissionError(f"{name} é um notebook malformado ({problem})")


def load_cells(path: Path) -> list[Cell]:
    """As células de código de uma submissão, em ordem.

    Um .py comum é uma célula só, com as linhas do arquivo; um .py com marcas
    `# %%` (jupytext) é dividido nas suas células, com os números de linha do
    arquivo preservados para as mensagens de erro.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SubmissionError(f"arquivo não encontrado: {path}") from None
    except OSError as exc:
        raise SubmissionError(f"não consegui ler {path.name}: {exc.strerror}") from None
    return cells_from_bytes(data, path.name)


def cells_from_bytes(data: bytes, name: str, strict: bool = False) -> list[Cell]:
    """Como `load_cells`, do conteúdo já lido (a cópia registrada na coleta,
    em `rna corrigir`); `name` diz o formato (.ipynb ou .py)."""
    if name.endswith(".ipynb"):
        return notebook_cells(parse_ipynb(data, name, strict))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{clean(name, 200)} não está em UTF-8") from None
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
        # Os metadados do nbgrader na marca da célula (jupytext), não o texto.
        if '"grade": true' in header and '"solution": true' not in header:
            continue
        result.append(Cell(_without_magics(source), start + 1))
    return result
