"""As células de teste dos notebooks, executadas num kernel de verdade como o
nbgrader faria: a nota de cada célula é a de `rna verificar`, sem stderr."""

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.exercises import source_notebook
from autograder.grading import exercise_path, grade_file, solution_path


def execute(nb, cwd):
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def graded_cells(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            yield meta, cell


def cell_score(cell):
    assert not [o for o in cell.outputs if o.output_type == "error"], cell.outputs
    assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.outputs
    (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
    return float(result["data"]["text/plain"])


def text_of(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.mark.parametrize("module", ["m01_produto_escalar"])
def test_reference_notebook_cells_give_full_points(module, tmp_path):
    nb = execute(source_notebook(module), tmp_path)
    expected = {f.function: f.score for f in grade_file(module, solution_path(module)).functions}
    cells = list(graded_cells(nb))
    assert cells
    for meta, cell in cells:
        function = meta["grade_id"].removeprefix("verifica_")
        assert cell_score(cell) == meta["points"] == expected[function]


@pytest.mark.parametrize("module", ["m01_produto_escalar"])
def test_release_notebook_cells_give_zero(module, tmp_path):
    nb = execute(nbformat.read(exercise_path(module), as_version=4), tmp_path)
    for meta, cell in graded_cells(nb):
        assert cell_score(cell) == 0
        assert "não implementado" in text_of(cell)
