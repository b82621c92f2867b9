"""As células de teste dos notebooks, executadas num kernel de verdade como o
nbgrader faria: a nota de cada célula é a de `rna verificar`, sem stderr."""

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.professor.amostras import student_notebook
from autograder.professor.exercicios import source_notebook
from autograder.grading import MODULES, exercise_path, grade_file
from autograder.professor.referencia import solution_path


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


@pytest.mark.parametrize("module", MODULES)
def test_reference_notebook_cells_give_full_points(module, tmp_path):
    nb = execute(source_notebook(module), tmp_path)
    expected = {f.function: f.score for f in grade_file(module, solution_path(module)).functions}
    cells = list(graded_cells(nb))
    assert cells
    for meta, cell in cells:
        function = meta["grade_id"].removeprefix("verifica_")
        assert cell_score(cell) == meta["points"] == expected[function]


@pytest.mark.parametrize("module", MODULES)
def test_release_notebook_cells_give_zero(module, tmp_path):
    nb = execute(nbformat.read(exercise_path(module), as_version=4), tmp_path)
    for meta, cell in graded_cells(nb):
        assert cell_score(cell) == 0
        assert "não implementado" in text_of(cell)


def test_failed_elementwise_check_shows_a_plot(tmp_path):
    module = "m03_ativacoes"
    wrong_relu = "import numpy as np\n\ndef relu(z):\n    return np.abs(z)\n"
    nb = execute(student_notebook(module, exercise_path(module), {"relu": wrong_relu}), tmp_path)
    (relu_cell,) = [c for m, c in graded_cells(nb) if m["grade_id"] == "verifica_relu"]
    assert cell_score(relu_cell) < 2
    images = [o for o in relu_cell.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1
    (sigmoid_cell,) = [c for m, c in graded_cells(nb) if m["grade_id"] == "verifica_sigmoid"]
    assert cell_score(sigmoid_cell) == 2
    assert not [o for o in sigmoid_cell.outputs if "image/png" in o.get("data", {})]


def test_failed_training_shows_the_loss_curve(tmp_path):
    module = "m07_lotes"
    # Formato certo, mas a perda sobe e os pesos não aprendem nada.
    rising = ("import numpy as np\n\n"
              "def train_network(X, y, n_hidden=128, epochs=500, batch_size=150,\n"
              "                  learning_rate=0.04, seed=0):\n"
              "    rng = np.random.default_rng(seed)\n"
              "    return {'weights1': 0.01 * rng.standard_normal((X.shape[1], n_hidden)),\n"
              "            'biases1': np.zeros((1, n_hidden)),\n"
              "            'weights2': 0.01 * rng.standard_normal((n_hidden, 3)),\n"
              "            'biases2': np.zeros((1, 3)),\n"
              "            'losses': [1.1 + 0.001 * e for e in range(epochs)]}\n")
    nb = execute(student_notebook(module, exercise_path(module), {"train_network": rising}),
                 tmp_path)
    (cell,) = [c for m, c in graded_cells(nb) if m["grade_id"] == "verifica_train_network"]
    assert cell_score(cell) < 4
    assert len([o for o in cell.outputs if "image/png" in o.get("data", {})]) == 1
    # make_batches não é de treino: sem gráfico, mesmo falhando (não implementada).
    (batches,) = [c for m, c in graded_cells(nb) if m["grade_id"] == "verifica_make_batches"]
    assert not [o for o in batches.outputs if "image/png" in o.get("data", {})]


def test_misspelled_function_in_the_kernel_suggests_the_name(tmp_path):
    module = "m03_ativacoes"
    typo = "import numpy as np\n\ndef rellu(z):\n    return np.maximum(0, z)\n"
    nb = execute(student_notebook(module, exercise_path(module), {"relu": typo}), tmp_path)
    (cell,) = [c for m, c in graded_cells(nb) if m["grade_id"] == "verifica_relu"]
    assert cell_score(cell) == 0
    text = text_of(cell)
    assert "função não encontrada" in text and "quis dizer `relu`" in text
