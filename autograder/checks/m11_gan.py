"""Verificações do módulo 11: GAN (perdas e uma GAN pequena em 1-D).

As perdas devolvem um número. As probabilidades chegam com formas `(N,)` ou
`(N, 1)`, com N (reais) e M (falsas) diferentes, e incluem 0 e 1 exatos, onde
o corte `np.clip(p, 1e-7, 1 − 1e-7)` (o do módulo 4) faz diferença.

`train_gan` não tem resposta única: o corretor chama a função do aprendiz
uma vez, com `real_data(1000, seed=0)` (a função dada do notebook, executada
aqui pela referência) e os valores padrão, e gera ELE MESMO 5000 amostras
com os pesos da geradora devolvidos, com o seu próprio ruído normal padrão
(semente fixa): relu(z·W1 + b1)·W2 + b2. Nada que o aprendiz calcule entra na
nota além dos pesos. Faixas (alvo: média 4, desvio padrão 0,5): média em
[3,7; 4,3] e desvio padrão em [0,2; 1,0]. A referência, em 120 sementes, deu
média entre 3,93 e 4,11 e desvio padrão entre 0,24 e 0,81.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..compare import describe_shape, float_array, unsupported
from ..formato import dict_problem
from ..pecas import training_raised
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, st

PAGE = "conceitos/gan.md"
EPS = 1e-7  # o corte das probabilidades: [EPS, 1 − EPS]
MAX_TERM = -np.log(EPS)  # a maior parcela possível depois do corte (≈ 16,118)
LN2 = float(np.log(2.0))


# ---------------------------------------------------------------------------
# Estratégias

PROBS = st.one_of(
    st.floats(0.0, 1.0, width=64),
    st.sampled_from([0.0, 1.0, 0.5, 1e-9, 1 - 1e-9, 0.999]),
)


def _probs_array():
    size = st.integers(1, 6)
    shape = st.one_of(size.map(lambda n: (n,)), size.map(lambda n: (n, 1)))
    return shape.flatmap(lambda s: hnp.arrays(np.float64, s, elements=PROBS))


def discriminator_args():
    return st.tuples(_probs_array(), _probs_array())


def generator_args():
    return st.tuples(_probs_array())


# ---------------------------------------------------------------------------
# Modelos de erro


# ---------------------------------------------------------------------------
# Propriedades


def _loss_range(top, what):
    def check(args, kwargs, received):
        bad = unsupported(received)
        if bad is not None:
            return f"o resultado não é um valor que o corretor aceite ({bad})"
        value = np.asarray(received, dtype=float) if isinstance(
            received, (int, float, np.ndarray)) and not isinstance(received, bool) else None
        if value is None or value.size != 1:
            return f"o resultado deveria ser um número só; veio {describe_shape(received)}"
        value = float(value.reshape(()))
        if not np.isfinite(value):
            return f"{what} deu {value}: com o corte, ela é sempre finita"
        if not -1e-12 <= value <= top * (1 + 1e-9):
            return (f"{what} deveria ficar entre 0 e {top:.4g} (cada −log de uma "
                    f"probabilidade cortada fica entre 0 e −log(1e-7) ≈ 16,12); deu {value:.6g}")
        return None

    return check


# ---------------------------------------------------------------------------
# train_gan: um treino só, analisado pelo corretor

DATA_SIZE, DATA_SEED = 1000, 0  # real_data(1000, seed=0)
NOISE_SEED, NOISE_SIZE = 20240611, 5000
DEFAULT_STEPS = 700
TARGET_MEAN, TARGET_STD = 4.0, 0.5
MEAN_BAND = (3.7, 4.3)
STD_BAND = (0.2, 1.0)
GEN_KEYS = ("gen_weights1", "gen_biases1", "gen_weights2", "gen_biases2")
KEYS = GEN_KEYS + ("d_losses", "g_losses")


@dataclass
class Training:
    failure: Failure | None = None
    params: tuple | None = None
    d_losses: np.ndarray | None = None
    g_losses: np.ndarray | None = None
    mean: float | None = None
    std: float | None = None
    hints: list = field(default_factory=list)


def _check_format(value):
    """(params, d_losses, g_losses, None) ou (None, None, None, problema)."""
    problem = dict_problem(value, KEYS)
    if problem:
        return None, None, None, problem
    w1, w2 = float_array(value["gen_weights1"], (2,)), float_array(value["gen_weights2"], (2,))
    b1, b2 = float_array(value["gen_biases1"], (1, 2)), float_array(value["gen_biases2"], (0, 1, 2))
    if w1 is None or w1.shape[0] != 1:
        return None, None, None, ("gen_weights1 deveria ter a forma (1, n_hidden): o ruído z é "
                                  f"um número por amostra; veio {describe_shape(value['gen_weights1'])}")
    hidden = w1.shape[1]
    if b1 is None or b1.size != hidden:
        return None, None, None, (f"gen_biases1 deveria ter a forma (1, {hidden}); veio "
                                  f"{describe_shape(value['gen_biases1'])}")
    if w2 is None or w2.shape != (hidden, 1):
        return None, None, None, (f"gen_weights2 deveria ter a forma ({hidden}, 1): a amostra "
                                  f"gerada é um número; veio {describe_shape(value['gen_weights2'])}")
    if b2 is None or b2.size != 1:
        return None, None, None, ("gen_biases2 deveria ter a forma (1, 1); veio "
                                  f"{describe_shape(value['gen_biases2'])}")
    losses = []
    for key in ("d_losses", "g_losses"):
        arr = float_array(value[key], (1,))
        if arr is None or arr.size < 2:
            return None, None, None, (f"{key} deveria ser a lista das perdas de cada passo (um "
                                      f"número por passo); veio {describe_shape(value[key])}")
        losses.append(arr)
    params = (w1, b1.reshape(1, -1), w2, b2.reshape(1, 1))
    return params, losses[0], losses[1], None


def generate(params, n=NOISE_SIZE, seed=NOISE_SEED) -> np.ndarray:
    """As amostras do corretor: relu(z·W1 + b1)·W2 + b2, com o ruído dele."""
    w1, b1, w2, b2 = params
    z = np.random.default_rng(seed).standard_normal((n, 1))
    with np.errstate(all="ignore"):
        return np.maximum(0, z @ w1 + b1) @ w2 + b2


def _diagnose(training: Training) -> list[str]:
    mean, std = training.mean, training.std
    if not (np.isfinite(mean) and np.isfinite(std)):
        return ["os pesos da geradora têm nan ou inf: o Adam com t começando em 0 divide por "
                "zero na correção de viés, e um log sem clip dá −inf"]
    hints = []
    if abs(mean) < 1.0 and std < 0.2:
        hints.append("a geradora quase não saiu do lugar (as amostras continuam perto de 0): "
                     "confira se o passo do Adam é dado nos parâmetros de G, se o gradiente "
                     "atravessa D até a amostra falsa (o dinputs da primeira camada de D) e se "
                     "a perda é a não saturante, com gradiente (D(G(z)) − 1) / M no logit")
    elif mean < MEAN_BAND[0] - 1.0 or mean > MEAN_BAND[1] + 1.0:
        hints.append(f"as amostras geradas têm média {mean:.3g}, longe de 4: a geradora foi "
                     "empurrada para o lado errado? Confira os rótulos (reais = 1, falsas = 0) "
                     "e os sinais dos gradientes: (D(x) − 1) / N para as reais, D(G(z)) / M "
                     "para as falsas e (D(G(z)) − 1) / M para a geradora")
    if std < STD_BAND[0] and abs(mean - TARGET_MEAN) < 1.0:
        hints.append(f"a média está perto de 4, mas o desvio padrão é só {std:.3g}: a geradora "
                     "colapsou (gera quase sempre o mesmo número). Dê d_steps = 3 passos à "
                     "discriminadora por passo da geradora, com ruído novo em cada lote, e use "
                     "o decaimento da taxa")
    elif std > STD_BAND[1]:
        hints.append(f"o desvio padrão das amostras geradas é {std:.3g}, bem acima de 0,5: a "
                     "discriminadora está treinando? Confira o passo do Adam nos parâmetros de "
                     "D e o decaimento da taxa")
    return hints


GENERIC_HINT = (
    "o corretor gera as amostras com relu(z·gen_weights1 + gen_biases1)·gen_weights2 + "
    "gen_biases2. Siga a receita do notebook: d_steps passos de D por passo de G, o Adam com "
    "beta1 = 0,5 e a taxa com decaimento, e os valores padrão da assinatura"
)


def run_training(learner, reference) -> Training:
    """Treina uma vez por correção (o resultado fica guardado no `learner`)."""
    cached = getattr(learner, "_m11_training", None)
    if cached is not None:
        return cached
    real = reference["real_data"](DATA_SIZE, seed=DATA_SEED)
    outcome = learner.call("train_gan", real)
    training = Training()
    if outcome.error is not None:
        training.failure = training_raised(
            "train_gan(real_samples)",
            [("real_samples", f"real_data({DATA_SIZE}, seed={DATA_SEED}): forma {real.shape}")],
            outcome.error, "m11_gan")
    else:
        params, d_losses, g_losses, problem = _check_format(outcome.value)
        if problem:
            training.failure = Failure(problem)
        else:
            training.params, training.d_losses, training.g_losses = params, d_losses, g_losses
            samples = generate(params)
            with np.errstate(all="ignore"):
                training.mean, training.std = float(np.mean(samples)), float(np.std(samples))
            training.hints = _diagnose(training)
    learner._m11_training = training
    return training


def _format_test(learner, reference):
    return run_training(learner, reference).failure


def _losses_test(learner, reference):
    training = run_training(learner, reference)
    if training.failure is not None:
        return Failure("sem um resultado no formato combinado, não há perdas para olhar")
    for key, losses in (("d_losses", training.d_losses), ("g_losses", training.g_losses)):
        if losses.size != DEFAULT_STEPS:
            return Failure(f"{key} deveria ter um número por passo ({DEFAULT_STEPS} com os "
                           f"valores padrão); veio com {losses.size}")
        if not np.all(np.isfinite(losses)):
            return Failure(f"{key} tem nan ou inf: um log sem corte ou pesos que estouraram",
                           hints=training.hints)
        if np.any(losses < 0):
            return Failure(f"{key} tem valores negativos: as duas perdas são entropias "
                           "cruzadas, sempre ≥ 0 (confira o sinal)", hints=training.hints)
    return None


def _band_test(what, band, attr):
    def run(learner, reference):
        training = run_training(learner, reference)
        if training.failure is not None:
            return Failure("sem os pesos da geradora no formato combinado, o corretor não "
                           "consegue gerar amostras")
        value = getattr(training, attr)
        if not (np.isfinite(value) and band[0] <= value <= band[1]):
            return Failure(
                f"{what} das {NOISE_SIZE} amostras que o corretor gerou com a sua geradora foi "
                f"{value:.3f}; esta parte pede entre {band[0]:.1f} e {band[1]:.1f}".replace(".", ","),
                hints=training.hints or [GENERIC_HINT],
            )
        return None

    label = f"{what} das amostras geradas entre {band[0]:.1f} e {band[1]:.1f}".replace(".", ",")
    return Custom(label, run)


# ---------------------------------------------------------------------------
# Casos fixos

A = np.array
HALF = np.full(4, 0.5)

SPEC = ModuleSpec(
    id="m11_gan",
    title="Redes adversariais generativas (GAN)",
    checks=[
        FunctionCheck(
            name="discriminator_loss",
            points=2,
            max_examples=40,
            hints=[
                "A discriminadora é um classificador binário: as reais têm rótulo 1 e as "
                "falsas rótulo 0.",
                "Corte as probabilidades para [1e-7, 1 − 1e-7] antes de qualquer logaritmo e "
                "guarde os arrays cortados.",
                "São duas médias, cada uma no seu array (N e M podem ser diferentes): a de "
                "−log D(x) nas reais e a de −log(1 − D(G(z))) nas falsas; a perda é a soma "
                "delas.",
            ],
            page=f"{PAGE}#perdas",
            params=("d_real", "d_fake"),
            cases=[
                Case((HALF, HALF), 2 * LN2, note="D = 0,5 em tudo (o equilíbrio): 2·ln 2"),
                Case((A([0.9, 0.8]), A([0.1, 0.3])), note="exemplo do notebook (≈ 0,3953)"),
                Case((A([[0.9], [0.6], [0.99]]), A([[0.2], [0.5], [0.05], [0.4], [0.7]])),
                     note="3 reais e 5 falsas, em coluna (uma média para cada parte)"),
                Case((A([1.0, 1.0]), A([0.0, 0.0, 0.0])),
                     note="discriminadora perfeita: D = 1 e D = 0 (o corte evita log(0))"),
                Case((A([0.0]), A([1.0])), 2 * MAX_TERM,
                     note="discriminadora totalmente errada: 2·(−log 1e-7) com o corte"),
            ],
            strategy=discriminator_args(),
            properties=[Property("um número só, finito, entre 0 e 2·(−log 1e-7)",
                                 _loss_range(2 * MAX_TERM, "a perda da discriminadora"))],
        ),
        FunctionCheck(
            name="generator_loss",
            points=2,
            max_examples=40,
            hints=[
                "A geradora quer que a discriminadora diga 'real' (1) para as amostras falsas.",
                "Corte as probabilidades para [1e-7, 1 − 1e-7] antes do logaritmo.",
                "A perda não saturante é a média de −log D(G(z)): grande quando a "
                "discriminadora rejeita as falsas, perto de 0 quando é enganada.",
            ],
            page=f"{PAGE}#nao-saturante",
            params=("d_fake",),
            cases=[
                Case((HALF,), LN2, note="D(G(z)) = 0,5: ln 2"),
                Case((A([0.1, 0.3]),), note="exemplo do notebook (≈ 1,7533)"),
                Case((A([[0.0], [0.0]]),), MAX_TERM,
                     note="D(G(z)) = 0 em coluna: −log 1e-7 com o corte"),
                Case((A([1.0, 0.9, 0.99]),),
                     note="discriminadora enganada: a perda é pequena, não negativa"),
            ],
            strategy=generator_args(),
            properties=[Property("um número só, finito, entre 0 e −log(1e-7)",
                                 _loss_range(MAX_TERM, "a perda da geradora"))],
        ),
        FunctionCheck(
            name="train_gan",
            loss_keys=("d_losses", "g_losses"),
            points=4,
            hints=[
                "Comece pelas formas: o ruído e as amostras são colunas (batch_size, 1), e "
                "cada rede tem uma camada oculta de n_hidden neurônios.",
                "No passo da discriminadora, só os parâmetros de D mudam; no passo da "
                "geradora, o gradiente atravessa D até a amostra falsa, mas só os parâmetros "
                "de G mudam.",
                "Os gradientes no logit (a entrada da sigmoide de D) são (D(x) − 1)/N para as "
                "reais, D(G(z))/M para as falsas e, para a geradora, (D(G(z)) − 1)/M.",
                "Se as amostras colapsarem num número só, confira os d_steps passos de D por "
                "passo de G, o Adam com beta1 = 0,5 e o decaimento da taxa.",
            ],
            page=f"{PAGE}#treinamento",
            params=("real_samples",),
            check_inputs_unchanged=False,
            compare_to_reference=False,
            custom=[
                Custom("devolve os pesos da geradora e as perdas nas formas combinadas",
                       _format_test),
                Custom("as perdas são listas de números finitos, uma por passo", _losses_test),
                _band_test("a média", MEAN_BAND, "mean"),
                _band_test("o desvio padrão", STD_BAND, "std"),
            ],
        ),
    ],
)
