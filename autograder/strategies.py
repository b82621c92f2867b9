"""Estratégias hypothesis comuns às verificações, e o `st` e o `hnp` que
todas as verificações usam.

As entradas cobrem os casos de borda pedidos: zeros, magnitudes grandes,
valores negativos, uma linha, uma coluna. O hypothesis já tenta zeros e
formas mínimas ao encolher um contraexemplo.

Adiadas: importar o hypothesis custa ~0,1 s, e a correção de um código certo
só repete as entradas gravadas (ver `entradas`), sem busca. Por isso `st` e
`hnp` aqui só anotam a receita de cada estratégia; o hypothesis é importado
e a estratégia construída (uma vez) na primeira busca de verdade que a usa,
com `build`. A receita é a mesma, e as entradas sorteadas também.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import os
import shutil
import tempfile

import numpy as np


@functools.cache
@functools.cache
def private_storage():
    """O hypothesis guarda caches (ex.: as constantes do código-fonte) numa
    pasta `.hypothesis/` na pasta atual, mesmo com `database=None`: a do
    aprendiz ou a do professor. Aqui ela vai para uma pasta temporária,
    apagada ao sair (uma só por processo). Uma HYPOTHESIS_STORAGE_DIRECTORY
    escolhida vale."""
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    directory = tempfile.mkdtemp(prefix="rna-hypothesis-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    set_hypothesis_home_dir(directory)


def hypothesis_module(name: str):
    """Importa um módulo do hypothesis, já sem escrever na pasta atual."""
    private_storage()
    return importlib.import_module(name)


class Deferred:
    """Uma estratégia descrita agora e construída na primeira busca."""

    __slots__ = ("_make", "_built")

    def __init__(self, make):
        self._make = make
        self._built = None

    def build(self):
        if self._built is None:
            self._built = self._make()
        return self._built

    def map(self, function):
        return Deferred(lambda: self.build().map(function))

    def filter(self, condition):
        return Deferred(lambda: self.build().filter(condition))

    def flatmap(self, function):
        return Deferred(lambda: self.build().flatmap(_Expand(function)))


def build(value):
    """A estratégia do hypothesis por trás de `value` (também dentro de
    tuplas, listas e dicionários de argumentos)."""
    if isinstance(value, Deferred):
        return value.build()
    if isinstance(value, (list, tuple)):
        return type(value)(build(item) for item in value)
    if isinstance(value, dict):
        return {key: build(item) for key, item in value.items()}
    return value


class _Wrapped:
    """Uma função das verificações, entregue ao hypothesis com as estratégias
    adiadas construídas.

    O hypothesis rotula cada estratégia pelo código da sua função, e troca
    entre si pedaços de sorteios com o mesmo rótulo. O hash (de onde sai o
    rótulo de um objeto chamável) é o do código de `function`: cada função
    continua com o seu rótulo, como se fosse entregue sozinha."""

    def __init__(self, function):
        self.function = function
        self.__name__ = function.__name__
        self.__doc__ = function.__doc__

    def __hash__(self):
        return hash(self.function.__code__)

    def __eq__(self, other):
        return type(other) is type(self) and other.function.__code__ == self.function.__code__


class _Expand(_Wrapped):
    """A função de um `flatmap`: devolve uma estratégia adiada."""

    def __call__(self, value):
        return build(self.function(value))


class _Composite(_Wrapped):
    """A função de um `@st.composite`: o `draw` dela aceita estratégias adiadas."""

    def __call__(self, draw, *args, **kwargs):
        return self.function(lambda strategy: draw(build(strategy)), *args, **kwargs)


class _DeferredModule:
    """`st.floats(0, 1)` devolve `Deferred` de `hypothesis.strategies.floats(0, 1)`."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        def deferred(*args, **kwargs):
            def make():
                function = getattr(hypothesis_module(self._name), attribute)
                return function(*build(args), **build(kwargs))
            return Deferred(make)
        return deferred

    @staticmethod
    def composite(function):
        """`@st.composite`, decorado no hypothesis uma vez só (ele lê o
        código-fonte da função ao decorar)."""

        @functools.cache
        def decorated():
            strategies = hypothesis_module("hypothesis.strategies")
            return strategies.composite(_Composite(function))

        @functools.wraps(function)
        def deferred(*args, **kwargs):
            return Deferred(lambda: decorated()(*args, **kwargs))
        return deferred


st = _DeferredModule("hypothesis.strategies")
hnp = _DeferredModule("hypothesis.extra.numpy")


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
