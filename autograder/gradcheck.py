"""Diferenças finitas para as verificações de retropropagação.

Os gradientes do aprendiz são comparados com gradientes numéricos calculados
aqui, com fórmulas de ida em NumPy puro (nunca com a retropropagação da
referência). Erro aceito: o do CS231n, max|a − b| / max(piso, max|a| + max|b|).
"""

from __future__ import annotations

import numpy as np

from .compare import as_array, unsupported
from .report import format_value

H = 1e-5  # passo das diferenças centrais, em float64
GRAD_TOL = 1e-6  # erro relativo aceito contra o gradiente numérico


def relative_gap(analytic, numeric, floor: float = 1e-8) -> float:
    """Erro relativo; `floor` é a menor escala aceita (o ruído de
    arredondamento da diferença central não vale como erro)."""
    a = np.asarray(analytic, dtype=float)
    b = np.asarray(numeric, dtype=float)
    if a.size == 0:
        return 0.0
    scale = max(floor, float(np.max(np.abs(a))) + float(np.max(np.abs(b))))
    return float(np.max(np.abs(a - b))) / scale


_once: dict = {}
_ONCE_LIMIT = 2048  # entradas guardadas; passando disso, começa de novo


def computed_once(kind: str, inputs: tuple, compute):
    """`compute()` uma vez por processo para as mesmas entradas.

    Numa turma, cada submissão é conferida nas mesmas entradas gravadas, e o
    gradiente numérico delas (a parte cara da verificação) não depende do
    aprendiz: sai do cálculo feito para a primeira. Os arrays guardados ficam
    só de leitura, para nenhuma verificação mudá-los por engano."""
    key = (kind, *(_key(v) for v in inputs))
    if key not in _once:
        if len(_once) >= _ONCE_LIMIT:
            _once.clear()
        value = compute()
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, np.ndarray):
                item.flags.writeable = False
        _once[key] = value
    return _once[key]


def _key(value):
    if isinstance(value, np.ndarray):
        return value.dtype.str, value.shape, value.tobytes()
    return type(value).__name__, repr(value)


def numeric_elementwise(forward, z, dvalues, h=H):
    """Gradiente numérico de sum(dvalues · forward(z)) em relação a z.

    Como `forward` age elemento a elemento, perturbar z[i] só muda o termo i
    da soma: a diferença central de todos os elementos sai de uma vez."""
    return dvalues * (forward(z + h) - forward(z - h)) / (2 * h)


def numeric_array(forward, x, dout, h=H):
    """Gradiente numérico de sum(dout · forward(x)) em relação a x (como no CS231n)."""
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        plus = forward(x).copy()
        x[i] = original - h
        minus = forward(x).copy()
        x[i] = original
        grad[i] = np.sum((plus - minus) * dout) / (2 * h)
    return grad


def numeric_scalar(loss, x, h=H):
    """Gradiente numérico de uma função escalar `loss(x)`."""
    return numeric_array(lambda v: np.array(loss(v)), x, np.array(1.0), h)


def as_gradient(received, like, name):
    """(array, None) ou (None, mensagem): tipo e forma antes dos valores."""
    bad = unsupported(received)
    if bad is not None:
        return None, f"{name} não é um valor que o corretor aceite ({bad})"
    arr = as_array(received)
    if arr is None:
        return None, f"{name} deveria ser um array de números; veio {type(received).__name__}"
    if arr.shape != np.shape(like):
        return None, (f"{name} deveria ter a forma {tuple(np.shape(like))}; veio "
                      f"{tuple(arr.shape)}")
    return arr, None


def gradient_gap(name, what, numeric, received, analytic, floor: float = 1e-8):
    """None se o gradiente bate com o numérico; senão, a mensagem."""
    gap = relative_gap(analytic, numeric, floor)
    if np.isfinite(gap) and gap <= GRAD_TOL:
        return None
    return (f"{name} não bate com o gradiente numérico de {what} (diferenças centrais): "
            f"erro relativo {gap:.2g} (aceito até {GRAD_TOL:g})\n"
            f"numérico: {format_value(numeric)}\n"
            f"recebido: {format_value(received)}")
