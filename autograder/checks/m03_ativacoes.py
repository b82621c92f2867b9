"""Verificações do módulo 3: funções de ativação.

Entradas grandes fazem parte de todas as verificações: os elementos gerados
vão de números pequenos (onde cada fórmula é precisa) a ±1000 e ±1e308 (onde
as fórmulas ingênuas estouram). A exigência é sobre o resultado: finito e
correto para qualquer `z` finito. Um aviso de overflow do NumPy não tira
ponto: a sigmoide direta `1 / (1 + np.exp(-z))` dá 0.0 (certo) em
`z = -1e308`, embora avise; já `np.exp(z) / (1 + np.exp(z))` dá nan e perde.
"""

from __future__ import annotations

import numpy as np

from .. import results as R
from ..compare import as_array, compare, unsupported
from ..engine import error_text
from ..report import format_value
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, reals, st

PAGE = "conceitos/funcoes-de-ativacao.md"

# Valores que separam as fórmulas estáveis das que estouram: np.exp passa a
# dar inf a partir de ~709,8 e zero abaixo de ~-745.
EDGES = [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 20.0, -20.0, 709.0, 710.0,
         -745.0, -746.0, 1000.0, -1000.0, 1e308, -1e308]


def wide_reals():
    """Floats finitos de todas as escalas, com zero e os extremos sempre possíveis."""
    return st.one_of(
        reals(10.0),
        reals(1000.0),
        st.floats(-1e308, 1e308, allow_nan=False, allow_infinity=False, width=64),
        st.sampled_from(EDGES),
    )


def any_shape(elements, max_dims: int = 3, max_side: int = 3):
    """Um array de 1 a `max_dims` dimensões (funções elemento a elemento)."""
    shapes = hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=max_side)
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=elements))


def rows(max_rows: int = 4, max_cols: int = 5):
    """Logits da softmax: um vetor (k,) ou uma matriz (n, k), de ±10 a ±1000."""
    elements = st.one_of(reals(10.0), reals(1000.0), st.sampled_from([0.0, 1000.0, -1000.0]))
    shapes = st.one_of(
        st.tuples(st.integers(1, max_cols)),
        st.tuples(st.integers(1, max_rows), st.integers(1, max_cols)),
    )
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=elements))


def one_array(strategy):
    return st.tuples(strategy)


# ---------------------------------------------------------------------------
# Propriedades sem a referência


def _received_array(args, received):
    """(array recebido, mensagem de erro ou None): forma e tipo antes dos valores."""
    bad = unsupported(received)
    if bad is not None:
        return None, f"a saída não é um valor que o corretor aceite ({bad})"
    arr = as_array(received)
    if arr is None:
        return None, f"a saída deveria ser um array de números; veio {type(received).__name__}"
    (z,) = args
    if arr.shape != z.shape:
        return None, (f"a saída deveria ter a mesma forma da entrada {tuple(z.shape)}; "
                      f"veio {tuple(arr.shape)}")
    return arr, None


def _step_values(args, kwargs, received):
    arr, problem = _received_array(args, received)
    if problem:
        return problem
    if isinstance(received, np.ndarray) and received.dtype.kind == "b":
        return ("a saída é um array booleano (True/False): devolva números 0.0 e 1.0, por "
                "exemplo com np.where(z > 0, 1.0, 0.0) ou (z > 0).astype(float)")
    if not np.all((arr == 0) | (arr == 1)):
        return "a saída do degrau só pode ter 0.0 e 1.0"
    return None


def _relu_values(args, kwargs, received):
    arr, problem = _received_array(args, received)
    if problem:
        return problem
    (z,) = args
    if np.any(arr < 0) or not np.all(np.isfinite(arr)):
        return "a saída da ReLU nunca é negativa (nem nan ou inf para z finito)"
    if not np.array_equal(arr[z > 0], z[z > 0]):
        return "onde z > 0, a ReLU devolve o próprio z"
    return None


def _range(low, high, name):
    def check(args, kwargs, received):
        arr, problem = _received_array(args, received)
        if problem:
            return problem
        if not np.all(np.isfinite(arr)):
            return (f"a saída da {name} tem nan ou inf: para qualquer z finito ela deve ser "
                    "finita (a fórmula estourou com uma entrada grande)")
        if np.any(arr < low) or np.any(arr > high):
            return f"a saída da {name} deve ficar entre {low:g} e {high:g}"
        return None

    return check


def _softmax_rows(args, kwargs, received):
    arr, problem = _received_array(args, received)
    if problem:
        return problem
    if not np.all(np.isfinite(arr)):
        return ("a softmax deu nan ou inf: subtraia o máximo de cada linha antes da "
                "exponencial")
    if np.any(arr < 0) or np.any(arr > 1):
        return "as probabilidades da softmax devem ficar entre 0 e 1"
    totals = np.sum(arr, axis=-1)
    if not np.allclose(totals, 1.0, rtol=0, atol=1e-9):
        return (f"cada linha da softmax deve somar 1 (ao longo do último eixo); as somas "
                f"deram {np.round(totals, 6).tolist()}")
    return None


# ---------------------------------------------------------------------------
# Erros conhecidos


NO_SHIFT = ("softmax sem subtrair o máximo: estoura (overflow) com entradas grandes "
            "(np.exp(1000) é inf, e inf/inf dá nan); subtraia np.max(z, axis=-1, "
            "keepdims=True) antes da exponencial")


# ---------------------------------------------------------------------------
# Testes escritos à mão da softmax


def _values_failure(title, inputs, expected, received, hint) -> Failure:
    """Falha com esperado × recebido escritos no título.

    Com `has_values=True`, o motor tentaria casar os erros modelados da função
    com os exemplos que ele mesmo guardou; num teste escrito à mão não há
    nenhum, e todos os modelos "casariam". Por isso os valores vão no texto e
    a dica vai direto em `hints`.
    """
    lines = [title] + [f"{name} = {format_value(value)}" for name, value in inputs]
    lines += [f"esperado: {format_value(expected)}", f"recebido: {format_value(received)}"]
    return Failure("\n".join(lines), hints=[hint] if hint else [])


def _one_d(learner, oracle):
    """Um vetor 1-D é uma amostra só: a softmax usa o único eixo."""
    for z in (np.array([4.8, 1.21, 2.385]), np.array([1000.0, 999.0, -1000.0]),
              np.array([3.0])):
        out = learner.call("softmax", z)
        if out.error is not None:
            hint = None
            if out.error["type"] == "AxisError" or "out of bounds for array" in out.error["message"]:
                hint = ("axis=1 não existe num vetor 1-D: use axis=-1 (o último eixo), que "
                        "serve para vetores e para matrizes")
            return Failure(f"sua função levantou {error_text(out.error)}", [("z", z)],
                           hints=[hint] if hint else [])
        expected = oracle["softmax"](z.copy())
        diff = compare(expected, out.value, inputs=[("z", z)])
        if diff is not None:
            hint = diff.hint
            for mistake in oracle.mistakes("softmax"):
                try:
                    if compare(mistake.model(z.copy()), out.value) is None:
                        hint = mistake.message
                        break
                except Exception:  # noqa: BLE001 - o modelo pode não se aplicar
                    continue
            return _values_failure(f"com um vetor 1-D (uma amostra só): {diff.message}",
                                   [("z", z)], expected, out.value, hint)
    return None


def _shift_invariant(learner, reference):
    """softmax(z + c) = softmax(z): conferido só com o código do aprendiz."""
    z = np.round(3 * np.random.RandomState(5).randn(3, 4), 3)
    base = learner.call("softmax", z)
    if base.error is not None:
        return Failure(f"sua função levantou {error_text(base.error)}", [("z", z)])
    for c in (1000.0, -1000.0):
        shifted = learner.call("softmax", z + c)
        if shifted.error is not None:
            return Failure(f"sua função levantou {error_text(shifted.error)}",
                           [("z", z + c)])
        diff = compare(base.value, shifted.value, name=f"softmax(z {c:+g})")
        if diff is not None:
            received = as_array(shifted.value)
            hint = NO_SHIFT if received is not None and not np.all(np.isfinite(received)) else None
            return _values_failure(
                f"somar a mesma constante ({c:+g}) a todos os logits não muda a softmax, "
                f"mas a sua mudou: {diff.message} (o esperado abaixo é a sua própria "
                "softmax(z))",
                [("z", z), ("c", c)], base.value, shifted.value, hint)
    return None


# ---------------------------------------------------------------------------

BOOK_LOGITS = np.array([[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]])
BOOK_SOFTMAX = np.array([
    [8.95282664e-01, 2.47083068e-02, 8.00090293e-02],
    [9.99811129e-01, 2.23163963e-05, 1.66554348e-04],
    [5.13097164e-01, 3.58333899e-01, 1.28568936e-01],
])
HUGE = np.array([-1e308, -1000.0, -746.0, 0.0, 746.0, 1000.0, 1e308])
# O contrato diz "array de números": inteiros também. Um `np.empty_like(z)`
# herda o dtype inteiro e trunca a saída; só uma entrada inteira mostra isso.
INTEGERS = np.array([1, 2, -3])
INTEGERS_NOTE = "array de inteiros, np.array([1, 2, -3]): a saída é de floats"

SPEC = ModuleSpec(
    id="m03_ativacoes",
    title="Funções de ativação",
    checks=[
        FunctionCheck(
            name="step",
            points=2,
            page=f"{PAGE}#degrau",
            hints=[
                "A saída é 1.0 onde a entrada é estritamente maior que zero, e 0.0 no resto (zero inclusive).",
                "Uma comparação elemento a elemento dá um array de booleanos; converta-o para números reais.",
            ],
            plot_range=(-3.0, 3.0),
            params=("z",),
            cases=[
                Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), np.array([0.0, 0.0, 0.0, 1.0, 1.0]),
                     note="exemplo do site"),
                Case((np.array([[0.0, 1e-300], [-1e-300, 1e308]]),),
                     np.array([[0.0, 1.0], [0.0, 1.0]]), note="zero, valores minúsculos e enormes"),
                Case((INTEGERS,), note=INTEGERS_NOTE),
            ],
            strategy=one_array(any_shape(wide_reals())),
            max_examples=30,
            properties=[Property("saída: só 0.0 e 1.0, em números (não booleanos)",
                                 _step_values)],
        ),
        FunctionCheck(
            name="relu",
            points=2,
            page=f"{PAGE}#relu",
            hints=[
                "ReLU deixa passar os valores positivos e troca os negativos por zero.",
                "Há uma função do NumPy que compara elemento a elemento e fica com o maior de dois valores.",
            ],
            plot_range=(-3.0, 3.0),
            params=("z",),
            cases=[
                Case((np.array([[-2.0, -0.5, 0.0], [0.5, 2.0, -1.0]]),),
                     np.array([[0.0, 0.0, 0.0], [0.5, 2.0, 0.0]]), note="exemplo do site"),
                Case((np.array([-1e308, 1e308, 3.5]),), np.array([0.0, 1e308, 3.5]),
                     note="valores enormes"),
                Case((INTEGERS,), note=INTEGERS_NOTE),
            ],
            strategy=one_array(any_shape(wide_reals())),
            max_examples=30,
            properties=[Property("saída ≥ 0 e igual a z onde z > 0", _relu_values)],
        ),
        FunctionCheck(
            name="sigmoid",
            points=2,
            page=f"{PAGE}#sigmoide",
            hints=[
                "A sigmoide é 1 / (1 + e^(−z)); a saída fica sempre entre 0 e 1.",
                "Com z muito negativo, e^(−z) estoura; separe os casos z ≥ 0 e z < 0 e use, no segundo, a forma equivalente e^z / (1 + e^z).",
                "Calcule cada caso só nos elementos em que ele é estável (máscaras), para não gerar inf nem nan.",
            ],
            plot_range=(-8.0, 8.0),
            params=("z",),
            cases=[
                Case((np.array([0.0]),), np.array([0.5]), note="σ(0) = 0,5"),
                Case((np.array([-5.0, -1.0, 0.0, 1.0, 5.0]),), note="exemplo do site"),
                Case((HUGE,), note="entradas enormes (a saída deve ser finita)"),
                Case((np.array([[2.0, -2.0], [0.5, -30.0]]),), note="matriz 2×2"),
                Case((INTEGERS,), note=INTEGERS_NOTE),
            ],
            strategy=one_array(any_shape(wide_reals())),
            max_examples=30,
            properties=[Property("saída finita, entre 0 e 1", _range(0.0, 1.0, "sigmoide"))],
        ),
        FunctionCheck(
            name="tanh",
            points=2,
            page=f"{PAGE}#tanh",
            hints=[
                "A tangente hiperbólica vai de −1 a 1 e passa por 0 na origem.",
                "O NumPy já tem essa função, estável para qualquer entrada; escrever a fórmula com exponenciais estoura para |z| grande.",
            ],
            plot_range=(-4.0, 4.0),
            params=("z",),
            cases=[
                Case((np.array([0.0]),), np.array([0.0]), note="tanh(0) = 0"),
                Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), note="exemplo do site"),
                Case((HUGE,), note="entradas enormes (a saída deve ser finita)"),
                Case((np.array([[1.0, -3.0], [0.25, 10.0]]),), note="matriz 2×2"),
                Case((INTEGERS,), note=INTEGERS_NOTE),
            ],
            strategy=one_array(any_shape(wide_reals())),
            max_examples=30,
            properties=[Property("saída finita, entre −1 e 1", _range(-1.0, 1.0, "tanh"))],
        ),
        FunctionCheck(
            name="softmax",
            points=2,
            page=f"{PAGE}#softmax",
            hints=[
                "Softmax transforma cada linha em probabilidades: exponencial de cada valor dividida pela soma das exponenciais da linha.",
                "Some ao longo do último eixo (axis=-1) e mantenha a dimensão (keepdims=True), para a divisão casar com cada linha.",
                "Subtrair o máximo da linha antes da exponencial não muda o resultado e evita o estouro com entradas grandes.",
            ],
            params=("z",),
            cases=[
                Case((BOOK_LOGITS,), BOOK_SOFTMAX,
                     note="exemplo do livro (saídas da camada, 3 amostras)"),
                Case((np.array([[1000.0, 1000.0, 1000.0], [-1000.0, -999.0, -1000.0]]),),
                     note="logits grandes (±1000)"),
                Case((np.array([[2.0, 1.0, 0.1], [1000.0, 1000.0, 999.0]]),),
                     note="exemplo do site"),
                Case((np.array([[1, 2, 3], [0, 0, -1]]),),
                     note="matriz de inteiros: a saída é de floats"),
            ],
            strategy=one_array(rows()),
            max_examples=30,
            properties=[Property("cada linha soma 1, valores entre 0 e 1, finitos",
                                 _softmax_rows)],
            custom=[
                Custom("vetor 1-D (uma amostra só)", _one_d),
                # Uma constante também é invariante: a propriedade só desconta.
                Custom("softmax(z + c) = softmax(z), também com c = ±1000", _shift_invariant,
                       kind=R.CONDITION),
            ],
        ),
    ],
)
