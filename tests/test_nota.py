"""A nota só paga trabalho, e uma falha do kit nunca é cobrada do aluno."""

import pytest

from autograder import results as R
from autograder.grading import MODULES, grade_file, spec
from autograder.professor.referencia import solution_path
from autograder.report import function_text
from conftest import submission_with

# Funções que não calculam nada: cada uma entra no lugar de todas as funções
# corrigidas de um módulo (com os parâmetros de cada uma).
DO_NOTHING = {
    "constante": "return 0.0",
    "zeros": ("import numpy as np\n"
              "    first = args[0] if args else 0.0\n"
              "    return np.zeros_like(np.asarray(first, dtype=float))"),
    "a entrada de volta": "return args[0] if args else None",
    "pass": "pass",
}


def _source(module: str, body: str) -> str:
    lines = []
    for check in spec(module).checks:
        lines.append(f"def {check.name}(*args, **kwargs):\n    {body}\n")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", sorted(DO_NOTHING))
@pytest.mark.parametrize("module", MODULES)
def test_a_function_that_computes_nothing_earns_nothing(module, kind, tmp_path):
    path = submission_with(tmp_path, module, _source(module, DO_NOTHING[kind]))
    result = grade_file(module, path)
    earned = {f.function: f.score for f in result.functions if f.score > 0}
    assert not earned, f"{kind} ganhou pontos: {earned}"


def test_scoring_rule_values_earn_and_conditions_deduct():
    kinds = [R.VALUES, R.VALUES, R.CONDITION, R.CONDITION]
    assert R.points_per_test(kinds, [True, True, True, True], 4) == [2, 2, 0, 0]
    # Valores errados: as condições cumpridas não valem nada.
    assert sum(R.points_per_test(kinds, [False, False, True, True], 4)) == 0
    # Valores certos, uma condição falha: perde a parte de um teste (4/4 = 1).
    assert sum(R.points_per_test(kinds, [True, True, False, True], 4)) == 3
    # O desconto nunca passa do que foi ganho.
    assert sum(R.points_per_test(kinds, [True, False, False, False], 4)) == 0


def test_a_bug_in_a_check_is_the_graders_failure(monkeypatch, tmp_path):
    """Uma verificação com defeito: a referência não perde pontos por culpa do
    aluno; a função sai como erro do corretor, com o rastro para o professor."""
    module = "m01_produto_escalar"
    check = spec(module).check("transpose")
    prop = check.properties[0]

    def broken(args, kwargs, received):
        raise ZeroDivisionError("defeito injetado na verificação")

    monkeypatch.setattr(prop, "check", broken)
    result = grade_file(module, solution_path(module))
    transpose = next(f for f in result.functions if f.function == "transpose")
    assert transpose.status == R.GRADER_ERROR
    assert "defeito injetado" in transpose.message and "Traceback" in transpose.message
    text = function_text(transpose)
    assert "não é culpa sua" in text and "quebrou o processo" not in text
    others = [f for f in result.functions if f.function != "transpose"]
    assert all(f.score == f.max_points for f in others)
