"""Verificações do módulo 9: convolução 2D e max pooling, ida e volta.

Convenções cobradas (as mesmas do notebook e de site/conceitos/convolucao.md):

- formas *channels first*: inputs (N, C, H, W), filters (F, C, KH, KW),
  biases (F,), saída (N, F, H_out, W_out);
- a "convolução" é a correlação cruzada das bibliotecas de redes neurais (o
  filtro não é girado); preenchimento de `padding` zeros de cada lado das
  linhas e das colunas; H_out = ⌊(H + 2P − KH)/S⌋ + 1;
- max pooling sem preenchimento; no empate, o gradiente vai para o primeiro
  máximo da janela na ordem de leitura (o `np.argmax` da janela achatada);
  janelas sobrepostas acumulam.

As duas funções de volta têm a propriedade de diferenças finitas, calculada
aqui com uma ida própria do corretor (janelas de `sliding_window_view` e
`einsum`, nunca a referência). A convolução é linear em cada argumento: a
diferença central é exata para qualquer h, e o corretor usa h = 1 (sem
cancelamento). No max pooling, a propriedade usa entradas sem empates, com
valores separados de pelo menos 0,5, e h = 1e-3: o máximo de cada janela não
muda de lugar. Os casos fixos do max pooling têm o máximo em posições
diferentes de cada janela (um max pooling que sempre escolhe o mesmo canto não
passa), empates e janelas sobrepostas.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..compare import as_array, unsupported
from ..gradcheck import as_gradient, computed_once, gradient_gap, numeric_array
from ..report import format_value
from ..spec import Case, FunctionCheck, ModuleSpec, Property
from ..strategies import st

PAGE = "conceitos/convolucao.md"


def _f(x):
    return np.asarray(x, dtype=float)


# ---------------------------------------------------------------------------
# A ida do corretor (independente da referência)


def _pad(x, p, one_side=False):
    width = (p, 0) if one_side else (p, p)
    return np.pad(_f(x), ((0, 0), (0, 0), width, width))


def _windows(x, kh, kw, s):
    """(N, C, H_out, W_out, KH, KW): as janelas de cada posição da saída."""
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::s, ::s]


def conv(x, w, b, s=1, p=0, one_side=False):
    x, w = _pad(x, p, one_side), _f(w)
    kh, kw = w.shape[2:]
    h_out = (x.shape[2] - kh) // s + 1
    w_out = (x.shape[3] - kw) // s + 1
    if h_out < 0 or w_out < 0:
        raise ValueError("dimensões negativas")  # como np.zeros no código do aprendiz
    if h_out == 0 or w_out == 0:  # só nos modelos de erros: uma saída vazia
        return np.zeros((x.shape[0], w.shape[0], h_out, w_out))
    win = _windows(x, kh, kw, s)
    return np.einsum("nchwij,fcij->nfhw", win, w) + _f(b).reshape(1, -1, 1, 1)


def maxpool(x, size=2, stride=2):
    return _windows(_f(x), size, size, stride).max(axis=(4, 5))


def _stride_padding(args, first=3):
    stride = args[first] if len(args) > first else 1
    padding = args[first + 1] if len(args) > first + 1 else 0
    return stride, padding


def _pool_params(args, first):
    size = args[first] if len(args) > first else 2
    stride = args[first + 1] if len(args) > first + 1 else 2
    return size, stride


# ---------------------------------------------------------------------------
# Diferenças finitas


# ---------------------------------------------------------------------------
# conv_output_size


@st.composite
def size_args(draw):
    padding = draw(st.integers(0, 3))
    size = draw(st.integers(1, 40))
    kernel = draw(st.integers(1, size + 2 * padding))
    stride = draw(st.integers(1, 4))
    form = draw(st.sampled_from(["k", "ks", "ksp"]))
    if form == "k" and padding == 0:
        return size, kernel
    if form == "ks" and padding == 0:
        return size, kernel, stride
    return size, kernel, stride, padding


@st.composite
def bad_size_args(draw):
    kind = draw(st.sampled_from(["filtro", "stride", "padding"]))
    size = draw(st.integers(1, 12))
    if kind == "filtro":
        padding = draw(st.integers(0, 2))
        return size, draw(st.integers(size + 2 * padding + 1, size + 2 * padding + 5)), 1, padding
    if kind == "stride":
        return size, 1, draw(st.integers(-2, 0)), 0
    return size, 1, 1, draw(st.integers(-3, -1))


def _size_is_int_that_fits(args, kwargs, received):
    size, kernel = args[:2]
    stride, padding = _stride_padding(args, 2)
    if type(received) is not int:
        return (f"o tamanho deveria ser um int; veio {format_value(received)[:40]} "
                f"({type(received).__name__}): use a divisão inteira //, que já arredonda "
                "para baixo")
    padded = size + 2 * padding
    if received < 1 or (received - 1) * stride + kernel > padded:
        return (f"com {received} posições, a última janela iria até a coluna "
                f"{(received - 1) * stride + kernel - 1}, fora da entrada preenchida "
                f"(colunas 0 a {padded - 1})")
    if received * stride + kernel <= padded:
        return (f"com {received} posições, ainda caberia mais uma janela inteira na entrada "
                f"preenchida de tamanho {padded}")
    return None


# ---------------------------------------------------------------------------
# conv2d_forward e conv2d_backward: estratégias

# Os arrays 4-D têm até ~200 elementos: sorteados elemento a elemento pelo
# hypothesis, o encolhimento de um contraexemplo levaria segundos. Aqui o
# hypothesis sorteia a forma, o tipo dos valores e uma semente, e o NumPy gera
# os valores (como em m07_lotes): o contraexemplo encolhe na forma, que é o que
# importa, e os valores continuam legíveis (inteiros pequenos primeiro).
VALUE_KINDS = ("inteiros", "reais", "esparsos", "grandes", "zeros")


@st.composite
def _arr(draw, shape):
    kind = draw(st.sampled_from(VALUE_KINDS))
    gen = np.random.default_rng(draw(st.integers(0, 2**16)))
    if kind == "inteiros":  # poucos valores: empates frequentes no max pooling
        return gen.integers(-3, 4, size=shape).astype(float)
    if kind == "reais":
        return np.round(gen.normal(0.0, 10.0, size=shape), 3)
    if kind == "esparsos":
        return gen.integers(-3, 4, size=shape) * (gen.random(shape) < 0.3) * 1.0
    if kind == "grandes":
        return np.round(gen.normal(0.0, 100.0, size=shape), 2)
    return np.zeros(shape)


@st.composite
def _conv_shapes(draw):
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    f = draw(st.integers(1, 3))
    padding = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    kh = draw(st.integers(1, min(3, h + 2 * padding)))
    kw = draw(st.integers(1, min(3, w + 2 * padding)))
    # os argumentos omitidos valem o padrão (stride 1, padding 0)
    form = draw(st.sampled_from(["", "s", "sp"]))
    if form == "s" and padding != 0 or form == "" and (stride, padding) != (1, 0):
        form = "sp"
    return (n, c, h, w), (f, c, kh, kw), stride, padding, form


def _tail(form, stride, padding):
    if form == "":
        return ()
    if form == "s":
        return (stride,)
    return (stride, padding)


@st.composite
def conv_args(draw):
    x_shape, w_shape, stride, padding, form = draw(_conv_shapes())
    inputs, filters = draw(_arr(x_shape)), draw(_arr(w_shape))
    biases = draw(_arr((w_shape[0],)))
    return (inputs, filters, biases) + _tail(form, stride, padding)


@st.composite
def conv_backward_args(draw):
    x_shape, w_shape, stride, padding, form = draw(_conv_shapes())
    inputs, filters = draw(_arr(x_shape)), draw(_arr(w_shape))
    h_out = (x_shape[2] + 2 * padding - w_shape[2]) // stride + 1
    w_out = (x_shape[3] + 2 * padding - w_shape[3]) // stride + 1
    dvalues = draw(_arr((x_shape[0], w_shape[0], h_out, w_out)))
    return (dvalues, inputs, filters) + _tail(form, stride, padding)


def _conv_output_shape(args, kwargs, received):
    inputs, filters = args[0], args[1]
    stride, padding = _stride_padding(args)
    n, _, h, w = inputs.shape
    f, _, kh, kw = filters.shape
    wanted = (n, f, (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1)
    arr = as_array(received) if unsupported(received) is None else None
    if arr is None or arr.shape != wanted:
        got = tuple(arr.shape) if arr is not None else type(received).__name__
        return (f"a saída deveria ter a forma (N, F, H_out, W_out) = {wanted}, com "
                f"H_out = ⌊(H + 2·padding − KH)/stride⌋ + 1; veio {got}")
    return None


def _conv_gradient(args, kwargs, received):
    dvalues, inputs, filters = args[:3]
    stride, padding = _stride_padding(args)
    if not isinstance(received, (tuple, list)) or len(received) != 3:
        return ("a saída deveria ser a tupla (dinputs, dfilters, dbiases); veio "
                f"{format_value(received)[:80]}")
    x, w = inputs.copy(), filters.copy()
    b = np.full(filters.shape[0], 0.5)  # o viés não muda os gradientes
    numeric = computed_once("conv2d_backward", (dvalues, inputs, filters, stride, padding),
                            lambda: (
        numeric_array(lambda v: conv(v, w, b, stride, padding), x, dvalues, 1.0),
        numeric_array(lambda v: conv(x, v, b, stride, padding), w, dvalues, 1.0),
        numeric_array(lambda v: conv(x, w, v, stride, padding), b, dvalues, 1.0),
    ))
    for name, target, num, got in zip(("dinputs", "dfilters", "dbiases"),
                                      ("inputs", "filters", "biases"), numeric, received):
        arr, problem = as_gradient(got, num, name)
        if problem:
            return problem
        message = gradient_gap(f"{name} (em relação a `{target}`)", "sum(dvalues · conv2d(...))",
                       num, got, arr)
        if message:
            return message
    return None


# ---------------------------------------------------------------------------
# conv2d: modelos dos erros conhecidos


# ---------------------------------------------------------------------------
# max pooling


@st.composite
def _pool_setup(draw):
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    size, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h = draw(st.integers(size, size + 4))
    w = draw(st.integers(size, size + 4))
    if (size, stride) == (2, 2):
        form = draw(st.sampled_from(["", "size", "both"]))
    else:
        form = "both"
    tail = {"": (), "size": (size,), "both": (size, stride)}[form]
    return (n, c, h, w), tail


@st.composite
def _pool_values(draw, shape, distinct=False):
    if distinct:  # sem empates: valores distintos, separados de 0,5
        gen = np.random.default_rng(draw(st.integers(0, 2**16)))
        total = int(np.prod(shape))
        return (gen.permutation(total) * 0.5 - total / 4).reshape(shape)
    return draw(_arr(shape))


@st.composite
def pool_args(draw):
    shape, tail = draw(_pool_setup())
    return (draw(_pool_values(shape)),) + tail


@st.composite
def pool_backward_args(draw, distinct=False):
    shape, tail = draw(_pool_setup())
    size, stride = _pool_params((None, None) + tail, 2)
    inputs = draw(_pool_values(shape, distinct))
    h_out = (shape[2] - size) // stride + 1
    w_out = (shape[3] - size) // stride + 1
    dvalues = draw(_arr((shape[0], shape[1], h_out, w_out)))
    return (dvalues, inputs) + tail


def _pool_is_window_max(args, kwargs, received):
    inputs = args[0]
    size, stride = _pool_params(args, 1)
    expected = maxpool(inputs, size, stride)
    arr = as_array(received) if unsupported(received) is None else None
    if arr is None or arr.shape != expected.shape:
        got = tuple(arr.shape) if arr is not None else type(received).__name__
        return (f"a saída deveria ter a forma (N, C, H_out, W_out) = {expected.shape}, com "
                f"H_out = ⌊(H − size)/stride⌋ + 1; veio {got}")
    if not np.array_equal(arr, expected):
        where = tuple(int(k) for k in np.argwhere(arr != expected)[0])
        n, c, i, j = where
        window = inputs[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
        return (f"cada saída deveria ser o maior valor da sua janela: em {where}, a janela "
                f"{format_value(window)} tem máximo {float(window.max())!r}, e veio {float(arr[where])!r}")
    return None


def _pool_gradient(args, kwargs, received):
    dvalues, inputs = args[:2]
    size, stride = _pool_params(args, 2)
    arr, problem = as_gradient(received, inputs, "dinputs")
    if problem:
        return problem
    numeric = computed_once("maxpool2d_backward", (dvalues, inputs, size, stride), lambda:
                            numeric_array(lambda v: maxpool(v, size, stride), inputs.copy(),
                                          dvalues, 1e-3))
    return gradient_gap("dinputs", "sum(dvalues · maxpool(inputs)), entradas sem empates", numeric,
                received, arr)


def _pool_gradient_conserved(args, kwargs, received):
    """Sem a referência: cada gradiente que chega vai inteiro para um elemento."""
    dvalues, inputs = args[:2]
    arr, problem = as_gradient(received, inputs, "dinputs")
    if problem:
        return problem
    wanted = dvalues.sum(axis=(2, 3))
    got = arr.sum(axis=(2, 3))
    if not np.allclose(got, wanted, rtol=1e-9, atol=1e-9):
        return ("em cada imagem e canal, a soma de dinputs deveria ser a soma de dvalues: o "
                "gradiente de cada saída vai INTEIRO para um único elemento da janela (nem "
                "repetido, nem dividido, nem perdido); somas esperadas "
                f"{np.round(wanted, 6).tolist()}, recebidas {np.round(got, 6).tolist()}")
    return None


# Casos fixos: o máximo em uma posição diferente de cada janela 2×2.
POOL_X = np.array([[[[1.0, 3.0, 2.0, 0.0],
                     [5.0, 2.0, 1.0, 4.0],
                     [0.0, 7.0, 9.0, 1.0],
                     [2.0, 1.0, 3.0, 8.0]]]])
POOL_OUT = np.array([[[[5.0, 4.0], [7.0, 9.0]]]])
POOL_D = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
POOL_DX = np.array([[[[0.0, 0.0, 0.0, 0.0],
                      [1.0, 0.0, 0.0, 2.0],
                      [0.0, 3.0, 4.0, 0.0],
                      [0.0, 0.0, 0.0, 0.0]]]])
TIE_X = np.array([[[[3.0, 3.0], [1.0, 3.0]]]])
OVERLAP_X = np.array([[[[1.0, 2.0, 0.0],
                        [0.0, 9.0, 3.0],
                        [4.0, 0.0, 5.0]]]])
TWO_CHANNELS = np.stack([POOL_X[0, 0], -POOL_X[0, 0]])[None]  # (1, 2, 4, 4)

CONV_X = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
CONV_W = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
MULTI_X = np.arange(32.0).reshape(1, 2, 4, 4) / 4 - 3  # 1 imagem, 2 canais, 4×4
MULTI_W = np.array([[[[1.0, 0.0], [0.0, -1.0]], [[0.5, 2.0], [-1.0, 0.0]]],
                    [[[0.0, 1.0], [1.0, 0.0]], [[-2.0, 0.0], [0.0, 3.0]]]])  # (2, 2, 2, 2)

# ---------------------------------------------------------------------------

SPEC = ModuleSpec(
    id="m09_convolucao",
    title="Convolução",
    checks=[
        FunctionCheck(
            name="conv_output_size",
            points=2,
            max_examples=40,
            hints=[
                "Some o preenchimento dos dois lados ao tamanho e tire o tamanho do filtro: "
                "isso é quanto o filtro ainda pode andar depois da primeira posição.",
                "Divida esse espaço pelo passo com a divisão inteira, que arredonda para "
                "baixo, e some 1 pela primeira posição.",
                "Antes da conta, levante ValueError se o filtro não couber na entrada "
                "preenchida, se o passo for menor que 1 ou se o preenchimento for negativo.",
            ],
            page=f"{PAGE}#tamanho-da-saida",
            params=("size", "kernel_size", "stride", "padding"),
            cases=[
                Case((28, 3), 26, note="imagem 28, filtro 3"),
                Case((28, 3, 1, 1), 28, note="padding = 1 mantém o tamanho"),
                Case((7, 3, 2), 3, note="7 com filtro 3 e stride 2"),
                Case((8, 3, 2), 3, note="8 com filtro 3 e stride 2: o último passo não cabe"),
                Case((5, 5), 1, note="filtro do tamanho da entrada: uma posição só"),
                Case((3, 4), raises=ValueError, note="filtro maior que a entrada"),
                Case((5, 3, 0), raises=ValueError, note="stride = 0"),
            ],
            strategy=size_args(),
            properties=[
                Property("um int: a última janela cabe e mais uma não caberia",
                         _size_is_int_that_fits),
                Property("ValueError para filtro maior que a entrada, stride < 1 ou "
                         "padding < 0", raises=ValueError, strategy=bad_size_args()),
            ],
        ),
        FunctionCheck(
            name="conv2d_forward",
            points=2,
            max_examples=30,
            hints=[
                "Calcule H_out e W_out com a fórmula do tamanho e prepare um array de zeros "
                "(N, F, H_out, W_out); preencha a entrada com np.pad só nas linhas e nas "
                "colunas.",
                "Para cada posição (i, j) da saída, recorte a janela que começa na linha "
                "i·stride e na coluna j·stride, com o tamanho do filtro, em todas as imagens "
                "e canais.",
                "Multiplique a janela pelo filtro elemento a elemento, sem girá-lo, e some "
                "nos canais, nas linhas e nas colunas: np.tensordot faz isso para todas as "
                "imagens e filtros de uma vez.",
                "No fim, some o viés de cada filtro ao seu mapa inteiro.",
            ],
            page=f"{PAGE}#convolucao-2d",
            params=("inputs", "filters", "biases", "stride", "padding"),
            cases=[
                Case((CONV_X, CONV_W, np.zeros(1)), np.array([[[[37.0, 47.0], [67.0, 77.0]]]]),
                     note="exemplo do notebook (1·1 + 2·2 + 4·3 + 5·4 = 37)"),
                Case((CONV_X, CONV_W, np.array([0.5]), 2, 1),
                     note="o mesmo, com viés 0,5, stride 2 e padding 1"),
                Case((MULTI_X, MULTI_W, np.array([1.0, -1.0])),
                     note="2 canais e 2 filtros: cada filtro soma os canais"),
                Case((MULTI_X, MULTI_W[:, :, :1, :], np.array([0.0, 2.0]), 2, 0),
                     note="filtro retangular 1×2 com stride 2"),
            ],
            strategy=conv_args(),
            properties=[Property("forma (N, F, H_out, W_out)", _conv_output_shape)],
        ),
        FunctionCheck(
            name="conv2d_backward",
            points=2,
            max_examples=30,
            hints=[
                "Cada gradiente tem a forma do que ele deriva: dinputs como inputs, dfilters "
                "como filters e dbiases com um número por filtro.",
                "dbiases é a soma de dvalues em tudo menos o eixo dos filtros.",
                "Refaça o laço da ida: em cada posição, a janela vezes o gradiente daquela "
                "posição se acumula em dfilters, e o filtro vezes esse gradiente se acumula "
                "na janela de um dx com preenchimento.",
                "No fim, corte o preenchimento de dx para que ele volte à forma de inputs.",
            ],
            page=f"{PAGE}#retropropagacao",
            params=("dvalues", "inputs", "filters", "stride", "padding"),
            cases=[
                Case((np.ones((1, 1, 2, 2)), CONV_X, CONV_W),
                     note="exemplo do notebook, dvalues = 1"),
                Case((np.array([[[[1.0, -2.0], [0.5, 3.0]]]]), CONV_X, CONV_W, 2, 1),
                     note="stride 2 e padding 1 (o preenchimento sai de dinputs)"),
                Case((np.arange(18.0).reshape(1, 2, 3, 3) - 8, MULTI_X, MULTI_W),
                     note="2 canais e 2 filtros, janelas sobrepostas"),
            ],
            strategy=conv_backward_args(),
            properties=[Property("gradiente numérico de inputs, filters e biases",
                                 _conv_gradient)],
        ),
        FunctionCheck(
            name="maxpool2d_forward",
            points=2,
            max_examples=30,
            hints=[
                "A saída tem ⌊(H − size)/stride⌋ + 1 linhas (o mesmo para as colunas), e o "
                "mesmo N e C da entrada.",
                "Para cada posição (i, j), recorte a janela size × size que começa em "
                "(i·stride, j·stride), em todas as imagens e canais.",
                "Guarde o maior valor de cada janela, só nos eixos das linhas e das colunas: "
                "os canais não se misturam.",
            ],
            page=f"{PAGE}#max-pooling",
            params=("inputs", "size", "stride"),
            cases=[
                Case((POOL_X,), POOL_OUT, note="4×4 com o máximo em um canto diferente de cada "
                     "janela"),
                Case((TWO_CHANNELS,), note="2 canais: cada um com o seu máximo"),
                Case((OVERLAP_X, 2, 1), np.array([[[[9.0, 9.0], [9.0, 9.0]]]]),
                     note="janelas sobrepostas (size 2, stride 1)"),
                Case((np.arange(30.0).reshape(1, 1, 5, 6) % 7, 3, 2),
                     note="size 3, stride 2 numa entrada 5×6"),
            ],
            strategy=pool_args(),
            properties=[Property("cada saída é o maior valor da sua janela",
                                 _pool_is_window_max)],
        ),
        FunctionCheck(
            name="maxpool2d_backward",
            points=2,
            max_examples=30,
            hints=[
                "dinputs começa com zeros, na forma de inputs: só os máximos vão receber "
                "alguma coisa.",
                "Para cada saída (n, c, i, j), ache na sua janela a posição do maior valor: "
                "np.argmax na janela achatada dá o primeiro máximo na ordem de leitura, e "
                "np.unravel_index o converte em linha e coluna.",
                "Some (não substitua) dvalues[n, c, i, j] nessa posição de dinputs: com "
                "janelas sobrepostas, um elemento pode receber de várias.",
            ],
            page=f"{PAGE}#retropropagacao-do-max-pooling",
            params=("dvalues", "inputs", "size", "stride"),
            cases=[
                Case((POOL_D, POOL_X), POOL_DX,
                     note="4×4 com o máximo em um canto diferente de cada janela"),
                Case((np.array([[[[5.0]]]]), TIE_X), np.array([[[[5.0, 0.0], [0.0, 0.0]]]]),
                     note="empate: só o primeiro máximo na ordem de leitura recebe"),
                Case((np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), OVERLAP_X, 2, 1),
                     np.array([[[[0.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 0.0]]]]),
                     note="janelas sobrepostas: o 9 é o máximo das quatro e acumula"),
                Case((np.arange(8.0).reshape(1, 2, 2, 2) + 1, TWO_CHANNELS),
                     note="2 canais: cada um com o seu máximo"),
            ],
            strategy=pool_backward_args(),
            properties=[
                Property("gradiente numérico (entradas sem empates)", _pool_gradient,
                         strategy=pool_backward_args(distinct=True)),
                Property("o gradiente de cada saída vai inteiro para um elemento",
                         _pool_gradient_conserved),
            ],
        ),
    ],
)
