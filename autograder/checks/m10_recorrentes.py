"""Verificações do módulo 10: redes recorrentes (RNN e LSTM).

Formas (uma linha por amostra, como no livro): `x_t (N, D)`, `h_prev (N, H)`,
`Wx (D, H)`, `Wh (H, H)`, `b (1, H)` ou `(H,)`; na LSTM, `Wx (D, 4H)`,
`Wh (H, 4H)`, `b (1, 4H)` ou `(4H,)`, com as portas na ordem entrada,
esquecimento, candidato, saída (i, f, g, o, a do PyTorch).

As entradas geradas vão de N, D, H = 1 a valores grandes (±50, onde a tanh e a
sigmoide saturam) e zeros; o viés chega nas duas formas. Além da referência,
propriedades sem ela: |h| ≤ 1; cada estado da sequência segue do anterior
pela fórmula da RNN; na LSTM, |c_t| ≤ |c_prev| + 1 e |h_t| ≤ |tanh(c_t)|.

`rnn_step_backward` é conferida também por diferenças finitas (centrais,
h = 1e-5, float64), com a fórmula de ida tanh(x·Wx + h·Wh + b) em NumPy puro
(nunca a referência de volta). Para isso o `h_t` gerado é coerente com a ida:
o corretor calcula h_t = tanh(x·Wx + h_prev·Wh + b) com o viés fixo
`bias_for(H)`, que a propriedade refaz. Erro aceito, a medida do CS231n no
array inteiro: max|a − b| / max(1e-3, max|a| + max|b|) ≤ 1e-6 (o piso 1e-3,
em vez do 1e-8 do CS231n, cobre o arredondamento quando x_t é minúsculo e o
gradiente inteiro também); as entradas
dessa propriedade ficam em [−1, 1] (pesos em [−0,5, 0,5]), longe da saturação,
onde a diferença central perderia a precisão.
"""

from __future__ import annotations

import numpy as np

from ..compare import as_array, compare, unsupported
from ..gradcheck import GRAD_TOL, computed_once, numeric_array, relative_gap
from ..report import format_value
from ..spec import Case, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, reals, st

PAGE = "conceitos/recorrentes.md"
H_STEP = 1e-5  # passo das diferenças centrais
# Piso da escala do erro relativo: o arredondamento da diferença central é de
# ~1e-10 em valor absoluto (somas de até 16 tanh vezes dh ≤ 2, divididas por
# 2h); um gradiente inteiro menor que 1e-3 é comparado com tolerância
# absoluta de 1e-9, não relativa.
GRAD_FLOOR = 1e-3


# ---------------------------------------------------------------------------
# Fórmulas de ida em NumPy puro (para propriedades e modelos de erro)


def _f(x):
    return np.asarray(x, dtype=float)


def _step(x, h, Wx, Wh, b):
    return np.tanh(_f(x) @ Wx + _f(h) @ Wh + b)


def bias_for(H: int) -> np.ndarray:
    """O viés fixo com que o corretor gera h_t nas entradas de `rnn_step_backward`."""
    return np.linspace(-0.5, 0.5, H).reshape(1, H) if H > 1 else np.array([[0.25]])


# ---------------------------------------------------------------------------
# Estratégias


def _values(scale: float):
    return st.one_of(reals(scale), st.sampled_from([0.0, 1.0, -1.0]))


def _arr(shape, elements):
    return hnp.arrays(np.float64, shape, elements=elements)


ELEMENTS = st.one_of(reals(2.0), reals(50.0), st.sampled_from([0.0, 1.0, -1.0]))


def _bias(draw, width, elements):
    flat = draw(st.booleans())
    return draw(_arr((width,) if flat else (1, width), elements))


@st.composite
def step_args(draw):
    """(x_t (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b)."""
    n, d, h = (draw(st.integers(1, 4)) for _ in range(3))
    return (draw(_arr((n, d), ELEMENTS)), draw(_arr((n, h), _values(1.0))),
            draw(_arr((d, h), ELEMENTS)), draw(_arr((h, h), ELEMENTS)),
            _bias(draw, h, ELEMENTS))


@st.composite
def forward_args(draw):
    """(x (N, T, D), h0 (N, H), Wx, Wh, b)."""
    n, t, d, h = (draw(st.integers(1, 4)) for _ in range(4))
    small = st.one_of(reals(2.0), st.sampled_from([0.0, 1.0, -1.0]))
    elements = draw(st.sampled_from([small, ELEMENTS]))
    return (draw(_arr((n, t, d), elements)), draw(_arr((n, h), _values(1.0))),
            draw(_arr((d, h), elements)), draw(_arr((h, h), elements)),
            _bias(draw, h, elements))


@st.composite
def lstm_args(draw):
    """(x_t (N, D), h_prev (N, H), c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H))."""
    n, d, h = (draw(st.integers(1, 4)) for _ in range(3))
    return (draw(_arr((n, d), ELEMENTS)), draw(_arr((n, h), _values(1.0))),
            draw(_arr((n, h), st.one_of(reals(3.0), reals(100.0)))),
            draw(_arr((d, 4 * h), ELEMENTS)), draw(_arr((h, 4 * h), ELEMENTS)),
            _bias(draw, 4 * h, ELEMENTS))


def _backward_args(x_elements, w_elements, dh_elements):
    @st.composite
    def build(draw):
        n, d, h = (draw(st.integers(1, 4)) for _ in range(3))
        x = draw(_arr((n, d), x_elements))
        h_prev = draw(_arr((n, h), _values(1.0)))
        Wx = draw(_arr((d, h), w_elements))
        Wh = draw(_arr((h, h), w_elements))
        dh = draw(_arr((n, h), dh_elements))
        h_t = _step(x, h_prev, Wx, Wh, bias_for(h))  # coerente com a ida
        return dh, x, h_prev, Wx, Wh, h_t

    return build()


def backward_args():
    """Para a comparação com a referência: inclui saturação e valores grandes."""
    return _backward_args(ELEMENTS, ELEMENTS, st.one_of(reals(10.0), reals(1000.0),
                                                        st.sampled_from([0.0, 1.0])))


def gradient_args():
    """Para as diferenças finitas: longe da saturação da tanh."""
    return _backward_args(st.floats(-1, 1, width=64), st.floats(-0.5, 0.5, width=64),
                          st.one_of(st.floats(-2, 2, width=64), st.just(1.0)))


# ---------------------------------------------------------------------------
# Propriedades (sem a referência)


def _array(received, shape, name):
    """(array, None) ou (None, mensagem): tipo e forma antes dos valores."""
    bad = unsupported(received)
    if bad is not None:
        return None, f"{name} não é um valor que o corretor aceite ({bad})"
    arr = as_array(received)
    if arr is None:
        return None, f"{name} deveria ser um array de números; veio {type(received).__name__}"
    if arr.shape != tuple(shape):
        return None, f"{name} deveria ter a forma {tuple(shape)}; veio {tuple(arr.shape)}"
    return arr, None


def _step_bounded(args, kwargs, received):
    x, h_prev = args[0], args[1]
    arr, problem = _array(received, (x.shape[0], h_prev.shape[1]), "h_t")
    if problem:
        return problem
    if not np.all(np.abs(arr) <= 1.0):
        return ("h_t deveria estar entre −1 e 1 (é a saída de uma tanh); vieram valores "
                f"até {float(np.nanmax(np.abs(arr))):.4g}")
    return None


def _forward_recurrence(args, kwargs, received):
    """Cada estado segue do anterior (o primeiro, de h0) pela fórmula da RNN."""
    x, h0, Wx, Wh, b = args
    n, t_steps, _ = x.shape
    arr, problem = _array(received, (n, t_steps, h0.shape[1]), "a saída")
    if problem:
        return problem
    previous = h0
    for t in range(t_steps):
        wanted = _step(x[:, t, :], previous, Wx, Wh, b)
        if not np.allclose(arr[:, t, :], wanted, rtol=1e-6, atol=1e-9):
            before = "h0" if t == 0 else f"o seu estado do passo {t - 1}"
            return (f"o estado do passo {t} não segue de {before}: deveria ser "
                    f"tanh(x[:, {t}, :]·Wx + estado anterior·Wh + b)\n"
                    f"esperado (a partir do anterior): {format_value(wanted)}\n"
                    f"recebido: {format_value(arr[:, t, :])}")
        previous = arr[:, t, :]
    return None


def _pair(received):
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return None
    return received


def _lstm_bounds(args, kwargs, received):
    x, h_prev, c_prev = args[:3]
    pair = _pair(received)
    if pair is None:
        return f"a saída deveria ser a tupla (h_t, c_t); veio {format_value(received)[:80]}"
    shape = h_prev.shape
    h_t, problem = _array(pair[0], shape, "h_t")
    if problem:
        return problem
    c_t, problem = _array(pair[1], shape, "c_t")
    if problem:
        return problem
    if not np.all(np.abs(c_t) <= np.abs(c_prev) * (1 + 1e-12) + 1 + 1e-12):
        return ("com f e i entre 0 e 1 e |g| ≤ 1, c_t = f·c_prev + i·g fica em "
                "|c_t| ≤ |c_prev| + 1; o seu c_t passou disso")
    if not np.all(np.abs(h_t) <= np.abs(np.tanh(c_t)) * (1 + 1e-12) + 1e-12):
        return ("h_t = o·tanh(c_t), com o entre 0 e 1, então |h_t| ≤ |tanh(c_t)| para o "
                "seu próprio c_t; o seu h_t passou disso")
    return None


BACKWARD_NAMES = ("dx", "dh_prev", "dWx", "dWh", "db")


def _bias_row(received):
    """O contrato aceita o viés como (1, H) ou (H,): o db de um b vetor é um
    vetor (H,), e vale como a linha (1, H) da referência."""
    if not isinstance(received, (tuple, list)) or len(received) != 5:
        return received
    db = as_array(received[4])
    if db is None or db.ndim != 1:
        return received
    return (*received[:4], db.reshape(1, -1))


BACKWARD_PARAMS = ("dh", "x_t", "h_prev", "Wx", "Wh", "h_t")


def compare_backward(args, kwargs, expected, received):
    return compare(expected, _bias_row(received),
                   inputs=[*zip(BACKWARD_PARAMS, args), *kwargs.items()])


def _backward_gradient(args, kwargs, received):
    dh, x, h_prev, Wx, Wh, h_t = args
    if not isinstance(received, (tuple, list)) or len(received) != 5:
        return ("a saída deveria ser a tupla (dx, dh_prev, dWx, dWh, db); veio "
                f"{format_value(received)[:80]}")
    received = _bias_row(received)
    X, Hp, A, B = x.copy(), h_prev.copy(), Wx.copy(), Wh.copy()
    b = bias_for(Wh.shape[0]).copy()
    numeric = computed_once("rnn_step_backward", (dh, x, h_prev, Wx, Wh), lambda: (
        numeric_array(lambda v: np.tanh(v @ A + Hp @ B + b), X, dh),
        numeric_array(lambda v: np.tanh(X @ A + v @ B + b), Hp, dh),
        numeric_array(lambda v: np.tanh(X @ v + Hp @ B + b), A, dh),
        numeric_array(lambda v: np.tanh(X @ A + Hp @ v + b), B, dh),
        numeric_array(lambda v: np.tanh(X @ A + Hp @ B + v), b, dh),
    ))
    wrt = ("x_t", "h_prev", "Wx", "Wh", "b")
    for name, target, num, got in zip(BACKWARD_NAMES, wrt, numeric, received):
        arr, problem = _array(got, num.shape, name)
        if problem:
            return problem
        gap = relative_gap(arr, num)
        if not (np.isfinite(gap) and gap <= GRAD_TOL):
            return (f"{name} (em relação a `{target}`) não bate com o gradiente numérico de "
                    f"sum(dh · tanh(x_t·Wx + h_prev·Wh + b)) (diferenças centrais): erro "
                    f"relativo {gap:.2g} (aceito até {GRAD_TOL:g})\n"
                    f"numérico: {format_value(num)}\n"
                    f"recebido: {format_value(arr)}")
    return None


def _backward_shapes(args, kwargs, received):
    dh, x, h_prev, Wx, Wh, _ = args
    if not isinstance(received, (tuple, list)) or len(received) != 5:
        return ("a saída deveria ser a tupla de 5 gradientes (dx, dh_prev, dWx, dWh, db); "
                f"veio {format_value(received)[:80]}")
    shapes = (x.shape, h_prev.shape, Wx.shape, Wh.shape, (1, Wh.shape[0]))
    for name, shape, got in zip(BACKWARD_NAMES, shapes, _bias_row(received)):
        _, problem = _array(got, shape, name)
        if problem:
            return problem + (" (cada gradiente tem a forma daquilo que ele deriva; o do "
                              "viés, (1, H) ou (H,), como o próprio b)")
    return None


# ---------------------------------------------------------------------------
# Erros conhecidos (cada modelo é a função certa com um erro só)


# ---------------------------------------------------------------------------
# Casos fixos

A = np.array


def _site_sequence():
    """O exemplo da página Tipos de redes: W = 0,5, U = 0,8, b = 0, entrada 1, 0, 0, 0."""
    x = A([[[1.0], [0.0], [0.0], [0.0]]])
    return x, A([[0.0]]), A([[0.5]]), A([[0.8]]), A([0.0])


def _site_states():
    states, h = [], 0.0
    for x in (1.0, 0.0, 0.0, 0.0):
        h = np.tanh(0.5 * x + 0.8 * h)
        states.append([h])
    return A([states])  # ≈ 0,4621, 0,3537, 0,2757, 0,2170


SITE_STATES = _site_states()

X23 = A([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
H22 = A([[0.1, -0.4], [0.7, 0.0]])
WX32 = A([[0.2, -0.1], [0.5, 0.3], [-0.6, 0.8]])
WH22 = A([[0.9, -0.2], [0.1, 0.4]])

SEQ = A([[[1.0, 0.0], [0.5, -1.0], [0.0, 2.0]],
         [[-1.0, 1.0], [0.0, 0.0], [3.0, 0.5]]])  # (2, 3, 2)
WX23 = A([[0.3, -0.2, 0.1], [0.4, 0.2, -0.5]])
WH33 = A([[0.5, 0.1, 0.0], [-0.3, 0.6, 0.2], [0.1, -0.4, 0.7]])

LSTM_WX = A([[0.2, -0.1, 0.4, 0.3, 0.0, 0.5, -0.2, 0.1],
             [-0.3, 0.6, 0.1, -0.5, 0.2, 0.2, 0.3, -0.4],
             [0.1, 0.1, -0.2, 0.2, 0.4, -0.3, 0.5, 0.6]])  # (3, 8): D = 3, H = 2
LSTM_WH = A([[0.1, 0.2, -0.1, 0.0, 0.3, -0.2, 0.2, 0.1],
             [-0.2, 0.1, 0.3, 0.4, -0.1, 0.2, 0.0, -0.3]])  # (2, 8)
LSTM_B = A([0.1, 0.5, 0.0, -0.1, 0.2, 0.0, 0.3, -0.2])

STEP_CASES = [
    Case((A([[1.0]]), A([[0.0]]), A([[0.5]]), A([[0.8]]), A([0.0])), A([[np.tanh(0.5)]]),
         note="exemplo do site (um neurônio): tanh(0,5) ≈ 0,4621"),
    Case((A([[0.0]]), A([[np.tanh(0.5)]]), A([[0.5]]), A([[0.8]]), A([0.0])),
         A([[np.tanh(0.8 * np.tanh(0.5))]]),
         note="o segundo passo do exemplo do site: só a memória, tanh(0,8·0,4621)"),
    Case((X23, H22, WX32, WH22, A([[0.1, -0.2]])),
         note="2 amostras, D = 3, H = 2, viés de forma (1, H)"),
    Case((X23, H22, WX32, WH22, A([0.1, -0.2])),
         note="o mesmo, com o viés de forma (H,)"),
    Case((X23, np.zeros((2, 2)), WX32, WH22, A([[0.0, 0.0]])),
         note="estado anterior zero e viés zero: só a entrada conta"),
]

FORWARD_CASES = [
    Case(_site_sequence(), SITE_STATES,
         note="exemplo do site: entrada 1, 0, 0, 0 dá 0,4621, 0,3537, 0,2757, 0,2170"),
    Case((SEQ, A([[0.0, 0.0, 0.0], [0.5, -0.5, 0.1]]), WX23, WH33, A([0.1, 0.0, -0.1])),
         note="2 amostras, 3 passos, D = 2, H = 3"),
    Case((SEQ[:, :1, :], A([[0.2, 0.0, -0.2], [0.0, 0.0, 0.0]]), WX23, WH33,
          A([[0.0, 0.3, 0.0]])),
         note="um passo só (T = 1): igual a um rnn_step"),
]

LSTM_CASES = [
    Case((A([[0.0]]), A([[0.0]]), A([[2.0]]), np.zeros((1, 4)), np.zeros((1, 4)),
          A([0.0, 0.0, 0.0, 0.0])),
         (A([[0.5 * np.tanh(1.0)]]), A([[1.0]])),
         note="pesos e viés zero: portas 0,5 e candidato 0, c_t = 0,5·2 = 1, "
              "h_t = 0,5·tanh(1)"),
    Case((A([[0.0]]), A([[0.0]]), A([[3.0]]), np.zeros((1, 4)), np.zeros((1, 4)),
          A([[50.0, -50.0, 0.5, 50.0]])),
         note="entrada aberta, esquecimento fechado, saída aberta (viés ±50): "
              "c_t = tanh(0,5), o 3 antigo é esquecido"),
    Case((X23, H22, A([[1.0, -1.0], [0.5, 2.0]]), LSTM_WX, LSTM_WH, LSTM_B),
         note="2 amostras, D = 3, H = 2 (portas nas colunas 0–1, 2–3, 4–5, 6–7)"),
]

BACKWARD_CASES = [
    Case((A([[1.0]]), A([[1.0]]), A([[0.5]]), A([[0.5]]), A([[0.8]]),
          A([[np.tanh(0.9)]])),
         note="um neurônio: x = 1, h_prev = 0,5, Wx = 0,5, Wh = 0,8, b = 0 "
              "(da = 1 − tanh²(0,9) ≈ 0,4869)"),
    Case((A([[1.0, -0.5], [0.25, 2.0]]), X23, H22, WX32, WH22,
          _step(X23, H22, WX32, WH22, A([[0.1, -0.2]]))),
         note="2 amostras, D = 3, H = 2"),
    Case((A([[1.0, 1.0]]), A([[1.0, 2.0, 3.0]]), A([[0.0, 0.0]]), WX32, WH22,
          A([[1.0, -1.0]])),
         note="tanh saturada (h_t = ±1): o gradiente não atravessa"),
]


# ---------------------------------------------------------------------------

SPEC = ModuleSpec(
    id="m10_recorrentes",
    title="Redes recorrentes (RNN e LSTM)",
    checks=[
        FunctionCheck(
            name="rnn_step",
            points=2,
            max_examples=30,
            hints=[
                "Confira as formas: x_t·Wx é (N, D)·(D, H) e h_prev·Wh é (N, H)·(H, H); as "
                "duas parcelas dão (N, H).",
                "Some as duas parcelas e o viés antes de qualquer ativação.",
                "A ativação da célula é a tangente hiperbólica, aplicada à soma inteira.",
            ],
            page=f"{PAGE}#celula-rnn",
            params=("x_t", "h_prev", "Wx", "Wh", "b"),
            cases=STEP_CASES,
            strategy=step_args(),
            properties=[Property("forma (N, H) e valores entre −1 e 1", _step_bounded)],
        ),
        FunctionCheck(
            name="rnn_forward",
            points=2,
            max_examples=30,
            hints=[
                "Percorra os passos t = 0, 1, ..., T − 1; a entrada do passo t de todas as "
                "amostras é x[:, t, :].",
                "Guarde numa variável o estado atual: ele começa em h0 e é trocado pelo "
                "novo estado a cada passo.",
                "Prepare antes um array de zeros (N, T, H) e grave nele o estado depois "
                "de cada passo; h0 não entra na saída.",
            ],
            page=f"{PAGE}#sequencia",
            params=("x", "h0", "Wx", "Wh", "b"),
            cases=FORWARD_CASES,
            strategy=forward_args(),
            properties=[Property("cada estado segue do anterior pela fórmula da RNN",
                                 _forward_recurrence)],
        ),
        FunctionCheck(
            name="lstm_step",
            points=2,
            max_examples=30,
            hints=[
                "Calcule uma soma ponderada só, x_t·Wx + h_prev·Wh + b, de forma (N, 4H), e "
                "corte-a em quatro blocos de H colunas.",
                "A ordem dos blocos é entrada, esquecimento, candidato, saída; as três "
                "portas usam a sigmoide e o candidato usa a tanh.",
                "A memória nova mistura a antiga (pela porta de esquecimento) com o "
                "candidato (pela porta de entrada); o estado é a porta de saída vezes a "
                "tanh da memória nova.",
            ],
            page=f"{PAGE}#lstm",
            params=("x_t", "h_prev", "c_prev", "Wx", "Wh", "b"),
            cases=LSTM_CASES,
            strategy=lstm_args(),
            properties=[Property("formas (N, H), |c_t| ≤ |c_prev| + 1 e |h_t| ≤ |tanh(c_t)|",
                                 _lstm_bounds)],
        ),
        FunctionCheck(
            name="rnn_step_backward",
            points=2,
            max_examples=30,
            hints=[
                "Primeiro atravesse a tanh: o gradiente em relação à soma ponderada usa a "
                "saída h_t, que já foi calculada.",
                "Depois, a soma ponderada é como duas camadas densas: uma com a entrada "
                "x_t e os pesos Wx, outra com o estado h_prev e os pesos Wh.",
                "Cada gradiente tem a forma daquilo que ele deriva; o do viés é a soma das "
                "amostras, com a forma do b: (1, H) com keepdims=True, ou (H,).",
            ],
            page=f"{PAGE}#retropropagacao",
            params=BACKWARD_PARAMS,
            cases=BACKWARD_CASES,
            strategy=backward_args(),
            comparator=compare_backward,
            properties=[
                Property("formas dos cinco gradientes", _backward_shapes),
                Property("confere com o gradiente numérico (diferenças finitas)",
                         _backward_gradient, strategy=gradient_args()),
            ],
        ),
    ],
)
