"""Verificações do módulo 7: lotes e o laço de treinamento.

`make_batches` é comparada com a referência (lote a lote) e com
propriedades: sem embaralhar, os lotes juntos refazem X e y; embaralhando,
cada amostra aparece uma vez e continua com o seu rótulo.

O `rng` é um `np.random.Generator` de verdade, como diz o contrato: ele
atravessa para o processo do aprendiz pelo estado (ver `wire`), e uma
função escrita sem a linha `rng = np.random.default_rng(rng)` do notebook
também funciona.

`train_network` não tem uma resposta única: o corretor gera a espiral com a
`spiral_data` do próprio notebook (a da referência), chama a função do
aprendiz uma vez com os valores padrão e calcula ELE MESMO a acurácia de
treino com os pesos devolvidos (uma propagação direta em NumPy puro, sem
confiar em nada que o aprendiz calcule). A nota vem em faixas: formas,
perda que cai, acurácia ≥ 0,70, ≥ 0,80 e ≥ 0,90.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..compare import Difference, compare, describe_shape, float_array, unsupported
from ..formato import dict_problem, two_layer_params
from ..pecas import training_raised
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import st
from ..wire import SeededGenerator

PAGE = "conceitos/lotes-e-epocas.md"

# ---------------------------------------------------------------------------
# make_batches: estratégias


def _data(n, seed, kind):
    """X (n, d) e y com n linhas. Os valores não importam para dividir em lotes
    (só identificam as linhas): saem de uma semente, e o hypothesis gasta o
    seu esforço no que importa, n, batch_size, shuffle e rng."""
    gen = np.random.default_rng(seed)
    d = 1 + seed % 3
    X = np.round(gen.standard_normal((n, d)) * 10, 3)
    if kind == "rótulos":
        y = gen.integers(0, 3, size=n)
    else:  # one-hot
        y = np.eye(3)[gen.integers(0, 3, size=n)]
    return X, y


@st.composite
def batch_args(draw):
    """(X, y, batch_size[, shuffle[, rng]]): shuffle e rng vão por posição,
    para que as propriedades possam fixá-los (o rng é um Generator)."""
    n = draw(st.integers(1, 12))
    X, y = _data(n, draw(st.integers(0, 1000)), draw(st.sampled_from(["rótulos", "one-hot"])))
    batch_size = draw(st.one_of(st.integers(1, n + 2), st.sampled_from([1, n])))
    tail = draw(st.sampled_from(["", "sem", "com", "sem+rng"]))
    if tail == "":
        return X, y, batch_size
    if tail == "sem":
        return X, y, batch_size, False
    seed = draw(st.integers(0, 2**32 - 1))
    return X, y, batch_size, tail == "com", SeededGenerator(seed)


@st.composite
def shuffled_ids(draw):
    """X[i] = (i, −i) e y[i] = i: dá para ver se cada linha ficou com o seu y."""
    n = draw(st.integers(1, 12))
    ids = np.arange(n)
    X = np.stack([ids, -ids], axis=1).astype(float)
    y = ids.copy()
    return X, y, draw(st.integers(1, n + 1)), True, \
        SeededGenerator(draw(st.integers(0, 2**32 - 1)))


@st.composite
def bad_batch_size(draw):
    n = draw(st.integers(1, 6))
    X, y = _data(n, draw(st.integers(0, 1000)), "rótulos")
    return X, y, draw(st.integers(-3, 0))


@st.composite
def mismatched_lengths(draw):
    n, m = draw(st.integers(1, 6)), draw(st.integers(0, 5))
    if m >= n:
        m += 1  # m != n sem filtro
    X, _ = _data(n, draw(st.integers(0, 1000)), "rótulos")
    return X, np.zeros(m, dtype=np.int64), draw(st.integers(1, 4))


# ---------------------------------------------------------------------------
# make_batches: comparação lote a lote


def _sizes(batches) -> str:
    return "[" + ", ".join(str(len(b[0])) for b in batches) + "]"


def _received_sizes(received) -> str | None:
    try:
        return "[" + ", ".join(str(len(b[0])) for b in received) + "]"
    except Exception:  # noqa: BLE001 - o formato recebido pode ser qualquer coisa
        return None


def compare_batches(args, kwargs, expected, received) -> Difference | None:
    bad = unsupported(received)
    if bad is not None:
        if "generator" in bad:
            return Difference(
                "sua função devolveu um gerador (yield), não uma lista de lotes.",
                "monte a lista: batches.append((X_batch, y_batch)) e, no fim, "
                "return batches (um gerador não é aceito)",
            )
        return Difference(f"o resultado não é um valor que o corretor aceite ({bad}).")
    if not isinstance(received, (list, tuple)):
        return Difference(
            f"o resultado deveria ser uma lista de pares (X_batch, y_batch); veio "
            f"{describe_shape(received)}."
        )
    if len(received) != len(expected):
        sizes = _received_sizes(received)
        got = f", com tamanhos {sizes}" if sizes else ""
        hint = None
        # "Faltou o último" só quando os que vieram são os primeiros esperados.
        if len(expected) > 1 and sizes == _sizes(expected[:-1]):
            hint = "faltou um lote: o último (que pode ser menor) também conta"
        return Difference(
            f"esperado {len(expected)} lotes, com tamanhos {_sizes(expected)}; "
            f"vieram {len(received)}{got}.",
            hint,
        )
    for i, (exp, rec) in enumerate(zip(expected, received)):
        if not isinstance(rec, (list, tuple)) or len(rec) != 2:
            return Difference(
                f"o lote {i} deveria ser um par (X_batch, y_batch); veio "
                f"{describe_shape(rec)}."
            )
        for name, e, r in (("X_batch", exp[0], rec[0]), ("y_batch", exp[1], rec[1])):
            diff = compare(e, r, name=f"o {name} do lote {i}", inputs=list(zip(("X", "y"), args)))
            if diff is not None:
                return diff
    return None


# ---------------------------------------------------------------------------
# make_batches: modelos dos erros conhecidos (devolvem tuplas de tuplas, que o
# `compare` do motor sabe comparar com a lista de pares recebida)


# ---------------------------------------------------------------------------
# make_batches: propriedades (sem a referência)


def _pairs(received):
    if not isinstance(received, (list, tuple)) or not all(
        isinstance(b, (list, tuple)) and len(b) == 2 for b in received
    ):
        return None
    try:
        return [(np.asarray(b[0], dtype=float), np.asarray(b[1], dtype=float)) for b in received]
    except (TypeError, ValueError):
        return None


def _expected_sizes(n, batch_size):
    return [min(batch_size, n - s) for s in range(0, n, batch_size)]


def _sizes_problem(pairs, n, batch_size):
    sizes = [len(bx) for bx, _ in pairs]
    wanted = _expected_sizes(n, batch_size)
    if sizes != wanted:
        return (f"com {n} amostras e batch_size = {batch_size}, os lotes deveriam ter "
                f"tamanhos {wanted}; vieram {sizes}")
    if any(len(bx) != len(by) for bx, by in pairs):
        return "em algum lote, X_batch e y_batch têm números de linhas diferentes"
    if any(bx.ndim != 2 or by.ndim < 1 for bx, by in pairs) or \
            len({(bx.shape[1:], by.shape[1:]) for bx, by in pairs}) > 1:
        return ("cada par deveria ser (X_batch, y_batch), com as linhas de X e de y: "
                "X_batch de forma (m, D) e y_batch com m linhas, em todos os lotes")
    return None


def _unshuffled_rebuilds_data(args, kwargs, received):
    X, y, batch_size = args[:3]
    shuffle = args[3] if len(args) > 3 else kwargs.get("shuffle", False)
    if shuffle:
        return None
    pairs = _pairs(received)
    if pairs is None:
        return "o resultado deveria ser uma lista de pares (X_batch, y_batch)"
    problem = _sizes_problem(pairs, len(X), batch_size)
    if problem:
        return problem
    if not (np.array_equal(np.concatenate([bx for bx, _ in pairs]), X)
            and np.array_equal(np.concatenate([by for _, by in pairs]), y)):
        return ("sem embaralhar, os lotes juntos deveriam refazer X e y na ordem "
                "original")
    return None


def _shuffled_keeps_pairs(args, kwargs, received):
    X, y, batch_size = args[:3]
    pairs = _pairs(received)
    if pairs is None:
        return "o resultado deveria ser uma lista de pares (X_batch, y_batch)"
    problem = _sizes_problem(pairs, len(X), batch_size)
    if problem:
        return problem
    ids_x = np.concatenate([bx[:, 0] for bx, _ in pairs])
    ids_y = np.concatenate([by for _, by in pairs])
    if ids_x.shape != ids_y.shape or not np.array_equal(ids_x, ids_y):
        return ("embaralhando, cada linha de X deveria continuar com o seu y (aqui "
                "X[i] = (i, −i) e y[i] = i), mas os pares se desfizeram: use a mesma "
                "permutação em X e em y")
    if not np.array_equal(np.sort(ids_x), np.arange(len(X))):
        return ("embaralhando, cada amostra deveria aparecer exatamente uma vez "
                "(aqui X[i] = (i, −i) e y[i] = i)")
    return None


# ---------------------------------------------------------------------------
# train_network: um treino só, analisado pelo corretor


DATA_SEED = 1  # a espiral do teste: spiral_data(100, 3, default_rng(1))
SAMPLES, CLASSES = 100, 3
BANDS = (0.70, 0.80, 0.90)
KEYS = ("weights1", "biases1", "weights2", "biases2", "losses")


@dataclass
class Training:
    failure: Failure | None = None  # erro, formato ou formas erradas
    params: tuple | None = None
    losses: np.ndarray | None = None
    accuracy: float | None = None
    hints: list = field(default_factory=list)
    raised: bool = False  # o treino levantou uma exceção (a falha é a mesma em todo teste)


def _check_format(value, n_features, n_classes):
    """(params, losses, None), ou (None, None, o texto do problema de formato)."""
    problem = dict_problem(value, KEYS, contents="arrays e uma lista de números")
    if problem:
        return None, None, problem
    params, problem = two_layer_params(value, n_features, n_classes,
                                       rows="uma linha por entrada, uma coluna por neurônio")
    if problem:
        return None, None, problem
    losses = float_array(value["losses"], (1,))
    if losses is None or losses.size < 2:
        return None, None, ("losses deveria ser a lista das perdas médias de cada época "
                            f"(pelo menos 2 números); veio {describe_shape(value['losses'])}")
    return params, losses, None


def training_accuracy(params, X, y) -> float:
    """A acurácia calculada pelo corretor: relu(X·W1 + b1)·W2 + b2."""
    w1, b1, w2, b2 = params
    with np.errstate(all="ignore"):
        scores = np.maximum(0, X @ w1 + b1) @ w2 + b2
    if not np.all(np.isfinite(scores)):
        return 0.0
    return float(np.mean(np.argmax(scores, axis=1) == y))


def _diagnose_training(params, losses, accuracy):
    hints = []
    finite_params = all(np.all(np.isfinite(p)) for p in params)
    if not finite_params or not np.all(np.isfinite(losses)):
        hints.append("apareceu nan ou inf (nos pesos ou na perda): o Adam com t começando "
                     "em 0 divide por zero na correção de viés, e uma taxa grande demais "
                     "estoura os pesos")
        return hints
    first, last = float(losses[0]), float(losses[-1])
    if last < 0.5 and accuracy < BANDS[0]:
        return ["a sua perda caiu, mas os pesos devolvidos classificam mal: você "
                "devolveu os pesos finais (e não uma cópia dos iniciais)?"]
    if not np.any(params[1]) and not np.any(params[3]):
        hints.append("os vieses (biases1 e biases2) voltaram todos zero: você esqueceu de "
                     "atualizar os vieses? Dê o passo do otimizador em todos os parâmetros")
    if last > first:
        hints.append(f"a perda subiu durante o treino (de {first:.4g} para {last:.4g}): o "
                     "passo está indo a favor do gradiente? Confira o sinal (param − ...) "
                     "e o sinal dos gradientes")
    elif last > 0.9 * first:
        hints.append(f"a perda quase não caiu (de {first:.4g} para {last:.4g}): a taxa de "
                     "aprendizado está pequena demais, há poucas épocas, ou os parâmetros "
                     "não estão sendo atualizados")
    return hints


GENERIC_TRAINING_HINT = (
    "o corretor calcula a acurácia com relu(X·weights1 + biases1)·weights2 + biases2. "
    "Confira: embaralhar a cada época (os pontos da espiral vêm ordenados por classe), "
    "o passo do Adam nos quatro parâmetros com t começando em 1, e os valores padrão "
    "da assinatura"
)


def run_training(learner, reference) -> Training:
    """Treina uma vez por correção (o resultado fica guardado no `learner`)."""
    cached = getattr(learner, "_m07_training", None)
    if cached is not None:
        return cached
    X, y = reference["spiral_data"](SAMPLES, CLASSES, np.random.default_rng(DATA_SEED))
    outcome = learner.call("train_network", X, y)
    training = Training()
    if outcome.error is not None:
        # Uma peça que faltou na célula «As suas peças» diz qual é e de onde vem.
        training.failure = training_raised(
            "train_network(X, y)",
            [("X", f"spiral_data({SAMPLES}, {CLASSES}): forma {X.shape}"),
             ("y", f"rótulos 0 a {CLASSES - 1}, forma {y.shape}")],
            outcome.error, "m07_lotes")
        training.raised = True
    else:
        params, losses, problem = _check_format(outcome.value, X.shape[1], CLASSES)
        if problem:
            training.failure = Failure(problem)
        else:
            training.params, training.losses = params, losses
    if training.failure is None:
        training.accuracy = training_accuracy(training.params, X, y)
        training.hints = _diagnose_training(training.params, training.losses,
                                            training.accuracy)
    learner._m07_training = training
    return training


def _format_test(learner, reference):
    return run_training(learner, reference).failure


def _loss_test(learner, reference):
    training = run_training(learner, reference)
    if training.raised:
        return training.failure  # o relatório mostra o erro uma vez só
    if training.failure is not None:
        return Failure("sem um resultado no formato combinado, não há perdas para olhar")
    losses = training.losses
    if not np.all(np.isfinite(losses)):
        return Failure("a lista de perdas tem nan ou inf", hints=training.hints)
    first, last = float(losses[0]), float(losses[-1])
    if not last < 0.9 * first:
        return Failure(
            f"a perda média por época deveria cair bem ao longo do treino; foi de "
            f"{first:.4g} (primeira época) para {last:.4g} (última)",
            hints=training.hints,
        )
    return None


def _band_test(band):
    def run(learner, reference):
        training = run_training(learner, reference)
        if training.raised:
            return training.failure  # o relatório mostra o erro uma vez só
        if training.failure is not None:
            return Failure("sem pesos no formato combinado, o corretor não consegue "
                           "calcular a acurácia")
        if training.accuracy < band:
            return Failure(
                f"a acurácia de treino, calculada pelo corretor com os pesos devolvidos, "
                f"foi {training.accuracy:.3f}; esta faixa pede pelo menos {band:.2f}",
                hints=training.hints or [GENERIC_TRAINING_HINT],
            )
        return None

    return Custom(f"acurácia de treino ≥ {band:.2f}".replace(".", ","), run)


# ---------------------------------------------------------------------------

SPEC = ModuleSpec(
    id="m07_lotes",
    title="Lotes e treinamento",
    checks=[
        FunctionCheck(
            name="make_batches",
            points=2,
            hints=[
                "Percorra os inícios dos lotes de batch_size em batch_size, até len(X); o "
                "último lote fica com o que sobrar.",
                "Para embaralhar, sorteie uma ordem só com rng.permutation(len(X)) e use "
                "essa mesma ordem para indexar X e y.",
                "Levante os ValueError antes de tudo, e não modifique X nem y: indexar com "
                "a ordem sorteada já cria cópias.",
            ],
            page=f"{PAGE}#lotes",
            params=("X", "y", "batch_size", "shuffle", "rng"),
            cases=[
                Case((np.arange(20.0).reshape(10, 2), np.arange(10), 4),
                     note="10 amostras em lotes de 4: lotes de 4, 4 e 2"),
                Case((np.arange(12.0).reshape(6, 2), np.arange(6), 3),
                     note="6 amostras em lotes de 3: dois lotes cheios"),
                Case((np.arange(6.0).reshape(3, 2), np.arange(3), 5),
                     note="batch_size maior que os dados: um lote só"),
                Case((np.arange(16.0).reshape(8, 2), np.arange(8), 3),
                     kwargs={"shuffle": True, "rng": SeededGenerator(0)},
                     note="embaralhando com rng = np.random.default_rng(0), por nome"),
                Case((np.arange(16.0).reshape(8, 2), np.arange(8), 3),
                     kwargs={"shuffle": False, "rng": SeededGenerator(0)},
                     note="shuffle=False com um rng: a ordem é a original"),
                Case((np.zeros((4, 2)), np.zeros(4), 0), raises=ValueError,
                     note="batch_size = 0"),
                Case((np.zeros((4, 2)), np.zeros(3), 2), raises=ValueError,
                     note="X com 4 linhas e y com 3"),
            ],
            strategy=batch_args(),
            comparator=compare_batches,
            properties=[
                Property("sem embaralhar, os lotes refazem X e y", _unshuffled_rebuilds_data),
                Property("embaralhando, cada amostra fica com o seu rótulo",
                         _shuffled_keeps_pairs, strategy=shuffled_ids()),
                Property("ValueError para batch_size < 1 ou X e y de tamanhos diferentes",
                         raises=ValueError,
                         strategy=st.one_of(bad_batch_size(), mismatched_lengths())),
            ],
        ),
        FunctionCheck(
            name="train_network",
            loss_keys=("losses",),
            points=4,
            hints=[
                "Confira o começo: a perda da primeira época deve ficar perto de "
                "ln 3 ≈ 1,0986 e cair nas seguintes.",
                "Em cada lote: propagação direta, perda, retropropagação e um passo do "
                "Adam em cada um dos quatro parâmetros (dois pesos, dois vieses).",
                "Guarde m e v de cada parâmetro de um lote para o outro e some 1 a t antes "
                "de cada passo, para que ele comece em 1.",
                "Se a acurácia ficar baixa, embaralhe a cada época e mantenha os valores "
                "padrão da assinatura.",
            ],
            page=f"{PAGE}#treinamento",
            params=("X", "y"),
            check_inputs_unchanged=False,
            compare_to_reference=False,
            custom=[
                Custom("devolve pesos, vieses e perdas nas formas combinadas", _format_test),
                Custom("a perda média por época cai", _loss_test),
                *[_band_test(band) for band in BANDS],
            ],
        ),
    ],
)
