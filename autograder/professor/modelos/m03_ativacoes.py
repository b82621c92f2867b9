"""Os modelos dos erros conhecidos de m03_ativacoes (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m03_ativacoes import NO_SHIFT
from ...spec import Mistake

STEP_MISTAKES = [
    Mistake("em z = 0 a saída deve ser 0.0: use z > 0 (estritamente), não z >= 0",
            lambda z: np.where(z >= 0, 1.0, 0.0)),
    Mistake("em z = 0 a saída deve ser 0.0, não 0.5 (np.heaviside(z, 0.0))",
            lambda z: np.where(z > 0, 1.0, np.where(z < 0, 0.0, 0.5))),
    Mistake("np.sign devolve −1 para negativos: o degrau dá 0.0 para z ≤ 0",
            lambda z: np.sign(z)),
    Mistake("os valores estão invertidos: 1.0 é para z > 0 e 0.0 para z ≤ 0",
            lambda z: np.where(z > 0, 0.0, 1.0)),
    Mistake("isso é a ReLU (devolve o próprio z): o degrau devolve 1.0 para z > 0",
            lambda z: np.maximum(0.0, z)),
]


RELU_MISTAKES = [
    Mistake("np.abs(z) não zera os negativos: a ReLU é np.maximum(0, z)",
            lambda z: np.abs(z)),
    Mistake("você usou o mínimo: a ReLU é np.maximum(0, z), não np.minimum",
            lambda z: np.minimum(0.0, z)),
    Mistake("você devolveu 1 (ou True) onde z > 0: isso é a máscara z > 0 (ou o "
            "degrau), não os valores; a ReLU devolve o próprio z: np.maximum(0, z)",
            lambda z: np.where(z > 0, 1.0, 0.0)),
    Mistake("np.max(z, 0) tira o maior elemento ao longo do eixo 0; o máximo elemento "
            "a elemento entre 0 e z é np.maximum(0, z)",
            lambda z: np.max(z, 0)),
    Mistake("isso é a Leaky ReLU (0.01·z para negativos): a ReLU dá 0 para z ≤ 0",
            lambda z: np.where(z > 0, z, 0.01 * z)),
    Mistake("o sinal está trocado: a ReLU é np.maximum(0, z), não np.maximum(0, -z)",
            lambda z: np.maximum(0.0, -z)),
]


SIGMOID_MISTAKES = [
    Mistake("o sinal do expoente está trocado: é 1 / (1 + np.exp(-z))",
            lambda z: 1.0 / (1.0 + _exp(z))),
    Mistake("o sinal do denominador está trocado: é 1 + e^{-z}, não 1 − e^{-z}",
            lambda z: 1.0 / (1.0 - _exp(-z))),
    Mistake("a forma np.exp(z) / (1 + np.exp(z)) estoura para z grande (inf/inf = nan): "
            "use 1 / (1 + np.exp(-z)) ou a forma estável com np.exp(-np.abs(z))",
            lambda z: _exp(z) / (1.0 + _exp(z))),
    Mistake("faltaram parênteses: 1 / 1 + np.exp(-z) é 1 + e^{-z}; escreva "
            "1 / (1 + np.exp(-z))",
            lambda z: 1.0 + _exp(-z)),
    Mistake("isso é a tanh (entre −1 e 1): a sigmoide é 1 / (1 + e^{-z})",
            lambda z: np.tanh(z)),
]


TANH_MISTAKES = [
    Mistake("a fórmula (e^z − e^{-z}) / (e^z + e^{-z}) estoura para |z| > 710 "
            "(inf/inf = nan): use np.tanh ou 2·σ(2z) − 1 numa forma que não estoure",
            lambda z: (_exp(z) - _exp(-z)) / (_exp(z) + _exp(-z))),
    Mistake("isso é o seno hiperbólico (sinh): faltou dividir por e^z + e^{-z}",
            lambda z: (_exp(z) - _exp(-z)) / 2.0),
    Mistake("isso é a sigmoide (entre 0 e 1): a tanh vai de −1 a 1",
            lambda z: 1.0 / (1.0 + _exp(-z))),
    Mistake("faltou o 2 dentro da sigmoide: tanh(z) = 2·σ(2z) − 1, não 2·σ(z) − 1",
            lambda z: 2.0 / (1.0 + _exp(-z)) - 1.0),
    Mistake("o sinal está trocado: o numerador é e^z − e^{-z}",
            lambda z: -np.tanh(z)),
]

def _exp(x):
    return np.exp(np.asarray(x, dtype=float))


def _row_shift(z):
    z = np.asarray(z, dtype=float)
    return z - np.max(z, axis=-1, keepdims=True)


def _sm_naive(z):
    e = _exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def _sm_global_shift(z):
    e = _exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def _sm_sum_axis0(z):
    e = np.exp(_row_shift(z))
    return e / np.sum(e, axis=0, keepdims=True)


def _sm_columns(z):
    e = _exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _sm_sum_all(z):
    e = np.exp(_row_shift(z))
    return e / np.sum(e)


def _sm_global(z):
    e = _exp(z - np.max(z))
    return e / np.sum(e)


def _sm_sum_no_keepdims(z):
    e = np.exp(_row_shift(z))
    return e / np.sum(e, axis=-1)


def _sm_max_no_keepdims(z):
    e = _exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1, keepdims=True)


def _sm_no_keepdims(z):
    e = _exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1)


def _sm_no_exp(z):
    return z / np.sum(z, axis=-1, keepdims=True)


SOFTMAX_MISTAKES = [
    Mistake(NO_SHIFT, _sm_naive),
    Mistake("você subtraiu o máximo da matriz inteira (np.max(z) sem axis): uma linha "
            "muito menor que as outras vira 0/0 = nan; subtraia o máximo de cada linha "
            "(np.max(z, axis=-1, keepdims=True))", _sm_global_shift),
    Mistake("a soma foi feita no eixo errado (axis=0 em vez do último eixo): cada linha "
            "deve somar 1; use np.sum(..., axis=-1, keepdims=True)", _sm_sum_axis0),
    Mistake("você normalizou as colunas (axis=0) em vez das linhas: cada linha (amostra) "
            "deve somar 1; use axis=-1", _sm_columns),
    Mistake("você somou todos os elementos (np.sum sem axis): cada linha deve somar 1 "
            "separadamente; use np.sum(..., axis=-1, keepdims=True)", _sm_sum_all),
    Mistake("você normalizou a matriz inteira (máximo e soma sem axis): cada linha deve "
            "somar 1 separadamente; use axis=-1 com keepdims=True", _sm_global),
    Mistake("faltou keepdims=True na soma: sem ele a forma (n,) se alinha com as "
            "colunas, não com as linhas", _sm_sum_no_keepdims),
    Mistake("faltou keepdims=True no máximo: sem ele o máximo de cada linha é "
            "subtraído das colunas", _sm_max_no_keepdims),
    Mistake("faltou keepdims=True no máximo e na soma: as formas (n,) se alinham com "
            "as colunas, não com as linhas", _sm_no_keepdims),
    Mistake("você esqueceu a exponencial: é e^{z_i} / Σ e^{z_j}, não z_i / Σ z_j",
            _sm_no_exp),
]


MISTAKES = {
    'step': STEP_MISTAKES,
    'relu': RELU_MISTAKES,
    'sigmoid': SIGMOID_MISTAKES,
    'tanh': TANH_MISTAKES,
    'softmax': SOFTMAX_MISTAKES,
}
