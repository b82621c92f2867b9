from . import Variant

MISTAKES = [
    Variant("mse", "esqueceu o quadrado", '''
def mse(y_pred, y_true):
    return np.mean(y_pred - y_true)
''', hint="faltou elevar a diferença ao quadrado"),
    Variant("mse", "soma em vez de média", '''
def mse(y_pred, y_true):
    return np.sum((y_pred - y_true) ** 2)
''', hint="você somou os quadrados em vez de tirar a média"),
    Variant("mse", "divide pelo número de linhas", '''
def mse(y_pred, y_true):
    return np.sum((y_pred - y_true) ** 2) / len(y_pred)
''', hint="dividiu pelo número de linhas"),
    Variant("mse", "valor absoluto (MAE)", '''
def mse(y_pred, y_true):
    return np.mean(np.abs(y_pred - y_true))
''', hint="valor absoluto"),
    Variant("mse", "média por linha (devolve um array)", '''
def mse(y_pred, y_true):
    return np.mean((y_pred - y_true) ** 2, axis=-1)
''', hint="a média só ao longo de um eixo"),
    Variant("binary_crossentropy", "sem clip", '''
def binary_crossentropy(y_pred, y_true):
    return np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)))
''', hint="log sem clip"),
    Variant("binary_crossentropy", "np.clip sem guardar o resultado", '''
def binary_crossentropy(y_pred, y_true):
    np.clip(y_pred, 1e-7, 1 - 1e-7)
    losses = -(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))
    return np.mean(losses)
''', hint="np.clip devolve um array novo"),
    Variant("binary_crossentropy", "sem o termo (1 − y)·log(1 − p)", '''
def binary_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    return np.mean(-y_true * np.log(p))
''', hint="faltou o termo (1 − y)·log(1 − y_pred)"),
    Variant("binary_crossentropy", "sem o sinal de menos", '''
def binary_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    return np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
''', hint="faltou o sinal de menos"),
    Variant("binary_crossentropy", "corte só embaixo", '''
def binary_crossentropy(y_pred, y_true):
    p = np.maximum(y_pred, 1e-7)
    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
''', hint="você cortou só embaixo"),
    Variant("categorical_crossentropy", "y_pred[y] em vez de y_pred[range(n), y]", '''
def categorical_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    if len(y_true.shape) == 1:
        confidences = p[y_true]
    else:
        confidences = np.sum(p * y_true, axis=1)
    return np.mean(-np.log(confidences))
''', hint="y_pred[y_true] escolhe linhas inteiras"),
    Variant("categorical_crossentropy", "sem clip", '''
def categorical_crossentropy(y_pred, y_true):
    if len(y_true.shape) == 1:
        confidences = y_pred[range(len(y_pred)), y_true]
    else:
        confidences = np.sum(y_pred * y_true, axis=1)
    return np.mean(-np.log(confidences))
''', hint="log sem clip"),
    Variant("categorical_crossentropy", "soma em vez de média", '''
def categorical_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    if len(y_true.shape) == 1:
        confidences = p[range(len(p)), y_true]
    else:
        confidences = np.sum(p * y_true, axis=1)
    return np.sum(-np.log(confidences))
''', hint="você somou as perdas em vez de tirar a média"),
    Variant("categorical_crossentropy", "só aceita índices (one-hot não tratado)", '''
def categorical_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    confidences = p[range(len(p)), y_true]
    return np.mean(-np.log(confidences))
''', hint="y_true em one-hot (forma (n, k)) não foi tratado"),
    Variant("categorical_crossentropy", "sem o sinal de menos", '''
def categorical_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    if y_true.ndim == 2:
        y_true = np.argmax(y_true, axis=1)
    return np.mean(np.log(p[np.arange(len(p)), y_true]))
''', hint="faltou o sinal de menos"),
    Variant("categorical_crossentropy", "log10 em vez do log natural", '''
def categorical_crossentropy(y_pred, y_true):
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    if y_true.ndim == 2:
        y_true = np.argmax(y_true, axis=1)
    return np.mean(-np.log10(p[np.arange(len(p)), y_true]))
''', hint="logaritmo natural"),
    Variant("accuracy", "one-hot comparado direto", '''
def accuracy(y_pred, y_true):
    predictions = np.argmax(y_pred, axis=1)
    return np.mean(predictions == y_true)
''', hint="y_true em one-hot"),
    Variant("accuracy", "contagem em vez de fração", '''
def accuracy(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    return np.sum(np.argmax(y_pred, axis=1) == y_true)
''', hint="número de acertos"),
    Variant("accuracy", "porcentagem", '''
def accuracy(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    return 100 * np.mean(np.argmax(y_pred, axis=1) == y_true)
''', hint="não uma porcentagem"),
    Variant("accuracy", "argmax no eixo 0", '''
def accuracy(y_pred, y_true):
    if len(y_true.shape) == 2:
        y_true = np.argmax(y_true, axis=1)
    return np.mean(np.argmax(y_pred, axis=0) == y_true)
'''),
]

ALTERNATIVES = [
    Variant("mse", "laço sobre todos os elementos", '''
def mse(y_pred, y_true):
    total = 0.0
    count = 0
    for p, t in zip(np.ravel(y_pred), np.ravel(y_true)):
        total += (p - t) * (p - t)
        count += 1
    return total / count
'''),
    Variant("binary_crossentropy", "como no livro: média por amostra, depois do lote", '''
def binary_crossentropy(y_pred, y_true):
    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    sample_losses = -(y_true * np.log(y_pred_clipped) +
                      (1 - y_true) * np.log(1 - y_pred_clipped))
    if sample_losses.ndim == 2:
        sample_losses = np.mean(sample_losses, axis=-1)
    return np.mean(sample_losses)
'''),
    Variant("categorical_crossentropy", "one-hot convertido, laço por amostra", '''
def categorical_crossentropy(y_pred, y_true):
    y_true = np.array(y_true)
    if y_true.ndim == 2:
        y_true = y_true.argmax(axis=1)
    losses = []
    for row, label in zip(y_pred, y_true):
        confidence = min(max(row[label], 1e-7), 1 - 1e-7)
        losses.append(-np.log(confidence))
    return sum(losses) / len(losses)
'''),
    Variant("categorical_crossentropy", "soma com one-hot em toda a matriz", '''
def categorical_crossentropy(y_pred, y_true):
    n, k = y_pred.shape
    if y_true.ndim == 1:
        y_true = np.eye(k)[y_true]
    clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    return -np.sum(y_true * np.log(clipped)) / n
'''),
    Variant("accuracy", "laço em Python", '''
def accuracy(y_pred, y_true):
    hits = 0
    for row, target in zip(y_pred, y_true):
        if np.ndim(target) == 1:
            target = list(target).index(max(target))
        predicted = list(row).index(max(row))
        hits += int(predicted == target)
    return hits / len(y_pred)
'''),
]
