"""Comparação de saídas (esperado × recebido) com mensagens em português.

Tolerâncias (documentadas em site/professor/tolerancias.md): tudo em float64;
valores batem quando |recebido − esperado| ≤ ATOL + RTOL·|esperado|, elemento a
elemento. RTOL = 1e-6 aceita fórmulas estáveis diferentes (laços, outra
forma de estabilizar a softmax) e recusa erros de lógica, que mudam os
valores na primeira ou segunda casa.

As dicas genéricas (forma, escala, tipo) só nomeiam uma causa quando essa
causa reproduz o que veio: "faltou dividir por 3, o número de amostras de
`y_pred`" só quando a razão é 3 e a primeira entrada da chamada tem 3
amostras (ou elementos, ver `divisors`); "eixo errado" só quando somar (ou
tirar a média de) um dos dois sobre algum eixo dá o outro; "transposta",
"keepdims" e "broadcasting" só quando os valores confirmam; "estouro" só com
entradas grandes. Senão, a dica só descreve o que se vê ("o resultado é 2×
o esperado"), sem adivinhar o porquê.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

RTOL = 1e-6
ATOL = 1e-9


@dataclass
class Difference:
    """Por que duas saídas não batem, pronta para mostrar ao aprendiz."""

    message: str
    hint: str | None = None  # um diagnóstico genérico (forma, sinal, escala...)


def describe_shape(value) -> str:
    if isinstance(value, np.ndarray):
        return str(tuple(value.shape))
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} de {len(value)} elementos"
    return type(value).__name__


def as_array(value):
    """Listas e números viram arrays float64 para comparar; None se não der."""
    if isinstance(value, np.ndarray):
        return value.astype(float) if value.dtype.kind in "biuf" else None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return np.asarray(float(value))
    if isinstance(value, list):
        if not only_numbers(value):
            return None
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return None
        return arr
    return None


def only_numbers(value, depth: int = 0) -> bool:
    """Listas (aninhadas) só de números e arrays numéricos. O NumPy converte
    textos como "4.8" em float: sem esta conferência, uma função que devolve
    `repr()` dos valores ganharia os pontos."""
    if depth > 40:
        return False
    if isinstance(value, list):
        return all(only_numbers(v, depth + 1) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biuf"
    return isinstance(value, (int, float)) and not isinstance(value, bool) or \
        isinstance(value, bool) and depth > 0


def float_array(value, ndims):
    """`value` como array float64 se ele for numérico e tiver um dos números
    de dimensões `ndims`; senão None. Listas e números viram arrays."""
    if isinstance(value, (list, int, float)) and not isinstance(value, bool):
        if not only_numbers(value):
            return None
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return None
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        return None
    return value.astype(float) if value.ndim in ndims else None


def unsupported(value) -> str | None:
    if isinstance(value, dict) and "__unsupported__" in value:
        return value["__unsupported__"]
    return None


def compare(expected, received, *, rtol=RTOL, atol=ATOL, name="o resultado",
            exact_type=None, inputs=()) -> Difference | None:
    """None quando `received` bate com `expected`; senão, a diferença explicada.

    `inputs`: as entradas da chamada, pares (nome, valor) na ordem dos
    parâmetros. Só servem de evidência para as dicas: quantas amostras e
    elementos a primeira tem, se são grandes o bastante para estourar."""
    bad = unsupported(received)
    if bad is not None:
        return Difference(f"{name} não é um valor que o corretor aceite ({bad}).")
    if isinstance(expected, tuple):
        if not isinstance(received, (tuple, list)) or len(received) != len(expected):
            return Difference(
                f"{name} deveria ser uma tupla de {len(expected)} valores; "
                f"veio {describe_shape(received)}."
            )
        for i, (e, r) in enumerate(zip(expected, received)):
            diff = compare(e, r, rtol=rtol, atol=atol, name=f"o item {i} de {name}",
                           inputs=inputs)
            if diff:
                return diff
        return None
    if isinstance(expected, list) and exact_type is list and not isinstance(received, list):
        return Difference(f"{name} deveria ser uma lista; veio {describe_shape(received)}.")
    exp = as_array(expected)
    rec = as_array(received)
    if rec is None:
        return Difference(f"{name} deveria ser numérico; veio {_short(received)}.")
    if exp.shape != rec.shape:
        return Difference(
            f"{name} tem a forma errada: esperado {tuple(exp.shape)}, recebido "
            f"{tuple(rec.shape)}.",
            _shape_hint(exp, rec, isinstance(received, np.ndarray), isinstance(expected, list)),
        )
    if bool((exp == rec).all()):
        return None  # o caso mais comum, e o mais barato de ver (nan nunca é igual)
    finite = np.isfinite(exp)
    if np.any(finite & ~np.isfinite(rec)):
        return Difference(f"{name} tem nan ou inf onde o esperado é finito.",
                          _overflow_hint(inputs))
    if np.all(np.isclose(rec, exp, rtol=rtol, atol=atol, equal_nan=True)):
        return None
    return Difference(
        f"{name} tem valores diferentes do esperado (maior diferença: "
        f"{_max_gap(exp, rec):.3g}).",
        _dtype_hint(exp, received) or _value_hint(exp, rec, inputs),
    )


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _max_gap(exp, rec) -> float:
    gap = np.abs(exp - rec)
    gap = gap[np.isfinite(gap)]
    return float(gap.max()) if gap.size else math.inf


def _close(a, b) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))


def _reductions(value):
    """(descrição, valor) de cada soma e média de `value` que muda algo: sobre
    todos os elementos e sobre cada eixo de tamanho > 1, com e sem keepdims."""
    for op, word in ((np.sum, "a soma"), (np.mean, "a média")):
        if value.size > 1:
            yield f"{word} de todos os valores", op(value)
        for axis in range(value.ndim):
            if value.shape[axis] > 1:
                for keep in (False, True):
                    yield f"{word} ao longo do eixo {axis}", op(value, axis=axis, keepdims=keep)


def _reduction_hint(exp, rec) -> str | None:
    """Uma soma ou média a mais (do esperado sai o recebido) ou a menos (do
    recebido sai o esperado): só quando a conta reproduz o que veio."""
    if not np.any(rec) or not np.all(np.isfinite(rec)):
        return None  # zeros ou nan "reproduzem" qualquer soma de zeros
    for what, value in _reductions(exp):
        if _close(np.asarray(value), rec):
            return (f"o que veio é {what} do esperado: a soma (ou a média) foi "
                    "feita onde não devia, ou no eixo errado")
    for what, value in _reductions(rec):
        if _close(np.asarray(value), exp):
            return (f"o esperado é {what} do que veio: faltou essa soma (ou média), "
                    "ou ela foi feita no eixo errado")
    return None


def _shape_hint(exp, rec, numpy_output=True, python_lists=False) -> str | None:
    """`numpy_output`: veio um array do NumPy (só ele "espalha"); `python_lists`:
    o esperado é uma lista do Python puro (m01), onde não há keepdims."""
    kind = "uma lista" if python_lists else "um array"
    if exp.ndim == 2 and exp.shape[0] == 1 and rec.shape == (exp.shape[1],) and \
            _close(rec, exp[0]):
        if python_lists:
            return "os valores estão certos, mas deveriam vir numa lista com uma linha só, [[...]]"
        return (
            "os valores estão certos, mas faltou a dimensão das linhas: use keepdims=True "
            "na soma ou np.zeros((1, n))"
        )
    if exp.ndim == 2 and rec.shape == exp.shape[::-1] and _close(rec, exp.T):
        return "a saída está transposta (linhas e colunas trocadas)"
    reduced = _reduction_hint(exp, rec)
    if reduced:
        return reduced
    # Só um array do NumPy "espalha" (listas do Python puro, m01, não): um
    # vetor (N,) com uma coluna (N, 1) dá (N, N), com o esperado na diagonal.
    if numpy_output and rec.ndim == 2 and rec.shape[0] == rec.shape[1] == exp.size and \
            exp.size > 1 and _close(np.diag(rec), exp.ravel()):
        return (
            f"a diagonal do que veio é o esperado: uma forma {tuple(rec.shape)} vem de "
            f"juntar um vetor ({exp.size},) com uma coluna ({exp.size}, 1), que o NumPy "
            "'espalha' (broadcasting) sem avisar"
        )
    if rec.ndim == 0 and exp.ndim > 0:
        return f"veio um único número onde se esperava {kind} de forma {tuple(exp.shape)}"
    if exp.ndim == 0 and rec.ndim > 0:
        return f"veio {kind} de forma {tuple(rec.shape)} onde se esperava um único número"
    return None


# Acima disso, np.exp estoura (e ** 710 é inf): uma entrada assim explica um inf.
OVERFLOW_INPUT = 700.0


def _largest(inputs) -> float:
    largest = 0.0
    for _, value in inputs:
        arr = as_array(value)
        if arr is not None and arr.size:
            finite = np.abs(arr[np.isfinite(arr)])
            if finite.size:
                largest = max(largest, float(finite.max()))
    return largest


def _overflow_hint(inputs) -> str | None:
    """nan ou inf: estouro só quando a entrada é grande o bastante para isso."""
    if _largest(inputs) < OVERFLOW_INPUT:
        return None
    return ("isso costuma ser estouro numérico (overflow) com entradas grandes: "
            "use uma fórmula estável")


def _dtype_hint(exp, received) -> str | None:
    """Um array de inteiros onde o esperado tem frações: a conta foi guardada
    num array inteiro (ex.: `np.empty_like(z)` com `z` de inteiros), que corta
    as frações; a causa só é dita quando o que veio é o esperado cortado."""
    if not isinstance(received, np.ndarray) or received.dtype.kind not in "biu":
        return None
    finite = exp[np.isfinite(exp)]
    if np.all(finite == np.round(finite)):
        return None
    observed = (f"o resultado veio com números inteiros (dtype {received.dtype}), e as "
                "frações se perderam")
    if received.shape != exp.shape or not np.array_equal(received, np.trunc(exp)):
        return observed
    return (
        f"{observed}: um array criado com np.empty_like(z) ou np.zeros_like(z) herda o "
        "tipo de z; crie-o com dtype=float (ou comece com np.asarray(z, dtype=float))"
    )


def divisors(inputs, shape) -> dict[int, list[str]]:
    """Os números por que uma média divide, com o que cada um conta: as
    amostras (linhas) da primeira entrada que é um array e, quando o resultado
    é um número ou tem a forma dela, os seus elementos. Num vetor, os dois
    coincidem: o mesmo número conta as duas coisas."""
    for name, value in inputs:
        arr = as_array(value)
        if arr is None or arr.ndim == 0:
            continue
        found: dict[int, list[str]] = {}
        found.setdefault(arr.shape[0], []).append(
            f"o número de amostras (linhas) de `{name}`")
        if arr.shape == tuple(shape) or len(shape) == 0:
            found.setdefault(arr.size, []).append(f"o número de elementos de `{name}`")
        return found
    return {}


def _value_hint(exp, rec, inputs=()) -> str | None:
    mask = np.abs(exp) > 1e-12
    if not np.any(mask):
        return None
    ratio = rec[mask] / exp[mask]
    # Num array de valores esperados todos iguais (ex.: a softmax de [0, 0]),
    # qualquer erro dá uma razão constante: ela não prova um fator de escala.
    uniform = exp.ndim > 0 and np.ptp(exp[mask]) <= 1e-12 * np.max(np.abs(exp[mask]))
    if not uniform and np.allclose(ratio, ratio.flat[0], rtol=1e-6, atol=1e-12):
        r = float(ratio.flat[0])
        # Razões enormes ou minúsculas (inf, subnormais) não são um fator simples.
        if not 1e-6 < abs(r) < 1e6:
            r = 0.0
        if abs(r + 1) < 1e-6:
            return "o sinal está trocado: o resultado é o negativo do esperado"
        if abs(r - round(r)) < 1e-6 and round(r) >= 2:
            return _factor_hint(round(r), f"o resultado é {round(r)}× o esperado",
                                "faltou dividir por", divisors(inputs, exp.shape))
        if r > 0 and abs(1 / r - round(1 / r)) < 1e-6 and round(1 / r) >= 2:
            k = round(1 / r)
            return _factor_hint(k, f"o resultado é 1/{k} do esperado", "dividiu a mais por",
                                divisors(inputs, exp.shape))
    if exp.ndim == 2 and exp.shape[0] == exp.shape[1] and np.allclose(rec, exp.T):
        return "o resultado está transposto"
    return None


class NamedCause(str):
    """Uma dica que nomeia uma causa a partir de um só exemplo ("faltou
    dividir por 2, o número de amostras de `x`?"). Num exemplo pequeno, um
    tamanho pode coincidir com a razão por acaso: o corretor só a mostra se
    a mesma causa explica todos os exemplos que falharam (ver
    `engine.confirmed`); senão, fica só o que se vê
    (`observed`). `counts`: o que `k` pode contar neste exemplo (num vetor,
    as amostras e os elementos)."""

    def __new__(cls, observed: str, cause: str, k: int, counts: tuple[str, ...]):
        hint = super().__new__(cls, f"{observed}: {cause} {k}, {counts[0]}?")
        hint.observed, hint.cause, hint.k, hint.counts = observed, cause, k, counts
        return hint

    def __reduce__(self):
        return (NamedCause, (self.observed, self.cause, self.k, self.counts))

    def narrowed(self, counts) -> str:
        """O texto só com o que `k` conta em todos os exemplos (`counts`)."""
        kept = [c for c in self.counts if c in counts]
        return str(NamedCause(self.observed, self.cause, self.k, tuple(kept))) if kept \
            else self.observed


def _factor_hint(k: int, observed: str, cause: str, divisors: dict) -> str:
    """A razão vista; a causa (uma média a menos ou a mais) só quando `k` é o
    número de amostras ou de elementos da primeira entrada desta chamada."""
    if k not in divisors:
        return observed
    return NamedCause(observed, cause, k, tuple(divisors[k]))
