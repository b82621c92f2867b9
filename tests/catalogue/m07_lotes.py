from . import Variant

# O laço de treinamento da referência, com um marcador no lugar de cada trecho
# que as variantes de `train_network` trocam.
_TRAIN = '''
def train_network(X, y, n_hidden=128, epochs=500, batch_size=150, learning_rate=LR, seed=0):
    rng = np.random.default_rng(seed)
    n_samples, n_inputs = X.shape
    n_classes = int(np.max(y)) + 1
    params = {
        "weights1": 0.1 * rng.standard_normal((n_inputs, n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, n_classes)),
        "biases2": np.zeros((1, n_classes)),
    }
    initial = {name: value.copy() for name, value in params.items()}
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    t = T0
    losses = []
    for epoch in range(epochs):
        order = ORDER
        epoch_loss = 0.0
        for start in range(0, n_samples, batch_size):
            idx = order[start:start + batch_size]
            X_batch, y_batch = X[idx], y[idx]
            z1 = _dense_forward(X_batch, params["weights1"], params["biases1"])
            a1 = _relu(z1)
            z2 = _dense_forward(a1, params["weights2"], params["biases2"])
            probs = _softmax(z2)
            epoch_loss += _cross_entropy(probs, y_batch) * len(idx)
            dz2 = _softmax_cross_entropy_backward(probs, y_batch)
            dweights2, dbiases2, da1 = _dense_backward(dz2, a1, params["weights2"])
            dz1 = _relu_backward(da1, z1)
            dweights1, dbiases1, _ = _dense_backward(dz1, X_batch, params["weights1"])
            grads = {"weights1": dweights1, "biases1": dbiases1,
                     "weights2": dweights2, "biases2": dbiases2}
            INCREMENT
            for name in UPDATED:
                new_param, m[name], v[name] = _adam_step(
                    params[name], grads[name], m[name], v[name], t, learning_rate)
                params[name] = STEP
        losses.append(epoch_loss / n_samples)
    return {**RETURNED, "losses": losses}
'''

_DEFAULTS = {
    "LR": "0.04",
    "T0": "0",
    "ORDER": "rng.permutation(n_samples)",
    "INCREMENT": "t += 1",
    "UPDATED": "params",
    "STEP": "new_param",
    "RETURNED": "params",
}


def _train(**changes):
    source = _TRAIN
    for key, value in {**_DEFAULTS, **changes}.items():
        source = source.replace(key, value)
    return source


MISTAKES = [
    Variant("make_batches", "descarta o último lote (len(X) // batch_size lotes)", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    batches = []
    for i in range(len(X) // batch_size):
        idx = order[i * batch_size:(i + 1) * batch_size]
        batches.append((X[idx], y[idx]))
    return batches
''', hint="o último lote"),
    Variant("make_batches", "laço para cedo: range(0, len(X) - batch_size, batch_size)", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    return [(X[i:i + batch_size], y[i:i + batch_size])
            for i in range(0, len(X) - batch_size, batch_size)]
''', hint="o laço parou cedo"),
    Variant("make_batches", "fatia com uma amostra a menos", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    batches = []
    for start in range(0, len(X), batch_size):
        end = start + batch_size - 1
        batches.append((X[start:end], y[start:end]))
    return batches
''', hint="perde uma amostra por lote"),
    Variant("make_batches", "X e y embaralhados com permutações diferentes", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if shuffle:
        X = X[rng.permutation(len(X))]
        y = y[rng.permutation(len(y))]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
''', hint="permutações diferentes"),
    Variant("make_batches", "embaralha sempre que recebe um rng, mesmo com shuffle=False", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if rng is not None:
        order = np.random.default_rng(rng).permutation(len(X))
        X, y = X[order], y[order]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
''', hint="embaralhou com shuffle=False"),
    Variant("make_batches", "usa o gerador global (np.random.shuffle) em vez do rng", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    idx = np.arange(len(X))
    if shuffle:
        np.random.shuffle(idx)
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]])
            for i in range(0, len(X), batch_size)]
''', hint="gerador global"),
    Variant("make_batches", "embaralha X e y no lugar, cada um com o seu sorteio", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if shuffle:
        rng.shuffle(X)
        rng.shuffle(y)
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
''', hint="sua função modificou o argumento"),
    Variant("make_batches", "sem ValueError (tamanhos diferentes passam em silêncio)", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    step = max(batch_size, 1)
    return [(X[order[i:i + step]], y[order[i:i + step]]) for i in range(0, len(X), step)]
''', hint="deveria levantar ValueError"),
    Variant("make_batches", "gerador com yield em vez de lista", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
''', hint="gerador"),
    Variant("make_batches", "devolve duas listas em vez de uma lista de pares", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    X_batches, y_batches = [], []
    for start in range(0, len(X), batch_size):
        X_batches.append(X[order[start:start + batch_size]])
        y_batches.append(y[order[start:start + batch_size]])
    return X_batches, y_batches
''', hint="duas listas"),
    Variant("train_network", "esqueceu de atualizar os vieses", _train(
        UPDATED='("weights1", "weights2")'), hint="esqueceu de atualizar os vieses"),
    Variant("train_network", "taxa de aprendizado pequena demais", _train(LR="1e-4"),
            hint="pequena demais"),
    Variant("train_network", "sinal do passo trocado (sobe o gradiente)", _train(
        STEP="2 * params[name] - new_param"), hint="o sinal"),
    Variant("train_network", "contador do Adam somado depois do passo (t = 0 no primeiro)",
            _train(INCREMENT="pass", STEP="new_param; t += 1 if name == 'biases2' else 0"),
            hint="nan ou inf"),
    Variant("train_network", "devolve os pesos iniciais (cópia feita antes do treino)",
            _train(RETURNED="initial"), hint="pesos finais"),
    Variant("train_network", "sem embaralhar: lotes de uma classe e meia, acurácia abaixo de 0,90",
            _train(ORDER="np.arange(n_samples)"), hint="embaralhar a cada época"),
    Variant("train_network", "pesos no formato (neurônios, entradas), transpostos", '''
def train_network(X, y, n_hidden=128, epochs=500, batch_size=150, learning_rate=0.04, seed=0):
    rng = np.random.default_rng(seed)
    return {"weights1": rng.standard_normal((n_hidden, X.shape[1])),
            "biases1": np.zeros((1, n_hidden)),
            "weights2": rng.standard_normal((3, n_hidden)),
            "biases2": np.zeros((1, 3)), "losses": [1.0, 0.5]}
''', hint="weights1 deveria ter a forma"),
]

ALTERNATIVES = [
    Variant("make_batches", "escrita pelo contrato: usa o Generator recebido, sem default_rng", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    if batch_size < 1:
        raise ValueError("batch_size deve ser pelo menos 1")
    if len(X) != len(y):
        raise ValueError("X e y com tamanhos diferentes")
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]])
            for i in range(0, len(X), batch_size)]
'''),
    Variant("make_batches", "rng.shuffle num arange e lotes como listas [X, y]", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1:
        raise ValueError("batch_size < 1")
    if X.shape[0] != y.shape[0]:
        raise ValueError("X e y com tamanhos diferentes")
    idx = np.arange(X.shape[0])
    if shuffle:
        rng.shuffle(idx)  # o mesmo sorteio que rng.permutation(len(X))
    batches = []
    start = 0
    while start < len(idx):
        chosen = idx[start:start + batch_size]
        batches.append([X[chosen].copy(), y[chosen].copy()])
        start += batch_size
    return batches
'''),
    Variant("make_batches", "np.split nos pontos de corte, tupla de pares", '''
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)
    if batch_size < 1 or len(X) != len(y):
        raise ValueError("entrada inválida")
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    cuts = list(range(batch_size, len(X), batch_size))
    return list(zip(np.split(X, cuts), np.split(y, cuts)))
'''),
    Variant("train_network", "estilo do livro: classes, np.random.randn·0,01 e a make_batches", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def forward(self, inputs, y_true):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        clipped = np.clip(self.output, 1e-7, 1 - 1e-7)
        return np.mean(-np.log(clipped[range(len(y_true)), y_true]))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Optimizer_Adam:
    def __init__(self, learning_rate=0.001, epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.iterations = 0

    def update_params(self, layer):
        if not hasattr(layer, "weight_cache"):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        b1, b2, it = self.beta_1, self.beta_2, self.iterations + 1
        layer.weight_momentums = b1 * layer.weight_momentums + (1 - b1) * layer.dweights
        layer.bias_momentums = b1 * layer.bias_momentums + (1 - b1) * layer.dbiases
        layer.weight_cache = b2 * layer.weight_cache + (1 - b2) * layer.dweights**2
        layer.bias_cache = b2 * layer.bias_cache + (1 - b2) * layer.dbiases**2
        w_m = layer.weight_momentums / (1 - b1**it)
        b_m = layer.bias_momentums / (1 - b1**it)
        w_c = layer.weight_cache / (1 - b2**it)
        b_c = layer.bias_cache / (1 - b2**it)
        layer.weights += -self.learning_rate * w_m / (np.sqrt(w_c) + self.epsilon)
        layer.biases += -self.learning_rate * b_m / (np.sqrt(b_c) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


def train_network(X, y, n_hidden=128, epochs=500, batch_size=150, learning_rate=0.04, seed=0):
    rng = np.random.default_rng(seed)
    dense1 = Layer_Dense(X.shape[1], n_hidden)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(n_hidden, int(y.max()) + 1)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=learning_rate)
    losses = []
    for epoch in range(epochs):
        batch_losses = []
        for X_batch, y_batch in make_batches(X, y, batch_size, shuffle=True, rng=rng):
            dense1.forward(X_batch)
            activation1.forward(dense1.output)
            dense2.forward(activation1.output)
            batch_losses.append(loss_activation.forward(dense2.output, y_batch))
            loss_activation.backward(loss_activation.output, y_batch)
            dense2.backward(loss_activation.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)
            optimizer.update_params(dense1)
            optimizer.update_params(dense2)
            optimizer.post_update_params()
        losses.append(float(np.mean(batch_losses)))
    return {"weights1": dense1.weights, "biases1": dense1.biases,
            "weights2": dense2.weights, "biases2": dense2.biases,
            "losses": np.array(losses)}
'''),
    Variant("train_network", "uma ordem sorteada por época com np.random (global), vieses (n,)",
            _train(ORDER="np.random.permutation(n_samples)",
                   RETURNED='{"weights1": params["weights1"], "biases1": params["biases1"].ravel(), '
                            '"weights2": params["weights2"], "biases2": params["biases2"].ravel()}')),
    Variant("train_network", "uma ordem sorteada uma vez só, antes das épocas",
            _train(ORDER="first_order").replace(
                "    losses = []\n", "    losses = []\n    first_order = rng.permutation(n_samples)\n")),
]
