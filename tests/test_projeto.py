"""O projeto final (m12_projeto) é possível: a rede da referência, treinada na
mesma divisão fixa dos dígitos que o corretor usa, passa de 95 % no teste.

A divisão vem da função dada do notebook (`digits_split`, estratificada, com
a semente 0) e é padronizada pela `standardize` da referência, exatamente
como em autograder/checks/m12_projeto.py; a acurácia é a do corretor
(`grader_accuracy`), calculada com os pesos devolvidos.
"""

import numpy as np
import pytest

from autograder.checks.m12_projeto import BANDS, digits_data, grader_accuracy
from autograder.dados import load_digits as kit_digits
from autograder.professor.referencia import reference

MODULE = "m12_projeto"


@pytest.fixture(scope="module")
def ref():
    return reference(MODULE)


def test_split_is_fixed_and_stratified(ref):
    X_train, X_test, y_train, y_test = ref["digits_split"]()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    counts_test = np.bincount(y_test, minlength=10)
    counts_all = counts_test + np.bincount(y_train, minlength=10)
    # 25 % de cada classe, arredondado
    assert np.all(np.abs(counts_test - 0.25 * counts_all) <= 0.5)
    again = ref["digits_split"]()
    assert all(np.array_equal(a, b) for a, b in zip((X_train, X_test, y_train, y_test), again))


def test_the_kit_ships_the_same_digits_as_sklearn(ref):
    """A cópia de autograder/dados/ (a edição do aluno não tem o scikit-learn)."""
    from sklearn.datasets import load_digits

    X, y = kit_digits()
    digits = load_digits()
    assert np.array_equal(X, digits.data) and np.array_equal(y, digits.target)
    split = ref["stratified_split"](X, y)
    assert all(np.array_equal(a, b) for a, b in zip(split, ref["digits_split"]()))


def test_reference_network_reaches_the_threshold(ref):
    X_train, X_test, y_train, y_test = digits_data(ref)
    result = ref["train_classifier"](X_train, y_train)
    params = tuple(result[k] for k in ("weights1", "biases1", "weights2", "biases2"))
    accuracy = grader_accuracy(params, X_test, y_test)
    assert accuracy >= max(BANDS) == 0.95, accuracy
    # a matriz de confusão da referência conta os mesmos acertos
    hidden = np.maximum(0, X_test @ params[0] + params[1])
    y_pred = np.argmax(hidden @ params[2] + params[3], axis=1)
    matrix = ref["confusion_matrix"](y_test, y_pred, 10)
    assert matrix.sum() == len(y_test)
    assert np.trace(matrix) / len(y_test) == pytest.approx(accuracy)
    # as curvas do notebook: a perda cai e a acurácia de treino sobe
    assert result["losses"][-1] < 0.1 * result["losses"][0]
    assert result["accuracies"][-1] > 0.99


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_threshold_holds_for_other_seeds(ref, seed):
    """A faixa não depende da sorte da semente padrão."""
    X_train, X_test, y_train, y_test = digits_data(ref)
    result = ref["train_classifier"](X_train, y_train, seed=seed)
    params = tuple(result[k] for k in ("weights1", "biases1", "weights2", "biases2"))
    assert grader_accuracy(params, X_test, y_test) >= 0.95
