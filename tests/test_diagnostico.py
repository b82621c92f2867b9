"""Nenhum diagnóstico errado (issue 15): uma dica só nomeia uma causa que
explica o que a função devolveu.

Para cada função corrigida de vários módulos, variantes erradas genéricas,
geradas em volta da referência (o resultado ×2, ×(−1), +1, transposto,
np.maximum(0, ·), um número constante, somado no eixo 0, zeros), são
corrigidas como qualquer submissão; cada dica mostrada é então conferida:

* um erro conhecido (um modelo do professor) tem de reproduzir, na entrada
  mostrada, o valor recebido;
* uma dica genérica que diz uma causa (dividir pelo número de amostras,
  somar no eixo errado, transpor, keepdims, broadcasting, estouro...) só vale
  se essa causa refaz o que a falha mostra (ou, quando a falha não traz os
  valores, se é a própria variante);
* o resto só pode descrever o que se vê; uma dica que não se reconhece aqui
  faz o teste falhar, para que uma dica nova seja classificada.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from autograder import edicao
from autograder.checks.m02_camada_densa import FORWARD_MISTAKES
from autograder.checks.m05_retropropagacao import NG_IGNORES_H, NG_MISTAKES
from autograder.grading import grade_file, spec
from conftest import submission_with

MODULES = ["m01_produto_escalar", "m02_camada_densa", "m03_ativacoes", "m04_perda",
           "m05_retropropagacao", "m10_recorrentes"]

UNCHANGED = {("m04_perda", "T"), ("m04_perda", "relu"), ("m04_perda", "sum0")}

# O que cada variante faz com cada número (ou array) que a referência devolve.
VARIANTS = {
    "x2": "lambda v: v * 2",
    "neg": "lambda v: -v",
    "plus1": "lambda v: v + 1",
    "T": "lambda v: v.T",
    "relu": "lambda v: np.maximum(0, v)",
    "const": None,  # um número só, 0.5, no lugar do resultado inteiro
    "sum0": "lambda v: np.sum(v, axis=0)",
    "zeros": "lambda v: np.zeros_like(v)",
}

# Acrescentado ao fim da solução de referência: cada função (e o forward de
# cada classe) passa a devolver a variante. As cópias das funções enxergam as
# originais (`_ORIGINAL`): rnn_forward chama o rnn_step certo.
TEMPLATE = '''
import functools as _functools
import types as _types
import numpy as np

_ORIGINAL = dict(globals())
_LEAF = {leaf}


def _apply(value):
    if _LEAF is None:
        return 0.5
    if isinstance(value, tuple):
        return tuple(_apply(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (np.ndarray, float, int, list)):
        return value
    out = _LEAF(np.asarray(value, dtype=float))
    if isinstance(value, list):
        return np.asarray(out).tolist()
    if not isinstance(value, np.ndarray) and np.ndim(out) == 0:
        return float(out)
    return out


def _variant(name):
    ref = _ORIGINAL[name]
    if isinstance(ref, type):
        class Variant(ref):
            def forward(self, *args, **kwargs):
                result = super().forward(*args, **kwargs)
                self.output = _apply(self.output)
                return result
        Variant.__name__ = name
        return Variant
    ref = _types.FunctionType(ref.__code__, _ORIGINAL, name, ref.__defaults__,
                              ref.__closure__)

    @_functools.wraps(ref)
    def wrapper(*args, **kwargs):
        return _apply(ref(*args, **kwargs))
    return wrapper


for _name in {names!r}:
    globals()[_name] = _variant(_name)
'''

NG_BY_KIND = {kind: message for message, kind in NG_MISTAKES + [(NG_IGNORES_H, "ignores_h")]}
# Os erros do gradiente numérico que uma variante reproduz de fato: dividir
# por h (e não 2h) dobra o gradiente; multiplicar por h (faltaram
# parênteses) dá um gradiente de ordem h², zero pela tolerância.
NG_EXPLAINS = {NG_BY_KIND["over_h"]: {"x2"}, NG_BY_KIND["times_h"]: {"zeros"}}

# Dicas que só descrevem o que se vê (nenhuma causa).
OBSERVED = [
    r"o resultado é \d+× o esperado",
    r"o resultado é 1/\d+ do esperado",
    r"veio um único número onde se esperava (um array|uma lista) de forma \(.*\)",
    r"veio (um array|uma lista) de forma \(.*\) onde se esperava um único número",
    r"o resultado veio com números inteiros \(dtype \w+\), e as frações se perderam",
    r"nenhum peso é negativo: np\.random\.randn sorteia metade deles abaixo de zero",
]


def _source(module, variant):
    names = [c.name for c in spec(module).checks]
    return TEMPLATE.format(leaf=VARIANTS[variant], names=names)


def _arrays(value):
    """As partes de um resultado (uma tupla, parte a parte) como arrays."""
    parts = value if isinstance(value, tuple) else (value,)
    return [np.asarray(v, dtype=float) for v in parts]


def _differing_part(failure):
    """O par (esperado, recebido) da parte que difere, ou None sem valores."""
    if not failure.has_values or failure.received is None:
        return None
    expected, received = failure.expected, failure.received
    if isinstance(expected, tuple):
        for e, r in zip(expected, received):
            e, r = np.asarray(e, dtype=float), np.asarray(r, dtype=float)
            if e.shape != r.shape or not np.allclose(e, r, rtol=1e-6, atol=1e-9):
                return e, r
        return None
    return np.asarray(expected, dtype=float), np.asarray(received, dtype=float)


def _count(failure, what, name):
    """Quantas amostras (linhas) ou elementos tem a entrada `name` da falha."""
    arr = np.asarray(dict(failure.inputs)[name], dtype=float)
    return arr.shape[0] if what.startswith("amostras") else arr.size


def _close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=1e-9)


def _reduces(big, small):
    """Alguma soma ou média de `big` (sobre tudo ou um eixo) dá `small`."""
    candidates = [np.sum(big), np.mean(big)]
    for axis in range(big.ndim):
        for keep in (False, True):
            candidates += [np.sum(big, axis=axis, keepdims=keep),
                           np.mean(big, axis=axis, keepdims=keep)]
    return any(_close(np.asarray(c), small) for c in candidates)


def _factor(failure, variant, found, inverse):
    """"Dividir por k, o número de amostras de `x`" explica o que veio: `x`
    tem k amostras (ou elementos) e a razão é k (ou 1/k)."""
    k, what, name = int(found.group(1)), found.group(2), found.group(3)
    if _count(failure, what, name) != k:
        return False
    part = _differing_part(failure)
    if part is None:
        return variant == ("const" if inverse else "x2") and (inverse or k == 2)
    e, r = part
    return e.shape == r.shape and _close(r, e / k if inverse else e * k)


# Causas que as dicas genéricas podem nomear: (padrão, confere(falha, variante)).
def _check_cause(hint, failure, variant):
    part = _differing_part(failure)
    counted = r"(\d+), o número de (amostras \(linhas\)|elementos) de `([\w.]+)`"
    found = re.search(r"faltou dividir por " + counted, hint)
    if found:
        return _factor(failure, variant, found, inverse=False)
    found = re.search(r"dividiu a mais por " + counted, hint)
    if found:
        return _factor(failure, variant, found, inverse=True)
    if "número de amostras" in hint or "dividi" in hint:
        return False  # uma média a mais ou a menos sem dizer por quanto: não se confere
    if "a soma (ou a média)" in hint or "eixo" in hint:
        if part is None:
            return variant == "sum0"
        e, r = part
        return _reduces(e, r) or _reduces(r, e)
    if "transpost" in hint:
        return variant == "T" if part is None else _close(part[1], part[0].T)
    if "keepdims" in hint or "linha só" in hint or "dimensão das linhas" in hint:
        return variant == "sum0" if part is None else _close(part[1], part[0][0])
    if "sinal está trocado" in hint:
        return variant == "neg" if part is None else _close(part[1], -part[0])
    if "broadcasting" in hint:
        return part is not None and _close(np.diag(part[1]), part[0].ravel())
    if "overflow" in hint or "estouro" in hint:
        largest = max((float(np.max(np.abs(np.asarray(v, dtype=float))))
                       for _, v in failure.inputs
                       if np.asarray(v).dtype.kind in "biuf" and np.asarray(v).size),
                      default=0.0)
        return largest >= 700
    return None  # não é uma causa conhecida


def _reproduces(mistakes, hint, check, failure):
    """Algum modelo com essa mensagem dá, na entrada mostrada, o que veio."""
    if failure.received is None or not failure.has_values:
        return True  # testes escritos à mão casam o modelo com o próprio exemplo
    named = dict(failure.inputs)
    args = [named[p] for p in check.params if p in named]
    kwargs = {k: v for k, v in failure.inputs if k not in check.params}
    for mistake in mistakes:
        if mistake.message != hint:
            continue
        try:
            modelled = mistake.model(*[np.copy(a) if isinstance(a, np.ndarray) else a
                                       for a in args], **kwargs)
        except Exception:  # noqa: BLE001
            continue
        try:
            if all(_close(np.asarray(m, dtype=float), np.asarray(r, dtype=float))
                   for m, r in zip(_arrays(modelled), _arrays(failure.received))):
                return True
        except (TypeError, ValueError):
            continue
    return False


def _problem(hint, failure, variant, check, oracle):
    """Por que a dica não explica o que veio (ou None se explica)."""
    mistakes = oracle.mistakes(check.name)
    if hint in {m.message for m in mistakes}:
        return None if _reproduces(mistakes, hint, check, failure) else \
            "erro conhecido cujo modelo não dá o que veio"
    if hint in NG_BY_KIND.values():
        return None if variant in NG_EXPLAINS.get(hint, ()) else \
            "erro do gradiente numérico que a variante não reproduz"
    forward = dict(FORWARD_MISTAKES)  # o forward de Layer_Dense (um teste à mão)
    if hint in forward:
        x, w, b = (value for _, value in failure.inputs)
        return None if _close(np.asarray(forward[hint](x, w, b), dtype=float),
                              np.asarray(failure.received, dtype=float)) else \
            "erro conhecido do forward cujo modelo não dá o que veio"
    verdict = _check_cause(hint, failure, variant)
    if verdict is True:
        return None
    if verdict is False:
        return "a causa nomeada não refaz o que veio"
    if any(re.fullmatch(pattern, hint) for pattern in OBSERVED):
        return None
    return "dica não classificada por este teste (uma causa? confira e classifique)"


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("module", MODULES)
def test_every_hint_explains_what_came_back(module, variant, tmp_path):
    result = grade_file(module, submission_with(tmp_path, module, _source(module, variant)))
    oracle = edicao.oracle(module)
    checks = {c.name: c for c in spec(module).checks}
    wrong = [f for f in result.functions if f.score < f.max_points]
    # O teste corrige de fato funções erradas (transpor um vetor ou aplicar
    # np.maximum(0, ·) a uma saída ≥ 0 não muda nada, mas sempre há outras),
    # salvo as perdas do m04, números: transpor, somar no eixo 0 ou tirar a
    # parte negativa de uma perda ≥ 0 a deixa igual.
    assert wrong or (module, variant) in UNCHANGED, \
        [(f.function, f.score) for f in result.functions]
    problems = []
    for function in wrong:
        for test in function.tests:
            failure = test.failure
            if failure is None:
                continue
            hints = failure.hints + ([failure.generic_hint] if failure.generic_hint else [])
            for hint in dict.fromkeys(hints):
                problem = _problem(hint, failure, variant, checks[function.function], oracle)
                if problem:
                    problems.append(f"{function.function} / {test.name}: {hint!r} — {problem}")
    assert not problems, "\n".join(problems)


def test_the_two_samples_of_the_issue(tmp_path):
    """Os dois casos vistos: a tanh que devolve um número não ouve "eixo
    errado"; o dweights dobrado não ouve "dividir pelo número de amostras"
    quando as amostras não são 2, mas ouve o que se vê (2×)."""
    tanh = grade_file("m03_ativacoes", submission_with(
        tmp_path, "m03_ativacoes", "def tanh(z):\n    return np.max(np.maximum(0, z), 0)\n"),
        only=["tanh"])
    texts = [h for t in tanh.functions[0].tests if t.failure
             for h in t.failure.hints + [t.failure.generic_hint or ""]]
    assert texts and not any("eixo" in text for text in texts), texts
    assert any("veio um único número onde se esperava um array" in text for text in texts)
    dense = grade_file("m05_retropropagacao", submission_with(
        tmp_path, "m05_retropropagacao",
        "def dense_backward(dvalues, inputs, weights):\n"
        "    return (np.dot(dvalues, weights.T), 2 * np.dot(inputs.T, dvalues),\n"
        "            np.sum(dvalues, axis=0, keepdims=True))\n"), only=["dense_backward"])
    failures = [t.failure for t in dense.functions[0].tests if t.failure and t.failure.has_values]
    book = failures[0]  # o exemplo do livro: 3 amostras
    assert dict(book.inputs)["dvalues"].shape[0] == 3
    assert book.hints == ["o resultado é 2× o esperado"], book.hints


def _all_hints(result):
    return [h for f in result.functions for t in f.tests if t.failure
            for h in t.failure.hints + [t.failure.generic_hint or ""]]


def test_a_cause_must_explain_every_failing_example(tmp_path):
    """Num exemplo pequeno um tamanho coincide com a razão por acaso: o
    dweights dobrado com `dvalues` de 2 linhas não ouve "faltou dividir por 2,
    o número de amostras", porque nos outros exemplos que falharam a razão
    continua 2 e as amostras não. Uma média esquecida de verdade (a soma no
    lugar da média do mse) mantém a causa, dita pelo que conta em todos os
    exemplos (os elementos, que nos vetores são também as linhas)."""
    dense = grade_file("m05_retropropagacao", submission_with(
        tmp_path, "m05_retropropagacao",
        "def dense_backward(dvalues, inputs, weights):\n"
        "    return (np.dot(dvalues, weights.T), 2 * np.dot(inputs.T, dvalues),\n"
        "            np.sum(dvalues, axis=0, keepdims=True))\n"), only=["dense_backward"])
    hints = _all_hints(dense)
    assert "o resultado é 2× o esperado" in hints, hints
    assert not any("faltou dividir" in h for h in hints), hints
    mse = grade_file("m04_perda", submission_with(
        tmp_path, "m04_perda",
        "def mse(y_true, y_pred):\n"
        "    diff = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)\n"
        "    return float(np.sum(diff ** 2))\n"), only=["mse"])
    named = [h for h in _all_hints(mse) if "faltou dividir por" in h]
    assert named and all(h.endswith("o número de elementos de `y_pred`?") for h in named), \
        _all_hints(mse)
