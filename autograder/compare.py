"""Comparação de saídas (esperado × recebido) com mensagens em português.

Tolerâncias (documentadas em site/professor/tolerancias.md): tudo em float64;
valores batem quando |recebido − esperado| ≤ ATOL + RTOL·|esperado|, elemento a
elemento. RTOL = 1e-6 aceita fórmulas estáveis diferentes (laços, outra
forma de estabilizar a softmax) e recusa erros de lógica, que mudam os
valores na primeira ou segunda casa.
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
            exact_type=None) -> Difference | None:
    """None quando `received` bate com `expected`; senão, a diferença explicada."""
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
            diff = compare(e, r, rtol=rtol, atol=atol, name=f"o item {i} de {name}")
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
            _shape_hint(exp.shape, rec.shape, isinstance(received, np.ndarray)),
        )
    finite = np.isfinite(exp)
    if np.any(finite & ~np.isfinite(rec)):
        return Difference(
            f"{name} tem nan ou inf onde o esperado é finito.",
            "isso costuma ser estouro numérico (overflow) com entradas grandes: "
            "use uma fórmula estável",
        )
    if np.all(np.isclose(rec, exp, rtol=rtol, atol=atol, equal_nan=True)):
        return None
    return Difference(
        f"{name} tem valores diferentes do esperado (maior diferença: "
        f"{_max_gap(exp, rec):.3g}).",
        _dtype_hint(exp, received) or _value_hint(exp, rec),
    )


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _max_gap(exp, rec) -> float:
    gap = np.abs(exp - rec)
    gap = gap[np.isfinite(gap)]
    return float(gap.max()) if gap.size else math.inf


def _shape_hint(exp_shape, rec_shape, numpy_output=True) -> str | None:
    if len(exp_shape) == 2 and exp_shape[0] == 1 and rec_shape == (exp_shape[1],):
        return (
            "faltou manter a dimensão das linhas: use keepdims=True na soma "
            "ou np.zeros((1, n))"
        )
    if tuple(reversed(exp_shape)) == tuple(rec_shape) and exp_shape != rec_shape:
        return "a saída está transposta (linhas e colunas trocadas)"
    # Só um array do NumPy "espalha": listas do Python puro (m01) não.
    if numpy_output and len(rec_shape) == 2 and len(exp_shape) == 2 and \
            rec_shape[0] == rec_shape[1]:
        return (
            "uma forma (N, N) costuma vir de somar um vetor (N,) com uma "
            "coluna (N, 1): o NumPy 'espalha' (broadcasting) sem avisar"
        )
    if len(exp_shape) == 0 and len(rec_shape) > 0:
        return "era esperado um único número: faltou somar ou tirar a média?"
    if len(rec_shape) == 0 and len(exp_shape) > 0:
        return "veio um único número: a soma ou a média foi feita sobre o eixo errado (ou todos)"
    return None


def _dtype_hint(exp, received) -> str | None:
    """Um array de inteiros onde o esperado tem frações: a conta foi guardada
    num array inteiro (ex.: `np.empty_like(z)` com `z` de inteiros)."""
    if not isinstance(received, np.ndarray) or received.dtype.kind not in "biu":
        return None
    finite = exp[np.isfinite(exp)]
    if np.all(finite == np.round(finite)):
        return None
    return (
        f"o resultado veio com números inteiros (dtype {received.dtype}), e as frações "
        "se perderam: um array criado com np.empty_like(z) ou np.zeros_like(z) herda o "
        "tipo de z; crie-o com dtype=float (ou comece com np.asarray(z, dtype=float))"
    )


def _value_hint(exp, rec) -> str | None:
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
            return (
                f"o resultado é {round(r)}× o esperado: faltou dividir pelo número "
                "de amostras (ou de elementos)?"
            )
        if r > 0 and abs(1 / r - round(1 / r)) < 1e-6 and round(1 / r) >= 2:
            return f"o resultado é 1/{round(1 / r)} do esperado: dividiu uma vez a mais?"
    if exp.ndim == 2 and exp.shape[0] == exp.shape[1] and np.allclose(rec, exp.T):
        return "o resultado está transposto"
    return None
