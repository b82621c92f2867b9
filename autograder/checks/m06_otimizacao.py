"""Verificações do módulo 6: passos dos otimizadores (SGD, momento, Adam) e
decaimento da taxa de aprendizado.

Os passos são comparados com tolerância apertada (rtol 1e-7, como a medida
do CS231n para passos de otimizador): fórmulas equivalentes escritas de
outro jeito diferem só no arredondamento (~1e-16), e os erros de lógica
mudam os valores já na primeira casa. Além da referência, cada otimizador é
aplicado várias vezes seguidas (o corretor devolve à função os arrays que
ela mesma devolveu) numa quadrática convexa, e a perda tem de cair.
"""

from __future__ import annotations

import numpy as np

from ..engine import error_text
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import float_array, hnp, st

PAGE = "conceitos/otimizacao.md"
RTOL_STEP = 1e-7

# ---------------------------------------------------------------------------
# Estratégias


def _shapes():
    return hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4)


def _rates():
    return st.one_of(st.floats(1e-4, 1.0), st.sampled_from([0.001, 0.01, 0.1, 1.0]))


def _squares(shape):
    """Arrays não negativos (v do Adam), com zeros e valores minúsculos."""
    elements = st.one_of(st.floats(0.0, 100.0), st.floats(0.0, 1e-6))
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def sgd_args(draw):
    shape = draw(_shapes())
    return draw(float_array(shape)), draw(float_array(shape)), draw(_rates())


@st.composite
def momentum_args(draw):
    shape = draw(_shapes())
    param, grad = draw(float_array(shape)), draw(float_array(shape))
    velocity = draw(float_array(shape, 10.0))
    return param, grad, velocity, draw(_rates()), draw(st.floats(0.0, 0.99))


@st.composite
def adam_args(draw):
    shape = draw(_shapes())
    param, grad = draw(float_array(shape)), draw(float_array(shape))
    m, v = draw(float_array(shape, 10.0)), draw(_squares(shape))
    t = draw(st.one_of(st.integers(1, 5), st.integers(1, 2000)))
    return param, grad, m, v, t


ADAM_KWARGS = st.fixed_dictionaries(
    {},
    optional={
        "learning_rate": st.floats(1e-4, 0.1),
        "beta1": st.floats(0.5, 0.99),
        "beta2": st.floats(0.9, 0.9999),
        "eps": st.sampled_from([1e-8, 1e-7, 1e-6]),
    },
)


@st.composite
def adam_first_step(draw):
    """m = v = 0 e t = 1, gradiente longe de zero: o passo tem tamanho lr."""
    shape = draw(_shapes())
    magnitude = hnp.arrays(np.float64, shape, elements=st.floats(1e-3, 100.0))
    signs = hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0]))
    grad = draw(magnitude) * draw(signs)
    return draw(float_array(shape)), grad, np.zeros(shape), np.zeros(shape), 1


def decay_args():
    return st.tuples(
        st.floats(1e-4, 10.0),
        st.one_of(st.just(0.0), st.floats(0.0, 1.0)),
        st.one_of(st.integers(0, 20), st.integers(0, 100_000)),
    )


# ---------------------------------------------------------------------------
# Modelos dos erros conhecidos


# ---------------------------------------------------------------------------
# Propriedades (sem a referência)


def _as_float_array(value):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _sgd_goes_downhill(args, kwargs, received):
    param, grad, lr = args
    new = _as_float_array(received)
    if new is None or new.shape != param.shape:
        return f"o resultado deveria ser um array da forma {param.shape}, como `param`"
    moved = float(np.sum((new - param) * grad))
    if lr > 0 and moved > 1e-9 * (1 + float(np.sum(np.abs(param * grad)))):
        return ("o parâmetro andou a favor do gradiente (a perda sobe): o passo "
                "deve ser contra ele, param − learning_rate·grad")
    return None


def _tuple_of(received, n, names):
    if not isinstance(received, (tuple, list)) or len(received) != n:
        return None, f"o resultado deveria ser a tupla ({names})"
    arrays = [_as_float_array(r) for r in received]
    if any(a is None for a in arrays):
        return None, f"os itens de ({names}) devem ser arrays numéricos"
    return arrays, None


def _momentum_step_is_velocity(args, kwargs, received):
    # A velocidade já é o passo, com o sinal: param_novo − param = velocity_nova.
    param, grad, velocity, lr, mu = args
    arrays, problem = _tuple_of(received, 2, "param, velocity")
    if problem:
        return problem
    new_param, new_velocity = arrays
    if new_param.shape != param.shape or new_velocity.shape != param.shape:
        return f"param e velocity devolvidos deveriam ter a forma {param.shape}"
    if not np.allclose(new_param - param, new_velocity, rtol=1e-6,
                       atol=1e-9 + 1e-13 * np.max(np.abs(param))):
        return ("o passo dado no parâmetro (param novo − param) deveria ser a velocidade "
                "nova devolvida: param + velocity, com a velocidade já atualizada")
    return None


def _adam_first_step_is_lr(args, kwargs, received):
    # Com m = v = 0 e t = 1, a correção de viés devolve m̂ = g e v̂ = g², para
    # quaisquer betas: o passo é lr·g / (|g| + eps), quase exatamente lr.
    param, grad = args[0], args[1]
    lr = kwargs.get("learning_rate", 0.001)
    eps = kwargs.get("eps", 1e-7)
    arrays, problem = _tuple_of(received, 3, "param, m, v")
    if problem:
        return problem
    new_param = arrays[0]
    if new_param.shape != param.shape:
        return f"o param devolvido deveria ter a forma {param.shape}"
    expected = param - lr * grad / (np.abs(grad) + eps)
    if not np.allclose(new_param, expected, rtol=RTOL_STEP, atol=1e-6 * lr):
        # O passo certo com o eps de outros textos (1e-8) não é falta de
        # correção de viés: só o valor padrão de eps está diferente.
        other_eps = param - lr * grad / (np.abs(grad) + 1e-8)
        if "eps" not in kwargs and np.allclose(new_param, other_eps, rtol=RTOL_STEP,
                                               atol=1e-6 * lr):
            return ("o passo bate com eps = 1e-8, mas o valor padrão de eps neste curso "
                    "é 1e-7: confira o padrão na assinatura, eps=1e-7")
        return ("no primeiro passo (m = v = 0, t = 1) cada parâmetro deveria andar "
                f"quase exatamente learning_rate = {lr:g} contra o sinal do gradiente "
                "(a correção de viés dá m̂ = grad e v̂ = grad²); sem a correção de viés, "
                "ou com t errado, o passo sai de outro tamanho")
    return None


def _decay_in_range(args, kwargs, received):
    initial, decay, step = args
    value = _as_float_array(received)
    if value is None or value.shape != ():
        return "o resultado deveria ser um único número"
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        return f"a taxa deveria ser positiva e finita; veio {value!r}"
    if value > initial * (1 + 1e-12):
        return f"a taxa decaída ({value:.6g}) ficou maior que a inicial ({initial:.6g})"
    return None


# ---------------------------------------------------------------------------
# Testes escritos à mão: o otimizador desce uma quadrática convexa


QUAD_A = np.array([[0.5, 1.0, 2.0], [1.5, 0.8, 1.2]])
QUAD_C = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
QUAD_P0 = np.array([[3.0, 1.0, -2.0], [2.0, -1.0, 2.5]])
QUAD_TEXT = "f(p) = ½·Σ a·(p − c)², de gradiente a·(p − c)"


def _quad_loss(p):
    return float(0.5 * np.sum(QUAD_A * (p - QUAD_C) ** 2))


def _quad_grad(p):
    return QUAD_A * (p - QUAD_C)


def _unpack(outcome, n, names, step):
    """Os arrays devolvidos num passo do laço, ou uma Failure."""
    if outcome.error is not None:
        return None, Failure(f"no passo {step} do laço, sua função levantou "
                             f"{error_text(outcome.error)}")
    received = outcome.value
    if n == 1:
        received = (received,)
    if not isinstance(received, (tuple, list)) or len(received) != n:
        return None, Failure(f"no passo {step} do laço, o resultado deveria ser ({names})")
    arrays = [_as_float_array(r) for r in received]
    if any(a is None or a.shape != QUAD_P0.shape for a in arrays):
        return None, Failure(f"no passo {step} do laço, ({names}) deveriam ser arrays "
                             f"da forma {QUAD_P0.shape}")
    return arrays, None


def _rise_hint(uphill: bool) -> str:
    """Por que a perda subiu, pelo que o passo fez: a favor do gradiente (o
    sinal) ou contra ele, mas longe demais (numa quadrática convexa, a perda
    só sobe com um passo na direção certa se ele passar do ponto)."""
    if uphill:
        return "um passo foi a favor do gradiente: confira o sinal (param − taxa · ...)"
    return ("os passos foram contra o gradiente, como devem, mas longe demais: confira a "
            "escala do passo (a taxa, as médias e a divisão)")


def _descent(fn, steps, call, names, n, final_ratio, monotone):
    def run(learner, reference):
        state = [QUAD_P0.copy()] + [np.zeros_like(QUAD_P0) for _ in range(n - 1)]
        f0 = _quad_loss(QUAD_P0)
        previous = f0
        worst = f0
        uphill = False  # algum passo foi a favor do gradiente (o sinal trocado)?
        for step in range(1, steps + 1):
            outcome = learner.call(fn, *call(state, step))
            arrays, failure = _unpack(outcome, n, names, step)
            if failure:
                return failure
            went_up = float(np.sum((arrays[0] - state[0]) * _quad_grad(state[0]))) > 0
            uphill = uphill or went_up
            state = arrays
            loss = _quad_loss(state[0])
            if not np.isfinite(loss):
                return Failure(
                    f"aplicando `{fn}` passo a passo em {QUAD_TEXT}, a perda virou "
                    f"{loss} no passo {step}",
                    hints=["o passo estourou: confira o sinal e a divisão (nan/inf)"],
                )
            if monotone and loss > previous * (1 + 1e-12) + 1e-15:
                return Failure(
                    f"aplicando `{fn}` passo a passo em {QUAD_TEXT} (taxa pequena), a "
                    f"perda deveria cair a cada passo, mas subiu de {previous:.6g} para "
                    f"{loss:.6g} no passo {step}",
                    hints=[_rise_hint(went_up)],
                )
            previous = loss
            worst = max(worst, loss)
        if loss > final_ratio * f0:
            hints = []
            if worst > 10 * f0:
                hints.append("a perda cresceu muito no caminho; " + _rise_hint(uphill))
            return Failure(
                f"aplicando `{fn}` {steps} vezes em {QUAD_TEXT}, partindo de perda "
                f"{f0:.4g}, a perda deveria ficar abaixo de {final_ratio * f0:.2g}; "
                f"ficou em {loss:.4g}",
                hints=hints,
            )
        return None

    return Custom(f"desce uma quadrática convexa em {steps} passos", run)


SGD_DESCENT = _descent(
    "sgd_update", 30, lambda s, t: (s[0], _quad_grad(s[0]), 0.2),
    "param", 1, 1e-3, monotone=True,
)
MOMENTUM_DESCENT = _descent(
    "momentum_update", 40, lambda s, t: (s[0], _quad_grad(s[0]), s[1], 0.1, 0.8),
    "param, velocity", 2, 1e-3, monotone=False,
)
ADAM_DESCENT = _descent(
    "adam_update", 60, lambda s, t: (s[0], _quad_grad(s[0]), s[1], s[2], t, 0.1),
    "param, m, v", 3, 1e-2, monotone=False,
)


def _decay_decreases(learner, reference):
    steps = [0, 1, 2, 10, 100, 1000]
    values = []
    for step in steps:
        outcome = learner.call("decayed_learning_rate", 0.5, 0.01, step)
        if outcome.error is not None:
            return Failure(f"com step = {step}, sua função levantou "
                           f"{error_text(outcome.error)}")
        value = _as_float_array(outcome.value)
        if value is None or value.shape != ():
            return Failure(f"com step = {step}, o resultado deveria ser um número")
        values.append(float(value))
    if not np.isclose(values[0], 0.5, rtol=1e-12):
        return Failure("no passo 0 a taxa deveria ser a inicial (0,5); veio "
                       f"{values[0]:.6g}", [("initial", 0.5), ("decay", 0.01), ("step", 0)])
    if any(b >= a for a, b in zip(values, values[1:])):
        shown = ", ".join(f"{s}: {v:.4g}" for s, v in zip(steps, values))
        return Failure(f"com decay = 0,01 a taxa deveria cair a cada passo; veio {shown}")
    return None


# ---------------------------------------------------------------------------

SPEC = ModuleSpec(
    id="m06_otimizacao",
    title="Otimização",
    checks=[
        FunctionCheck(
            name="sgd_update",
            points=2,
            hints=[
                "O passo vai contra o gradiente: o parâmetro novo é o antigo menos a taxa "
                "de aprendizado vezes o gradiente.",
                "Faça a conta num array novo; um operador in-place como -= mudaria o array "
                "de quem chamou a função.",
            ],
            page=f"{PAGE}#sgd",
            params=("param", "grad", "learning_rate"),
            rtol=RTOL_STEP,
            cases=[
                Case((np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, -1.0]), 0.1),
                     np.array([0.95, -2.05, 3.1]), note="um passo de SGD feito à mão"),
                Case((np.array([[0.2, 0.8], [-0.5, 1.0]]), np.array([[1.0, -1.0], [2.0, 0.0]]),
                      1.0), np.array([[-0.8, 1.8], [-2.5, 1.0]]),
                     note="taxa 1: o passo é o gradiente inteiro"),
                Case((np.array([1.0, 2.0]), np.array([3.0, 4.0]), 0.0), np.array([1.0, 2.0]),
                     note="taxa 0: nada muda"),
            ],
            strategy=sgd_args(),
            properties=[Property("o passo vai contra o gradiente", _sgd_goes_downhill)],
            custom=[SGD_DESCENT],
        ),
        FunctionCheck(
            name="momentum_update",
            points=2,
            hints=[
                "A velocidade nova guarda uma fração `momentum` da antiga e soma o passo "
                "do SGD, que já tem o sinal de menos.",
                "Atualize primeiro a velocidade; depois some ao parâmetro a velocidade "
                "nova (não a antiga).",
                "Devolva os dois arrays novos, na ordem (param, velocity).",
            ],
            page=f"{PAGE}#momento",
            params=("param", "grad", "velocity", "learning_rate", "momentum"),
            rtol=RTOL_STEP,
            cases=[
                Case((np.array([1.0, -1.0]), np.array([2.0, -4.0]), np.array([0.0, 0.0]),
                      0.1, 0.9),
                     (np.array([0.8, -0.6]), np.array([-0.2, 0.4])),
                     note="primeiro passo (velocity zero): igual ao SGD"),
                Case((np.array([0.8, -0.6]), np.array([1.0, -2.0]), np.array([-0.2, 0.4]),
                      0.1, 0.9),
                     (np.array([0.52, -0.04]), np.array([-0.28, 0.56])),
                     note="segundo passo, feito à mão (velocity = 0,9·v − 0,1·grad)"),
                Case((np.array([[1.0, 2.0]]), np.array([[0.5, -0.5]]), np.array([[0.3, 0.1]]),
                      0.2, 0.0),
                     (np.array([[0.9, 2.1]]), np.array([[-0.1, 0.1]])),
                     note="momentum 0: a velocidade antiga é esquecida"),
            ],
            strategy=momentum_args(),
            properties=[
                Property("o passo dado é a velocidade nova", _momentum_step_is_velocity),
            ],
            custom=[MOMENTUM_DESCENT],
        ),
        FunctionCheck(
            name="adam_update",
            points=2,
            hints=[
                "Atualize as duas médias móveis: m com beta1 e o gradiente, v com beta2 e "
                "o gradiente ao quadrado.",
                "A correção de viés divide m por 1 − beta1 elevado a t, e v por 1 − beta2 "
                "elevado a t; aqui t já começa em 1.",
                "O passo usa as médias corrigidas, com eps somado fora da raiz; devolva m "
                "e v sem a correção.",
            ],
            page=f"{PAGE}#adam",
            params=("param", "grad", "m", "v", "t"),
            rtol=RTOL_STEP,
            max_examples=60,
            cases=[
                Case((np.array([1.0]), np.array([0.5]), np.array([0.0]), np.array([0.0]), 1),
                     (np.array([1.0 - 0.001 * 0.5 / (0.5 + 1e-7)]), np.array([0.05]),
                      np.array([0.00025])),
                     note="primeiro passo (m = v = 0, t = 1): anda ≈ learning_rate"),
                Case((np.array([2.0, -1.0]), np.array([-1.0, 3.0]), np.array([0.1, -0.2]),
                      np.array([0.01, 0.04]), 3),
                     note="terceiro passo, valores padrão"),
                Case((np.array([0.0, 1.0]), np.array([1e-7, 0.0]), np.array([0.0, 0.0]),
                      np.array([0.0, 0.0]), 1),
                     note="gradiente minúsculo e gradiente zero: o eps evita dividir por zero"),
                Case((np.array([[0.5, -0.5]]), np.array([[0.2, -0.1]]), np.array([[0.0, 0.0]]),
                      np.array([[0.0, 0.0]]), 1),
                     kwargs={"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8},
                     note="argumentos nomeados (learning_rate, beta1, beta2, eps)"),
            ],
            strategy=adam_args(),
            kwargs_strategy=ADAM_KWARGS,
            properties=[
                Property("primeiro passo anda learning_rate contra o gradiente",
                         _adam_first_step_is_lr, strategy=adam_first_step()),
            ],
            custom=[ADAM_DESCENT],
        ),
        FunctionCheck(
            name="decayed_learning_rate",
            points=2,
            hints=[
                "No passo 0 a taxa é a inicial; com decay > 0 ela cai a cada passo, sem "
                "nunca chegar a zero.",
                "Cuidado com a precedência: o denominador inteiro é 1 + decay · step, "
                "então ele precisa de parênteses.",
            ],
            page=f"{PAGE}#decaimento-da-taxa",
            params=("initial", "decay", "step"),
            cases=[
                Case((1.0, 0.1, 20), 1.0 / 3.0, note="exemplo do livro: 1 / (1 + 0,1·20)"),
                Case((0.05, 0.0, 500), 0.05, note="decay 0: a taxa não muda"),
                Case((0.02, 1e-3, 0), 0.02, note="passo 0: a taxa inicial"),
                Case((1.0, 1e-2, 1000), 1.0 / 11.0, note="1 / (1 + 0,01·1000)"),
            ],
            strategy=decay_args(),
            check_inputs_unchanged=False,
            properties=[Property("positiva e nunca maior que a inicial", _decay_in_range)],
            custom=[Custom("diminui a cada passo", _decay_decreases)],
        ),
    ],
)
