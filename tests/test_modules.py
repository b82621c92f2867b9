"""Cada módulo: a referência ganha tudo, o notebook gerado (stubs) ganha zero
com "não implementado", exercises/ está em dia e não tem código de solução."""

import json
import re

import nbformat
import pytest

from autograder import results as R
from autograder.professor.exercicios import release_text, source_ipynb_path, source_text
from autograder.grading import MODULES, exercise_path, grade_file
from autograder.professor.referencia import solution_path
from autograder.report import gradescope

AVAILABLE = [m for m in MODULES if solution_path(m).exists()]


def test_every_module_is_complete():
    assert len(MODULES) == 12
    assert AVAILABLE == MODULES


@pytest.mark.parametrize("module", AVAILABLE)
def test_reference_gets_full_marks(module):
    result = grade_file(module, solution_path(module))
    lost = {f.function: [t.failure for t in f.tests if t.failure] or f.message
            for f in result.functions if f.score != f.max_points}
    assert not lost
    assert result.score == result.max_score > 0
    assert not result.load_errors


@pytest.mark.parametrize("module", AVAILABLE)
def test_generated_stubs_get_zero(module):
    result = grade_file(module, exercise_path(module))
    assert result.score == 0
    for function in result.functions:
        assert function.status == R.NOT_IMPLEMENTED, function.function


@pytest.mark.parametrize("module", AVAILABLE)
def test_generated_notebooks_are_fresh(module):
    stale = f"está desatualizado: rode `rna gerar {module}`"
    assert exercise_path(module).read_text(encoding="utf-8") == release_text(module), stale
    assert source_ipynb_path(module).read_text(encoding="utf-8") == source_text(module), stale


def solution_lines(module):
    """As linhas de código dentro das marcas de solução da referência."""
    text = solution_path(module).read_text(encoding="utf-8")
    regions = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S)
    assert regions, "a referência deve ter marcas de solução"
    lines = {line.strip() for region in regions for line in region.splitlines()}
    trivial = {"", "else:", "return", "pass", "try:", ")", "]", "}", "return None"}
    return {line for line in lines if line not in trivial and not line.startswith("#")}


@pytest.mark.parametrize("module", AVAILABLE)
def test_exercises_hold_no_solution_code(module):
    nb = nbformat.read(exercise_path(module), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "BEGIN SOLUTION" not in code and "END SOLUTION" not in code
    assert "HIDDEN TESTS" not in code and "ocultos = True" not in code
    release_lines = {line.strip() for line in code.splitlines()}
    leaked = solution_lines(module) & release_lines
    assert not leaked
    assert sorted(p.name for p in exercise_path(module).parent.iterdir()) == [f"{module}.ipynb"]


def test_grading_is_deterministic(make_submission):
    source = "def layer_output(inputs, weights, biases):\n    return [sum(inputs)]\n"
    path = make_submission("m01_produto_escalar", source)
    first = gradescope([grade_file("m01_produto_escalar", path)])
    second = gradescope([grade_file("m01_produto_escalar", path)])
    assert json.dumps(first) == json.dumps(second)
    assert first["score"] < first["max_score"]
