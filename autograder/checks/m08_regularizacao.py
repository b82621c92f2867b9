"""Verificações do módulo 8: regularização e validação.

Convenções cobradas (as mesmas do notebook e de site/conceitos/regularizacao.md):

- L1 = λ·Σ|w|, gradiente λ·sinal(w) com sinal(0) = 0; L2 = λ·Σw², gradiente
  2λw (sem o ½). Os gradientes têm a propriedade de diferenças finitas
  (centrais, float64; na L1 só longe da quina, |w| ≥ 1e-3; como as duas são
  lineares/quadráticas em cada elemento, h proporcional a |w| evita o
  arredondamento de w ± h).
- Dropout invertido: `mask = rng.binomial(1, 1 - rate, size=inputs.shape) /
  (1 - rate)`, `rng = np.random.default_rng(semente)`; a ida devolve
  `(output, mask)`, a volta `dvalues * mask`. O Generator não atravessa para o
  processo do aprendiz (só dados simples): o corretor passa a semente, e a
  primeira linha dada da função a transforma no mesmo Generator.
- `train_val_split` e `kfold_indices` devolvem índices; a ordem dentro de cada
  parte não importa (o comparador ordena antes de comparar). As frações
  geradas nunca deixam `n·f` a menos de 1e-6 de um meio (x,5), onde `round`,
  `np.round` e `int(x + 0.5)` discordariam.
- `early_stopping_epoch`: melhora é `perda < melhor − min_delta` (empate não é
  melhora); para quando o contador chega a `patience`. As entradas com
  `min_delta > 0` usam perdas e `min_delta` múltiplos de 1/8, exatos em
  binário: `perda < melhor − min_delta` e `melhor − perda > min_delta` dão
  sempre a mesma resposta.
- `augment_images`: `flip = rng.random(N) < flip_prob` e depois
  `noise = rng.normal(0, noise_std, size=images.shape)`, nessa ordem.
- `train_regularized` não tem resposta única: o corretor treina duas vezes
  (λ = 0 e λ = 0,002) nos dados das luas e calcula ELE MESMO as perdas finais
  com os pesos devolvidos; a nota sai do retrato do sobreajuste e da cura.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..compare import Difference, as_array, describe_shape, float_array, unsupported
from ..formato import dict_problem, two_layer_params
from ..gradcheck import as_gradient, gradient_gap, numeric_elementwise
from ..report import format_value
from ..pecas import training_raised
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, reals, st

PAGE = "conceitos/regularizacao.md"


def _f(x):
    return np.asarray(x, dtype=float)


# ---------------------------------------------------------------------------
# Diferenças finitas (só fórmulas de ida)


# ---------------------------------------------------------------------------
# L1 e L2

WEIGHT_ELEMENTS = st.one_of(reals(10.0), reals(1000.0), st.sampled_from([0.0, 1.0, -1.0, 0.5]))
LAMBDAS = st.one_of(st.sampled_from([0.0, 0.01, 0.001, 0.5, 1.0]),
                    st.floats(0.0, 10.0, width=64))


def penalty_args():
    shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)
    return st.tuples(shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=WEIGHT_ELEMENTS)),
                     LAMBDAS)


SITE_WEIGHTS = np.array([[0.5, -1.5], [2.0, 0.1]])


def _penalty_is_number(args, kwargs, received):
    if unsupported(received) is not None or isinstance(received, (bool, str)):
        return "a penalidade deveria ser um único número"
    value = as_array(received)
    if value is None or value.shape != ():
        return (f"a penalidade deveria ser um único número (a soma de todos os "
                f"elementos); veio {describe_shape(received)}")
    if not value >= 0:
        return f"uma penalidade com lam ≥ 0 nunca é negativa; veio {float(value)!r}"
    return None


def _l1_gradient_numeric(args, kwargs, received):
    weights, lam = args
    arr, problem = as_gradient(received, weights, "o gradiente")
    if problem:
        return problem
    keep = np.abs(weights) >= 1e-3  # longe da quina de |w|
    h = 1e-5 * np.maximum(1.0, np.abs(weights[keep]))
    numeric = numeric_elementwise(lambda w: lam * np.abs(w), weights[keep],
                                  np.ones(int(keep.sum())), h)
    return gradient_gap("o gradiente em relação a weights", "lam · Σ|w| (longe de w = 0)",
                numeric, received, arr[keep])


def _l2_gradient_numeric(args, kwargs, received):
    weights, lam = args
    arr, problem = as_gradient(received, weights, "o gradiente")
    if problem:
        return problem
    h = 1e-5 * np.maximum(1.0, np.abs(weights))  # quadrática: a diferença central é exata
    numeric = numeric_elementwise(lambda w: lam * w ** 2, weights, np.ones_like(weights), h)
    return gradient_gap("o gradiente em relação a weights", "lam · Σw²", numeric, received, arr)


# ---------------------------------------------------------------------------
# Dropout

RATES = st.one_of(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8]), st.floats(0.0, 0.95, width=64))
SEEDS = st.integers(0, 2**32 - 1)


def _inputs_array(scale=100.0):
    shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6)
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=reals(scale)))


def dropout_args():
    return st.tuples(_inputs_array(), RATES, SEEDS)


def bad_rate_args():
    bad = st.one_of(st.floats(1.0, 3.0, width=64), st.floats(-3.0, -1e-9, width=64),
                    st.sampled_from([1.0, -0.1]))
    return st.tuples(_inputs_array(10.0), bad, SEEDS)


def _binary(shape, rate, seed):
    return np.random.default_rng(seed).binomial(1, 1 - rate, size=shape)


def _mask_property(args, kwargs, received):
    """Sem a referência: máscara de 0 e 1/(1 − rate), e output = inputs · mask."""
    inputs, rate, _ = args
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return ("o resultado deveria ser a tupla (output, mask); veio "
                f"{format_value(received)[:80]}")
    output, mask = (as_array(v) if unsupported(v) is None else None for v in received)
    for name, value in (("output", output), ("mask", mask)):
        if value is None or value.shape != inputs.shape:
            return (f"`{name}` deveria ser um array da forma de inputs {inputs.shape}; "
                    f"veio {describe_shape(received[0 if name == 'output' else 1])}")
    scale = 1 / (1 - rate)
    ok = np.isclose(mask, 0.0, atol=1e-12) | np.isclose(mask, scale, rtol=1e-9)
    if not np.all(ok):
        return (f"cada elemento da máscara deveria ser 0 (desligado) ou 1/(1 − rate) = "
                f"{scale:.6g} (mantido e escalado); vieram {np.unique(mask[~ok])[:5].tolist()}")
    if not np.allclose(output, inputs * mask, rtol=1e-9, atol=1e-12):
        return "output deveria ser inputs · mask, com a máscara devolvida"
    return None


@st.composite
def dropout_backward_args(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6))
    dvalues = draw(hnp.arrays(np.float64, shape, elements=reals(100.0)))
    rate = draw(RATES)
    mask = _binary(shape, rate, draw(SEEDS)) / (1 - rate)
    return dvalues, mask


def _dropout_backward_numeric(args, kwargs, received):
    dvalues, mask = args
    arr, problem = as_gradient(received, dvalues, "dinputs")
    if problem:
        return problem
    x = np.ones_like(dvalues)  # a ida é linear: o ponto não importa
    numeric = numeric_elementwise(lambda z: z * mask, x, dvalues, 1e-3)
    return gradient_gap("dinputs", "sum(dvalues · (inputs · mask))", numeric, received, arr)


# ---------------------------------------------------------------------------
# train_val_split


def _half_safe(n, fraction):
    """n·f longe de um meio (x,5), onde os arredondamentos discordam."""
    value = n * fraction
    return abs(value - np.floor(value) - 0.5) > 1e-6


@st.composite
def split_args(draw):
    n = draw(st.integers(2, 40))
    fraction = draw(st.one_of(st.sampled_from([0.1, 0.2, 0.3, 0.25, 0.5, 0.75, 0.9]),
                              st.floats(0.01, 0.99, width=64)))
    if not _half_safe(n, fraction):
        fraction = fraction + 0.003 if fraction < 0.9 else fraction - 0.003
    return n, fraction, draw(SEEDS)


@st.composite
def bad_split_args(draw):
    kind = draw(st.sampled_from(["n", "baixo", "alto"]))
    if kind == "n":
        return draw(st.integers(0, 1)), 0.5, draw(SEEDS)
    n = draw(st.integers(2, 20))
    if kind == "baixo":
        return n, draw(st.one_of(st.just(0.0), st.floats(-2.0, 0.0, width=64))), draw(SEEDS)
    return n, draw(st.one_of(st.just(1.0), st.floats(1.0, 3.0, width=64))), draw(SEEDS)


def _index_array(value):
    """Array 1-D de inteiros, ou None."""
    if unsupported(value) is not None:
        return None
    arr = as_array(value)
    if arr is None or arr.ndim != 1:
        return None
    if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
        return None
    return arr.astype(np.int64)


def _short_list(arr) -> str:
    items = np.sort(arr).tolist()
    text = str(items)
    return text if len(text) < 90 else text[:87] + "...]"


def _compare_part(name, expected, received) -> Difference | None:
    rec = _index_array(received)
    if rec is None:
        return Difference(f"{name} deveria ser um array 1-D de índices inteiros; veio "
                          f"{format_value(received)[:80]}.")
    exp = np.sort(_f(expected).astype(np.int64))
    if len(rec) != len(exp):
        return Difference(f"{name} deveria ter {len(exp)} índices; veio com {len(rec)} "
                          f"({_short_list(rec)}).")
    if not np.array_equal(np.sort(rec), exp):
        return Difference(f"{name} tem outros índices: esperado (em ordem crescente) "
                          f"{_short_list(exp)}, recebido {_short_list(rec)}.")
    return None


def compare_split(args, kwargs, expected, received) -> Difference | None:
    bad = unsupported(received)
    if bad is not None:
        return Difference(f"o resultado não é um valor que o corretor aceite ({bad}).")
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return Difference("o resultado deveria ser a tupla (train_idx, val_idx); veio "
                          f"{describe_shape(received)}.")
    for name, exp, rec in (("val_idx", expected[1], received[1]),
                           ("train_idx", expected[0], received[0])):
        diff = _compare_part(name, exp, rec)
        if diff is not None:
            return diff
    return None


def _split_partition(args, kwargs, received):
    n, fraction, _ = args
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return "o resultado deveria ser a tupla (train_idx, val_idx)"
    train, val = (_index_array(v) for v in received)
    if train is None or val is None:
        return "train_idx e val_idx deveriam ser arrays 1-D de índices inteiros"
    if np.intersect1d(train, val).size:
        return ("treino e validação se sobrepõem (os índices "
                f"{np.intersect1d(train, val)[:5].tolist()} estão nos dois): as partes "
                "devem ser disjuntas")
    together = np.sort(np.concatenate([train, val]))
    if not np.array_equal(together, np.arange(n)):
        return (f"juntos, treino e validação deveriam ter cada índice de 0 a {n - 1} "
                "exatamente uma vez")
    wanted = min(max(round(n * fraction), 1), n - 1)
    if len(val) != wanted:
        return (f"com n_samples = {n} e val_fraction = {fraction:.6g}, a validação "
                f"deveria ter round({n * fraction:.6g}) = {wanted} amostras (pelo menos 1 "
                f"e no máximo n_samples − 1); veio com {len(val)}")
    return None


# ---------------------------------------------------------------------------
# kfold_indices


@st.composite
def kfold_args(draw):
    n = draw(st.integers(2, 23))
    k = draw(st.one_of(st.integers(2, n), st.sampled_from([2, n])))
    tail = draw(st.sampled_from(["", "sem", "com", "sem+rng"]))
    if tail == "":
        return n, k
    if tail == "sem":
        return n, k, False
    return n, k, tail == "com", draw(SEEDS)


@st.composite
def bad_kfold_args(draw):
    n = draw(st.integers(1, 12))
    k = draw(st.one_of(st.integers(-2, 1), st.integers(n + 1, n + 4)))
    return n, k


def compare_folds(args, kwargs, expected, received) -> Difference | None:
    bad = unsupported(received)
    if bad is not None:
        if "generator" in bad:
            return Difference("sua função devolveu um gerador (yield), não uma lista de "
                              "partes.", "monte e devolva a lista de pares (train_idx, val_idx)")
        return Difference(f"o resultado não é um valor que o corretor aceite ({bad}).")
    if not isinstance(received, (list, tuple)):
        return Difference("o resultado deveria ser uma lista de pares (train_idx, val_idx); "
                          f"veio {describe_shape(received)}.")
    if len(received) != len(expected):
        return Difference(f"esperado {len(expected)} partes (uma por rodada, k = "
                          f"{len(expected)}); vieram {len(received)}.")
    for i, (exp, rec) in enumerate(zip(expected, received)):
        if not isinstance(rec, (list, tuple)) or len(rec) != 2:
            return Difference(f"a parte {i} deveria ser um par (train_idx, val_idx); veio "
                              f"{describe_shape(rec)}.")
        for name, e, r in (("val_idx", exp[1], rec[1]), ("train_idx", exp[0], rec[0])):
            diff = _compare_part(f"o {name} da parte {i}", e, r)
            if diff is not None:
                return diff
    return None


def _kfold_partition(args, kwargs, received):
    n, k = args[:2]
    if not isinstance(received, (list, tuple)) or len(received) != k:
        return f"o resultado deveria ser uma lista de k = {k} pares (train_idx, val_idx)"
    seen = []
    for i, fold in enumerate(received):
        if not isinstance(fold, (list, tuple)) or len(fold) != 2:
            return f"a parte {i} deveria ser um par (train_idx, val_idx)"
        train, val = (_index_array(v) for v in fold)
        if train is None or val is None:
            return f"na parte {i}, train_idx e val_idx deveriam ser arrays 1-D de inteiros"
        if not np.array_equal(np.sort(np.concatenate([train, val])), np.arange(n)):
            return (f"na parte {i}, treino e validação juntos deveriam ter cada índice de 0 "
                    f"a {n - 1} exatamente uma vez (o treino é o complemento da validação)")
        seen.append(val)
    everything = np.sort(np.concatenate(seen))
    if not np.array_equal(everything, np.arange(n)):
        return ("cada amostra deveria estar na validação de exatamente uma parte; "
                f"juntas, as validações deram {_short_list(everything)}")
    sizes = [len(v) for v in seen]
    if max(sizes) - min(sizes) > 1:
        return (f"os tamanhos das partes deveriam diferir de no máximo 1; vieram {sizes}")
    return None


# ---------------------------------------------------------------------------
# early_stopping_epoch


@st.composite
def early_stopping_args(draw):
    n = draw(st.integers(1, 14))
    if draw(st.booleans()):
        # múltiplos de 1/8: exatos em binário, com empates frequentes
        losses = draw(st.lists(st.integers(0, 16).map(lambda k: k / 8), min_size=n, max_size=n))
        min_delta = draw(st.sampled_from([0.0, 0.125, 0.25]))
    else:
        losses = draw(st.lists(st.floats(0.0, 10.0, width=64), min_size=n, max_size=n))
        min_delta = 0.0
    patience = draw(st.integers(1, 5))
    if min_delta == 0.0 and draw(st.booleans()):
        return losses, patience
    return losses, patience, min_delta


@st.composite
def bad_early_stopping_args(draw):
    if draw(st.booleans()):
        return [], draw(st.integers(1, 4))
    losses = draw(st.lists(st.floats(0.0, 2.0, width=64), min_size=1, max_size=5))
    return losses, draw(st.integers(-2, 0))


def _early_stopping_consistent(args, kwargs, received):
    """Sem a referência: stop = min(best + patience, n − 1); com min_delta = 0, a
    melhor época é a primeira com a menor perda até a parada."""
    losses, patience = args[:2]
    min_delta = args[2] if len(args) > 2 else 0.0
    n = len(losses)
    if not isinstance(received, (tuple, list)) or len(received) != 2:
        return "o resultado deveria ser a tupla (best_epoch, stop_epoch)"
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in received):
        return "best_epoch e stop_epoch deveriam ser números inteiros"
    best, stop = received
    if best != int(best) or stop != int(stop):
        return "best_epoch e stop_epoch deveriam ser números inteiros"
    best, stop = int(best), int(stop)
    if not 0 <= best <= stop <= n - 1:
        return (f"deveria valer 0 ≤ best_epoch ≤ stop_epoch ≤ {n - 1} (épocas contadas "
                f"de 0); veio ({best}, {stop})")
    if stop != min(best + patience, n - 1):
        return (f"com a melhor época em {best} e patience = {patience}, o treino para em "
                f"min(best_epoch + patience, len − 1) = {min(best + patience, n - 1)}; "
                f"veio stop_epoch = {stop}")
    if min_delta == 0.0:
        window = np.asarray(losses[:stop + 1], dtype=float)
        first_min = int(np.argmin(window))
        if best != first_min:
            return (f"com min_delta = 0, a melhor época é a primeira com a menor perda até "
                    f"a parada: época {first_min} (perda {float(window[first_min])!r}); veio {best}")
    return None


SITE_LOSSES = [0.90, 0.71, 0.58, 0.52, 0.50, 0.51, 0.53, 0.52, 0.56, 0.60]

# ---------------------------------------------------------------------------
# augment_images

STDS = st.one_of(st.sampled_from([0.0, 0.1, 1.0]), st.floats(0.0, 2.0, width=64))
PROBS = st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.0, 1.0, width=64))


def _images(scale=100.0):
    shapes = st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5))
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=reals(scale)))


def augment_args():
    return st.tuples(_images(), PROBS, STDS, SEEDS)


def noiseless_augment_args():
    return st.tuples(_images(), PROBS, st.just(0.0), SEEDS)


def _augment_noiseless(args, kwargs, received):
    """Sem ruído, cada imagem sai igual à original ou ao seu espelho horizontal."""
    images = args[0]
    arr = as_array(received) if unsupported(received) is None else None
    if arr is None or arr.shape != images.shape:
        return (f"o resultado deveria ser um array da forma de images {images.shape}; veio "
                f"{describe_shape(received)}")
    for i, (got, original) in enumerate(zip(arr, images)):
        if not (np.array_equal(got, original) or np.array_equal(got, original[:, ::-1])):
            return (f"com noise_std = 0, a imagem {i} deveria sair igual à original ou ao "
                    "seu espelho horizontal (as colunas em ordem inversa); saiu outra coisa")
    return None


# ---------------------------------------------------------------------------
# train_regularized: o experimento, analisado pelo corretor

TRAIN_SAMPLES, VAL_SAMPLES, NOISE = 20, 100, 0.3
TRAIN_SEED, VAL_SEED = 3, 4
CURE_LAMBDA = 0.002
EPOCHS = 300  # o padrão da assinatura
MIN_VAL_LOSS = 0.4  # sem L2, a validação termina acima disto...
OVERFIT_RATIO = 4.0  # ... e pelo menos 4× a perda de treino
CURE_RATIO = 0.6  # com L2, a validação cai para no máximo 60 % da sem L2
GAP_RATIO = 0.5  # e a distância validação − treino para no máximo a metade
KEYS = ("weights1", "biases1", "weights2", "biases2", "train_losses", "val_losses")


@dataclass
class Run:
    failure: Failure | None = None
    params: tuple | None = None
    curves: tuple | None = None  # (train_losses, val_losses)
    train_loss: float | None = None  # calculadas pelo corretor
    val_loss: float | None = None
    norm: float | None = None  # Σ W1² + Σ W2²


@dataclass
class Experiment:
    plain: Run = field(default_factory=Run)
    cured: Run = field(default_factory=Run)
    n_features: int = 2
    n_classes: int = 2


def _check_format(value, n_features, n_classes):
    """(params, curves, None), ou (None, None, o texto do problema)."""
    problem = dict_problem(value, KEYS)
    if problem:
        return None, None, problem
    params, problem = two_layer_params(value, n_features, n_classes)
    if problem:
        return None, None, problem
    curves = []
    for name in ("train_losses", "val_losses"):
        curve = float_array(value[name], (1,))
        if curve is None or curve.size != EPOCHS:
            return None, None, (f"{name} deveria ser a lista das perdas de cada época "
                                f"({EPOCHS} números, uma por época); veio "
                                f"{describe_shape(value[name])}")
        if not np.all(np.isfinite(curve)):
            return None, None, (f"{name} tem nan ou inf: procure um log(0) (faltou o clip) "
                                "ou o Adam com t começando em 0")
        curves.append(curve)
    return params, tuple(curves), None


def data_loss(params, X, y) -> float:
    """A entropia cruzada média calculada pelo corretor, com o clip do livro."""
    w1, b1, w2, b2 = params
    with np.errstate(all="ignore"):
        scores = np.maximum(0, X @ w1 + b1) @ w2 + b2
        if not np.all(np.isfinite(scores)):
            return float("inf")
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    clipped = np.clip(probs[np.arange(len(y)), y], 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(clipped)))


def experiment_data(reference):
    moons = reference["moons_data"]
    X, y = moons(TRAIN_SAMPLES, NOISE, np.random.default_rng(TRAIN_SEED))
    X_val, y_val = moons(VAL_SAMPLES, NOISE, np.random.default_rng(VAL_SEED))
    return X, y, X_val, y_val


def _run(learner, data, lam) -> Run:
    X, y, X_val, y_val = data
    outcome = learner.call("train_regularized", X, y, X_val, y_val, l2_lambda=lam)
    run = Run()
    if outcome.error is not None:
        run.failure = training_raised(
            f"train_regularized(X, y, X_val, y_val, l2_lambda={lam})",
            [("X, y", f"moons_data({TRAIN_SAMPLES}, {NOISE}, rng={TRAIN_SEED}): X de forma "
                      f"{X.shape}"),
             ("X_val, y_val", f"moons_data({VAL_SAMPLES}, {NOISE}, rng={VAL_SEED}): X_val de "
                              f"forma {X_val.shape}")],
            outcome.error, "m08_regularizacao")
        return run
    params, curves, problem = _check_format(outcome.value, X.shape[1], int(y.max()) + 1)
    if problem:
        run.failure = Failure(f"com l2_lambda = {lam}: {problem}")
        return run
    run.params, run.curves = params, curves
    run.train_loss = data_loss(params, X, y)
    run.val_loss = data_loss(params, X_val, y_val)
    run.norm = float(np.sum(params[0] ** 2) + np.sum(params[2] ** 2))
    return run


def run_experiment(learner, reference) -> Experiment:
    """As duas chamadas, uma vez por correção (guardadas no `learner`)."""
    cached = getattr(learner, "_m08_experiment", None)
    if cached is not None:
        return cached
    data = experiment_data(reference)
    experiment = Experiment()
    experiment.plain = _run(learner, data, 0.0)
    experiment.cured = _run(learner, data, CURE_LAMBDA)
    learner._m08_experiment = experiment
    return experiment


def _losses_text(run: Run) -> str:
    return f"treino {run.train_loss:.4g}, validação {run.val_loss:.4g}"


GENERIC_EXPERIMENT_HINT = (
    "o corretor calcula as perdas com relu(X·weights1 + biases1)·weights2 + biases2, "
    "softmax e entropia cruzada média. Confira as peças, o lote completo (todas as "
    "amostras a cada passo), o Adam com t começando em 1 e os valores padrão da "
    "assinatura"
)


def _format_test(learner, reference):
    experiment = run_experiment(learner, reference)
    for run in (experiment.plain, experiment.cured):
        if run.failure is not None:
            return run.failure
    for lam, run in ((0.0, experiment.plain), (CURE_LAMBDA, experiment.cured)):
        reported = float(run.curves[1][-1])
        if not np.isfinite(run.val_loss) or abs(reported - run.val_loss) > 0.05 + 0.1 * run.val_loss:
            return Failure(
                f"com l2_lambda = {lam}, a última perda de validação da sua curva "
                f"({reported:.4g}) está longe da que o corretor calcula com os pesos "
                f"devolvidos ({run.val_loss:.4g})",
                hints=["val_losses deve ter a entropia cruzada média em X_val, y_val, "
                       "calculada a cada época com os parâmetros daquela época (sem o termo "
                       "L2); confira se as curvas não estão trocadas"])
    return None


def _not_learning_hints(run: Run) -> list[str]:
    if not np.isfinite(run.train_loss):
        return ["os pesos devolvidos dão nan ou inf: a taxa de aprendizado estourou os "
                "pesos, ou o Adam dividiu por zero (t começando em 0)"]
    if run.train_loss > 0.1:
        return [f"a rede não aprendeu nem o treino (perda de treino final {run.train_loss:.3g}, "
                "calculada pelo corretor): confira as peças da retropropagação e do Adam, "
                "e se você devolveu os pesos finais"]
    return [GENERIC_EXPERIMENT_HINT]


def _overfit_test(learner, reference):
    experiment = run_experiment(learner, reference)
    run = experiment.plain
    if run.failure is not None:
        return Failure("sem um resultado no formato combinado (com l2_lambda = 0), não há "
                       "perdas para olhar")
    if run.val_loss >= MIN_VAL_LOSS and run.val_loss >= OVERFIT_RATIO * run.train_loss:
        return None
    return Failure(
        f"sem L2 (l2_lambda = 0), a rede deveria sobreajustar: perda de validação final de "
        f"pelo menos {MIN_VAL_LOSS:g} e pelo menos {OVERFIT_RATIO:g}× a de treino. O corretor "
        f"calculou, com os pesos devolvidos: {_losses_text(run)}",
        hints=_not_learning_hints(run))


def _cure_hints(experiment: Experiment) -> list[str]:
    plain, cured = experiment.plain, experiment.cured
    if not np.isfinite(cured.val_loss):
        return ["com L2, os pesos devolvidos dão nan ou inf"]
    if abs(cured.val_loss - plain.val_loss) < 0.05 * plain.val_loss \
            and abs(cured.norm - plain.norm) < 0.05 * plain.norm:
        return ["a L2 quase não mudou nada: some 2·l2_lambda·W ao gradiente dos pesos das "
                "DUAS camadas (dweights), a cada época, antes do passo do Adam"]
    if cured.norm >= plain.norm:
        return [f"com L2, os pesos deveriam ficar MENORES, mas Σ W² foi de {plain.norm:.4g} "
                f"(sem L2) para {cured.norm:.4g} (com L2): o termo +2·l2_lambda·W entra no "
                "gradiente de cada peso com sinal positivo (o passo do Adam já subtrai); "
                "com o sinal trocado os pesos crescem"]
    if cured.train_loss > 0.4:
        return [f"com L2 a rede ficou fraca demais (perda de treino {cured.train_loss:.3g}): "
                "a penalidade é l2_lambda·ΣW², com gradiente 2·l2_lambda·W — nada de "
                "multiplicar o gradiente todo, nem penalizar com força maior"]
    return [GENERIC_EXPERIMENT_HINT]


def _cure_test(learner, reference):
    experiment = run_experiment(learner, reference)
    plain, cured = experiment.plain, experiment.cured
    if plain.failure is not None or cured.failure is not None:
        return Failure("sem os dois resultados no formato combinado, não há o que comparar")
    if cured.val_loss <= CURE_RATIO * plain.val_loss:
        return None
    return Failure(
        f"com l2_lambda = {CURE_LAMBDA}, a perda de validação final deveria cair para no "
        f"máximo {CURE_RATIO * 100:.0f} % da sem L2. O corretor calculou: sem L2, "
        f"{_losses_text(plain)}; com L2, {_losses_text(cured)}",
        hints=_cure_hints(experiment))


def _gap_test(learner, reference):
    experiment = run_experiment(learner, reference)
    plain, cured = experiment.plain, experiment.cured
    if plain.failure is not None or cured.failure is not None:
        return Failure("sem os dois resultados no formato combinado, não há o que comparar")
    gap_plain = plain.val_loss - plain.train_loss
    gap_cured = cured.val_loss - cured.train_loss
    if gap_plain > 0 and gap_cured <= GAP_RATIO * gap_plain:
        return None
    return Failure(
        f"com L2, a distância entre as perdas de validação e de treino deveria cair para no "
        f"máximo a metade: sem L2 ela é {gap_plain:.4g}, com L2 {gap_cured:.4g} (calculadas "
        "pelo corretor com os pesos devolvidos)",
        hints=_cure_hints(experiment) if gap_plain > 0 else _not_learning_hints(plain))


# ---------------------------------------------------------------------------

SPEC = ModuleSpec(
    id="m08_regularizacao",
    title="Regularização e validação",
    checks=[
        FunctionCheck(
            name="l1_penalty",
            points=2,
            max_examples=25,
            hints=[
                "A penalidade é um único número: some uma contribuição de cada peso, de "
                "todos os elementos do array.",
                "A contribuição de cada peso é o seu valor absoluto; pesos negativos também "
                "aumentam a penalidade.",
                "Multiplique a soma por lam no fim.",
            ],
            page=f"{PAGE}#l1-l2",
            params=("weights", "lam"),
            cases=[
                Case((SITE_WEIGHTS, 0.01), 0.041, note="exemplo do site"),
                Case((np.array([-3.0, 0.0, 2.0]), 0.5), 2.5, note="pesos negativos e zero"),
                Case((SITE_WEIGHTS, 0.0), 0.0, note="lam = 0: sem penalidade"),
            ],
            strategy=penalty_args(),
            properties=[Property("um único número, nunca negativo", _penalty_is_number)],
        ),
        FunctionCheck(
            name="l1_gradient",
            points=2,
            max_examples=25,
            hints=[
                "O gradiente tem a forma de weights: um número por peso.",
                "A derivada de |w| é o sinal de w: +1 para positivos e −1 para negativos; "
                "o tamanho do peso não importa.",
                "Em w = 0 use 0 (é o que np.sign dá) e multiplique tudo por lam.",
            ],
            page=f"{PAGE}#l1-l2",
            params=("weights", "lam"),
            cases=[
                Case((SITE_WEIGHTS, 0.01), np.array([[0.01, -0.01], [0.01, 0.01]]),
                     note="exemplo do site"),
                Case((np.array([-3.0, 0.0, 2.0]), 0.5), np.array([-0.5, 0.0, 0.5]),
                     note="em w = 0 o gradiente é 0"),
            ],
            strategy=penalty_args(),
            properties=[Property("gradiente numérico (diferenças centrais, longe de w = 0)",
                                 _l1_gradient_numeric)],
        ),
        FunctionCheck(
            name="l2_penalty",
            points=2,
            max_examples=25,
            hints=[
                "A penalidade é um único número: some uma contribuição de cada peso.",
                "A contribuição de cada peso é o seu quadrado (sem raiz no fim).",
                "Multiplique a soma por lam, sem o fator ½ que alguns textos usam.",
            ],
            page=f"{PAGE}#l1-l2",
            params=("weights", "lam"),
            cases=[
                Case((SITE_WEIGHTS, 0.01), 0.0651, note="exemplo do site"),
                Case((np.array([-3.0, 0.0, 2.0]), 0.5), 6.5, note="pesos negativos e zero"),
            ],
            strategy=penalty_args(),
            properties=[Property("um único número, nunca negativo", _penalty_is_number)],
        ),
        FunctionCheck(
            name="l2_gradient",
            points=2,
            max_examples=25,
            hints=[
                "O gradiente tem a forma de weights: um número por peso.",
                "A derivada de w² é 2w: o gradiente é proporcional ao próprio peso.",
                "Não esqueça nenhum dos dois fatores: o 2 e o lam.",
            ],
            page=f"{PAGE}#l1-l2",
            params=("weights", "lam"),
            cases=[
                Case((SITE_WEIGHTS, 0.01), np.array([[0.01, -0.03], [0.04, 0.002]]),
                     note="exemplo do site"),
                Case((np.array([-3.0, 0.0, 2.0]), 0.5), np.array([-3.0, 0.0, 2.0]),
                     note="lam = 0,5: 2·lam = 1"),
            ],
            strategy=penalty_args(),
            properties=[Property("gradiente numérico (diferenças centrais)", _l2_gradient_numeric)],
        ),
        FunctionCheck(
            name="dropout_forward",
            points=2,
            max_examples=30,
            hints=[
                "rate é a fração desligada; a probabilidade de manter um neurônio é 1 − rate.",
                "Sorteie a máscara uma vez só, com a chamada do enunciado: rng.binomial com "
                "n = 1, p = 1 − rate e size igual à forma de inputs.",
                "Divida a máscara por (1 − rate) antes de usá-la: a saída é inputs vezes "
                "essa máscara, e a tupla devolvida leva a mesma máscara escalada.",
                "Verifique rate antes de sortear: fora de [0, 1) levante ValueError.",
            ],
            page=f"{PAGE}#dropout",
            params=("inputs", "rate", "rng"),
            cases=[
                Case((np.array([[1.0, 2.0, 3.0, 4.0, 5.0]]), 0.4, 1),
                     note="5 saídas, rate = 0,4, rng = default_rng(1)"),
                Case((np.arange(12.0).reshape(3, 4) - 5, 0.5, 0),
                     note="matriz 3×4, rate = 0,5, rng = default_rng(0)"),
                Case((np.array([[1.5, -2.0], [0.0, 3.0]]), 0.0, 7),
                     (np.array([[1.5, -2.0], [0.0, 3.0]]), np.ones((2, 2))),
                     note="rate = 0: nada é desligado"),
                Case((np.ones((2, 2)), 1.0, 0), raises=ValueError, note="rate = 1"),
            ],
            strategy=dropout_args(),
            properties=[
                Property("máscara de 0 e 1/(1 − rate), e output = inputs · mask", _mask_property),
                Property("ValueError para rate fora de [0, 1)", raises=ValueError,
                         strategy=bad_rate_args()),
            ],
        ),
        FunctionCheck(
            name="dropout_backward",
            points=2,
            max_examples=25,
            hints=[
                "Na ida, cada saída foi a entrada vezes a máscara: a derivada local é a "
                "própria máscara.",
                "Pela regra da cadeia, multiplique o gradiente que chega (dvalues) pela "
                "máscara, elemento a elemento.",
                "A máscara já vem escalada por 1/(1 − rate): use-a como está, sem refazer a "
                "escala.",
            ],
            page=f"{PAGE}#dropout",
            params=("dvalues", "mask"),
            cases=[
                Case((np.array([[1.0, 2.0, 3.0, 4.0, 5.0]]),
                      np.array([[1 / 0.6, 0.0, 1 / 0.6, 0.0, 1 / 0.6]])),
                     np.array([[1 / 0.6, 0.0, 3 / 0.6, 0.0, 5 / 0.6]]),
                     note="máscara com rate = 0,4"),
                Case((np.array([[-2.0, 0.5], [3.0, 1.0]]), np.array([[2.0, 2.0], [0.0, 2.0]])),
                     np.array([[-4.0, 1.0], [0.0, 2.0]]), note="rate = 0,5"),
            ],
            strategy=dropout_backward_args(),
            properties=[Property("gradiente numérico (diferenças centrais)",
                                 _dropout_backward_numeric)],
        ),
        FunctionCheck(
            name="train_val_split",
            points=2,
            max_examples=30,
            hints=[
                "Comece pelo tamanho da validação: arredonde n_samples vezes val_fraction "
                "e mantenha o resultado entre 1 e n_samples − 1.",
                "Sorteie uma única ordem de todos os índices com rng.permutation(n_samples).",
                "As primeiras n_val posições dessa ordem são a validação; as outras, o "
                "treino. A tupla vem com o treino primeiro.",
                "Levante ValueError antes de sortear quando n_samples < 2 ou val_fraction "
                "não estiver entre 0 e 1 (exclusive).",
            ],
            page=f"{PAGE}#divisao-treino-validacao",
            params=("n_samples", "val_fraction", "rng"),
            cases=[
                Case((10, 0.3, 0), note="10 amostras, 30 % na validação, rng = default_rng(0)"),
                Case((5, 0.05, 1), note="round(0,25) = 0, mas a validação tem pelo menos 1"),
                Case((4, 0.9, 2), note="round(3,6) = 4, mas o treino tem pelo menos 1"),
                Case((1, 0.5, 0), raises=ValueError, note="uma amostra só"),
                Case((10, 1.0, 0), raises=ValueError, note="val_fraction = 1"),
            ],
            strategy=split_args(),
            comparator=compare_split,
            properties=[
                Property("partes disjuntas que cobrem todas as amostras, tamanhos certos",
                         _split_partition),
                Property("ValueError para n_samples < 2 ou val_fraction fora de (0, 1)",
                         raises=ValueError, strategy=bad_split_args()),
            ],
        ),
        FunctionCheck(
            name="kfold_indices",
            points=2,
            max_examples=30,
            hints=[
                "Primeiro a ordem: np.arange(n_samples), ou rng.permutation(n_samples) só "
                "quando shuffle for True.",
                "Tamanhos: divida n_samples por k; o resto r da divisão dá uma amostra a "
                "mais a cada uma das r primeiras partes.",
                "Percorra as partes como blocos consecutivos da ordem: a parte da rodada é a "
                "validação, e todo o resto da ordem é o treino.",
                "Devolva uma lista com k pares (train_idx, val_idx); k < 2 ou k > n_samples "
                "pedem ValueError.",
            ],
            page=f"{PAGE}#validacao-cruzada",
            params=("n_samples", "k", "shuffle", "rng"),
            cases=[
                Case((10, 3), note="10 amostras em 3 partes: tamanhos 4, 3 e 3"),
                Case((6, 2), note="6 amostras em 2 partes iguais"),
                Case((5, 5), note="k = n_samples: uma amostra por parte (leave-one-out)"),
                Case((7, 3), kwargs={"shuffle": True, "rng": 0},
                     note="embaralhando com rng = default_rng(0), por nome"),
                Case((7, 3), kwargs={"shuffle": False, "rng": 0},
                     note="shuffle=False com um rng: a ordem é a original"),
                Case((5, 1), raises=ValueError, note="k = 1"),
                Case((3, 4), raises=ValueError, note="k maior que n_samples"),
            ],
            strategy=kfold_args(),
            comparator=compare_folds,
            properties=[
                Property("cada amostra na validação de exatamente uma parte; tamanhos "
                         "diferem de no máximo 1", _kfold_partition),
                Property("ValueError para k < 2 ou k > n_samples", raises=ValueError,
                         strategy=bad_kfold_args()),
            ],
        ),
        FunctionCheck(
            name="early_stopping_epoch",
            points=2,
            max_examples=40,
            hints=[
                "Guarde três coisas ao percorrer as épocas: a melhor perda, a época dela e "
                "quantas épocas seguidas passaram sem melhora.",
                "Uma época só melhora se a perda for estritamente menor que a melhor menos "
                "min_delta; um empate não conta.",
                "Quando melhora, o contador volta a 0; quando não, ele soma 1, e ao chegar "
                "a patience o treino para naquela época.",
                "As épocas contam a partir de 0; se a paciência nunca se esgotar, a parada é "
                "a última época.",
            ],
            page=f"{PAGE}#parada-antecipada",
            params=("val_losses", "patience", "min_delta"),
            cases=[
                Case((SITE_LOSSES, 3), (4, 7), note="exemplo do site"),
                Case(([1.0, 0.8, 0.8, 0.8, 0.7], 2), (1, 3),
                     note="empates não são melhora"),
                Case(([1.0, 0.9, 0.8, 0.7], 2), (3, 3),
                     note="sempre melhora: vai até a última época"),
                Case(([1.0, 0.95, 0.92, 0.91, 0.5], 3, 0.1), (0, 3),
                     note="melhoras menores que min_delta = 0,1 não contam"),
                Case(([0.5], 1), (0, 0), note="uma época só"),
                Case(([], 2), raises=ValueError, note="lista vazia"),
                Case(([0.5, 0.4], 0), raises=ValueError, note="patience = 0"),
            ],
            strategy=early_stopping_args(),
            properties=[
                Property("stop = min(best + patience, última época); melhor época é a de "
                         "menor perda até a parada", _early_stopping_consistent),
                Property("ValueError para lista vazia ou patience < 1", raises=ValueError,
                         strategy=bad_early_stopping_args()),
            ],
        ),
        FunctionCheck(
            name="augment_images",
            points=2,
            max_examples=30,
            hints=[
                "Use o rng duas vezes, nesta ordem: primeiro um sorteio por imagem (para "
                "decidir o espelho), depois o ruído de todos os pixels.",
                "O espelho horizontal inverte as colunas de cada imagem, a última dimensão "
                "do array (N, H, W).",
                "Escolha, imagem a imagem, entre a espelhada e a original, e some o ruído; "
                "trabalhe num array novo, sem mexer em images.",
            ],
            page=f"{PAGE}#aumento-de-dados",
            params=("images", "flip_prob", "noise_std", "rng"),
            cases=[
                Case((np.arange(12.0).reshape(2, 2, 3), 1.0, 0.0, 0),
                     np.arange(12.0).reshape(2, 2, 3)[:, :, ::-1],
                     note="flip_prob = 1 e sem ruído: todas espelhadas"),
                Case((np.arange(12.0).reshape(2, 2, 3), 0.0, 0.0, 0),
                     np.arange(12.0).reshape(2, 2, 3), note="flip_prob = 0 e sem ruído"),
                Case((np.arange(32.0).reshape(4, 2, 4), 0.5, 0.1, 5),
                     note="4 imagens 2×4, rng = default_rng(5)"),
                Case((np.arange(18.0).reshape(2, 3, 3),), kwargs={"rng": 3},
                     note="valores padrão (flip_prob = 0,5, noise_std = 0,1)"),
            ],
            strategy=augment_args(),
            properties=[
                Property("sem ruído, cada imagem sai igual à original ou espelhada",
                         _augment_noiseless, strategy=noiseless_augment_args()),
            ],
        ),
        FunctionCheck(
            name="train_regularized",
            loss_keys=("train_losses", "val_losses"),
            points=4,
            hints=[
                "Comece sem L2 e confira as curvas: a perda de treino vai a quase zero e a "
                "de validação, depois de um mínimo, sobe.",
                "As perdas guardadas são só as dos dados (sem o termo L2), calculadas a "
                "cada época com os parâmetros daquela época, no treino e na validação.",
                "Para a L2, some 2·l2_lambda·W ao gradiente de cada um dos dois pesos antes "
                "do passo do Adam; os vieses não são penalizados.",
                "Mantenha os valores padrão da assinatura, o lote completo e o Adam com t "
                "começando em 1.",
            ],
            page=f"{PAGE}#experimento",
            params=("X", "y", "X_val", "y_val", "l2_lambda"),
            check_inputs_unchanged=False,
            compare_to_reference=False,
            custom=[
                Custom("devolve pesos, vieses e as duas curvas nas formas combinadas",
                       _format_test),
                Custom("sem L2, sobreajusta (validação ≫ treino)", _overfit_test),
                Custom("com L2, a perda de validação cai", _cure_test),
                Custom("com L2, a distância entre validação e treino diminui", _gap_test),
            ],
        ),
    ],
)
