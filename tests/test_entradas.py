"""As entradas gravadas (autograder/entradas/): em dia, e a correção que as
repete dá exatamente o que a busca do hypothesis daria."""

import json
import subprocess
import sys

import pytest

from autograder import engine, entradas
from autograder.grading import MODULES, ROOT, grade_file
from autograder.professor.referencia import solution_path
from autograder.report import gradescope

import catalogue.m01_produto_escalar as m01
import catalogue.m04_perda as m04
from conftest import submission_with


@pytest.mark.parametrize("module", MODULES)
def test_stored_inputs_are_fresh(module):
    searches = entradas._stored(module)
    assert searches, f"autograder/entradas/{module}.json está desatualizado: rode `rna gerar {module}`"
    # Toda busca que a referência faz está gravada e pode ser repetida.
    assert all(examples for examples in searches.values())


def graded(module, path, live):
    """O documento Gradescope da correção, com ou sem as entradas gravadas
    (`record` desliga a repetição: só a busca de verdade roda)."""
    if live:
        with entradas.record():
            return gradescope([grade_file(module, path)])
    return gradescope([grade_file(module, path)])


def variants():
    return [("m01_produto_escalar", v) for v in m01.MISTAKES[:3]] + \
           [("m04_perda", v) for v in m04.MISTAKES[:3]]


@pytest.mark.parametrize("module,variant", variants(), ids=lambda v: getattr(v, "description", v))
def test_replay_grades_exactly_like_the_search(tmp_path, module, variant):
    path = submission_with(tmp_path, module, variant.source)
    replayed = graded(module, path, live=False)
    assert replayed["score"] < replayed["max_score"]
    # A mesma nota, os mesmos contraexemplos encolhidos, as mesmas dicas.
    assert json.dumps(replayed) == json.dumps(graded(module, path, live=True))


def test_passing_code_never_runs_the_search(monkeypatch):
    module = "m03_ativacoes"

    def no_search(*args, **kwargs):
        raise AssertionError("a busca do hypothesis rodou com código certo")

    monkeypatch.setattr(engine.FunctionGrader, "_hypothesis", no_search)
    result = grade_file(module, solution_path(module))
    assert result.score == result.max_score


def test_passing_code_never_imports_hypothesis():
    """Importar o hypothesis custa ~0,1 s de cada `rna verificar`: com as
    entradas gravadas, um código certo não precisa dele (`strategies.st`
    só anota as receitas)."""
    code = (
        "import sys\n"
        "from autograder.grading import MODULES, grade_file, solution_path\n"
        "for module in MODULES:\n"
        "    result = grade_file(module, solution_path(module))\n"
        "    assert result.score == result.max_score, module\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis')\n"
        "assert not loaded, loaded[:5]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]


def test_stale_inputs_are_ignored(monkeypatch):
    module = "m01_produto_escalar"
    entradas._stored.cache_clear()
    monkeypatch.setattr(entradas, "fingerprint", lambda m: "outra")
    try:
        assert entradas.stored(module, "dot||0|60") is None
        result = grade_file(module, solution_path(module))  # a busca de verdade, sem erro
        assert result.score == result.max_score
    finally:
        entradas._stored.cache_clear()


def test_recording_keeps_only_values_that_round_trip():
    import numpy as np

    with entradas.record() as searches:
        entradas.begin("a")
        entradas.note("a", (np.arange(3.0), [1, (2, 3)]), {"k": -0.0})
        entradas.begin("b")
        entradas.note("b", (np.float64(1.5),), {})  # voltaria como float do Python
    assert searches["b"] is None
    (args, kwargs), = [entradas.decode(e) for e in searches["a"]]
    assert entradas.identical(args, (np.arange(3.0), [1, (2, 3)]))
    assert entradas.identical(kwargs, {"k": -0.0}) and not entradas.identical(kwargs, {"k": 0.0})


def test_comparison_hint_survives_extreme_ratios():
    """Entradas repetidas trazem mais evidências ao diagnóstico, inclusive
    razões subnormais ou infinitas entre recebido e esperado."""
    import numpy as np

    from autograder.compare import compare

    for received in ([1e-320, 2e-320], [np.inf, np.inf], [1e300, 2e300]):
        difference = compare(np.array([1.0, 2.0]), np.array(received))
        assert difference is not None and "1/" not in (difference.hint or "")
    assert "2×" in compare(np.array([1.0, 2.0]), np.array([2.0, 4.0])).hint
