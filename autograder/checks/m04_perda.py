"""Verificações do módulo 4: funções de perda e acurácia.

Cada função devolve um número só (float do Python ou escalar 0-d do NumPy;
os dois valem). As entradas geradas incluem previsões exatamente 0 e 1 (onde
o corte com `np.clip` faz diferença), rótulos como índices e em one-hot, uma
linha só, uma classe com probabilidade 1 e valores grandes na MSE.

Os rótulos de classe chegam de dois jeitos (índices `(n,)` ou one-hot
`(n, k)`); além das entradas geradas, que sorteiam o formato, um teste
escrito à mão passa o mesmo exemplo nos dois formatos e diz qual deles o
código do aprendiz não trata.
"""

from __future__ import annotations

import numpy as np

from ..compare import as_array, compare, unsupported
from ..engine import error_hint, error_text
from ..report import format_value
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, labels_and_probs, reals, st

PAGE = "conceitos/perda.md"
EPS = 1e-7  # o corte das probabilidades: [EPS, 1 - EPS]
MAX_CE = -np.log(EPS)  # a maior perda possível depois do corte (≈ 16,118)


# ---------------------------------------------------------------------------
# Dados em espiral (como nnfs.datasets.spiral_data, com um gerador próprio em
# vez do np.random global) e uma rede recém-criada: a perda fica perto de ln 3.


def spiral_data(samples: int, classes: int, seed: int = 0):
    rng = np.random.RandomState(seed)
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples)
        t = t + rng.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


def _fresh_network_predictions(X, seed: int = 0):
    """Densa(2, 3) + ReLU + Densa(3, 3) + softmax, pesos 0,01·randn (como no livro)."""
    rng = np.random.RandomState(seed)
    w1, w2 = 0.01 * rng.randn(2, 3), 0.01 * rng.randn(3, 3)
    hidden = np.maximum(0, X @ w1)
    z = hidden @ w2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


SPIRAL_X, SPIRAL_Y = spiral_data(100, 3)
SPIRAL_UNIFORM = np.full((300, 3), 1 / 3)
SPIRAL_FRESH = _fresh_network_predictions(SPIRAL_X)
LN3 = float(np.log(3))
LN2 = float(np.log(2))

BOOK_PROBS = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
BOOK_LABELS = np.array([0, 1, 1])
BOOK_CE = float(np.mean(-np.log([0.7, 0.5, 0.9])))  # 0.385060880...
ACC_PROBS = np.array([[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]])
FOUR_BY_THREE = np.array([[0.2, 0.5, 0.3], [0.0, 0.0, 1.0], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5]])
FOUR_LABELS = np.array([1, 2, 1, 0])


# ---------------------------------------------------------------------------
# Estratégias


def _shapes():
    """(n,) ou (n, k): um vetor de amostras ou uma saída por coluna."""
    return st.one_of(st.tuples(st.integers(1, 6)),
                     st.tuples(st.integers(1, 5), st.integers(1, 4)))


def _mse_elements():
    return st.one_of(reals(10.0), reals(1e4), st.sampled_from([0.0, -0.0, 1.5, -2.0]))


def mse_args():
    return _shapes().flatmap(lambda s: st.tuples(
        hnp.arrays(np.float64, s, elements=_mse_elements()),
        hnp.arrays(np.float64, s, elements=_mse_elements()),
    ))


EDGE_PROBS = [0.0, 1.0, 0.5, 1e-9, 1 - 1e-9, 1e-7, 1 - 1e-7, 1e-3]


def binary_args():
    probs = st.one_of(st.floats(0.0, 1.0, width=64), st.sampled_from(EDGE_PROBS))
    label_dtype = st.sampled_from([np.int64, np.float64])
    return st.tuples(_shapes(), label_dtype).flatmap(lambda sd: st.tuples(
        hnp.arrays(np.float64, sd[0], elements=probs),
        hnp.arrays(sd[1], sd[0], elements=st.integers(0, 1)),
    ))


def class_args():
    """(y_pred, y_true): probabilidades (n, k) e rótulos em índices ou one-hot."""
    return labels_and_probs(max_rows=6, max_classes=5)


# ---------------------------------------------------------------------------
# Propriedades sem a referência


def _scalar(received):
    """(valor float, mensagem de erro ou None): um número só, antes de tudo."""
    bad = unsupported(received)
    if bad is not None:
        return None, f"a saída não é um valor que o corretor aceite ({bad})"
    arr = as_array(received)
    if arr is None:
        return None, f"a saída deveria ser um número; veio {type(received).__name__}"
    if arr.shape != ():
        return None, (f"a saída deveria ser um número só (a média de tudo); veio um array "
                      f"de forma {tuple(arr.shape)}")
    return float(arr), None


def _loss_range(name, upper=None):
    def check(args, kwargs, received):
        value, problem = _scalar(received)
        if problem:
            return problem
        if not np.isfinite(value):
            return (f"a {name} deu {value}: com o corte em [1e-7, 1 − 1e-7] ela é sempre "
                    "finita" if upper is not None else f"a {name} deu {value}")
        if value < 0:
            return f"a {name} nunca é negativa; veio {value!r}"
        if upper is not None and value > upper * (1 + 1e-9):
            return (f"depois do corte em [1e-7, 1 − 1e-7], a {name} é no máximo "
                    f"−log(1e-7) ≈ {upper:.4f}; veio {value!r}")
        return None

    return check


def _accuracy_range(args, kwargs, received):
    value, problem = _scalar(received)
    if problem:
        return problem
    n = len(args[0])
    if not 0 <= value <= 1:
        return (f"a acurácia é uma fração entre 0 e 1; veio {value!r} (contagem de "
                "acertos ou porcentagem?)")
    hits = value * n
    if abs(hits - round(hits)) > 1e-9:
        return (f"com {n} amostras a acurácia só pode ser um múltiplo de 1/{n} "
                f"(acertos / {n}); veio {value!r}")
    return None


# ---------------------------------------------------------------------------
# Erros conhecidos (cada modelo é a função certa com um erro só)


NO_CLIP = ("log sem clip: log(0) dá -inf (e 0·log(0) dá nan). Corte as previsões com "
           "np.clip(y_pred, 1e-7, 1 - 1e-7) e use o resultado (np.clip devolve um array "
           "novo: sozinho numa linha, sem `y_pred = np.clip(...)`, ele não muda nada)")
ONE_SIDED = ("você cortou só embaixo (em 1e-7, com np.maximum ou np.clip(y_pred, 1e-7, 1)): "
             "o corte é dos dois lados, "
             "np.clip(y_pred, 1e-7, 1 - 1e-7), como no livro")
OTHER_BOUNDS = ("os limites do corte estão diferentes: o curso (como o livro) corta em "
                "[1e-7, 1 − 1e-7], com np.clip(y_pred, 1e-7, 1 - 1e-7)")
NATURAL_LOG = "use o logaritmo natural, np.log (não np.log10 nem np.log2)"
NO_MINUS = ("faltou o sinal de menos: o log de uma probabilidade é ≤ 0, e a perda "
            "deve ser ≥ 0")
SUMMED = ("você somou as perdas em vez de tirar a média: divida pelo número de "
          "amostras (use np.mean)")
ONE_HOT_MISSING = ("y_true em one-hot (forma (n, k)) não foi tratado: quando y_true.ndim "
                   "== 2, as confianças são np.sum(y_pred * y_true, axis=1) (ou converta "
                   "com np.argmax(y_true, axis=1))")
LABELS_MISSING = ("y_true com índices de classe (forma (n,)) não foi tratado: quando "
                  "y_true.ndim == 1, as confianças são y_pred[range(n), y_true]")


# ---------------------------------------------------------------------------
# Teste escrito à mão: o mesmo exemplo com rótulos nos dois formatos


def _values_failure(title, inputs, expected, received, hint) -> Failure:
    """Falha com esperado × recebido no texto e a dica já decidida.

    (Com `has_values=True` o motor tentaria casar os erros modelados com os
    exemplos guardados da busca, que um teste escrito à mão não tem.)"""
    text = (f"{title}\nesperado: {format_value(expected)}\n"
            f"recebido: {format_value(received)}")
    return Failure(text, inputs, hints=[hint] if hint else [])


def _first_matching(mistakes, args, received):
    for mistake in mistakes:  # saídas gravadas na edição do aluno
        try:
            modelled = mistake.model(*[np.copy(a) for a in args])
        except Exception:  # noqa: BLE001 - o modelo pode não se aplicar
            continue
        if compare(modelled, received) is None:
            return mistake.message
    return None


FORMAT_EXAMPLES = [
    (BOOK_PROBS, BOOK_LABELS),  # 3 × 3: n = k, o one-hot se "encaixa" sem erro
    (FOUR_BY_THREE, FOUR_LABELS),  # 4 × 3
    (np.array([[0.1, 0.6, 0.05, 0.05, 0.2], [0.3, 0.1, 0.1, 0.4, 0.1]]), np.array([4, 3])),
]
# Os mesmos rótulos nos três formatos: índices, one-hot de inteiros e de floats
# (calculados aqui, sem uma função one_hot, que é um exercício do módulo 12).
LABEL_FORMATS = [
    (probs, [("índices de classe, forma (n,)", labels, "rotulos"),
             ("one-hot de inteiros, forma (n, k)",
              np.eye(probs.shape[1], dtype=np.int64)[labels], "one_hot"),
             ("one-hot de floats, forma (n, k)", np.eye(probs.shape[1])[labels], "one_hot")])
    for probs, labels in FORMAT_EXAMPLES
]


def _label_formats(function):
    def run(learner, oracle):
        for probs, formats in LABEL_FORMATS:
            for description, y_true, kind in formats:
                missing = LABELS_MISSING if kind == "rotulos" else ONE_HOT_MISSING
                expected = oracle[function](probs.copy(), y_true.copy())
                inputs = [("y_pred", probs), ("y_true", y_true)]
                out = learner.call(function, probs.copy(), y_true.copy())
                if out.error is not None:
                    # "Não foi tratado" só se o outro formato funciona; senão o
                    # erro é de outra coisa, e a dica é a do próprio erro.
                    handled = any(
                        learner.call(function, probs.copy(), other.copy()).error is None
                        for _, other, other_kind in formats if (other_kind == "rotulos") !=
                        (kind == "rotulos"))
                    hint = missing if handled else error_hint(out.error)
                    return Failure(f"com y_true em {description}, sua função levantou "
                                   f"{error_text(out.error)}", inputs,
                                   hints=[hint] if hint else [])
                diff = compare(expected, out.value, inputs=inputs)
                if diff is not None:
                    hint = (_first_matching(oracle.mistakes(function), (probs, y_true), out.value)
                            or diff.hint)
                    return _values_failure(f"com y_true em {description}: {diff.message}",
                                           inputs, expected, out.value, hint)
        return None

    return run


# ---------------------------------------------------------------------------

SITE_BCE_PRED = np.array([0.9, 0.2, 0.6, 1.0])
SITE_BCE_TRUE = np.array([1, 0, 1, 1])

SPEC = ModuleSpec(
    id="m04_perda",
    title="Funções de perda",
    checks=[
        FunctionCheck(
            name="mse",
            points=2,
            max_examples=40,
            hints=[
                "A MSE compara cada previsão com o seu valor real: a diferença de cada elemento é elevada ao quadrado.",
                "Depois dos quadrados, tire a média de todos os elementos (amostras × saídas), não só das linhas.",
                "O resultado é um número só, sempre ≥ 0, e vale 0 exatamente quando y_pred é igual a y_true.",
            ],
            page=f"{PAGE}#mse",
            params=("y_pred", "y_true"),
            cases=[
                Case((np.array([2.5, 0.0, 2.0, 8.0]), np.array([3.0, -0.5, 2.0, 7.0])), 0.375,
                     note="exemplo do site"),
                Case((np.array([[2.5], [0.0], [2.0], [8.0]]), np.array([[3.0], [-0.5], [2.0], [7.0]])),
                     0.375, note="o mesmo exemplo em coluna (4, 1)"),
                Case((np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]]),
                      np.array([[1.0, 0.0, 3.0], [1.0, -1.0, 1.0]])), 14.0 / 6,
                     note="2 amostras × 3 saídas (média sobre os 6 elementos)"),
                Case((np.array([[1e4, -3.5], [0.0, 2.0]]), np.array([[1e4, -3.5], [0.0, 2.0]])),
                     0.0, note="previsão perfeita: MSE 0"),
            ],
            strategy=mse_args(),
            properties=[
                Property("um número só, ≥ 0", _loss_range("MSE")),
            ],
        ),
        FunctionCheck(
            name="binary_crossentropy",
            points=2,
            max_examples=40,
            hints=[
                "Antes de qualquer logaritmo, corte as previsões para o intervalo [1e-7, 1 − 1e-7] e guarde o array cortado numa variável.",
                "Cada elemento contribui com dois termos, y·log(p) e (1 − y)·log(1 − p), com o logaritmo natural; para um rótulo 0 ou 1, só um deles não é zero.",
                "Some os dois termos, troque o sinal (a perda é positiva) e tire a média de todos os elementos.",
            ],
            page=f"{PAGE}#entropia-cruzada-binaria",
            params=("y_pred", "y_true"),
            cases=[
                Case((SITE_BCE_PRED, SITE_BCE_TRUE), note="exemplo do site (com uma previsão 1.0)"),
                Case((np.array([0.5, 0.5]), np.array([0, 1])), LN2,
                     note="previsões 0,5 dão ln 2"),
                Case((np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([[0], [1], [1], [0]])),
                     note="previsões exatamente 0 e 1 (o corte evita log(0))"),
                Case((np.array([[0.8, 0.3], [0.1, 0.6]]), np.array([[1.0, 0.0], [0.0, 1.0]])),
                     note="duas saídas por amostra"),
            ],
            strategy=binary_args(),
            properties=[Property("um número só, finito, entre 0 e −log(1e-7)",
                                 _loss_range("entropia cruzada", MAX_CE))],
        ),
        FunctionCheck(
            name="categorical_crossentropy",
            points=2,
            max_examples=40,
            hints=[
                "Olhe o número de dimensões de y_true: 1 dimensão são índices de classe, 2 dimensões é one-hot.",
                "De cada amostra você só precisa da probabilidade (já cortada) que a rede deu à classe certa: com índices, indexe linhas e colunas ao mesmo tempo; com one-hot, multiplique e some cada linha.",
                "A perda é a média, sobre as amostras, de menos o log natural dessas confianças.",
            ],
            page=f"{PAGE}#entropia-cruzada-categorica",
            params=("y_pred", "y_true"),
            cases=[
                Case((BOOK_PROBS, BOOK_LABELS), BOOK_CE, note="exemplo do livro, rótulos como índices"),
                Case((BOOK_PROBS, np.eye(3)[BOOK_LABELS]), BOOK_CE,
                     note="exemplo do livro, rótulos one-hot"),
                Case((SPIRAL_UNIFORM, SPIRAL_Y), LN3,
                     note="dados em espiral (3 classes), previsões uniformes: ln 3"),
                Case((SPIRAL_FRESH, SPIRAL_Y),
                     note="dados em espiral, rede recém-criada (perda ≈ ln 3 ≈ 1,0986)"),
                Case((FOUR_BY_THREE, FOUR_LABELS),
                     note="uma previsão 0 na classe certa (o corte evita log(0))"),
            ],
            strategy=class_args(),
            properties=[Property("um número só, finito, entre 0 e −log(1e-7)",
                                 _loss_range("entropia cruzada", MAX_CE))],
            custom=[Custom("rótulos como índices e em one-hot",
                           _label_formats("categorical_crossentropy"))],
        ),
        FunctionCheck(
            name="accuracy",
            points=2,
            max_examples=40,
            hints=[
                "A classe prevista de cada amostra é a coluna de maior valor na sua linha (eixo 1).",
                "Se y_true vier em one-hot, transforme-o em índices do mesmo jeito antes de comparar.",
                "Compare previsões e classes certas elemento a elemento: a média dos acertos (True vale 1) é a fração pedida.",
            ],
            page=f"{PAGE}#acuracia",
            params=("y_pred", "y_true"),
            cases=[
                Case((ACC_PROBS, BOOK_LABELS), 2 / 3, note="exemplo do site (2 acertos em 3)"),
                Case((ACC_PROBS, np.eye(3)[BOOK_LABELS]), 2 / 3,
                     note="exemplo do site com rótulos one-hot"),
                Case((FOUR_BY_THREE, FOUR_LABELS), note="4 amostras, 3 classes"),
                Case((SPIRAL_FRESH, SPIRAL_Y), note="dados em espiral, rede recém-criada"),
            ],
            strategy=class_args(),
            properties=[Property("fração entre 0 e 1, múltiplo de 1/n", _accuracy_range)],
            custom=[Custom("rótulos como índices e em one-hot",
                           _label_formats("accuracy"))],
        ),
    ],
)
