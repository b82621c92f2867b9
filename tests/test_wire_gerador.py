"""O `rng` do contrato é um np.random.Generator de verdade: ele atravessa o
fio pelo estado e chega ao processo do aprendiz igual ao da referência."""

import json

import numpy as np
import pytest

from autograder.wire import SeededGenerator, Unsupported, check_plain, decode, encode


def _through_wire(value):
    plain = json.loads(json.dumps(encode(value)))
    check_plain(plain)
    return decode(plain)


def test_generator_keeps_its_state_across_the_wire():
    generator = np.random.default_rng(7)
    generator.random(3)  # já avançado: vale o estado, não a semente
    copy = _through_wire((generator, 1))[0]
    assert isinstance(copy, np.random.Generator)
    assert np.array_equal(copy.permutation(20), generator.permutation(20))


def test_seeded_generator_shows_the_call_that_makes_it():
    copy = _through_wire(SeededGenerator(12))
    assert repr(copy) == "np.random.default_rng(12)"
    assert np.array_equal(copy.permutation(9), np.random.default_rng(12).permutation(9))


@pytest.mark.parametrize("data", [
    {"state": "1" * 60, "inc": "1", "has_uint32": 0, "uinteger": 0},
    {"state": "1", "inc": "1", "has_uint32": 0, "uinteger": 0, "seed": -1},
    [1, 2],
])
def test_malformed_generator_is_refused(data):
    with pytest.raises(Unsupported):
        decode({"__rng__": data})


def test_other_bit_generators_are_refused():
    with pytest.raises(Unsupported):
        encode(np.random.Generator(np.random.MT19937(1)))
