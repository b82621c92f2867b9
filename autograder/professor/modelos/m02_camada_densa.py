"""Os modelos dos erros conhecidos de m02_camada_densa (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...spec import Mistake

DENSE_MISTAKES = [
    Mistake("você esqueceu de somar os vieses (biases)",
            lambda x, w, b: np.dot(x, w)),
    Mistake("você multiplicou pelos vieses em vez de somar",
            lambda x, w, b: np.dot(x, w) * b),
    Mistake("a ordem de np.dot está trocada: é np.dot(inputs, weights), "
            "não np.dot(weights, inputs)",
            lambda x, w, b: np.dot(w, x) + b),
    Mistake("você transpôs os pesos (weights.T): aqui `weights` já tem a forma "
            "(n_inputs, n_neurons), uma coluna por neurônio, e não precisa de .T",
            lambda x, w, b: np.dot(x, np.asarray(w).T) + b),
    Mistake("você somou os vieses às entradas antes de multiplicar pelos pesos",
            lambda x, w, b: np.dot(np.asarray(x) + b, w)),
    Mistake("você multiplicou elemento a elemento (`*`) em vez de fazer o "
            "produto de matrizes (np.dot ou @)",
            lambda x, w, b: np.asarray(x) * np.asarray(w) + b),
]


MISTAKES = {
    'dense_forward': DENSE_MISTAKES,
}
