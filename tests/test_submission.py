"""Leitura das submissões: células de teste pelos metadados do nbgrader,
notebooks malformados com mensagem em português, valores só numéricos."""

from __future__ import annotations

import json

import pytest

from autograder.compare import compare
from autograder.professor.referencia import solution_path
from autograder.submission import SubmissionError, cells_from_bytes, load_cells

MODULE = "m01_produto_escalar"


def notebook() -> dict:
    return json.loads(solution_path(MODULE).with_suffix(".ipynb").read_text(encoding="utf-8"))


def test_test_cells_are_recognised_by_metadata_not_text(tmp_path):
    nb = notebook()
    graded = [c for c in nb["cells"] if (c.get("metadata", {}).get("nbgrader") or {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")]
    assert graded, "o notebook de referência tem células de teste do nbgrader"
    mention = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
               "source": "# chamo autograder.notebook só num comentário\nx_do_aluno = 1\n"}
    nb["cells"].append(mention)
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    sources = [c.source for c in load_cells(path)]
    assert any("x_do_aluno = 1" in s for s in sources)
    assert not any(s.startswith("from autograder.notebook import") for s in sources)


def test_percent_script_keeps_a_cell_that_mentions_the_grader():
    text = ("# %%\ndef f():\n    return 1\n"
            "# %% nbgrader={\"grade\": true, \"solution\": false}\n"
            "from autograder.notebook import verificar\n"
            "# %%\n# autograder.notebook num comentário\ny = 2\n")
    sources = [c.source for c in cells_from_bytes(text.encode(), "x.py")]
    assert any("y = 2" in s for s in sources)
    assert not any("import verificar" in s for s in sources)


@pytest.mark.parametrize("change, message", [
    (lambda nb: nb["cells"][0].__setitem__("metadata", 3), "metadados"),
    (lambda nb: nb["cells"][1].__setitem__("source", {"a": 1}), "não é texto"),
    (lambda nb: nb["cells"][1].__setitem__("source", ["ok", 5]), "não é texto"),
    (lambda nb: nb["cells"].__setitem__(0, "célula"), "não é uma célula"),
    (lambda nb: nb["cells"][1]["metadata"].__setitem__("nbgrader", []), "metadados"),
])
def test_malformed_notebook_gets_a_portuguese_message(change, message):
    nb = notebook()
    change(nb)
    with pytest.raises(SubmissionError) as info:
        cells_from_bytes(json.dumps(nb).encode(), "aluno.ipynb")
    assert message in str(info.value) and "malformado" in str(info.value)


@pytest.mark.parametrize("data, message", [
    (b"[" * 100000 + b"]" * 100000, "aninhado demais"),
    (b"\xff\xfe", "UTF-8"),
    (b"{", "JSON inválido"),
    (b'{"nbformat": 3, "cells": []}', "formato 4"),
])
def test_unreadable_notebook_gets_a_portuguese_message(data, message):
    with pytest.raises(SubmissionError) as info:
        cells_from_bytes(data, "aluno.ipynb")
    assert message in str(info.value)


def test_valid_notebook_passes_strict_validation():
    nb = notebook()
    assert cells_from_bytes(json.dumps(nb).encode(), "ok.ipynb", strict=True)


@pytest.mark.parametrize("received", [["4.8", "1.0"], [[4.8], ["1.0"]], ["nan", "1"],
                                      [4.8, None], [True, 1.0]])
def test_numeric_strings_are_not_numbers(received):
    expected = [[4.8], [1.0]] if isinstance(received[0], list) else [4.8, 1.0]
    difference = compare(expected, received)
    assert difference is not None


def test_numbers_still_compare():
    assert compare([4.8, 1.0], [4.8, 1.0]) is None
    assert compare([[1, 2]], [[1.0, 2.0]]) is None
