# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Módulo 12 — Projeto final: dígitos escritos à mão
#
# Chegou a hora de usar tudo o que você construiu num conjunto de dados
# **real**: as imagens de dígitos escritos à mão do UCI (as mesmas do
# `load_digits` do scikit-learn, que vêm com o kit). São 1797 imagens de 8 × 8 pixels, cada pixel um tom de
# cinza de 0 a 16, de dez classes (os dígitos 0 a 9). Cada imagem vira uma
# linha de 64 números.
#
# Só com as suas funções, você vai:
#
# 1. **padronizar** as entradas (com as estatísticas do treino);
# 2. escrever o **one-hot** dos rótulos e a **matriz de confusão**;
# 3. treinar uma rede densa até pelo menos **95 % de acurácia no teste**;
# 4. desenhar a curva de perda, a curva de acurácia e a matriz de confusão.
#
# Leia antes a página [Projeto final](../../site/conceitos/projeto-final.md)
# do site. Em cada função, apague a linha `raise NotImplementedError()` e
# escreva o seu código. Depois rode a célula de verificação logo abaixo dela,
# ou, no terminal, `rna verificar m12_projeto`.

# %%
import os

import numpy as np

# O corretor também executa as células deste notebook (num processo à parte)
# para encontrar as suas funções. As células de gráfico, no fim, só rodam
# quando INTERACTIVE é verdadeiro: no Jupyter, não no corretor.
INTERACTIVE = __name__ == "__main__" and "RNA_APRENDIZ" not in os.environ

# %% [markdown]
# ## Os dados e a divisão treino/teste
#
# As funções abaixo são dadas (não são corrigidas). `digits_split` carrega os
# dígitos e, com `stratified_split`, separa **25 % de cada classe** para o teste, sorteados com a semente fixa 0 (uma
# divisão **estratificada**: treino e teste ficam com a mesma proporção de
# cada dígito). O treino fica com 1347 imagens e o teste com 450.
#
# O teste é a prova final: a rede nunca o vê durante o treino, nem para
# calcular estatísticas. O corretor usa exatamente esta divisão.

# %% nbgrader={"grade": false, "grade_id": "digits_split", "locked": true, "schema_version": 3, "solution": false, "task": false}
def stratified_split(X, y, test_fraction=0.25, seed=0):
    """(X_train, X_test, y_train, y_test), com a mesma fração de cada classe no teste."""
    generator = np.random.default_rng(seed)
    is_test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        indices = generator.permutation(np.flatnonzero(y == label))
        is_test[indices[:round(test_fraction * len(indices))]] = True
    return X[~is_test], X[is_test], y[~is_test], y[is_test]


def digits_split(test_fraction=0.25, seed=0):
    """(X_train, X_test, y_train, y_test): pixels de 0 a 16 (float) e rótulos 0 a 9."""
    # Os dígitos vêm com o kit (os mesmos de sklearn.datasets.load_digits).
    from autograder.dados import load_digits

    X, y = load_digits()
    return stratified_split(X, y, test_fraction, seed)


# %% [markdown]
# ## `standardize(X_train, X_test)`
#
# Pixels de 0 a 16 funcionam, mas a rede aprende mais rápido e de forma mais
# estável com entradas **padronizadas**: cada coluna (cada pixel) com média 0
# e desvio padrão 1. Para cada coluna $j$:
#
# $$x'_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}$$
#
# em que $\mu_j$ e $\sigma_j$ são a média e o desvio padrão da coluna $j$ **no
# treino**: `np.mean(X_train, axis=0)` e `np.std(X_train, axis=0)` (o desvio
# padrão populacional, `ddof=0`, o padrão do NumPy).
#
# As **mesmas** $\mu$ e $\sigma$, as do treino, padronizam o teste. Usar as
# estatísticas do teste (ou de tudo junto) é deixar informação do teste
# **vazar** para o treino: a avaliação deixa de ser honesta.
#
# Alguns pixels (os cantos da imagem) valem 0 em todas as imagens de treino:
# $\sigma_j = 0$. Nessas colunas, divida por **1** em vez de 0 (ou seja, só
# subtraia a média).
#
# - `X_train`: forma `(N, D)`; `X_test`: forma `(M, D)`.
#
# Devolva a tupla `(X_train_std, X_test_std)`, com as formas de entrada, sem
# modificar os argumentos. Exemplo: `X_train = [[0, 1], [2, 1], [4, 1]]` e
# `X_test = [[2, 3]]` dão $\mu = [2, 1]$ e $\sigma = [1{,}633, 0 \to 1]$:
# `X_train_std ≈ [[-1.2247, 0], [0, 0], [1.2247, 0]]` e
# `X_test_std = [[0, 2]]`.
#
# Explicação: [Padronização](../../site/conceitos/projeto-final.md#padronizacao).

# %% nbgrader={"grade": false, "grade_id": "standardize", "locked": false, "schema_version": 3, "solution": true, "task": false}
def standardize(X_train, X_test):
    ### BEGIN SOLUTION
    mean = np.mean(X_train, axis=0)  # uma média por coluna, só do treino
    std = np.std(X_train, axis=0)  # ddof=0
    std = np.where(std == 0, 1.0, std)  # colunas constantes: divide por 1
    # Arrays novos: os argumentos ficam intactos.
    return (X_train - mean) / std, (X_test - mean) / std
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_standardize", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m12_projeto", "standardize", ocultos=ocultos)

# %% [markdown]
# ## `one_hot(y, n_classes)`
#
# A codificação **one-hot** transforma cada rótulo inteiro numa linha com
# `n_classes` posições, todas 0 menos a da classe certa, que vale 1. É o
# formato de $y$ na entropia cruzada e no seu gradiente
# $\hat{y} - y_\text{one-hot}$.
#
# - `y`: rótulos inteiros de 0 a `n_classes − 1`, forma `(N,)`;
# - `n_classes`: o número de classes (pode haver classes sem nenhuma
#   amostra em `y`: use `n_classes`, não `y.max() + 1`).
#
# Devolva um array de floats de forma `(N, n_classes)`. Exemplo:
# `one_hot(np.array([2, 0, 1]), 4)` dá
# `[[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]`.
#
# Explicação: [One-hot](../../site/conceitos/projeto-final.md#one-hot).

# %% nbgrader={"grade": false, "grade_id": "one_hot", "locked": false, "schema_version": 3, "solution": true, "task": false}
def one_hot(y, n_classes):
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=int)
    encoded = np.zeros((len(y), n_classes))
    encoded[np.arange(len(y)), y] = 1.0  # linha i, coluna y[i]
    return encoded
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_one_hot", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m12_projeto", "one_hot", ocultos=ocultos)

# %% [markdown]
# ## `confusion_matrix(y_true, y_pred, n_classes)`
#
# A acurácia diz quanto a rede acerta; a **matriz de confusão** diz **onde**
# ela erra. O elemento $C_{ij}$ conta as amostras da classe verdadeira $i$
# que a rede classificou como $j$:
#
# - **linhas = classe verdadeira**, **colunas = classe prevista**;
# - a diagonal conta os acertos; fora dela, cada confusão (um 3 lido como 8
#   aparece na linha 3, coluna 8).
#
# - `y_true`, `y_pred`: rótulos inteiros, forma `(N,)`;
# - `n_classes`: o tamanho da matriz.
#
# Devolva um array `(n_classes, n_classes)` de contagens (inteiros). Cuidado
# com `C[y_true, y_pred] += 1`: com pares repetidos, o NumPy soma **uma vez
# só** em cada posição. Use um laço ou `np.add.at(C, (y_true, y_pred), 1)`.
#
# Exemplo: `y_true = [0, 0, 1, 2, 2, 2]` e `y_pred = [0, 1, 1, 2, 0, 2]` com
# 3 classes dão `[[1, 1, 0], [0, 1, 0], [1, 0, 2]]`.
#
# Explicação: [Matriz de confusão](../../site/conceitos/projeto-final.md#matriz-de-confusao).

# %% nbgrader={"grade": false, "grade_id": "confusion_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
def confusion_matrix(y_true, y_pred, n_classes):
    ### BEGIN SOLUTION
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true, pred in zip(y_true, y_pred):
        matrix[true, pred] += 1  # linha: a classe certa; coluna: a prevista
    return matrix
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_confusion_matrix", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m12_projeto", "confusion_matrix", ocultos=ocultos)

# %% [markdown]
# ## As suas peças
#
# O treino usa as peças que você já escreveu. Na célula abaixo, apague a
# linha `raise NotImplementedError()` e copie para ela as suas versões dos
# módulos anteriores (ou reescreva-as aqui), como funções ou como as classes
# do livro:
#
# - a camada densa e a sua propagação direta (módulo 2);
# - a ReLU e a softmax (módulo 3);
# - a entropia cruzada categórica (módulo 4);
# - as retropropagações da camada densa, da ReLU e da softmax com entropia
#   cruzada (módulo 5);
# - o passo do Adam, `adam_update` (módulo 6).
#
# Esta célula não é corrigida sozinha: quem é corrigida é a
# `train_classifier`, que usa estas peças.

# %% nbgrader={"grade": false, "grade_id": "pecas", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
# As peças da referência, como funções simples. Os nomes começam com `_`
# para não se confundirem com as funções corrigidas.


def _dense_forward(inputs, weights, biases):
    return inputs @ weights + biases


def _relu(z):
    return np.maximum(0, z)


def _softmax(z):
    exp = np.exp(z - np.max(z, axis=1, keepdims=True))  # estável: sem overflow
    return exp / np.sum(exp, axis=1, keepdims=True)


def _cross_entropy(probs, y):
    """Perda média do lote; y são rótulos inteiros."""
    clipped = np.clip(probs, 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(clipped[np.arange(len(y)), y])))


def _softmax_cross_entropy_backward(probs, y):
    dvalues = probs.copy()
    dvalues[np.arange(len(y)), y] -= 1
    return dvalues / len(y)


def _dense_backward(dvalues, inputs, weights):
    """(dweights, dbiases, dinputs) da camada densa."""
    return inputs.T @ dvalues, np.sum(dvalues, axis=0, keepdims=True), dvalues @ weights.T


def _relu_backward(dvalues, z):
    return dvalues * (z > 0)


def _adam_step(param, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
### END SOLUTION

# %% [markdown]
# ## `train_classifier(X_train, y_train, n_hidden=64, epochs=30, batch_size=32, learning_rate=0.001, seed=0)`
#
# A mesma rede do módulo 7, agora com 64 entradas e 10 classes:
#
# $$\text{64 pixels} \xrightarrow{\text{densa}} \text{ReLU}
#   \xrightarrow{\text{densa}} \text{softmax} \to \text{10 probabilidades}$$
#
# - `X_train`: as entradas de treino **já padronizadas**, forma `(N, 64)`;
# - `y_train`: os rótulos inteiros, forma `(N,)`; o número de classes é
#   `y_train.max() + 1`;
# - `n_hidden`, `epochs`, `batch_size`, `learning_rate`: como no módulo 7;
# - `seed`: a semente de `rng = np.random.default_rng(seed)`, que sorteia os
#   pesos iniciais (`0.1 * rng.standard_normal(...)`, vieses zero) e a ordem
#   dos lotes de cada época.
#
# O laço é o do módulo 7: a cada época, embaralhe e percorra os lotes; em
# cada lote, propagação direta, perda, retropropagação e um passo do Adam em
# cada um dos quatro parâmetros (`t` começando em 1). Guarde, de cada época:
#
# - a **perda média** (a média da perda de todas as amostras da época);
# - a **acurácia de treino** da época: a fração das amostras que a rede
#   classificou certo **nos lotes**, contada na propagação direta, antes do
#   passo do Adam.
#
# Devolve um dicionário só com dados simples:
#
# ```python
# {"weights1": (64, n_hidden), "biases1": (1, n_hidden),
#  "weights2": (n_hidden, 10), "biases2": (1, 10),
#  "losses": [perda média da época 1, ...],
#  "accuracies": [acurácia de treino da época 1, ...]}
# ```
#
# O corretor padroniza a divisão de `digits_split()` (com a referência de
# `standardize`), chama `train_classifier(X_train, y_train)` com os valores
# padrão e calcula ELE MESMO a **acurácia no teste** com os pesos devolvidos:
# `argmax(relu(X_test · weights1 + biases1) · weights2 + biases2)`. A nota vem
# em partes: formato, perda que cai, acurácias entre 0 e 1, e acurácia no
# teste de pelo menos 0,85, 0,90 e **0,95**. O treino tem de caber em 10
# segundos (a referência leva menos de meio).
#
# Explicação: [O treino](../../site/conceitos/projeto-final.md#treinamento).

# %% nbgrader={"grade": false, "grade_id": "train_classifier", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_classifier(X_train, y_train, n_hidden=64, epochs=30, batch_size=32,
                     learning_rate=0.001, seed=0):
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    n_samples, n_inputs = X_train.shape
    n_classes = int(np.max(y_train)) + 1

    params = {
        "weights1": 0.1 * rng.standard_normal((n_inputs, n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, n_classes)),
        "biases2": np.zeros((1, n_classes)),
    }
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    t = 0
    losses, accuracies = [], []

    for epoch in range(epochs):
        order = rng.permutation(n_samples)  # uma ordem nova a cada época
        epoch_loss, correct = 0.0, 0
        for start in range(0, n_samples, batch_size):
            idx = order[start:start + batch_size]
            X_batch, y_batch = X_train[idx], y_train[idx]

            # Propagação direta.
            z1 = _dense_forward(X_batch, params["weights1"], params["biases1"])
            a1 = _relu(z1)
            probs = _softmax(_dense_forward(a1, params["weights2"], params["biases2"]))
            epoch_loss += _cross_entropy(probs, y_batch) * len(idx)
            correct += int(np.sum(np.argmax(probs, axis=1) == y_batch))

            # Retropropagação.
            dz2 = _softmax_cross_entropy_backward(probs, y_batch)
            dweights2, dbiases2, da1 = _dense_backward(dz2, a1, params["weights2"])
            dz1 = _relu_backward(da1, z1)
            dweights1, dbiases1, _ = _dense_backward(dz1, X_batch, params["weights1"])
            grads = {"weights1": dweights1, "biases1": dbiases1,
                     "weights2": dweights2, "biases2": dbiases2}

            # Um passo do Adam em cada parâmetro (t começa em 1).
            t += 1
            for name in params:
                params[name], m[name], v[name] = _adam_step(
                    params[name], grads[name], m[name], v[name], t, learning_rate)

        losses.append(epoch_loss / n_samples)
        accuracies.append(correct / n_samples)

    return {**params, "losses": losses, "accuracies": accuracies}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_train_classifier", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m12_projeto", "train_classifier", ocultos=ocultos)

# %% [markdown]
# ## Os resultados
#
# A célula abaixo junta tudo com as suas funções: carrega e padroniza os
# dados, treina a rede, mede a acurácia no teste e desenha a curva de perda,
# a curva de acurácia e a matriz de confusão do teste.

# %%
if INTERACTIVE:
    import matplotlib.pyplot as plt

    X_train, X_test, y_train, y_test = digits_split()
    X_train_std, X_test_std = standardize(X_train, X_test)
    result = train_classifier(X_train_std, y_train)

    hidden = np.maximum(0, X_test_std @ result["weights1"] + result["biases1"])
    y_pred = np.argmax(hidden @ result["weights2"] + result["biases2"], axis=1)
    test_accuracy = np.mean(y_pred == y_test)
    print(f"acurácia no teste: {test_accuracy:.3f}")
    matrix = confusion_matrix(y_test, y_pred, 10)

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.2))
    epochs = np.arange(1, len(result["losses"]) + 1)
    ax1.plot(epochs, result["losses"])
    ax1.set_xlabel("época")
    ax1.set_title("Perda média no treino")
    ax2.plot(epochs, result["accuracies"], label="treino (por época)")
    ax2.axhline(test_accuracy, color="tab:orange", linestyle="--", label="teste (final)")
    ax2.set_xlabel("época")
    ax2.set_title("Acurácia")
    ax2.legend()
    ax3.imshow(matrix, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if matrix[i, j]:
                ax3.text(j, i, matrix[i, j], ha="center", va="center",
                         color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax3.set_xticks(range(10))
    ax3.set_yticks(range(10))
    ax3.set_xlabel("classe prevista")
    ax3.set_ylabel("classe verdadeira")
    ax3.set_title("Matriz de confusão (teste)")
    ax3.grid(False)
    fig.tight_layout()
    plt.show()

# %% [markdown]
# ## Experimente
#
# - Quais dígitos a rede mais confunde? Procure os maiores números fora da
#   diagonal da matriz.
# - Treine sem padronizar (`train_classifier(X_train, y_train)` com os pixels
#   de 0 a 16) e compare a curva de perda.
# - Padronize o teste com as estatísticas **do próprio teste** e veja que a
#   acurácia quase não muda aqui, mas a avaliação deixa de ser honesta: numa
#   aplicação real, cada imagem nova chega sozinha, sem um "conjunto de
#   teste" para tirar médias.
# - Mude `n_hidden`, `epochs` e `learning_rate`. Com poucas épocas a rede
#   ainda não aprendeu; com muitas, a perda de treino continua caindo e a
#   acurácia no teste para de subir (o começo do *overfitting*).
