from . import Variant

MISTAKES = [
    Variant("sgd_update", "passo in-place: param -= ... muda o array de quem chamou", '''
def sgd_update(param, grad, learning_rate):
    param -= learning_rate * grad
    return param
''', hint="modificou o argumento `param`"),
    Variant("sgd_update", "sinal trocado: anda a favor do gradiente", '''
def sgd_update(param, grad, learning_rate):
    return param + learning_rate * grad
''', hint="o sinal está trocado"),
    Variant("sgd_update", "esqueceu a taxa de aprendizado", '''
def sgd_update(param, grad, learning_rate):
    return param - grad
''', hint="taxa de aprendizado"),
    Variant("momentum_update", "sinal do momento trocado (velocity + lr·grad)", '''
def momentum_update(param, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return param + velocity, velocity
''', hint="o sinal está trocado na velocidade"),
    Variant("momentum_update", "param − velocity", '''
def momentum_update(param, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * grad
    return param - velocity, velocity
''', hint="subtraiu a velocidade"),
    Variant("momentum_update", "soma a velocidade antiga ao parâmetro", '''
def momentum_update(param, grad, velocity, learning_rate, momentum):
    new_param = param + velocity
    velocity = momentum * velocity - learning_rate * grad
    return new_param, velocity
''', hint="velocidade antiga"),
    Variant("momentum_update", "atualização in-place da velocidade e do parâmetro", '''
def momentum_update(param, grad, velocity, learning_rate, momentum):
    velocity *= momentum
    velocity -= learning_rate * grad
    param += velocity
    return param, velocity
''', hint="sua função modificou o argumento"),
    Variant("adam_update", "sem correção de viés", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return param - learning_rate * m / (np.sqrt(v) + eps), m, v
''', hint="esqueceu a correção de viés"),
    Variant("adam_update", "correção com t − 1 (t pensado a partir de 0): divide por zero", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** (t - 1))
    v_hat = v / (1 - beta2 ** (t - 1))
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="t − 1"),
    Variant("adam_update", "correção com t + 1, copiado do self.iterations + 1 do livro", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="t + 1"),
    Variant("adam_update", "eps dentro da raiz", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return param - learning_rate * m_hat / np.sqrt(v_hat + eps), m, v
''', hint="eps está dentro da raiz"),
    Variant("adam_update", "beta1 e beta2 trocados", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta2 * m + (1 - beta2) * grad
    v = beta1 * v + (1 - beta1) * grad ** 2
    m_hat = m / (1 - beta2 ** t)
    v_hat = v / (1 - beta1 ** t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="beta1 e beta2 estão trocados"),
    Variant("adam_update", "guarda m̂ e v̂ corrigidos no estado", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m = (beta1 * m + (1 - beta1) * grad) / (1 - beta1 ** t)
    v = (beta2 * v + (1 - beta2) * grad ** 2) / (1 - beta2 ** t)
    return param - learning_rate * m / (np.sqrt(v) + eps), m, v
''', hint="devolveu m̂ e v̂"),
    Variant("adam_update", "médias atualizadas in-place", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m *= beta1
    m += (1 - beta1) * grad
    v *= beta2
    v += (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="sua função modificou o argumento"),
    Variant("decayed_learning_rate", "initial·(1 − decay·step)", '''
def decayed_learning_rate(initial, decay, step):
    return initial * (1 - decay * step)
''', hint="initial·(1 − decay·step)"),
    Variant("decayed_learning_rate", "esqueceu o 1 + do denominador", '''
def decayed_learning_rate(initial, decay, step):
    return initial / (decay * step)
''', hint="faltou o 1 +"),
    Variant("decayed_learning_rate", "parênteses faltando: 1 / 1 + decay * step", '''
def decayed_learning_rate(initial, decay, step):
    return initial * (1. / 1 + decay * step)
''', hint="faltaram parênteses"),
    Variant("decayed_learning_rate", "passo contado a partir de 1", '''
def decayed_learning_rate(initial, decay, step):
    return initial / (1 + decay * (step + 1))
''', hint="somou 1 ao passo"),
    Variant("adam_update", "eps padrão 1e-8 (o do artigo), não o 1e-7 do curso", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    new_m = beta1 * m + (1 - beta1) * grad
    new_v = beta2 * v + (1 - beta2) * grad**2
    m_hat = new_m / (1 - beta1**t)
    v_hat = new_v / (1 - beta2**t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), new_m, new_v
''', hint="eps neste curso é 1e-7", not_hint="correção de viés"),
]

ALTERNATIVES = [
    Variant("sgd_update", "cópia explícita e atualização na cópia", '''
def sgd_update(param, grad, learning_rate):
    new_param = np.array(param, dtype=float, copy=True)
    new_param -= learning_rate * grad
    return new_param
'''),
    Variant("momentum_update", "laço elemento a elemento sobre cópias", '''
def momentum_update(param, grad, velocity, learning_rate, momentum):
    new_velocity = np.empty_like(velocity, dtype=float)
    new_param = np.empty_like(param, dtype=float)
    for i in np.ndindex(param.shape):
        new_velocity[i] = momentum * velocity[i] - learning_rate * grad[i]
        new_param[i] = param[i] + new_velocity[i]
    return new_param, new_velocity
'''),
    Variant("adam_update", "como no livro: np.power, correção separada, update com +=", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    weight_momentums = beta1 * m + (1. - beta1) * grad
    weight_cache = beta2 * v + (1. - beta2) * np.power(grad, 2)
    weight_momentums_corrected = weight_momentums / (1. - np.power(beta1, t))
    weight_cache_corrected = weight_cache / (1. - np.power(beta2, t))
    new_param = param.copy()
    new_param += -learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + eps)
    return new_param, weight_momentums, weight_cache
'''),
    Variant("adam_update", "média móvel escrita como m + (1 − β)(g − m)", '''
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    m_new = m + (1 - beta1) * (grad - m)
    v_new = v + (1 - beta2) * (grad * grad - v)
    step = (m_new / (1 - beta1 ** t)) / (np.sqrt(v_new / (1 - beta2 ** t)) + eps)
    return param - learning_rate * step, m_new, v_new
'''),
    Variant("decayed_learning_rate", "fórmula do livro: initial * (1 / (1 + decay * step))", '''
def decayed_learning_rate(initial, decay, step):
    return initial * (1. / (1. + decay * step))
'''),
]
