"""Os modelos dos erros conhecidos de m06_otimizacao (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...spec import Mistake


def _adam(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7,
          kind="certo"):
    if kind == "betas trocados":
        beta1, beta2 = beta2, beta1
    new_m = beta1 * m + (1 - beta1) * grad
    new_v = beta2 * v + (1 - beta2) * (np.abs(grad) if kind == "v sem quadrado" else grad**2)
    if kind == "t - 1":
        t = t - 1
    elif kind == "t + 1":
        t = t + 1
    if kind == "sem correção":
        m_hat, v_hat = new_m, new_v
    elif kind == "só m corrigido":
        m_hat, v_hat = new_m / (1 - beta1**t), new_v
    else:
        m_hat, v_hat = new_m / (1 - beta1**t), new_v / (1 - beta2**t)
    if kind == "eps na raiz":
        step = m_hat / np.sqrt(v_hat + eps)
    elif kind == "sem eps":
        step = m_hat / np.sqrt(v_hat)
    else:
        step = m_hat / (np.sqrt(v_hat) + eps)
    if kind == "sinal":
        new_param = param + learning_rate * step
    else:
        new_param = param - learning_rate * step
    if kind == "devolve corrigidos":
        return new_param, m_hat, v_hat
    if kind == "ordem":
        return new_m, new_v, new_param
    return new_param, new_m, new_v


def _adam_mistake(kind):
    return lambda *a, **k: _adam(*a, **k, kind=kind)


ADAM_MISTAKES = [
    Mistake("você esqueceu a correção de viés: use m̂ = m / (1 − beta1**t) e "
            "v̂ = v / (1 − beta2**t) no passo", _adam_mistake("sem correção")),
    Mistake("você corrigiu o viés só de m: v também precisa de v̂ = v / (1 − beta2**t)",
            _adam_mistake("só m corrigido")),
    Mistake("você usou t − 1 na correção de viés: aqui t já começa em 1, e com "
            "t − 1 = 0 o primeiro passo divide por zero (nan/inf)", _adam_mistake("t - 1")),
    Mistake("você usou t + 1 na correção de viés, como o `self.iterations + 1` do "
            "livro: aqui t já começa em 1, use beta**t", _adam_mistake("t + 1")),
    Mistake("o eps está dentro da raiz: a fórmula é m̂ / (√v̂ + eps), não m̂ / √(v̂ + eps)",
            _adam_mistake("eps na raiz")),
    Mistake("faltou somar eps ao denominador: com v̂ = 0 o passo divide por zero",
            _adam_mistake("sem eps")),
    Mistake("beta1 e beta2 estão trocados: beta1 (0,9) vai na média do gradiente m, "
            "beta2 (0,999) na média do quadrado v", _adam_mistake("betas trocados")),
    Mistake("v deve acumular o gradiente ao quadrado (grad**2), não o valor absoluto",
            _adam_mistake("v sem quadrado")),
    Mistake("o sinal do passo está trocado: o Adam anda contra o gradiente "
            "(param − learning_rate · m̂ / (√v̂ + eps))", _adam_mistake("sinal")),
    Mistake("você devolveu m̂ e v̂ (corrigidos) em vez de m e v: a correção vale só "
            "para o passo, o estado guardado é m e v sem correção",
            _adam_mistake("devolve corrigidos")),
    Mistake("a ordem da tupla está trocada: devolva (param, m, v)", _adam_mistake("ordem")),
    # O 1e-8 do artigo do Adam e do PyTorch: só muda algo quando eps não é passado.
    Mistake("o valor padrão de eps neste curso é 1e-7, não 1e-8: confira a assinatura, "
            "eps=1e-7", lambda *a, **k: _adam(*a, **{"eps": 1e-8, **k})),
]


MOMENTUM_MISTAKES = [
    Mistake("o sinal está trocado na velocidade: é velocity = momentum·velocity − "
            "learning_rate·grad (com + o passo sobe a encosta)",
            lambda p, g, v, lr, mu: (p + (mu * v + lr * g), mu * v + lr * g)),
    Mistake("você subtraiu a velocidade do parâmetro: a velocidade já tem o sinal "
            "do passo, então é param + velocity",
            lambda p, g, v, lr, mu: (p - (mu * v - lr * g), mu * v - lr * g)),
    Mistake("você usou a convenção velocity = momentum·velocity + learning_rate·grad "
            "com param − velocity: aqui a velocidade guarda o passo já com o sinal "
            "(velocity = momentum·velocity − learning_rate·grad, param + velocity)",
            lambda p, g, v, lr, mu: (p - (mu * v + lr * g), mu * v + lr * g)),
    Mistake("você somou ao parâmetro a velocidade antiga: atualize a velocidade "
            "primeiro e some a nova",
            lambda p, g, v, lr, mu: (p + v, mu * v - lr * g)),
    Mistake("faltou multiplicar o gradiente pela taxa de aprendizado "
            "(velocity = momentum·velocity − learning_rate·grad)",
            lambda p, g, v, lr, mu: (p + (mu * v - g), mu * v - g)),
    Mistake("faltou multiplicar a velocidade anterior por momentum",
            lambda p, g, v, lr, mu: (p + (v - lr * g), v - lr * g)),
    Mistake("você esqueceu a velocidade: isso é só o passo do SGD",
            lambda p, g, v, lr, mu: (p - lr * g, -lr * g)),
    Mistake("a ordem da tupla está trocada: devolva (param, velocity)",
            lambda p, g, v, lr, mu: (mu * v - lr * g, p + (mu * v - lr * g))),
    Mistake("você devolveu só o parâmetro: devolva a tupla (param, velocity)",
            lambda p, g, v, lr, mu: p + (mu * v - lr * g)),
]


SGD_MISTAKES = [
    Mistake("o sinal está trocado: o passo é contra o gradiente (param − learning_rate·grad)",
            lambda p, g, lr: p + lr * g),
    Mistake("faltou multiplicar o gradiente pela taxa de aprendizado",
            lambda p, g, lr: p - g),
    Mistake("você dividiu pela taxa de aprendizado em vez de multiplicar",
            lambda p, g, lr: p - g / lr),
    Mistake("você devolveu o passo (−learning_rate·grad), não o parâmetro atualizado",
            lambda p, g, lr: -lr * g),
]


DECAY_MISTAKES = [
    Mistake("você usou initial·(1 − decay·step): a taxa fica negativa com muitos "
            "passos; a fórmula é initial / (1 + decay·step)",
            lambda i, d, s: i * (1 - d * s)),
    Mistake("faltou o 1 + no denominador: initial / (decay·step) divide por zero no "
            "passo 0; use initial / (1 + decay·step)",
            lambda i, d, s: i / (d * s)),
    Mistake("faltaram parênteses: `1 / 1 + decay * step` é (1/1) + decay·step, e a "
            "taxa cresce com os passos; escreva initial / (1 + decay * step)",
            lambda i, d, s: i * (1 / 1 + d * s)),
    Mistake("faltaram parênteses: `initial / 1 + decay * step` soma decay·step à "
            "taxa; escreva initial / (1 + decay * step)",
            lambda i, d, s: i / 1 + d * s),
    Mistake("você usou decaimento exponencial (initial·decay**step); o do livro é "
            "initial / (1 + decay·step)",
            lambda i, d, s: i * d**s),
    Mistake("você somou 1 ao passo: no passo 0 a taxa deve ser a inicial",
            lambda i, d, s: i / (1 + d * (s + 1))),
]


MISTAKES = {
    'sgd_update': SGD_MISTAKES,
    'momentum_update': MOMENTUM_MISTAKES,
    'adam_update': ADAM_MISTAKES,
    'decayed_learning_rate': DECAY_MISTAKES,
}
