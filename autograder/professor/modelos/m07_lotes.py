"""Os modelos dos erros conhecidos de m07_lotes (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...spec import Mistake


def _batches(X, y, batch_size, shuffle=False, rng=None, kind="certo"):
    n = len(X)
    generator = np.random.default_rng(rng)
    order_x = order_y = np.arange(n)
    do_shuffle = shuffle or (kind == "embaralha sempre" and rng is not None)
    if kind == "nunca embaralha":
        do_shuffle = False
    if do_shuffle:
        if kind == "global":
            order_x = order_y = np.random.RandomState(0).permutation(n)
        elif kind == "duas permutações":
            order_x = generator.permutation(n)
            order_y = generator.permutation(n)
        elif kind == "só X":
            order_x = generator.permutation(n)
        else:
            order_x = order_y = generator.permutation(n)
    if kind in ("sem o último", "n // batch_size"):
        starts = range(0, n - batch_size + 1, batch_size)
    elif kind == "para cedo":
        starts = range(0, n - batch_size, batch_size)
    else:
        starts = range(0, n, batch_size)
    size = batch_size
    if kind == "fatia curta":
        size = batch_size - 1
    elif kind == "fatia longa":
        size = batch_size + 1
    batches = tuple(
        (X[order_x[s:s + size]], y[order_y[s:s + size]]) for s in starts
    )
    if kind == "duas listas":
        return tuple(b[0] for b in batches), tuple(b[1] for b in batches)
    return batches


def _model(kind):
    return lambda *a, **k: _batches(*a, **k, kind=kind)


BATCH_MISTAKES = [
    Mistake("o último lote (menor que batch_size) ficou de fora: percorra "
            "range(0, len(X), batch_size), sem descartar o que sobra",
            _model("sem o último")),
    Mistake("o laço parou cedo: range(0, len(X) - batch_size, batch_size) perde o "
            "último lote; use range(0, len(X), batch_size)", _model("para cedo")),
    Mistake("o fatiamento perde uma amostra por lote: use X[start:start + batch_size] "
            "(o fim da fatia já fica de fora)", _model("fatia curta")),
    Mistake("o fatiamento pega uma amostra a mais por lote, e ela se repete no lote "
            "seguinte: use X[start:start + batch_size]", _model("fatia longa")),
    Mistake("X e y foram embaralhados com permutações diferentes: cada amostra perdeu "
            "o seu rótulo. Sorteie uma ordem só, order = rng.permutation(len(X)), e "
            "use X[order] e y[order]", _model("duas permutações")),
    Mistake("você embaralhou X mas não y: cada amostra perdeu o seu rótulo. Use a "
            "mesma ordem nos dois", _model("só X")),
    Mistake("você embaralhou com shuffle=False (só porque um rng foi passado): "
            "embaralhe apenas quando shuffle for True", _model("embaralha sempre")),
    Mistake("com shuffle=True os lotes deveriam sair na ordem rng.permutation(len(X)), "
            "mas saíram na ordem original: a permutação não foi aplicada",
            _model("nunca embaralha")),
    Mistake("você usou o gerador global (np.random.permutation ou np.random.shuffle) "
            "em vez do rng recebido: use rng.permutation(len(X)), para que a mesma "
            "semente dê sempre os mesmos lotes", _model("global")),
    Mistake("você devolveu duas listas (lotes de X, lotes de y): devolva uma lista de "
            "pares [(X_batch, y_batch), ...]", _model("duas listas")),
]


MISTAKES = {
    'make_batches': BATCH_MISTAKES,
}
