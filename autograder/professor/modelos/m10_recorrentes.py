"""Os modelos dos erros conhecidos de m10_recorrentes (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m10_recorrentes import (  # noqa: F401
    BACKWARD_NAMES,
    _f,
    _step,
)
from ...spec import Mistake


def _sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-_f(z)))


STEP_MISTAKES = [
    Mistake("faltou a tanh: h_t = tanh(x_t·Wx + h_prev·Wh + b), não só a soma ponderada",
            lambda x, h, Wx, Wh, b: _f(x) @ Wx + _f(h) @ Wh + b),
    Mistake("os pesos estão trocados: Wx multiplica a entrada x_t e Wh multiplica o "
            "estado anterior h_prev",
            lambda x, h, Wx, Wh, b: np.tanh(_f(x) @ Wh + _f(h) @ Wx + b)),
    Mistake("você esqueceu de somar o viés b",
            lambda x, h, Wx, Wh, b: np.tanh(_f(x) @ Wx + _f(h) @ Wh)),
    Mistake("faltou o termo do estado anterior (h_prev·Wh): é ele que dá memória à RNN",
            lambda x, h, Wx, Wh, b: np.tanh(_f(x) @ Wx + b)),
    Mistake("você usou a sigmoide: a célula da RNN usa a tanh (saída entre −1 e 1)",
            lambda x, h, Wx, Wh, b: _sigmoid(_f(x) @ Wx + _f(h) @ Wh + b)),
    Mistake("você usou a ReLU: a célula da RNN usa a tanh (saída entre −1 e 1)",
            lambda x, h, Wx, Wh, b: np.maximum(0.0, _f(x) @ Wx + _f(h) @ Wh + b)),
    Mistake("a tanh foi aplicada só a x_t·Wx: ela vale para a soma inteira, "
            "tanh(x_t·Wx + h_prev·Wh + b)",
            lambda x, h, Wx, Wh, b: np.tanh(_f(x) @ Wx) + _f(h) @ Wh + b),
    Mistake("você multiplicou h_prev por Wh elemento a elemento (*): é um produto de "
            "matrizes, np.dot(h_prev, Wh)",
            lambda x, h, Wx, Wh, b: np.tanh(_f(x) @ Wx + _f(h) * Wh + b)),
]


def _run(x, h0, Wx, Wh, b, step=_step, carry=True):
    states, h = [], _f(h0)
    for t in range(x.shape[1]):
        new = step(x[:, t, :], h if carry else h0, Wx, Wh, b)
        states.append(new)
        h = new
    return np.stack(states, axis=1)


def _shifted(x, h0, Wx, Wh, b):
    states, h = [], _f(h0)
    for t in range(x.shape[1]):
        states.append(h)
        h = _step(x[:, t, :], h, Wx, Wh, b)
    return np.stack(states, axis=1)


FORWARD_MISTAKES = [
    Mistake("você devolveu só o último estado: devolva todos, um por passo, na forma "
            "(N, T, H)", lambda x, h0, Wx, Wh, b: _run(x, h0, Wx, Wh, b)[:, -1, :]),
    Mistake("os eixos estão trocados: a saída é (N, T, H), com o passo t em "
            "states[:, t, :] (você devolveu (T, N, H))",
            lambda x, h0, Wx, Wh, b: np.transpose(_run(x, h0, Wx, Wh, b), (1, 0, 2))),
    Mistake("h0 não entra na saída: são T estados, um depois de cada passo, não T + 1",
            lambda x, h0, Wx, Wh, b: np.concatenate(
                [_f(h0)[:, None, :], _run(x, h0, Wx, Wh, b)], axis=1)),
    Mistake("os estados estão atrasados um passo: você guardou o estado antes de "
            "atualizá-lo (guarde h depois de calcular o passo t)", _shifted),
    Mistake("o estado não é levado de um passo para o outro: cada passo deve usar o "
            "estado que o passo anterior calculou, não h0",
            lambda x, h0, Wx, Wh, b: _run(x, h0, Wx, Wh, b, carry=False)),
    Mistake("faltou a tanh em cada passo",
            lambda x, h0, Wx, Wh, b: _run(x, h0, Wx, Wh, b,
                                          step=lambda a, h, P, Q, c: _f(a) @ P + _f(h) @ Q + c)),
    Mistake("os pesos estão trocados: Wx multiplica a entrada e Wh o estado anterior",
            lambda x, h0, Wx, Wh, b: _run(x, h0, Wx, Wh, b,
                                          step=lambda a, h, P, Q, c: np.tanh(a @ Q + h @ P + c))),
    Mistake("você esqueceu de somar o viés b",
            lambda x, h0, Wx, Wh, b: _run(x, h0, Wx, Wh, 0.0)),
]


def _gates(x, h, Wx, Wh, b, order="ifgo"):
    a = _f(x) @ Wx + _f(h) @ Wh + b
    H = np.shape(h)[1]
    blocks = {name: a[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    return blocks["i"], blocks["f"], blocks["g"], blocks["o"]


def _lstm(x, h, c, Wx, Wh, b, order="ifgo", g_act=np.tanh, cell=None, out=None,
          swap=False):
    ai, af, ag, ao = _gates(x, h, Wx, Wh, b, order)
    i, f, g, o = _sigmoid(ai), _sigmoid(af), g_act(ag), _sigmoid(ao)
    c_t = f * c + i * g if cell is None else cell(i, f, g, c)
    h_t = o * np.tanh(c_t) if out is None else out(o, c_t, c)
    return (c_t, h_t) if swap else (h_t, c_t)


LSTM_MISTAKES = [
    Mistake("as portas estão na ordem i, f, o, g (a do CS231n): este curso usa entrada, "
            "esquecimento, candidato, saída (i, f, g, o), como o PyTorch",
            lambda *a: _lstm(*a, order="ifog")),
    Mistake("as portas de entrada e de esquecimento estão trocadas: as primeiras H "
            "colunas são a porta de entrada i, as H seguintes a de esquecimento f",
            lambda *a: _lstm(*a, order="figo")),
    Mistake("a ordem dos blocos está errada: i, f, g, o (entrada, esquecimento, "
            "candidato, saída)", lambda *a: _lstm(*a, order="iofg")),
    Mistake("faltou a porta de esquecimento na memória: c_t = f·c_prev + i·g, não "
            "c_prev + i·g", lambda *a: _lstm(*a, cell=lambda i, f, g, c: c + i * g)),
    Mistake("a memória antiga sumiu: c_t = f·c_prev + i·g (você escreveu só i·g)",
            lambda *a: _lstm(*a, cell=lambda i, f, g, c: i * g)),
    Mistake("faltou a porta de saída: h_t = o·tanh(c_t), não só tanh(c_t)",
            lambda *a: _lstm(*a, out=lambda o, c_t, c: np.tanh(c_t))),
    Mistake("faltou a tanh em h_t: h_t = o·tanh(c_t), não o·c_t",
            lambda *a: _lstm(*a, out=lambda o, c_t, c: o * c_t)),
    Mistake("h_t usa a memória nova: h_t = o·tanh(c_t), não o·tanh(c_prev)",
            lambda *a: _lstm(*a, out=lambda o, c_t, c: o * np.tanh(c))),
    Mistake("o candidato g usa a tanh (entre −1 e 1), não a sigmoide como as portas",
            lambda *a: _lstm(*a, g_act=_sigmoid)),
    Mistake("a tupla deve vir na ordem (h_t, c_t)", lambda *a: _lstm(*a, swap=True)),
    Mistake("você esqueceu de somar o viés b",
            lambda x, h, c, Wx, Wh, b: _lstm(x, h, c, Wx, Wh, 0.0)),
]


def _bwd(dh, x, hp, Wx, Wh, h_t, local=None, **replace):
    da = _f(dh) * (1 - _f(h_t) ** 2) if local is None else local(_f(dh), _f(h_t), _f(hp))
    out = {
        "dx": da @ Wx.T, "dh_prev": da @ Wh.T, "dWx": _f(x).T @ da, "dWh": _f(hp).T @ da,
        "db": np.sum(da, axis=0, keepdims=True),
    }
    for name, fn in replace.items():
        out[name] = fn(da, _f(x), _f(hp), Wx, Wh)
    return tuple(out[n] for n in BACKWARD_NAMES)


BACKWARD_MISTAKES = [
    Mistake("faltou atravessar a tanh: da = dh·(1 − h_t²) antes dos produtos",
            lambda *a: _bwd(*a, local=lambda dh, ht, hp: dh)),
    Mistake("faltou o quadrado: a derivada da tanh é 1 − h_t², não 1 − h_t",
            lambda *a: _bwd(*a, local=lambda dh, ht, hp: dh * (1 - ht))),
    Mistake("a derivada da tanh usa a saída deste passo, h_t: da = dh·(1 − h_t²), não "
            "1 − h_prev²", lambda *a: _bwd(*a, local=lambda dh, ht, hp: dh * (1 - hp ** 2))),
    Mistake("você aplicou a tanh de novo em h_t: h_t já é a saída da tanh, então a "
            "derivada é 1 − h_t²",
            lambda *a: _bwd(*a, local=lambda dh, ht, hp: dh * (1 - np.tanh(ht) ** 2))),
    Mistake("você esqueceu de multiplicar por dh (a regra da cadeia): da = dh·(1 − h_t²)",
            lambda *a: _bwd(*a, local=lambda dh, ht, hp: 1 - ht ** 2)),
    Mistake("faltou somar as amostras em db: db = np.sum(da, axis=0, keepdims=True)",
            lambda *a: _bwd(*a, db=lambda da, x, hp, Wx, Wh: da)),
    Mistake("db é a soma das amostras, não a média",
            lambda *a: _bwd(*a, db=lambda da, x, hp, Wx, Wh: np.mean(da, axis=0,
                                                                     keepdims=True))),
    Mistake("db foi somado no eixo errado (axis=1): some as amostras, axis=0",
            lambda *a: _bwd(*a, db=lambda da, x, hp, Wx, Wh: np.sum(da, axis=1,
                                                                    keepdims=True))),
    Mistake("dWx está transposto: é np.dot(x_t.T, da), com a forma de Wx (D, H)",
            lambda *a: _bwd(*a, dWx=lambda da, x, hp, Wx, Wh: da.T @ x)),
    Mistake("dWh está transposto: é np.dot(h_prev.T, da), com a forma de Wh",
            lambda *a: _bwd(*a, dWh=lambda da, x, hp, Wx, Wh: da.T @ hp)),
    Mistake("dh_prev usa Wh transposto: np.dot(da, Wh.T)",
            lambda *a: _bwd(*a, dh_prev=lambda da, x, hp, Wx, Wh: da @ Wh)),
    Mistake("dx usa Wx transposto: np.dot(da, Wx.T)",
            lambda *a: _bwd(*a, dx=lambda da, x, hp, Wx, Wh: da @ Wx)),
    Mistake("o sinal está trocado: os gradientes são da·Wᵀ, xᵀ·da..., com da = dh·(1 − h_t²)",
            lambda *a: tuple(-g for g in _bwd(*a))),
]


MISTAKES = {
    'rnn_step': STEP_MISTAKES,
    'rnn_forward': FORWARD_MISTAKES,
    'lstm_step': LSTM_MISTAKES,
    'rnn_step_backward': BACKWARD_MISTAKES,
}
