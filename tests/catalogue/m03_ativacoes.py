from . import Variant

MISTAKES = [
    Variant("step", "z >= 0 em vez de z > 0", '''
def step(z):
    return np.where(z >= 0, 1.0, 0.0)
''', hint="não z >= 0"),
    Variant("step", "devolve a máscara booleana", '''
def step(z):
    return z > 0
''', hint="booleano"),
    Variant("step", "np.sign", '''
def step(z):
    return np.sign(z)
''', hint="np.sign"),
    Variant("relu", "np.abs em vez de np.maximum", '''
def relu(z):
    return np.abs(z)
''', hint="np.abs(z) não zera os negativos"),
    Variant("relu", "np.max(z, 0) em vez de np.maximum(0, z)", '''
def relu(z):
    return np.max(z, 0)
''', hint="np.max(z, 0)"),
    Variant("relu", "devolve a máscara", '''
def relu(z):
    return z > 0
''', hint="máscara"),
    Variant("relu", "zera os negativos no próprio z", '''
def relu(z):
    z[z < 0] = 0
    return z
''', hint="modificou o argumento `z`"),
    Variant("sigmoid", "sinal do expoente trocado", '''
def sigmoid(z):
    return 1 / (1 + np.exp(z))
''', hint="sinal do expoente"),
    Variant("sigmoid", "exp(z) / (1 + exp(z)) estoura", '''
def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))
''', hint="inf/inf = nan"),
    Variant("sigmoid", "faltaram parênteses", '''
def sigmoid(z):
    return 1 / 1 + np.exp(-z)
''', hint="faltaram parênteses"),
    Variant("tanh", "fórmula com exponenciais estoura", '''
def tanh(z):
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
''', hint="estoura para |z| > 710"),
    Variant("tanh", "2·sigmoid(z) − 1 sem o 2z", '''
def tanh(z):
    return 2 / (1 + np.exp(-z)) - 1
''', hint="faltou o 2 dentro da sigmoide"),
    Variant("softmax", "sem subtrair o máximo", '''
def softmax(z):
    exp_values = np.exp(z)
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)
''', hint="softmax sem subtrair o máximo"),
    Variant("softmax", "soma no eixo 0", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=0, keepdims=True)
''', hint="eixo errado"),
    Variant("softmax", "soma sem axis", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exp_values / np.sum(exp_values)
''', hint="np.sum sem axis"),
    Variant("softmax", "soma sem keepdims", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=-1)
''', hint="faltou keepdims=True na soma"),
    Variant("softmax", "máximo sem keepdims", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=-1))
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)
''', hint="faltou keepdims=True no máximo"),
    Variant("softmax", "máximo da matriz inteira", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z))
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)
''', hint="máximo da matriz inteira"),
    Variant("softmax", "axis=1 do livro: quebra com um vetor 1-D", '''
def softmax(z):
    exp_values = np.exp(z - np.max(z, axis=1, keepdims=True))
    return exp_values / np.sum(exp_values, axis=1, keepdims=True)
''', hint="use axis=-1"),
    Variant("softmax", "soma no eixo 0 não é falta de dividir pelas amostras", '''
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
''', hint="eixo errado", not_hint="faltou dividir"),
    Variant("sigmoid", "np.empty_like(z): inteiros na entrada, inteiros na saída", '''
def sigmoid(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    out[~pos] = np.exp(z[~pos]) / (1 + np.exp(z[~pos]))
    return out
''', hint="dtype=float"),
    Variant("tanh", "np.zeros_like(z) preenchido com a fórmula estável", '''
def tanh(z):
    out = np.zeros_like(z)
    out[:] = np.tanh(z)
    return out
''', hint="dtype=float"),
]

ALTERNATIVES = [
    Variant("step", "astype(float) da comparação", '''
def step(z):
    return (np.asarray(z) > 0).astype(float)
'''),
    Variant("step", "np.heaviside com 0 no zero", '''
def step(z):
    return np.heaviside(z, 0.0)
'''),
    Variant("relu", "z * (z > 0)", '''
def relu(z):
    return z * (z > 0)
'''),
    Variant("relu", "cópia e zera os negativos na cópia", '''
def relu(z):
    out = np.array(z, dtype=float, copy=True)
    out[out < 0] = 0.0
    return out
'''),
    Variant("sigmoid", "fórmula direta (avisa overflow, mas o resultado é certo)", '''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
'''),
    Variant("sigmoid", "np.where com os dois ramos calculados", '''
def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
'''),
    Variant("sigmoid", "clip antes da exponencial", '''
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
'''),
    Variant("tanh", "2·σ(2z) − 1", '''
def tanh(z):
    return 2 / (1 + np.exp(-2 * z)) - 1
'''),
    Variant("tanh", "forma estável com e^{-2|z|}", '''
def tanh(z):
    e = np.exp(-2 * np.abs(z))
    return np.sign(z) * (1 - e) / (1 + e)
'''),
    Variant("softmax", "laço por linha com math.exp", '''
import math

def softmax(z):
    z = np.asarray(z, dtype=float)
    flat = z.reshape(-1, z.shape[-1])
    out = np.empty_like(flat)
    for r, row in enumerate(flat):
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        for c, e in enumerate(exps):
            out[r, c] = e / total
    return out.reshape(z.shape)
'''),
    Variant("softmax", "log-soma-exp", '''
def softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    log_total = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - log_total)
'''),
]
