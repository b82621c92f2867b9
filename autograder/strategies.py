"""Estratégias hypothesis comuns às verificações.

As entradas cobrem os casos de borda pedidos: zeros, magnitudes grandes,
valores negativos, uma linha, uma coluna. O hypothesis já tenta zeros e
formas mínimas ao encolher um contraexemplo.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def reals(scale: float = 100.0):
    """Floats finitos em [-scale, scale], com zero e os extremos sempre possíveis."""
    return st.floats(-scale, scale, allow_nan=False, allow_infinity=False, width=64)


def sizes(low: int = 1, high: int = 6):
    return st.integers(low, high)


def float_array(shape, scale: float = 100.0):
    return hnp.arrays(np.float64, shape, elements=reals(scale))


def matrix(rows=None, cols=None, scale: float = 100.0, max_side: int = 6):
    """Matriz float64 (rows, cols); lados ausentes são sorteados (1 a max_side)."""
    rows = st.just(rows) if isinstance(rows, int) else (rows or sizes(1, max_side))
    cols = st.just(cols) if isinstance(cols, int) else (cols or sizes(1, max_side))
    return st.tuples(rows, cols).flatmap(lambda s: float_array(s, scale))


def any_shape_array(scale: float = 100.0, max_dims: int = 3, max_side: int = 5):
    """Array de 1 a `max_dims` dimensões: funções elemento a elemento aceitam qualquer forma."""
    shapes = hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=max_side)
    return shapes.flatmap(lambda s: float_array(s, scale))


def labels_and_probs(max_rows: int = 6, max_classes: int = 5, one_hot=None):
    """(y_pred, y_true): linhas de probabilidades (somam 1) e rótulos inteiros
    ou one-hot. `one_hot=None` sorteia o formato dos rótulos."""

    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_rows))
        k = draw(st.integers(2, max_classes))
        raw = draw(float_array((n, k), 1.0).map(np.abs))
        raw = raw + draw(st.sampled_from([0.0, 1e-3, 1.0]))
        totals = raw.sum(axis=1, keepdims=True)
        probs = np.where(totals > 0, raw / np.where(totals > 0, totals, 1), 1.0 / k)
        labels = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
        as_one_hot = draw(st.booleans()) if one_hot is None else one_hot
        y_true = np.eye(k)[labels] if as_one_hot else labels
        return probs, y_true

    return build()
