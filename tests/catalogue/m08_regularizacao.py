from . import Variant

# O treino da referência, com marcadores no lugar dos trechos que as variantes
# de `train_regularized` trocam.
_TRAIN = '''
def train_regularized(X, y, X_val, y_val, l2_lambda=0.0, n_hidden=128, epochs=300,
                      learning_rate=0.02, seed=0):
    rng = np.random.default_rng(seed)
    n_inputs = X.shape[1]
    n_classes = int(np.max(y)) + 1
    params = {
        "weights1": 0.1 * rng.standard_normal((n_inputs, n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, n_classes)),
        "biases2": np.zeros((1, n_classes)),
    }
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        z1 = _dense_forward(X, params["weights1"], params["biases1"])
        a1 = _relu(z1)
        probs = _softmax(_dense_forward(a1, params["weights2"], params["biases2"]))
        train_losses.append(_cross_entropy(probs, y))
        val_hidden = _relu(_dense_forward(X_val, params["weights1"], params["biases1"]))
        val_probs = _softmax(_dense_forward(val_hidden, params["weights2"], params["biases2"]))
        val_losses.append(_cross_entropy(val_probs, y_val))
        dz2 = _softmax_cross_entropy_backward(probs, y)
        dweights2, dbiases2, da1 = _dense_backward(dz2, a1, params["weights2"])
        dz1 = _relu_backward(da1, z1)
        dweights1, dbiases1, _ = _dense_backward(dz1, X, params["weights1"])
        grads = {
            "weights1": dweights1 L2_W1,
            "biases1": dbiases1,
            "weights2": dweights2 L2_W2,
            "biases2": dbiases2,
        }
        t = epoch + 1
        for name in params:
            params[name], m[name], v[name] = _adam_step(
                params[name], grads[name], m[name], v[name], t, learning_rate)
    return {**params, "train_losses": train_losses, "val_losses": RETURNED_VAL}
'''

_DEFAULTS = {
    "L2_W1": '+ 2 * l2_lambda * params["weights1"]',
    "L2_W2": '+ 2 * l2_lambda * params["weights2"]',
    "RETURNED_VAL": "val_losses",
}


def _train(**changes):
    source = _TRAIN
    for key, value in {**_DEFAULTS, **changes}.items():
        source = source.replace(key, value)
    return source


MISTAKES = [
    Variant("l1_penalty", "esqueceu o valor absoluto", '''
def l1_penalty(weights, lam):
    return lam * np.sum(weights)
''', hint="faltou o valor absoluto"),
    Variant("l1_penalty", "média em vez de soma", '''
def l1_penalty(weights, lam):
    return lam * np.mean(np.abs(weights))
''', hint="np.mean"),
    Variant("l1_gradient", "sinal(0) = 1 com np.where(w >= 0, ...)", '''
def l1_gradient(weights, lam):
    return lam * np.where(weights >= 0, 1.0, -1.0)
''', hint="em w = 0 o gradiente deve ser 0"),
    Variant("l1_gradient", "w / |w| (nan em zero)", '''
def l1_gradient(weights, lam):
    return lam * weights / np.abs(weights)
''', hint="0/0 = nan"),
    Variant("l2_penalty", "convenção lam/2", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * np.sum(weights ** 2)
''', hint="sem o ½"),
    Variant("l2_penalty", "norma com raiz", '''
def l2_penalty(weights, lam):
    return lam * np.linalg.norm(weights)
''', hint="você tirou a raiz"),
    Variant("l2_gradient", "esqueceu o 2", '''
def l2_gradient(weights, lam):
    return lam * weights
''', hint="faltou o 2"),
    Variant("dropout_forward", "rate tratado como probabilidade de manter", '''
def dropout_forward(inputs, rate, rng=None):
    rng = np.random.default_rng(rng)
    if not 0 <= rate < 1:
        raise ValueError("rate inválido")
    mask = rng.binomial(1, rate, size=inputs.shape) / rate
    return inputs * mask, mask
''', hint="rate é a fração DESLIGADA"),
    Variant("dropout_forward", "sem a escala 1/(1 − rate)", '''
def dropout_forward(inputs, rate, rng=None):
    rng = np.random.default_rng(rng)
    if not 0 <= rate < 1:
        raise ValueError("rate inválido")
    mask = rng.binomial(1, 1 - rate, size=inputs.shape)
    return inputs * mask, mask
''', hint="faltou escalar a máscara"),
    Variant("dropout_forward", "gerador global np.random.binomial", '''
def dropout_forward(inputs, rate, rng=None):
    if not 0 <= rate < 1:
        raise ValueError("rate inválido")
    mask = np.random.binomial(1, 1 - rate, size=inputs.shape) / (1 - rate)
    return inputs * mask, mask
''', hint="gerador global"),
    Variant("dropout_forward", "multiplica no lugar (inputs *= mask)", '''
def dropout_forward(inputs, rate, rng=None):
    rng = np.random.default_rng(rng)
    if not 0 <= rate < 1:
        raise ValueError("rate inválido")
    mask = rng.binomial(1, 1 - rate, size=inputs.shape) / (1 - rate)
    inputs *= mask
    return inputs, mask
''', hint="sua função modificou o argumento"),
    Variant("dropout_backward", "máscara sem a escala na volta", '''
def dropout_backward(dvalues, mask):
    return dvalues * (mask > 0)
''', hint="já vem escalada"),
    Variant("train_val_split", "validação no fim da permutação", '''
def train_val_split(n_samples, val_fraction, rng=None):
    rng = np.random.default_rng(rng)
    if n_samples < 2 or not 0 < val_fraction < 1:
        raise ValueError("entrada inválida")
    n_val = min(max(round(n_samples * val_fraction), 1), n_samples - 1)
    order = rng.permutation(n_samples)
    return order[:n_samples - n_val], order[n_samples - n_val:]
''', hint="o COMEÇO da permutação"),
    Variant("train_val_split", "int() em vez de round", '''
def train_val_split(n_samples, val_fraction, rng=None):
    rng = np.random.default_rng(rng)
    if n_samples < 2 or not 0 < val_fraction < 1:
        raise ValueError("entrada inválida")
    n_val = int(n_samples * val_fraction)
    n_val = min(max(n_val, 1), n_samples - 1)
    order = rng.permutation(n_samples)
    return order[n_val:], order[:n_val]
''', hint="corta a parte decimal"),
    Variant("kfold_indices", "resto todo na última parte", '''
def kfold_indices(n_samples, k, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if k < 2 or k > n_samples:
        raise ValueError("k inválido")
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    size = n_samples // k
    folds = []
    for i in range(k):
        start = i * size
        end = (i + 1) * size if i < k - 1 else n_samples
        val = order[start:end]
        train = np.concatenate([order[:start], order[end:]])
        folds.append((train, val))
    return folds
''', hint="todo para a última parte"),
    Variant("kfold_indices", "resto descartado (n // k por parte)", '''
def kfold_indices(n_samples, k, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if k < 2 or k > n_samples:
        raise ValueError("k inválido")
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    size = n_samples // k
    folds = []
    for i in range(k):
        val = order[i * size:(i + 1) * size]
        train = np.setdiff1d(order, val)
        folds.append((train, val))
    return folds
''', hint="o resto da divisão ficou de fora"),
    Variant("early_stopping_epoch", "empate conta como melhora (<=)", '''
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if len(val_losses) == 0 or patience < 1:
        raise ValueError("entrada inválida")
    best, best_epoch, waited = val_losses[0], 0, 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] <= best - min_delta:
            best, best_epoch, waited = val_losses[epoch], epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
''', hint="um empate não é melhora"),
    Variant("early_stopping_epoch", "para uma época tarde (waited > patience)", '''
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if len(val_losses) == 0 or patience < 1:
        raise ValueError("entrada inválida")
    best, best_epoch, waited = val_losses[0], 0, 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best - min_delta:
            best, best_epoch, waited = val_losses[epoch], epoch, 0
        else:
            waited += 1
            if waited > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
''', hint="uma época tarde"),
    Variant("early_stopping_epoch", "épocas contadas a partir de 1", '''
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if len(val_losses) == 0 or patience < 1:
        raise ValueError("entrada inválida")
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch, loss in enumerate(val_losses[1:], start=2):
        if loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
''', hint="a partir de 0"),
    Variant("augment_images", "espelho vertical (eixo das linhas)", '''
def augment_images(images, flip_prob=0.5, noise_std=0.1, rng=None):
    rng = np.random.default_rng(rng)
    flip = rng.random(len(images)) < flip_prob
    noise = rng.normal(0.0, noise_std, size=images.shape)
    out = images.copy()
    out[flip] = out[flip][:, ::-1, :]
    return out + noise
''', hint="na vertical"),
    Variant("augment_images", "ruído sorteado antes do espelho", '''
def augment_images(images, flip_prob=0.5, noise_std=0.1, rng=None):
    rng = np.random.default_rng(rng)
    noise = rng.normal(0.0, noise_std, size=images.shape)
    flip = rng.random(len(images)) < flip_prob
    out = images.copy()
    out[flip] = out[flip][:, :, ::-1]
    return out + noise
''', hint="o ruído foi sorteado antes"),
    Variant("train_regularized", "gradiente da L2 com o sinal trocado", _train(
        L2_W1='- 2 * l2_lambda * params["weights1"]',
        L2_W2='- 2 * l2_lambda * params["weights2"]'),
        hint="os pesos deveriam ficar MENORES"),
    Variant("train_regularized", "L2 esquecida no gradiente", _train(L2_W1="", L2_W2=""),
            hint="a L2 quase não mudou nada"),
]

ALTERNATIVES = [
    Variant("l1_gradient", "np.where encadeado", '''
def l1_gradient(weights, lam):
    return np.where(weights > 0, lam, np.where(weights < 0, -lam, 0.0))
'''),
    Variant("l2_penalty", "produto escalar do vetor achatado", '''
def l2_penalty(weights, lam):
    flat = np.ravel(weights)
    return lam * np.dot(flat, flat)
'''),
    Variant("dropout_forward", "máscara binária convertida e saída por np.where", '''
def dropout_forward(inputs, rate, rng=None):
    rng = np.random.default_rng(rng)
    if rate < 0 or rate >= 1:
        raise ValueError("rate deve estar em [0, 1)")
    keep = rng.binomial(n=1, p=1.0 - rate, size=inputs.shape).astype(float)
    mask = keep / (1.0 - rate)
    output = np.where(keep == 1, inputs / (1.0 - rate), 0.0)
    return output, mask
'''),
    Variant("train_val_split", "índices devolvidos em ordem crescente", '''
def train_val_split(n_samples, val_fraction, rng=None):
    rng = np.random.default_rng(rng)
    if n_samples < 2 or val_fraction <= 0 or val_fraction >= 1:
        raise ValueError("entrada inválida")
    n_val = int(np.round(n_samples * val_fraction))
    n_val = int(np.clip(n_val, 1, n_samples - 1))
    order = rng.permutation(n_samples)
    return np.sort(order[n_val:]), np.sort(order[:n_val])
'''),
    Variant("kfold_indices", "np.array_split e np.setdiff1d", '''
def kfold_indices(n_samples, k, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if not 2 <= k <= n_samples:
        raise ValueError("k inválido")
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    return [(np.setdiff1d(order, part), part) for part in np.array_split(order, k)]
'''),
    Variant("early_stopping_epoch", "laço while com índices", '''
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if not val_losses or patience < 1:
        raise ValueError("entrada inválida")
    best_epoch = 0
    epoch = 1
    since_best = 0
    while epoch < len(val_losses):
        if val_losses[best_epoch] - val_losses[epoch] > min_delta:
            best_epoch, since_best = epoch, 0
        else:
            since_best += 1
        if since_best == patience:
            break
        epoch += 1
    return best_epoch, min(epoch, len(val_losses) - 1)
'''),
    Variant("augment_images", "laço imagem a imagem com np.fliplr", '''
def augment_images(images, flip_prob=0.5, noise_std=0.1, rng=None):
    rng = np.random.default_rng(rng)
    flips = rng.random(len(images)) < flip_prob
    noise = flip_prob * 0 + rng.standard_normal(images.shape) * noise_std
    result = np.empty_like(images, dtype=float)
    for i in range(len(images)):
        result[i] = np.fliplr(images[i]) if flips[i] else images[i]
    return result + noise
'''),
    Variant("train_regularized", "usa a própria l2_gradient do módulo",
            _train(L2_W1='+ l2_gradient(params["weights1"], l2_lambda)',
                   L2_W2='+ l2_gradient(params["weights2"], l2_lambda)')),
]
