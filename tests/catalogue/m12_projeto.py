from . import Variant

MISTAKES = [
    Variant("standardize", "teste padronizado com as estatísticas do teste", '''
def standardize(X_train, X_test):
    def scale(X):
        std = X.std(axis=0)
        std[std == 0] = 1
        return (X - X.mean(axis=0)) / std
    return scale(X_train), scale(X_test)
''', hint="vazamento do teste"),
    Variant("standardize", "estatísticas por linha (axis=1)", '''
def standardize(X_train, X_test):
    def scale(X):
        mean = X.mean(axis=1, keepdims=True)
        std = X.std(axis=1, keepdims=True)
        return (X - mean) / np.where(std == 0, 1, std)
    return scale(X_train), scale(X_test)
''', hint="por linha (axis=1)"),
    Variant("standardize", "divide por σ = 0 nas colunas constantes", '''
def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std
''', hint="colunas constantes"),
    Variant("standardize", "modifica X_train no lugar", '''
def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1
    X_train -= mean
    X_train /= std
    return X_train, (X_test - mean) / std
''', hint="modificou o argumento `X_train`"),
    Variant("one_hot", "número de colunas por y.max() + 1", '''
def one_hot(y, n_classes):
    return np.eye(y.max() + 1)[y]
''', hint="use n_classes"),
    Variant("one_hot", "encoded[:, y] = 1", '''
def one_hot(y, n_classes):
    encoded = np.zeros((len(y), n_classes))
    encoded[:, y] = 1
    return encoded
''', hint="indexe linha e coluna juntas"),
    Variant("confusion_matrix", "linhas = classe prevista", '''
def confusion_matrix(y_true, y_pred, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        matrix[p, t] += 1
    return matrix
''', hint="a matriz está transposta"),
    Variant("confusion_matrix", "C[y_true, y_pred] += 1 sem laço", '''
def confusion_matrix(y_true, y_pred, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    matrix[y_true, y_pred] += 1
    return matrix
''', hint="np.add.at"),
    Variant("train_classifier", "dweights transposto (weights1 é 64 × 64)", '''
def _dense_backward(dvalues, inputs, weights):
    dweights = (dvalues.T @ inputs)
    if dweights.shape != weights.shape:
        dweights = dweights.T
    return dweights, np.sum(dvalues, axis=0, keepdims=True), dvalues @ weights.T
''', hint="dweights transposto"),
    Variant("train_classifier", "passo do Adam a favor do gradiente", '''
def _adam_step(param, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param + learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
''', hint="a perda subiu"),
    Variant("train_classifier", "devolve os pesos iniciais", '''
_train_certo = train_classifier

def train_classifier(X_train, y_train, n_hidden=64, epochs=30, batch_size=32,
                     learning_rate=0.001, seed=0):
    rng = np.random.default_rng(seed)
    iniciais = {
        "weights1": 0.1 * rng.standard_normal((X_train.shape[1], n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, 10)),
        "biases2": np.zeros((1, 10)),
    }
    treino = _train_certo(X_train, y_train, n_hidden, epochs, batch_size, learning_rate, seed)
    return {**iniciais, "losses": treino["losses"], "accuracies": treino["accuracies"]}
''', hint="devolveu os pesos finais"),
]

ALTERNATIVES = [
    Variant("standardize", "desvio calculado à mão e laço nas colunas", '''
def standardize(X_train, X_test):
    X_train = np.array(X_train, dtype=float)
    X_test = np.array(X_test, dtype=float)
    for j in range(X_train.shape[1]):
        mean = X_train[:, j].sum() / len(X_train)
        std = np.sqrt(((X_train[:, j] - mean) ** 2).mean())
        if std == 0:
            std = 1.0
        X_test[:, j] = (X_test[:, j] - mean) / std
        X_train[:, j] = (X_train[:, j] - mean) / std
    return X_train, X_test
'''),
    Variant("one_hot", "np.eye indexado pelos rótulos", '''
def one_hot(y, n_classes):
    return np.eye(n_classes)[np.asarray(y, dtype=int)].reshape(len(y), n_classes)
'''),
    Variant("confusion_matrix", "np.bincount nos pares", '''
def confusion_matrix(y_true, y_pred, n_classes):
    pairs = np.asarray(y_true) * n_classes + np.asarray(y_pred)
    return np.bincount(pairs, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
'''),
    Variant("train_classifier", "classes do livro (Layer_Dense, ativações, otimizador)", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons, rng):
        self.weights = 0.1 * rng.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))
    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases
    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T

class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)
    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0

class Softmax_CCE:
    def forward(self, inputs, y):
        exp = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = exp / exp.sum(axis=1, keepdims=True)
        p = np.clip(self.output[range(len(y)), y], 1e-7, 1 - 1e-7)
        return np.mean(-np.log(p))
    def backward(self, y):
        self.dinputs = self.output.copy()
        self.dinputs[range(len(y)), y] -= 1
        self.dinputs /= len(y)

class Optimizer_Adam:
    def __init__(self, learning_rate):
        self.lr, self.t = learning_rate, 0
    def update(self, layer):
        if not hasattr(layer, "m_w"):
            layer.m_w, layer.v_w = np.zeros_like(layer.weights), np.zeros_like(layer.weights)
            layer.m_b, layer.v_b = np.zeros_like(layer.biases), np.zeros_like(layer.biases)
        t = self.t
        for p, g, m, v in (("weights", "dweights", "m_w", "v_w"), ("biases", "dbiases", "m_b", "v_b")):
            grad = getattr(layer, g)
            setattr(layer, m, 0.9 * getattr(layer, m) + 0.1 * grad)
            setattr(layer, v, 0.999 * getattr(layer, v) + 0.001 * grad ** 2)
            m_hat = getattr(layer, m) / (1 - 0.9 ** t)
            v_hat = getattr(layer, v) / (1 - 0.999 ** t)
            setattr(layer, p, getattr(layer, p) - self.lr * m_hat / (np.sqrt(v_hat) + 1e-7))

def train_classifier(X_train, y_train, n_hidden=64, epochs=30, batch_size=32,
                     learning_rate=0.001, seed=0):
    rng = np.random.default_rng(seed)
    dense1 = Layer_Dense(X_train.shape[1], n_hidden, rng)
    relu = Activation_ReLU()
    dense2 = Layer_Dense(n_hidden, int(y_train.max()) + 1, rng)
    loss_fn = Softmax_CCE()
    opt = Optimizer_Adam(learning_rate)
    losses, accuracies = [], []
    for epoch in range(epochs):
        order = rng.permutation(len(X_train))
        total, hits = 0.0, 0
        for start in range(0, len(X_train), batch_size):
            idx = order[start:start + batch_size]
            xb, yb = X_train[idx], y_train[idx]
            dense1.forward(xb)
            relu.forward(dense1.output)
            dense2.forward(relu.output)
            total += loss_fn.forward(dense2.output, yb) * len(idx)
            hits += np.sum(loss_fn.output.argmax(axis=1) == yb)
            loss_fn.backward(yb)
            dense2.backward(loss_fn.dinputs)
            relu.backward(dense2.dinputs)
            dense1.backward(relu.dinputs)
            opt.t += 1
            opt.update(dense1)
            opt.update(dense2)
        losses.append(total / len(X_train))
        accuracies.append(hits / len(X_train))
    return {"weights1": dense1.weights, "biases1": dense1.biases, "weights2": dense2.weights,
            "biases2": dense2.biases, "losses": losses, "accuracies": accuracies}
'''),
]
