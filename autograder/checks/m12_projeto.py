"""Verificações do módulo 12: o projeto final nos dígitos do scikit-learn.

`standardize`, `one_hot` e `confusion_matrix` seguem o padrão de sempre:
casos fixos conferidos à mão, a referência em entradas geradas e
propriedades sem a referência (colunas do treino com média 0 e desvio 1; uma
linha one-hot por rótulo; a matriz de confusão soma N, com as linhas somando
as contagens de y_true e as colunas as de y_pred).

As matrizes geradas para `standardize` têm valores inteiros (como os pixels,
de 0 a 16, e também negativos e grandes, até ±1000) e colunas constantes de
propósito: a média de valores inteiros iguais é exata, então σ = 0 sai exato
e a regra "divida por 1 onde σ = 0" não depende de arredondamento.

`train_classifier` não tem resposta única: o corretor pega a divisão fixa
de `digits_split()` (a função dada do notebook, executada aqui pela
referência: 1347 imagens de treino e 450 de teste, estratificada com a
semente 0), padroniza com a `standardize` da referência, chama a função do
aprendiz uma vez com os valores padrão e calcula ELE MESMO a acurácia no
teste com os pesos devolvidos. Faixas: ≥ 0,85, ≥ 0,90 e ≥ 0,95. A
referência, em 10 sementes, ficou entre 0,967 e 0,976.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..compare import as_array, describe_shape, float_array, unsupported
from ..formato import dict_problem, two_layer_params
from ..report import format_value
from ..pecas import training_raised
from ..results import Failure
from ..dados import load_digits
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, st

PAGE = "conceitos/projeto-final.md"


# ---------------------------------------------------------------------------
# standardize


@st.composite
def standardize_args(draw):
    """(X_train (N, D), X_test (M, D)) de inteiros, com colunas constantes."""
    n, m, d = draw(st.integers(1, 6)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    values = draw(st.sampled_from([st.integers(0, 16), st.integers(-1000, 1000)]))
    X_train = draw(hnp.arrays(np.int64, (n, d), elements=values)).astype(float)
    constant = draw(st.lists(st.booleans(), min_size=d, max_size=d))
    for j, flag in enumerate(constant):
        if flag:
            X_train[:, j] = X_train[0, j]
    X_test = draw(hnp.arrays(np.int64, (m, d), elements=values)).astype(float)
    return X_train, X_test


def _stats(X, ddof=0):
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0, ddof=ddof) if len(X) > ddof else np.zeros(X.shape[1])
    return mean, np.where(std == 0, 1.0, std)


def _pair(received, args):
    X_train, X_test = args
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return None, ("a saída deveria ser a tupla (X_train_std, X_test_std); veio "
                      f"{format_value(received)[:80]}")
    out = []
    for name, value, like in (("X_train_std", received[0], X_train),
                              ("X_test_std", received[1], X_test)):
        bad = unsupported(value)
        arr = None if bad is not None else as_array(value)
        if arr is None or arr.shape != like.shape:
            return None, (f"{name} deveria ser um array da forma {like.shape}; veio "
                          f"{describe_shape(value)}")
        out.append(arr)
    return out, None


def _train_columns_standardized(args, kwargs, received):
    arrays, problem = _pair(received, args)
    if problem:
        return problem
    train_std = arrays[0]
    X_train = args[0]
    if not np.all(np.isfinite(train_std)):
        return "X_train_std tem nan ou inf (colunas constantes: divida por 1 onde σ = 0)"
    constant = np.std(X_train, axis=0) == 0
    means = np.mean(train_std, axis=0)
    stds = np.std(train_std, axis=0)
    if not np.allclose(means, 0.0, atol=1e-9):
        return ("cada coluna de X_train_std deveria ter média 0; as médias deram "
                f"{format_value(means)}")
    wanted = np.where(constant, 0.0, 1.0)
    if not np.allclose(stds, wanted, rtol=1e-6, atol=1e-9):
        return ("cada coluna de X_train_std deveria ter desvio padrão 1 (0 nas colunas "
                f"constantes); deram {format_value(stds)}")
    return None


# ---------------------------------------------------------------------------
# one_hot


@st.composite
def one_hot_args(draw):
    k = draw(st.integers(1, 6))
    y = draw(hnp.arrays(np.int64, draw(st.integers(0, 8)), elements=st.integers(0, k - 1)))
    extra = draw(st.integers(0, 2))  # classes sem amostras no fim
    return y, k + extra


def _one_hot_rows(args, kwargs, received):
    y, k = args
    bad = unsupported(received)
    arr = None if bad is not None else as_array(received)
    if arr is None or arr.shape != (len(y), k):
        return f"a saída deveria ter a forma ({len(y)}, {k}); veio {describe_shape(received)}"
    if not np.all((arr == 0) | (arr == 1)):
        return "a saída deveria ter só zeros e uns"
    if not np.all(arr.sum(axis=1) == 1):
        return "cada linha deveria ter exatamente um 1"
    if len(y) and not np.array_equal(np.argmax(arr, axis=1), y):
        return "o 1 de cada linha deveria estar na coluna do rótulo: argmax(linha i) = y[i]"
    return None


# ---------------------------------------------------------------------------
# confusion_matrix


@st.composite
def confusion_args(draw):
    k = draw(st.integers(1, 5))
    n = draw(st.integers(1, 12))
    labels = st.integers(0, k - 1)
    y_true = draw(hnp.arrays(np.int64, n, elements=labels))
    y_pred = draw(hnp.arrays(np.int64, n, elements=labels))
    return y_true, y_pred, k


def _confusion_totals(args, kwargs, received):
    y_true, y_pred, k = args
    bad = unsupported(received)
    arr = None if bad is not None else as_array(received)
    if arr is None or arr.shape != (k, k):
        return f"a saída deveria ter a forma ({k}, {k}); veio {describe_shape(received)}"
    rows = np.bincount(y_true, minlength=k)
    cols = np.bincount(y_pred, minlength=k)
    if arr.sum() != len(y_true):
        return (f"a soma de todos os elementos deveria ser o número de amostras, {len(y_true)}; "
                f"deu {arr.sum():g}")
    if not np.array_equal(arr.sum(axis=1), rows):
        return (f"a linha i deveria somar quantas amostras têm classe verdadeira i, "
                f"{rows.tolist()}; deu {arr.sum(axis=1).tolist()}")
    if not np.array_equal(arr.sum(axis=0), cols):
        return (f"a coluna j deveria somar quantas amostras foram previstas como j, "
                f"{cols.tolist()}; deu {arr.sum(axis=0).tolist()}")
    return None


# ---------------------------------------------------------------------------
# train_classifier: um treino só, analisado pelo corretor

BANDS = (0.85, 0.90, 0.95)
N_CLASSES = 10
KEYS = ("weights1", "biases1", "weights2", "biases2", "losses", "accuracies")


_DATA: dict = {}


def digits_data(reference):
    """A divisão fixa de `digits_split()`, padronizada pela referência
    (calculada uma vez por processo): (X_train_std, X_test_std, y_train, y_test)."""
    hit = _DATA.get(id(reference))
    if hit is None or hit[0] is not reference:
        X_train, X_test, y_train, y_test = reference["stratified_split"](*load_digits())
        X_train_std, X_test_std = reference["standardize"](X_train, X_test)
        hit = (reference, (X_train_std, X_test_std, y_train, y_test))
        _DATA[id(reference)] = hit
    return hit[1]


@dataclass
class Training:
    failure: Failure | None = None
    params: tuple | None = None
    losses: np.ndarray | None = None
    accuracies: np.ndarray | None = None
    test_accuracy: float | None = None
    hints: list = field(default_factory=list)


def _check_format(value, n_features):
    problem = dict_problem(value, KEYS)
    if problem:
        return None, problem
    params, problem = two_layer_params(value, n_features, N_CLASSES, rows="uma linha por pixel")
    if problem:
        return None, problem
    curves = []
    for key, what in (("losses", "as perdas médias"), ("accuracies", "as acurácias de treino")):
        arr = float_array(value[key], (1,))
        if arr is None or arr.size < 2:
            return None, (f"{key} deveria ser a lista com {what} de cada época (pelo menos 2 "
                          f"números); veio {describe_shape(value[key])}")
        curves.append(arr)
    if curves[0].size != curves[1].size:
        return None, (f"losses e accuracies deveriam ter um número por época cada; vieram "
                      f"{curves[0].size} e {curves[1].size}")
    return (params, curves[0], curves[1]), None


def grader_accuracy(params, X, y) -> float:
    """A acurácia calculada pelo corretor: argmax(relu(X·W1 + b1)·W2 + b2)."""
    w1, b1, w2, b2 = params
    with np.errstate(all="ignore"):
        scores = np.maximum(0, X @ w1 + b1) @ w2 + b2
    if not np.all(np.isfinite(scores)):
        return 0.0
    return float(np.mean(np.argmax(scores, axis=1) == y))


def _diagnose(training: Training) -> list[str]:
    params, losses = training.params, training.losses
    if not all(np.all(np.isfinite(p)) for p in params) or not np.all(np.isfinite(losses)):
        return ["apareceu nan ou inf (nos pesos ou na perda): o Adam com t começando em 0 "
                "divide por zero na correção de viés, e uma taxa grande demais estoura os "
                "pesos"]
    first, last = float(losses[0]), float(losses[-1])
    if last < 0.3 and training.test_accuracy < BANDS[0]:
        return ["a sua perda caiu, mas os pesos devolvidos classificam mal: você devolveu os "
                "pesos finais (e não uma cópia dos iniciais)?"]
    hints = []
    if last > first:
        hints.append(f"a perda subiu durante o treino (de {first:.4g} para {last:.4g}): o passo "
                     "está indo a favor do gradiente? Confira o sinal (param − ...)")
    elif last > 0.5 * first:
        hints.append(f"a perda quase não caiu (de {first:.4g} para {last:.4g}): a taxa de "
                     "aprendizado está pequena demais, há poucas épocas, ou os parâmetros não "
                     "estão sendo atualizados")
    return hints


GENERIC_HINT = (
    "o corretor calcula a acurácia no teste com argmax(relu(X_test·weights1 + biases1)·"
    "weights2 + biases2). Confira: o treino com as entradas padronizadas que recebeu, o "
    "embaralhamento a cada época, o passo do Adam nos quatro parâmetros com t começando em "
    "1, a forma de cada gradiente (weights1 é 64 × 64: um dweights transposto não dá erro de "
    "forma, mas treina mal) e os valores padrão da assinatura"
)


def run_training(learner, reference) -> Training:
    cached = getattr(learner, "_m12_training", None)
    if cached is not None:
        return cached
    X_train, X_test, y_train, y_test = digits_data(reference)
    outcome = learner.call("train_classifier", X_train, y_train)
    training = Training()
    if outcome.error is not None:
        training.failure = training_raised(
            "train_classifier(X_train, y_train)",
            [("X_train", f"dígitos padronizados, forma {X_train.shape}"),
             ("y_train", f"rótulos 0 a 9, forma {y_train.shape}")],
            outcome.error, "m12_projeto")
    else:
        found, problem = _check_format(outcome.value, X_train.shape[1])
        if problem:
            training.failure = Failure(problem)
        else:
            training.params, training.losses, training.accuracies = found
            training.test_accuracy = grader_accuracy(training.params, X_test, y_test)
            training.hints = _diagnose(training)
    learner._m12_training = training
    return training


def _format_test(learner, reference):
    return run_training(learner, reference).failure


def _curves_test(learner, reference):
    training = run_training(learner, reference)
    if training.failure is not None:
        return Failure("sem um resultado no formato combinado, não há curvas para olhar")
    losses, accuracies = training.losses, training.accuracies
    if not np.all(np.isfinite(losses)):
        return Failure("a lista de perdas tem nan ou inf", hints=training.hints)
    first, last = float(losses[0]), float(losses[-1])
    if not last < 0.5 * first:
        return Failure(f"a perda média por época deveria cair bem ao longo do treino; foi de "
                       f"{first:.4g} (primeira época) para {last:.4g} (última)",
                       hints=training.hints)
    if not np.all((accuracies >= 0) & (accuracies <= 1)):
        return Failure("cada acurácia de treino é uma fração de acertos, entre 0 e 1; vieram "
                       f"valores de {accuracies.min():.4g} a {accuracies.max():.4g}")
    if not accuracies[-1] > accuracies[0]:
        return Failure(f"a acurácia de treino deveria subir ao longo do treino; foi de "
                       f"{accuracies[0]:.3f} para {accuracies[-1]:.3f}", hints=training.hints)
    return None


def _band_test(band):
    def run(learner, reference):
        training = run_training(learner, reference)
        if training.failure is not None:
            return Failure("sem pesos no formato combinado, o corretor não consegue calcular "
                           "a acurácia")
        if training.test_accuracy < band:
            return Failure(
                f"a acurácia no teste, calculada pelo corretor com os pesos devolvidos, foi "
                f"{training.test_accuracy:.3f}; esta faixa pede pelo menos "
                f"{band:.2f}".replace(".", ","),
                hints=training.hints or [GENERIC_HINT],
            )
        return None

    return Custom(f"acurácia no teste ≥ {band:.2f}".replace(".", ","), run)


# ---------------------------------------------------------------------------

A = np.array

SPEC = ModuleSpec(
    id="m12_projeto",
    title="Projeto final: dígitos escritos à mão",
    checks=[
        FunctionCheck(
            name="standardize",
            points=2,
            max_examples=40,
            hints=[
                "Calcule uma média e um desvio padrão por coluna (axis=0), só com X_train.",
                "As mesmas estatísticas do treino padronizam também o teste: nada é "
                "calculado com X_test.",
                "Onde o desvio padrão do treino é 0 (uma coluna constante), divida por 1.",
            ],
            page=f"{PAGE}#padronizacao",
            params=("X_train", "X_test"),
            cases=[
                Case((A([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]]), A([[2.0, 3.0]])),
                     (A([[-np.sqrt(1.5), 0.0], [0.0, 0.0], [np.sqrt(1.5), 0.0]]),
                      A([[0.0, 2.0]])),
                     note="exemplo do notebook (a segunda coluna é constante no treino)"),
                Case((A([[1.0, 10.0], [3.0, 30.0]]), A([[5.0, 0.0], [1.0, 20.0], [3.0, 10.0]])),
                     (A([[-1.0, -1.0], [1.0, 1.0]]), A([[3.0, -2.0], [-1.0, 0.0], [1.0, -1.0]])),
                     note="o teste usa a média e o desvio do treino (μ = [2, 20], σ = [1, 10])"),
                Case((A([[0.0, 16.0, 5.0]]), A([[1.0, 2.0, 3.0]])),
                     note="uma amostra de treino só: todas as colunas são constantes"),
            ],
            strategy=standardize_args(),
            properties=[Property("as colunas do treino ficam com média 0 e desvio 1",
                                 _train_columns_standardized)],
        ),
        FunctionCheck(
            name="one_hot",
            points=2,
            max_examples=40,
            hints=[
                "Comece com uma matriz de zeros de forma (N, n_classes).",
                "Em cada linha i, só a coluna y[i] vale 1.",
                "Com NumPy, indexe linhas e colunas ao mesmo tempo: np.arange(N) e y.",
            ],
            page=f"{PAGE}#one-hot",
            params=("y", "n_classes"),
            cases=[
                Case((A([2, 0, 1]), 4), A([[0.0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]),
                     note="exemplo do notebook (a classe 3 não aparece)"),
                Case((A([1, 1, 0]), 2), A([[0.0, 1], [0, 1], [1, 0]]),
                     note="rótulos repetidos"),
                Case((A([9, 0, 4]), 10), note="os dígitos: 10 classes"),
                Case((A([0]), 1), A([[1.0]]), note="uma classe só"),
            ],
            strategy=one_hot_args(),
            properties=[Property("uma linha por rótulo, com um 1 na coluna do rótulo",
                                 _one_hot_rows)],
        ),
        FunctionCheck(
            name="confusion_matrix",
            points=2,
            max_examples=40,
            hints=[
                "Comece com uma matriz de zeros n_classes × n_classes.",
                "Cada amostra soma 1 numa posição só: a linha é a classe verdadeira e a coluna "
                "a prevista.",
                "Com pares repetidos, uma atribuição com índices em array soma uma vez só: "
                "percorra as amostras num laço ou use np.add.at.",
            ],
            page=f"{PAGE}#matriz-de-confusao",
            params=("y_true", "y_pred", "n_classes"),
            cases=[
                Case((A([0, 0, 1, 2, 2, 2]), A([0, 1, 1, 2, 0, 2]), 3),
                     A([[1, 1, 0], [0, 1, 0], [1, 0, 2]]), note="exemplo do notebook"),
                Case((A([1, 1, 1, 1]), A([1, 1, 1, 1]), 3),
                     A([[0, 0, 0], [0, 4, 0], [0, 0, 0]]),
                     note="o mesmo par quatro vezes: conta 4"),
                Case((A([0, 1, 0]), A([1, 0, 1]), 4),
                     A([[0, 2, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]),
                     note="linhas = verdadeira, colunas = prevista; 4 classes, duas sem amostras"),
            ],
            strategy=confusion_args(),
            properties=[Property("soma N, linhas e colunas com as contagens de y_true e y_pred",
                                 _confusion_totals)],
        ),
        FunctionCheck(
            name="train_classifier",
            loss_keys=("losses",),
            points=4,
            hints=[
                "É o laço do módulo 7 com outra entrada: 64 pixels padronizados e 10 classes.",
                "Em cada lote, conte os acertos da propagação direta (argmax das "
                "probabilidades igual ao rótulo) para a acurácia da época.",
                "Guarde a perda média e a acurácia de cada época em duas listas do mesmo "
                "tamanho.",
                "Se a acurácia no teste ficar baixa, confira a forma de cada gradiente (a "
                "primeira matriz de pesos é quadrada) e os valores padrão da assinatura.",
            ],
            page=f"{PAGE}#treinamento",
            params=("X_train", "y_train"),
            check_inputs_unchanged=False,
            compare_to_reference=False,
            custom=[
                Custom("devolve pesos, vieses, perdas e acurácias nas formas combinadas",
                       _format_test),
                Custom("a perda cai e a acurácia de treino sobe (entre 0 e 1)", _curves_test),
                *[_band_test(band) for band in BANDS],
            ],
        ),
    ],
)
