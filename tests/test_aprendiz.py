"""O ciclo do aprendiz: dicas aos poucos, progresso, observar, gráfico no notebook."""

import os
import subprocess
import sys
import threading
import time

import pytest

from autograder.aprendiz import changed_functions, watch
from autograder.grading import MODULES, grade_file, spec
from autograder.professor.referencia import solution_path

MODULE = "m01_produto_escalar"


def rna(*args, env=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("module", [m for m in MODULES if solution_path(m).exists()])
def test_every_function_has_hints_without_code(module):
    for check in spec(module).checks:
        assert len(check.hints) >= 2, f"{module}.{check.name} precisa de dicas"
        for hint in check.hints:
            assert "def " not in hint and "return " not in hint, hint


def test_hints_are_revealed_one_at_a_time(tmp_path):
    env = {"RNA_ESTADO": str(tmp_path)}
    first = rna("dica", MODULE, "dot", env=env)
    assert "(1 de 4)" in first.stdout and "2." not in first.stdout
    second = rna("dica", MODULE, "dot", env=env)
    assert "(2 de 4)" in second.stdout and "2. " in second.stdout
    rna("dica", MODULE, "--reiniciar", env=env)
    again = rna("dica", MODULE, "dot", env=env)
    assert "(1 de 4)" in again.stdout


def test_hint_without_function_picks_first_pending(tmp_path):
    run = rna("dica", MODULE, env={"RNA_ESTADO": str(tmp_path)})
    assert f"{MODULE}.dot" in run.stdout


def test_progress_lists_functions_and_next_step():
    run = rna("progresso")
    assert run.returncode == 0
    for name in ("dot", "transpose", "neuron_output", "layer_output"):
        assert name in run.stdout
    assert "Próximo passo: m01_produto_escalar.dot" in run.stdout
    assert "não implementado" in run.stdout


def test_watch_regrades_on_save_and_reports_only_changes(make_submission):
    path = make_submission(MODULE, "def dot(a, b):\n    return 0\n")
    results = []

    def regrade():
        results.append(grade_file(MODULE, path))

    def save_fixed():
        while not results:
            time.sleep(0.05)
        text = path.read_text(encoding="utf-8").replace("    return 0\n", "    return 1\n")
        path.write_text(text + "\n", encoding="utf-8")

    saver = threading.Thread(target=save_fixed)
    saver.start()
    deadline = time.time() + 60
    watch(path, regrade, interval=0.05, stop=lambda: len(results) >= 2 or time.time() > deadline)
    saver.join()
    assert len(results) == 2
    assert changed_functions(None, results[0]) == ["dot", "transpose", "neuron_output",
                                                   "layer_output"]
    assert changed_functions(results[0], results[1]) == ["dot"]
    assert changed_functions(results[1], results[1]) == []
