from . import Variant

MISTAKES = [
    Variant("relu_backward", "ignora dvalues (devolve só a máscara)", '''
def relu_backward(dvalues, inputs):
    return (inputs > 0).astype(float)
''', hint="esqueceu de multiplicar por dvalues"),
    Variant("relu_backward", "máscara com < 0 (em 0 o gradiente passa)", '''
def relu_backward(dvalues, inputs):
    dinputs = dvalues.copy()
    dinputs[inputs < 0] = 0
    return dinputs
''', hint="em inputs = 0 o gradiente deve ser 0"),
    Variant("relu_backward", "zera o próprio dvalues (in-place)", '''
def relu_backward(dvalues, inputs):
    dvalues[inputs <= 0] = 0
    return dvalues
''', hint="modificou o argumento `dvalues`"),
    Variant("relu_backward", "máscara tirada de dvalues", '''
def relu_backward(dvalues, inputs):
    dinputs = dvalues.copy()
    dinputs[dvalues <= 0] = 0
    return dinputs
''', hint="a máscara deve vir das entradas"),
    Variant("sigmoid_backward", "aplica a sigmoide de novo na saída", '''
def sigmoid_backward(dvalues, output):
    s = 1 / (1 + np.exp(-output))
    return dvalues * s * (1 - s)
''', hint="aplicou a sigmoide de novo"),
    Variant("sigmoid_backward", "esquece dvalues", '''
def sigmoid_backward(dvalues, output):
    return output * (1 - output)
''', hint="esqueceu de multiplicar por dvalues"),
    Variant("tanh_backward", "esquece o quadrado", '''
def tanh_backward(dvalues, output):
    return dvalues * (1 - output)
''', hint="faltou o quadrado"),
    Variant("tanh_backward", "output * 2 em vez de output ** 2", '''
def tanh_backward(dvalues, output):
    return dvalues * (1 - output * 2)
''', hint="output * 2 em vez de output ** 2"),
    Variant("dense_backward", "dweights transposto", '''
def dense_backward(dvalues, inputs, weights):
    dinputs = np.dot(dvalues, weights.T)
    dweights = np.dot(dvalues.T, inputs)
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    return dinputs, dweights, dbiases
''', hint="dweights está transposto"),
    Variant("dense_backward", "dbiases sem keepdims", '''
def dense_backward(dvalues, inputs, weights):
    dinputs = np.dot(dvalues, weights.T)
    dweights = np.dot(inputs.T, dvalues)
    dbiases = np.sum(dvalues, axis=0)
    return dinputs, dweights, dbiases
''', hint="keepdims=True"),
    Variant("dense_backward", "dbiases somado no eixo 1", '''
def dense_backward(dvalues, inputs, weights):
    dinputs = np.dot(dvalues, weights.T)
    dweights = np.dot(inputs.T, dvalues)
    dbiases = np.sum(dvalues, axis=1, keepdims=True)
    return dinputs, dweights, dbiases
''', hint="eixo errado"),
    Variant("dense_backward", "dinputs sem transpor os pesos", '''
def dense_backward(dvalues, inputs, weights):
    dinputs = np.dot(dvalues, weights)
    dweights = np.dot(inputs.T, dvalues)
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    return dinputs, dweights, dbiases
''', hint="transpostos"),
    Variant("dense_backward", "ordem do livro (dweights, dbiases, dinputs)", '''
def dense_backward(dvalues, inputs, weights):
    dweights = np.dot(inputs.T, dvalues)
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    dinputs = np.dot(dvalues, weights.T)
    return dweights, dbiases, dinputs
''', hint="a tupla deve vir na ordem (dinputs, dweights, dbiases)"),
    Variant("softmax_crossentropy_backward", "esquece de dividir por n", '''
def softmax_crossentropy_backward(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    dinputs = y_pred.copy()
    dinputs[range(len(y_pred)), y_true] -= 1
    return dinputs
''', hint="faltou dividir por n"),
    Variant("softmax_crossentropy_backward", "subtrai 1 no próprio y_pred", '''
def softmax_crossentropy_backward(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    samples = len(y_pred)
    y_pred[range(samples), y_true] -= 1
    return y_pred / samples
''', hint="modificou o argumento `y_pred`"),
    Variant("softmax_crossentropy_backward", "sinal trocado", '''
def softmax_crossentropy_backward(y_pred, y_true):
    n, k = y_pred.shape
    if y_true.ndim == 1:
        y_true = np.eye(k)[y_true]
    return (y_true - y_pred) / n
''', hint="o sinal está trocado"),
    Variant("softmax_crossentropy_backward", "dinputs[y] -= 1 (linhas inteiras)", '''
def softmax_crossentropy_backward(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    dinputs = y_pred.copy()
    dinputs[y_true] -= 1
    return dinputs / len(dinputs)
''', hint="subtrai 1 de linhas inteiras"),
    Variant("mse_backward", "esquece o 2", '''
def mse_backward(y_pred, y_true):
    return (y_pred - y_true) / y_pred.size
''', hint="faltou o 2"),
    Variant("mse_backward", "divide só pelo número de amostras", '''
def mse_backward(y_pred, y_true):
    return 2 * (y_pred - y_true) / len(y_pred)
''', hint="dividiu pelo número de amostras"),
    Variant("mse_backward", "sinal trocado", '''
def mse_backward(y_pred, y_true):
    return 2 * (y_true - y_pred) / y_pred.size
''', hint="o sinal está trocado"),
    Variant("numerical_gradient", "diferença para a frente", '''
def numerical_gradient(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    fx = f(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        grad[i] = (f(x) - fx) / h
        x[i] = original
    return grad
''', hint="diferença para a frente"),
    Variant("numerical_gradient", "não devolve x[i] ao valor original", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''', hint="x[i] ao valor original"),
    Variant("numerical_gradient", "denominador h em vez de 2h", '''
def numerical_gradient(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / h
    return grad
''', hint="o denominador das diferenças centrais é 2h"),
    Variant("numerical_gradient", "ignora o h recebido", '''
def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    x = x.copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + step
        f_plus = f(x)
        x[i] = original - step
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * step)
    return grad
''', hint="ignorou o argumento h"),
    Variant("numerical_gradient", "laço só no primeiro eixo (linhas inteiras)", '''
def numerical_gradient(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    for i in range(len(x)):
        original = x[i].copy()
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''', hint="perturba uma linha inteira"),
    Variant("numerical_gradient", "faltam parênteses: / 2 * h", '''
def numerical_gradient(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / 2 * h
    return grad
''', hint="faltaram parênteses"),
    Variant("dense_backward", "dois erros: dweights transposto e dbiases sem keepdims", '''
def dense_backward(dvalues, inputs, weights):
    dinputs = np.dot(dvalues, weights.T)
    dweights = np.dot(dvalues.T, inputs)
    dbiases = np.sum(dvalues, axis=0)
    return dinputs, dweights, dbiases
''', hint="dois erros: dweights está transposto"),
    Variant("dense_backward", "dois erros: dbiases como média e dweights transposto", '''
def dense_backward(dvalues, inputs, weights):
    dweights = dvalues.T @ inputs
    dbiases = np.mean(dvalues, axis=0, keepdims=True)
    return dvalues @ weights.T, dweights, dbiases
''', hint="não a média"),
]

ALTERNATIVES = [
    Variant("relu_backward", "multiplica pela máscara", '''
def relu_backward(dvalues, inputs):
    return dvalues * (inputs > 0)
'''),
    Variant("relu_backward", "np.where", '''
def relu_backward(dvalues, inputs):
    return np.where(inputs > 0, dvalues, 0.0)
'''),
    Variant("sigmoid_backward", "output − output²", '''
def sigmoid_backward(dvalues, output):
    return dvalues * (output - output ** 2)
'''),
    Variant("tanh_backward", "(1 − t)(1 + t)", '''
def tanh_backward(dvalues, output):
    return dvalues * (1 - output) * (1 + output)
'''),
    Variant("dense_backward", "operador @ e reshape", '''
def dense_backward(dvalues, inputs, weights):
    return (dvalues @ weights.T,
            inputs.T @ dvalues,
            dvalues.sum(axis=0).reshape(1, -1))
'''),
    Variant("softmax_crossentropy_backward", "(ŷ − one-hot) / n", '''
def softmax_crossentropy_backward(y_pred, y_true):
    n, k = y_pred.shape
    if y_true.ndim == 1:
        y_true = np.eye(k)[y_true]
    return (y_pred - y_true) / n
'''),
    Variant("softmax_crossentropy_backward", "laço por amostra", '''
def softmax_crossentropy_backward(y_pred, y_true):
    labels = np.argmax(y_true, axis=1) if np.ndim(y_true) == 2 else y_true
    dinputs = np.empty_like(y_pred, dtype=float)
    for i in range(len(y_pred)):
        row = y_pred[i].astype(float)
        row[labels[i]] = row[labels[i]] - 1
        dinputs[i] = row / len(y_pred)
    return dinputs
'''),
    Variant("mse_backward", "−2·(y − ŷ) / m", '''
def mse_backward(y_pred, y_true):
    return -2 * (y_true - y_pred) / np.prod(y_pred.shape)
'''),
    Variant("numerical_gradient", "perturba x no lugar com += e −= (restaura por conta)", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        f_minus = f(x)
        x[i] += h
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
'''),
    Variant("numerical_gradient", "np.nditer com multi_index", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        saved = x[i]
        x[i] = saved + h
        fp = f(x)
        x[i] = saved - h
        fm = f(x)
        x[i] = saved
        grad[i] = (fp - fm) / (2 * h)
        it.iternext()
    return grad
'''),
]
