"""Os pedidos adiantados (`engine.Learner.calls`): vários pedidos saem antes
das respostas, e nada muda para quem corrige: as respostas vêm em ordem, o
prazo de cada chamada conta de quando o aprendiz ficou livre para ela, e os
argumentos voltam só quando a chamada os mudou."""

from __future__ import annotations

import time

import numpy as np
import pytest

from autograder import sandbox
from autograder.engine import Abort, Learner
from autograder.sandbox import Cell, LearnerProcess, Limits

CODE = """
import time
import numpy as np

def dobro(x):
    return 2 * x

def lento_no_quinto(i):
    if i == 5:
        time.sleep(30)
    return i

def muda(x):
    x[0] = -1.0
    return 0
"""


def _calls(name, examples, limits=Limits(call=2)):
    with LearnerProcess([Cell(CODE)], "<t>", limits) as process:
        process.start()
        learner = Learner(process)
        out = []
        started = time.monotonic()
        try:
            for args, _, outcome in learner.calls(name, examples):
                out.append((args, outcome))
        except Abort as exc:
            return out, exc, time.monotonic() - started, process
        return out, None, time.monotonic() - started, process


def test_many_requests_in_flight_answer_in_order():
    examples = [((np.full(3, float(i)),), {}) for i in range(200)]
    out, aborted, _, process = _calls("dobro", examples)
    assert aborted is None
    assert len(out) == 200
    for i, (args, outcome) in enumerate(out):
        np.testing.assert_array_equal(outcome.value, np.full(3, 2.0 * i))
        # um argumento intacto volta como o próprio objeto enviado
        assert outcome.args_after[0] is args[0]
    assert process._in_flight == {}


def test_requests_wait_for_room_in_the_window():
    # Cada pedido tem ~11 KB: só uns poucos cabem na janela de uma vez.
    big = [((np.random.default_rng(i).random(1000),), {}) for i in range(40)]
    seen = []
    original = sandbox.LearnerProcess.send

    def spy(self, payload, window=False):
        sent = original(self, payload, window)
        seen.append(sum(self._in_flight.values()))
        return sent

    sandbox.LearnerProcess.send = spy
    try:
        out, aborted, _, _ = _calls("dobro", big)
    finally:
        sandbox.LearnerProcess.send = original
    assert aborted is None and len(out) == 40
    assert max(seen) <= sandbox.WINDOW_BYTES
    assert max(seen) > 2 * 11_000  # mais de um pedido adiantado


def test_a_late_call_gets_its_own_deadline():
    examples = [((i,), {}) for i in range(10)]
    out, aborted, seconds, _ = _calls("lento_no_quinto", examples)
    assert [outcome.value for _, outcome in out] == [0, 1, 2, 3, 4]
    assert aborted is not None and "passou de 2 s" in aborted.message
    # o prazo é o de uma chamada (2 s), não o de todas as adiantadas
    assert seconds < 8


def test_changed_arguments_come_back():
    x = np.array([1.0, 2.0])
    out, aborted, _, _ = _calls("muda", [((x,), {})])
    assert aborted is None
    (args, outcome), = out
    np.testing.assert_array_equal(outcome.args_after[0], [-1.0, 2.0])
    np.testing.assert_array_equal(args[0], [1.0, 2.0])  # o enviado fica intacto


@pytest.mark.parametrize("stop_after", [1, 3])
def test_stopping_early_leaves_the_process_ready(stop_after):
    examples = [((np.full(2, float(i)),), {}) for i in range(50)]
    with LearnerProcess([Cell(CODE)], "<t>", Limits(call=2)) as process:
        process.start()
        learner = Learner(process)
        calls = learner.calls("dobro", examples)
        for _ in range(stop_after):
            next(calls)
        calls.close()  # as respostas a caminho são lidas e descartadas
        assert process._in_flight == {}
        assert learner.call("dobro", 21).value == 42


def test_numeric_gradient_is_computed_once_per_input():
    from autograder.gradcheck import computed_once

    calls = []

    def compute(x):
        calls.append(1)
        return (x * 2.0,)

    x = np.arange(3.0)
    first = computed_once("teste", (x, 1), lambda: compute(x))
    again = computed_once("teste", (x.copy(), 1), lambda: compute(x))
    other = computed_once("teste", (x, 2), lambda: compute(x))
    assert again is first and other is not first
    assert len(calls) == 2
    with pytest.raises(ValueError):
        first[0][0] = 5.0  # só de leitura: nenhuma verificação o muda por engano
