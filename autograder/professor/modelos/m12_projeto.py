"""Os modelos dos erros conhecidos de m12_projeto (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...spec import Mistake


def _f(x):
    return np.asarray(x, dtype=float)


def _standardize(train, test, stats_of=None, ddof=0, divide=True, fix=True, axis=0):
    train, test = _f(train), _f(test)
    source = train if stats_of is None else stats_of(train, test)
    if axis == 1:
        def one(X):
            mean = X.mean(axis=1, keepdims=True)
            std = X.std(axis=1, keepdims=True)
            return (X - mean) / np.where(std == 0, 1.0, std)

        return one(train), one(test)
    mean = np.mean(source, axis=0)
    with np.errstate(all="ignore"):
        std = np.std(source, axis=0, ddof=ddof)
    if fix:
        std = np.where(std == 0, 1.0, std)
    with np.errstate(all="ignore"):
        if not divide:
            return train - mean, test - mean
        return (train - mean) / std, (test - mean) / std


def _own_stats(train, test):
    """Cada conjunto com as suas próprias estatísticas."""
    a, _ = _standardize(train, train)
    b, _ = _standardize(test, test)
    return a, b


def _eps_std(train, test, eps):
    mean, std = np.mean(train, axis=0), np.std(train, axis=0)
    return (train - mean) / (std + eps), (test - mean) / (std + eps)


STANDARDIZE_MISTAKES = [
    Mistake("vazamento do teste: você padronizou X_test com a média e o desvio padrão do "
            "próprio teste. Use sempre as estatísticas do treino, nos dois conjuntos",
            lambda tr, te: _own_stats(_f(tr), _f(te))),
    Mistake("vazamento do teste: a média e o desvio padrão vieram do treino e do teste "
            "juntos. Calcule-os só com X_train",
            lambda tr, te: _standardize(tr, te, stats_of=lambda a, b: np.vstack([a, b]))),
    Mistake("as estatísticas foram calculadas por linha (axis=1): cada coluna (cada pixel) "
            "tem a sua média e o seu desvio, np.mean(X_train, axis=0)",
            lambda tr, te: _standardize(tr, te, axis=1)),
    Mistake("faltou dividir pelo desvio padrão: (X − média) / desvio",
            lambda tr, te: _standardize(tr, te, divide=False)),
    Mistake("colunas constantes (desvio padrão 0) deram nan ou inf: onde σ = 0, divida "
            "por 1, por exemplo com np.where(std == 0, 1, std)",
            lambda tr, te: _standardize(tr, te, fix=False)),
    Mistake("use o desvio padrão populacional, np.std com ddof=0 (o padrão); você usou "
            "ddof=1", lambda tr, te: _standardize(tr, te, ddof=1)),
    Mistake("somar um número pequeno ao desvio (std + 1e-8) estraga as colunas constantes: "
            "a regra do curso é dividir por 1 onde σ = 0",
            lambda tr, te: _eps_std(_f(tr), _f(te), 1e-8)),
    Mistake("somar um número pequeno ao desvio (std + 1e-7) estraga as colunas constantes: "
            "a regra do curso é dividir por 1 onde σ = 0",
            lambda tr, te: _eps_std(_f(tr), _f(te), 1e-7)),
    Mistake("a tupla deve vir na ordem (X_train_std, X_test_std)",
            lambda tr, te: _standardize(tr, te)[::-1]),
]


def _one_hot(y, k):
    return np.eye(k)[np.asarray(y, dtype=int)].reshape(len(y), k)


ONE_HOT_MISTAKES = [
    Mistake("a matriz está transposta: uma linha por amostra e uma coluna por classe, "
            "forma (N, n_classes)", lambda y, k: _one_hot(y, k).T),
    Mistake("use n_classes para o número de colunas, não y.max() + 1: pode haver classes "
            "sem nenhuma amostra em y", lambda y, k: _one_hot(y, int(np.max(y)) + 1)),
    Mistake("você marcou a coluna y − 1: a classe 0 fica na coluna 0",
            lambda y, k: _one_hot(np.asarray(y) - 1, k)),
    Mistake("encoded[:, y] = 1 marca as colunas de todos os rótulos em todas as linhas: "
            "indexe linha e coluna juntas, encoded[np.arange(N), y] = 1",
            lambda y, k: _all_columns(y, k)),
    Mistake("encoded[y] = 1 marca linhas inteiras: indexe linha e coluna juntas, "
            "encoded[np.arange(N), y] = 1", lambda y, k: _rows(y, k)),
]


def _all_columns(y, k):
    out = np.zeros((len(y), k))
    out[:, np.asarray(y, dtype=int)] = 1.0
    return out


def _rows(y, k):
    out = np.zeros((len(y), k))
    out[np.asarray(y, dtype=int)] = 1.0
    return out


def _confusion(t, p, k):
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (np.asarray(t, dtype=int), np.asarray(p, dtype=int)), 1)
    return matrix


def _buffered(t, p, k):
    matrix = np.zeros((k, k), dtype=int)
    matrix[np.asarray(t, dtype=int), np.asarray(p, dtype=int)] += 1
    return matrix


CONFUSION_MISTAKES = [
    Mistake("a matriz está transposta: as linhas são a classe verdadeira (y_true) e as "
            "colunas a prevista (y_pred)", lambda t, p, k: _confusion(t, p, k).T),
    Mistake("C[y_true, y_pred] += 1 soma uma vez só em cada posição quando há pares "
            "repetidos: use um laço ou np.add.at(C, (y_true, y_pred), 1)", _buffered),
    Mistake("o tamanho da matriz é n_classes × n_classes, não (max + 1) × (max + 1): "
            "pode haver classes que não aparecem",
            lambda t, p, k: _confusion(t, p, int(max(np.max(t), np.max(p))) + 1)),
    Mistake("devolva as contagens, sem normalizar as linhas",
            lambda t, p, k: _normalized(_confusion(t, p, k))),
    Mistake("a matriz de confusão conta pares (verdadeira, prevista): você marcou só se "
            "houve acerto ou não", lambda t, p, k: np.minimum(_confusion(t, p, k), 1)),
]


def _normalized(matrix):
    totals = matrix.sum(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        return np.where(totals > 0, matrix / np.where(totals > 0, totals, 1), 0.0)


MISTAKES = {
    'standardize': STANDARDIZE_MISTAKES,
    'one_hot': ONE_HOT_MISTAKES,
    'confusion_matrix': CONFUSION_MISTAKES,
}
