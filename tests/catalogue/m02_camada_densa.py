from . import Variant

MISTAKES = [
    Variant("dense_forward", "esqueceu os vieses", '''
def dense_forward(inputs, weights, biases):
    return np.dot(inputs, weights)
''', hint="esqueceu de somar os vieses"),
    Variant("dense_forward", "ordem de np.dot trocada", '''
def dense_forward(inputs, weights, biases):
    return np.dot(weights, inputs) + biases
''', hint="ordem de np.dot está trocada"),
    Variant("dense_forward", "transpôs os pesos como no módulo 1", '''
def dense_forward(inputs, weights, biases):
    return np.dot(inputs, np.array(weights).T) + biases
''', hint="transpôs os pesos"),
    Variant("dense_forward", "produto elemento a elemento", '''
def dense_forward(inputs, weights, biases):
    return inputs * weights + biases
''', hint="elemento a elemento"),
    Variant("dense_forward", "vieses multiplicados", '''
def dense_forward(inputs, weights, biases):
    return np.dot(inputs, weights) * biases
''', hint="multiplicou pelos vieses"),
    Variant("Layer_Dense", "self.weight (deslize das notas) no construtor e no forward", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weight = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weight) + self.biases
''', hint="no plural"),
    Variant("Layer_Dense", "self.weight só no forward", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weight) + self.biases
''', hint="no plural"),
    Variant("Layer_Dense", "escala 0.01 do livro", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
''', hint="escala 0.01"),
    Variant("Layer_Dense", "np.random.rand (uniforme) em vez de randn", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.rand(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
''', hint="np.random.rand"),
    Variant("Layer_Dense", "vieses com forma (n,)", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros(n_neurons)

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
''', hint="faltou a dimensão das linhas"),
    Variant("Layer_Dense", "pesos (n_neurons, n_inputs) e .T no forward", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_neurons, n_inputs)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights.T) + self.biases
''', hint="(n_neurons, n_inputs)"),
    Variant("Layer_Dense", "forward sem os vieses", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights)
''', hint="esqueceu de somar `self.biases`"),
    Variant("Layer_Dense", "forward devolve a saída sem guardar em self.output", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        return np.dot(inputs, self.weights) + self.biases
''', hint="self.output"),
    Variant("Layer_Dense", "np.random.seed(0) dentro do construtor", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        np.random.seed(0)
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
''', hint="np.random.seed(0) dentro da classe"),
    Variant("Layer_Dense", "ordem de np.dot trocada no forward", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(self.weights, inputs) + self.biases
''', hint="ordem dos operandos"),
    Variant("Layer_Dense", "forward acumula no próprio array de entrada", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        inputs = np.asarray(inputs, dtype=float)
        self.output = np.dot(inputs, self.weights) + self.biases
        inputs *= 0
''', hint="modificou `inputs`"),
]

ALTERNATIVES = [
    Variant("dense_forward", "laços explícitos, neurônio por neurônio", '''
def dense_forward(inputs, weights, biases):
    inputs = np.asarray(inputs, dtype=float)
    weights = np.asarray(weights, dtype=float)
    n, n_inputs = inputs.shape
    n_neurons = weights.shape[1]
    output = np.zeros((n, n_neurons))
    for k in range(n):
        for j in range(n_neurons):
            total = 0.0
            for i in range(n_inputs):
                total += inputs[k, i] * weights[i, j]
            output[k, j] = total + biases[0][j]
    return output
'''),
    Variant("dense_forward", "operador @ com cópia", '''
def dense_forward(inputs, weights, biases):
    x = np.array(inputs, dtype=float, copy=True)
    return x @ weights + np.asarray(biases).reshape(1, -1)
'''),
    Variant("Layer_Dense", "np.random.normal e np.matmul, forward também devolve a saída", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = np.random.normal(0.0, 0.10, size=(n_inputs, n_neurons))
        self.biases = np.zeros(shape=(1, n_neurons), dtype=np.float64)

    def forward(self, inputs):
        self.inputs = np.array(inputs, dtype=float)
        self.output = np.matmul(self.inputs, self.weights) + self.biases
        return self.output
'''),
    Variant("Layer_Dense", "randn dividido por 10 e laço por amostra", '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = np.random.randn(n_inputs, n_neurons) / 10
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        rows = [np.dot(sample, self.weights) + self.biases[0] for sample in inputs]
        self.output = np.array(rows)
'''),
]
