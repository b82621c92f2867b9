"""Os modelos dos erros conhecidos de m04_perda (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m04_perda import (
    EPS,
    LABELS_MISSING,
    NATURAL_LOG,
    NO_CLIP,
    NO_MINUS,
    ONE_HOT_MISSING,
    ONE_SIDED,
    OTHER_BOUNDS,
    SUMMED,
)
from ...spec import Mistake


def _bce_terms(p, y, log=np.log):
    y = _f(y)
    return y * log(p) + (1 - y) * log(1 - p)


MSE_MISTAKES = [
    Mistake("faltou elevar a diferença ao quadrado (** 2): sem o quadrado, erros "
            "positivos e negativos se cancelam",
            lambda p, t: float(np.mean(_f(p) - _f(t)))),
    Mistake("faltou elevar a diferença ao quadrado (** 2): sem o quadrado, erros "
            "positivos e negativos se cancelam",
            lambda p, t: float(np.mean(_f(t) - _f(p)))),
    Mistake("você usou o valor absoluto da diferença (isso é o erro absoluto médio, "
            "MAE): a MSE eleva a diferença ao quadrado",
            lambda p, t: float(np.mean(np.abs(_f(p) - _f(t))))),
    Mistake("você somou os quadrados em vez de tirar a média: divida pelo número de "
            "elementos (use np.mean)",
            lambda p, t: float(np.sum((_f(p) - _f(t)) ** 2))),
    Mistake("você tirou a raiz quadrada (isso é o RMSE): a MSE é a média dos "
            "quadrados, sem a raiz",
            lambda p, t: float(np.sqrt(np.mean((_f(p) - _f(t)) ** 2)))),
    Mistake("você elevou a média ao quadrado: eleve cada diferença ao quadrado e só "
            "depois tire a média",
            lambda p, t: float(np.mean(_f(p) - _f(t)) ** 2)),
    Mistake("você dividiu pelo número de linhas (len(y_pred)): a média é sobre todos "
            "os elementos (y_pred.size, ou simplesmente np.mean)",
            lambda p, t: float(np.sum((_f(p) - _f(t)) ** 2) / len(p))),
    Mistake("você dividiu por 2 (a convenção ½·MSE de alguns livros): aqui a MSE é a "
            "média simples dos quadrados",
            lambda p, t: float(np.mean((_f(p) - _f(t)) ** 2) / 2)),
    Mistake("você tirou a média só ao longo de um eixo: a MSE é um número só, a média "
            "de todos os elementos (np.mean sem axis)",
            lambda p, t: np.mean((_f(p) - _f(t)) ** 2, axis=-1)),
    Mistake("você tirou a média só ao longo de um eixo: a MSE é um número só, a média "
            "de todos os elementos (np.mean sem axis)",
            lambda p, t: np.mean((_f(p) - _f(t)) ** 2, axis=0)),
]


BCE_MISTAKES = [
    Mistake(NO_CLIP, lambda p, y: float(-np.mean(_bce_terms(_f(p), y)))),
    Mistake(ONE_SIDED, lambda p, y: float(-np.mean(_bce_terms(np.maximum(_f(p), EPS), y)))),
    Mistake(OTHER_BOUNDS, lambda p, y: float(-np.mean(_bce_terms(_clip(p, 1e-15, 1 - 1e-15), y)))),
    Mistake("faltou o termo (1 − y)·log(1 − y_pred): sem ele, as amostras com "
            "rótulo 0 não contam",
            lambda p, y: float(-np.mean(_f(y) * np.log(_clip(p))))),
    Mistake("no segundo termo é log(1 − y_pred), não log(y_pred)",
            lambda p, y: float(-np.mean(_f(y) * np.log(_clip(p)) + (1 - _f(y)) * np.log(_clip(p))))),
    Mistake(SUMMED, lambda p, y: float(-np.sum(_bce_terms(_clip(p), y)))),
    Mistake(NO_MINUS, lambda p, y: float(np.mean(_bce_terms(_clip(p), y)))),
    Mistake(NATURAL_LOG, lambda p, y: float(-np.mean(_bce_terms(_clip(p), y, np.log10)))),
    Mistake(NATURAL_LOG, lambda p, y: float(-np.mean(_bce_terms(_clip(p), y, np.log2)))),
    Mistake("os papéis estão trocados: o log é das previsões (y_pred, o primeiro "
            "argumento), multiplicado pelos rótulos (y_true)",
            lambda p, y: float(-np.mean(_bce_terms(_clip(y), _f(p))))),
]

def _f(x):
    return np.asarray(x, dtype=float)


def _clip(p, low=EPS, high=1 - EPS):
    return np.clip(_f(p), low, high)


def _confidences(p, y):
    """As probabilidades da classe certa (índices ou one-hot), sem cortar."""
    y = np.asarray(y)
    if y.ndim == 1:
        return p[np.arange(len(p)), y]
    return np.sum(p * y, axis=1)


def _cce(p, y, log=np.log):
    return float(np.mean(-log(_confidences(p, y))))


def _cce_rows_picked(p, y):
    y = np.asarray(y)
    if y.ndim != 1:
        return _cce(_clip(p), y)
    return float(np.mean(-np.log(_clip(p)[y])))


def _cce_labels_only(p, y):
    return float(np.mean(-np.log(_clip(p)[np.arange(len(p)), np.asarray(y)])))


def _cce_one_hot_only(p, y):
    return float(np.mean(-np.log(np.sum(_clip(p) * np.asarray(y), axis=1))))


def _cce_mean_all(p, y):
    y = np.asarray(y)
    if y.ndim == 1:
        y = np.eye(np.shape(p)[1])[y]
    return float(-np.mean(y * np.log(_clip(p))))


CCE_MISTAKES = [
    Mistake("y_pred[y_true] escolhe linhas inteiras de y_pred: para pegar, em cada linha "
            "i, a coluna y_true[i], use y_pred[range(n), y_true]", _cce_rows_picked),
    Mistake(NO_CLIP, lambda p, y: _cce(_f(p), y)),
    Mistake(ONE_SIDED, lambda p, y: _cce(np.maximum(_f(p), EPS), y)),
    Mistake(OTHER_BOUNDS, lambda p, y: _cce(_clip(p, 1e-15, 1 - 1e-15), y)),
    Mistake(SUMMED, lambda p, y: float(np.sum(-np.log(_confidences(_clip(p), y))))),
    Mistake(NO_MINUS, lambda p, y: -_cce(_clip(p), y)),
    Mistake(NATURAL_LOG, lambda p, y: _cce(_clip(p), y, np.log10)),
    Mistake(NATURAL_LOG, lambda p, y: _cce(_clip(p), y, np.log2)),
    Mistake(ONE_HOT_MISSING, _cce_labels_only),
    Mistake(LABELS_MISSING, _cce_one_hot_only),
    Mistake("np.mean(y_true * np.log(y_pred)) divide por n·k (todos os elementos da "
            "matriz): some cada linha primeiro (axis=1) e tire a média das n amostras",
            _cce_mean_all),
    Mistake("você usou a maior probabilidade de cada linha (np.max), não a da classe "
            "certa", lambda p, y: float(np.mean(-np.log(np.max(_clip(p), axis=1))))),
]


def _acc_labels(y):
    y = np.asarray(y)
    return np.argmax(y, axis=1) if y.ndim == 2 else y


ACC_MISTAKES = [
    Mistake("y_true em one-hot foi comparado direto com as classes previstas: "
            "converta antes com np.argmax(y_true, axis=1)",
            lambda p, y: float(np.mean(np.argmax(p, axis=1) == np.asarray(y)))),
    Mistake("np.argmax deve ser ao longo do eixo 1 (a classe de cada linha), não do "
            "eixo 0", lambda p, y: float(np.mean(np.argmax(p, axis=0) == _acc_labels(y)))),
    Mistake("np.argmax sem axis acha o maior elemento da matriz inteira: use "
            "np.argmax(y_pred, axis=1)",
            lambda p, y: float(np.mean(np.argmax(p) == _acc_labels(y)))),
    Mistake("você devolveu o número de acertos: a acurácia é a fração, divida por n "
            "(use np.mean)",
            lambda p, y: float(np.sum(np.argmax(p, axis=1) == _acc_labels(y)))),
    Mistake("a acurácia é uma fração entre 0 e 1, não uma porcentagem (sem o × 100)",
            lambda p, y: float(100 * np.mean(np.argmax(p, axis=1) == _acc_labels(y)))),
    Mistake("você usou np.argmin: a classe prevista é a de maior probabilidade "
            "(np.argmax)",
            lambda p, y: float(np.mean(np.argmin(p, axis=1) == _acc_labels(y)))),
    Mistake("você calculou a taxa de erro (1 − acurácia): conte os acertos, "
            "previsões == y_true",
            lambda p, y: float(np.mean(np.argmax(p, axis=1) != _acc_labels(y)))),
]


MISTAKES = {
    'mse': MSE_MISTAKES,
    'binary_crossentropy': BCE_MISTAKES,
    'categorical_crossentropy': CCE_MISTAKES,
    'accuracy': ACC_MISTAKES,
}
