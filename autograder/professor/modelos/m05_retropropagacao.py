"""Os modelos dos erros conhecidos de m05_retropropagacao (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m05_retropropagacao import (
    LABELS_MISSING,
    NG_FIXED,
    NG_GENERATED,
    NG_MISTAKES,
    NG_WITH_H,
    ONE_HOT_MISSING,
    H,
    TestFunction,
)
from ...gradcheck import numeric_elementwise
from ...spec import Mistake


def _f(x):
    return np.asarray(x, dtype=float)


def _labels(y):
    y = np.asarray(y)
    return np.argmax(y, axis=1) if y.ndim == 2 else y


def _one_hot_like(p, y):
    return np.eye(np.shape(p)[1])[_labels(y)]


def _rows_minus_one(p, y):
    d = _f(p).copy()
    d[_labels(y)] -= 1
    return d / len(d)


def _sce_labels_only(p, y):
    d = _f(p).copy()
    d[np.arange(len(d)), np.asarray(y)] -= 1
    return d / len(d)




SOFTMAX_CE_MISTAKES = [
    Mistake("faltou dividir por n (o número de amostras): a perda é a média do lote",
            lambda p, y: _f(p) - _one_hot_like(p, y)),
    Mistake("o sinal está trocado: o gradiente é (y_pred − y) / n, não (y − y_pred) / n",
            lambda p, y: (_one_hot_like(p, y) - _f(p)) / len(p)),
    Mistake("você dividiu por y_pred.size (n·k): divida só por n = len(y_pred)",
            lambda p, y: (_f(p) - _one_hot_like(p, y)) / np.size(p)),
    Mistake("dinputs[y_true] -= 1 subtrai 1 de linhas inteiras: use "
            "dinputs[range(n), y_true] -= 1", _rows_minus_one),
    Mistake("você devolveu y_pred / n, sem subtrair 1 na classe certa",
            lambda p, y: _f(p) / len(p)),
    Mistake(ONE_HOT_MISSING, lambda p, y: _sce_labels_only(p, y)),
    Mistake(LABELS_MISSING, lambda p, y: (_f(p) - np.asarray(y)) / len(p)),
]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


FORGOT_DVALUES = ("você esqueceu de multiplicar por dvalues (a regra da cadeia): a "
                  "derivada local sozinha não é o gradiente da perda")


RELU_MISTAKES = [
    Mistake(FORGOT_DVALUES, lambda d, x: (_f(x) > 0).astype(float)),
    Mistake("em inputs = 0 o gradiente deve ser 0: o curso segue o livro, "
            "dinputs[inputs <= 0] = 0; você zerou só onde inputs < 0",
            lambda d, x: np.where(_f(x) < 0, 0.0, _f(d))),
    Mistake("a máscara deve vir das entradas (inputs <= 0), não de dvalues",
            lambda d, x: np.where(_f(d) <= 0, 0.0, _f(d))),
    Mistake("a máscara está invertida: zere onde inputs <= 0 e mantenha dvalues onde "
            "inputs > 0", lambda d, x: np.where(_f(x) > 0, 0.0, _f(d))),
    Mistake("você multiplicou dvalues pelas próprias entradas: a derivada da ReLU é 1 "
            "onde inputs > 0, não inputs", lambda d, x: _f(d) * np.maximum(0.0, _f(x))),
    Mistake("você devolveu a ReLU das entradas (a ida): na volta, o resultado é dvalues "
            "zerado onde inputs <= 0", lambda d, x: np.maximum(0.0, _f(x))),
    Mistake("você aplicou a ReLU em dvalues: a máscara vem das entradas (inputs <= 0)",
            lambda d, x: np.maximum(0.0, _f(d))),
]


SIGMOID_AGAIN = ("você aplicou a sigmoide de novo: `output` já é σ(z); a derivada é "
                 "dvalues * output * (1 - output), sem calcular outra sigmoide")


SIGMOID_MISTAKES = [
    Mistake(FORGOT_DVALUES, lambda d, o: _f(o) * (1 - _f(o))),
    Mistake(SIGMOID_AGAIN, lambda d, o: _f(d) * _sigmoid(_f(o)) * (1 - _sigmoid(_f(o)))),
    Mistake("faltou o fator output: σ'(z) = output · (1 − output)",
            lambda d, o: _f(d) * (1 - _f(o))),
    Mistake("faltou o fator (1 − output): σ'(z) = output · (1 − output)",
            lambda d, o: _f(d) * _f(o)),
    Mistake("o sinal está trocado: é output · (1 − output), não output · (output − 1)",
            lambda d, o: _f(d) * _f(o) * (_f(o) - 1)),
    Mistake("isso é a derivada da tanh (1 − output²): a da sigmoide é "
            "output · (1 − output)", lambda d, o: _f(d) * (1 - _f(o) ** 2)),
]


TANH_MISTAKES = [
    Mistake(FORGOT_DVALUES, lambda d, o: 1 - _f(o) ** 2),
    Mistake("faltou o quadrado: a derivada é 1 − output ** 2, não 1 − output",
            lambda d, o: _f(d) * (1 - _f(o))),
    Mistake("o quadrado é só da saída: 1 − output ** 2, não (1 − output) ** 2",
            lambda d, o: _f(d) * (1 - _f(o)) ** 2),
    Mistake("você escreveu output * 2 em vez de output ** 2 (o quadrado)",
            lambda d, o: _f(d) * (1 - _f(o) * 2)),
    Mistake("você aplicou a tanh de novo: `output` já é tanh(z); a derivada é "
            "dvalues * (1 - output ** 2)", lambda d, o: _f(d) * (1 - np.tanh(_f(o)) ** 2)),
    Mistake("isso é a derivada da sigmoide (output · (1 − output)): a da tanh é "
            "1 − output ** 2", lambda d, o: _f(d) * _f(o) * (1 - _f(o))),
    Mistake("o sinal está trocado: a derivada da tanh é 1 − output ** 2",
            lambda d, o: _f(d) * (_f(o) ** 2 - 1)),
    Mistake("o sinal do quadrado está trocado: é 1 − output ** 2, não 1 + output ** 2",
            lambda d, o: _f(d) * (1 + _f(o) ** 2)),
]


def _dense(d, x, w):
    return np.dot(d, w.T), np.dot(x.T, d), np.sum(d, axis=0, keepdims=True)


def _dense_with(d, x, w, dinputs=None, dweights=None, dbiases=None):
    di, dw, db = _dense(d, x, w)
    return (di if dinputs is None else dinputs, dw if dweights is None else dweights,
            db if dbiases is None else dbiases)


# Os erros de uma parte da tupla: (mensagem, parte, valor(d, x, w)).
DENSE_PART_MISTAKES = [
    ("dweights está transposto: é np.dot(inputs.T, dvalues), com a forma de "
     "weights (n_inputs, n_neurons)", "dweights", lambda d, x, w: np.dot(d.T, x)),
    ("faltou keepdims=True em dbiases: a forma deve ser (1, n_neurons), como a "
     "de biases", "dbiases", lambda d, x, w: np.sum(d, axis=0)),
    ("dbiases foi somado no eixo errado (axis=1, as saídas de cada amostra): "
     "some as amostras, np.sum(dvalues, axis=0, keepdims=True)",
     "dbiases", lambda d, x, w: np.sum(d, axis=1, keepdims=True)),
    ("dbiases foi somado no eixo errado (axis=1, as saídas de cada amostra): "
     "some as amostras, np.sum(dvalues, axis=0, keepdims=True)",
     "dbiases", lambda d, x, w: np.sum(d, axis=1)),
    ("você somou todos os elementos de dvalues em dbiases (np.sum sem axis): "
     "some só as amostras, np.sum(dvalues, axis=0, keepdims=True)",
     "dbiases", lambda d, x, w: np.sum(d)),
    ("dbiases é a soma das amostras, não a média: np.sum(dvalues, axis=0, "
     "keepdims=True)", "dbiases", lambda d, x, w: np.mean(d, axis=0, keepdims=True)),
    ("faltou somar as amostras em dbiases: np.sum(dvalues, axis=0, keepdims=True)",
     "dbiases", lambda d, x, w: d.copy()),
    ("dinputs usa os pesos transpostos: np.dot(dvalues, weights.T)",
     "dinputs", lambda d, x, w: np.dot(d, w)),
]


def _dense_part_model(*mistakes):
    def model(d, x, w):
        return _dense_with(d, x, w, **{part: value(d, x, w) for _, part, value in mistakes})
    return model


def _dense_pairs():
    """Dois erros em partes diferentes da tupla, com as duas mensagens: um
    aprendiz com dois erros não deve ouvir só uma dica genérica."""
    pairs = []
    for i, first in enumerate(DENSE_PART_MISTAKES):
        for second in DENSE_PART_MISTAKES[i + 1:]:
            if first[1] != second[1]:
                pairs.append(Mistake(f"dois erros: {first[0]}; e {second[0]}",
                                     _dense_part_model(first, second)))
    return pairs


DENSE_MISTAKES = [
    *(Mistake(message, _dense_part_model((message, part, value)))
      for message, part, value in DENSE_PART_MISTAKES),
    Mistake("a tupla deve vir na ordem (dinputs, dweights, dbiases)",
            lambda d, x, w: (_dense(d, x, w)[1], _dense(d, x, w)[2], _dense(d, x, w)[0])),
    Mistake("a tupla deve vir na ordem (dinputs, dweights, dbiases)",
            lambda d, x, w: (_dense(d, x, w)[1], _dense(d, x, w)[0], _dense(d, x, w)[2])),
    *_dense_pairs(),
]


MSE_BACKWARD_MISTAKES = [
    Mistake("faltou o 2 da derivada de (ŷ − y)²: o gradiente é 2·(y_pred − y_true) / m",
            lambda p, t: (_f(p) - _f(t)) / np.size(p)),
    Mistake("você dividiu pelo número de amostras (len(y_pred)): a MSE é a média de "
            "todos os elementos, então divida por y_pred.size",
            lambda p, t: 2 * (_f(p) - _f(t)) / len(p)),
    Mistake("o sinal está trocado: o gradiente é 2·(y_pred − y_true) / m (positivo "
            "quando a previsão está acima do valor real)",
            lambda p, t: 2 * (_f(t) - _f(p)) / np.size(p)),
    Mistake("faltou dividir por m = y_pred.size: a MSE é uma média",
            lambda p, t: 2 * (_f(p) - _f(t))),
    Mistake("faltou o 2 e faltou dividir por m = y_pred.size",
            lambda p, t: _f(p) - _f(t)),
    Mistake("você devolveu a própria MSE (um número): o gradiente é um array da forma "
            "de y_pred, 2·(y_pred − y_true) / m",
            lambda p, t: float(np.mean((_f(p) - _f(t)) ** 2))),
]



# Gradientes numéricos das idas (ReLU, sigmoide, tanh), que as propriedades
# de diferenças finitas comparam com o do aluno. Ficam aqui porque a ida é a
# resposta do módulo 3; a edição do aluno recebe só os valores gravados.
def _numeric_relu(z, dvalues, h):
    return numeric_elementwise(lambda v: np.maximum(0.0, v), z, dvalues, h)


def _numeric_sigmoid(z, dvalues):
    return numeric_elementwise(lambda v: 1.0 / (1.0 + np.exp(-v)), z, dvalues)


def _numeric_tanh(z, dvalues):
    return numeric_elementwise(np.tanh, z, dvalues)


# numerical_gradient: cada jeito de calcular, para nomear o erro do aluno.
def _ng_model(fn: TestFunction, x, h, kind: str):
    """O gradiente numérico de `fn` em `x` calculado do jeito `kind` (certo,
    "central", ou com um erro de NG_MISTAKES)."""
    f = TestFunction(fn.name, *fn.params)
    h = H if h is None else h
    x = np.array(x, dtype=float)
    if kind == "all_at_once":
        return (f(x + h) - f(x - h)) / (2 * h)
    if kind == "flat":
        return _ng_model(fn, x, h, "central").ravel()
    grad = np.zeros_like(x)
    if kind == "rows":
        for i in range(len(x)):
            original = x[i].copy()
            x[i] = original + h
            plus = f(x)
            x[i] = original - h
            minus = f(x)
            x[i] = original
            grad[i] = (plus - minus) / (2 * h)
        return grad
    for i in np.ndindex(x.shape):
        original = x[i]
        if kind in ("forward", "backward"):
            base = f(x)
            x[i] = original + h if kind == "forward" else original - h
            other = f(x)
            x[i] = original
            grad[i] = (other - base) / h if kind == "forward" else (base - other) / h
            continue
        if kind == "no_restore_plus":  # perturbou − primeiro e + por último, sem restaurar
            x[i] = original - h
            minus = f(x)
            x[i] = original + h
            plus = f(x)
        else:
            x[i] = original + h
            plus = f(x)
            x[i] = original - h
            minus = f(x)
            if kind != "no_restore":
                x[i] = original
        if kind == "over_h":
            grad[i] = (plus - minus) / h
        elif kind == "times_h":
            grad[i] = (plus - minus) / 2 * h
        else:
            grad[i] = (plus - minus) / (2 * h)
    return grad


def _ng_calls():
    """As chamadas a gravar para a edição do aluno: todo caso, todo jeito."""
    kinds = ["central"] + [kind for _, kind in NG_MISTAKES]
    calls = []
    for case in NG_FIXED + NG_GENERATED + NG_WITH_H:
        for kind in kinds:
            calls.append(("gradiente_numerico", (case.fn, case.x, case.h, kind), {}))
        calls.append(("gradiente_numerico", (case.fn, case.x, H, "central"), {}))
    return calls


# Chamadas que `rna gerar` grava além das que a correção da referência faz.
RECORD_CALLS = _ng_calls()

DERIVED = {
    "gradiente_numerico": _ng_model,
    "diferencas_relu": _numeric_relu,
    "diferencas_sigmoide": _numeric_sigmoid,
    "diferencas_tanh": _numeric_tanh,
}


MISTAKES = {
    'relu_backward': RELU_MISTAKES,
    'sigmoid_backward': SIGMOID_MISTAKES,
    'tanh_backward': TANH_MISTAKES,
    'dense_backward': DENSE_MISTAKES,
    'softmax_crossentropy_backward': SOFTMAX_CE_MISTAKES,
    'mse_backward': MSE_BACKWARD_MISTAKES,
}
