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
# # Módulo 4 — Funções de perda
#
# Para aprender, a rede precisa de um número que diga **o quanto ela errou**:
# a **perda** (*loss*). A função de perda compara a saída da rede,
# $\hat{y}$ (`y_pred`), com a resposta certa, $y$ (`y_true`), e devolve um
# número que é zero quando a previsão é perfeita e cresce conforme ela piora.
# Num lote, calculamos a perda de cada amostra e tiramos a **média**. Leia a
# página [Funções de perda](../../site/conceitos/perda.md) do site.
#
# Neste módulo você escreve três perdas e a acurácia:
#
# | problema | saída da rede | perda |
# |---|---|---|
# | regressão (prever números) | valores reais | `mse` |
# | classificação binária | sigmoide: uma probabilidade | `binary_crossentropy` |
# | várias classes | softmax: uma probabilidade por classe | `categorical_crossentropy` |
#
# Todas devolvem **um número só** (um `float` do Python, ou um escalar do
# NumPy como o que `np.mean` devolve) e nenhuma pode modificar os arrays que
# recebe.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m04_perda`.

# %%
import numpy as np

# %% [markdown]
# ## `mse(y_pred, y_true)`
#
# O **erro quadrático médio** (*mean squared error*) é a média dos quadrados
# das diferenças entre a previsão e o valor real:
#
# $$\text{MSE} = \frac{1}{m}\sum_{i=1}^{m} \left(\hat{y}_i - y_i\right)^2$$
#
# - `y_pred`: array com as previsões, de forma `(n,)` ou `(n, k)`;
# - `y_true`: array com os valores reais, da mesma forma.
#
# A média é sobre **todos os $m$ elementos** (amostras × saídas), não só sobre
# as $n$ linhas. Exemplo do site: `y_pred = [2.5, 0.0, 2.0, 8.0]` e
# `y_true = [3.0, -0.5, 2.0, 7.0]` dão `(0.25 + 0.25 + 0 + 1) / 4 = 0.375`.
#
# Explicação: [MSE](../../site/conceitos/perda.md#mse).

# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(y_pred, y_true):
    ### BEGIN SOLUTION
    diferencas = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    # np.mean sem axis: a média de todos os elementos (amostras × saídas).
    return float(np.mean(diferencas ** 2))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_mse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m04_perda", "mse", ocultos=ocultos)

# %% [markdown]
# ## `binary_crossentropy(y_pred, y_true)`
#
# Na classificação **binária**, a rede devolve $\hat{y}$, a probabilidade de a
# resposta ser 1. A **entropia cruzada binária** é
#
# $$L = -\frac{1}{m}\sum_{i=1}^{m} \Big[\, y_i \log(\hat{y}_i) + (1 - y_i)\log(1 - \hat{y}_i) \Big]$$
#
# com o logaritmo **natural** (`np.log`). Quando $y_i = 1$ só sobra
# $-\log(\hat{y}_i)$; quando $y_i = 0$, só $-\log(1 - \hat{y}_i)$.
#
# - `y_pred`: probabilidades entre 0 e 1, forma `(n,)` ou `(n, k)`;
# - `y_true`: rótulos 0 ou 1 (inteiros ou floats), da mesma forma.
#
# **Corte (*clip*) antes do logaritmo.** $\log(0) = -\infty$: se a rede disser
# exatamente 0 ou 1, a perda vira infinita (ou `nan`, pois $0 \cdot \log 0$ é
# `nan` no NumPy). Corte as previsões para o intervalo
# $[10^{-7},\ 1 - 10^{-7}]$ com `np.clip`, e **guarde o resultado**:
# `np.clip` devolve um array novo, não altera o que recebeu.
#
# Exemplo do site: `y_pred = [0.9, 0.2, 0.6, 1.0]`, `y_true = [1, 0, 1, 1]`
# dão aproximadamente `0.2098`.
#
# Explicação: [entropia cruzada binária](../../site/conceitos/perda.md#entropia-cruzada-binaria).

# %% nbgrader={"grade": false, "grade_id": "binary_crossentropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def binary_crossentropy(y_pred, y_true):
    ### BEGIN SOLUTION
    # Corta para [1e-7, 1 - 1e-7]: nem log(0) nem log(1 - 1).
    p = np.clip(np.asarray(y_pred, dtype=float), 1e-7, 1 - 1e-7)
    alvo = np.asarray(y_true, dtype=float)
    perdas = -(alvo * np.log(p) + (1 - alvo) * np.log(1 - p))
    return float(np.mean(perdas))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_binary_crossentropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m04_perda", "binary_crossentropy", ocultos=ocultos)

# %% [markdown]
# ## `categorical_crossentropy(y_pred, y_true)`
#
# Com **várias classes**, cada linha de `y_pred` é uma distribuição de
# probabilidades (a saída da softmax). A **entropia cruzada categórica** usa
# só a probabilidade que a rede deu à **classe certa** $c_i$ de cada amostra:
#
# $$L = -\frac{1}{n}\sum_{i=1}^{n} \sum_{k} y_{i,k}\,\log(\hat{y}_{i,k})
#     = -\frac{1}{n}\sum_{i=1}^{n} \log\big(\hat{y}_{i,\,c_i}\big)$$
#
# - `y_pred`: array `(n, k)`, uma linha de probabilidades por amostra;
# - `y_true`: as classes certas, de **dois jeitos possíveis** — aceite os dois:
#     - **índices de classe**, forma `(n,)`: `[0, 1, 1]`;
#     - **one-hot**, forma `(n, k)`: `[[1, 0, 0], [0, 1, 0], [0, 1, 0]]`.
#
# Olhe `y_true.ndim` (ou `len(y_true.shape)`): 1 dimensão são índices, 2 são
# one-hot. Com índices, a confiança na classe certa de cada linha é
# `y_pred[range(n), y_true]` (cuidado: `y_pred[y_true]` escolhe **linhas
# inteiras**); com one-hot, é `np.sum(y_pred * y_true, axis=1)`. Corte
# `y_pred` para $[10^{-7},\ 1 - 10^{-7}]$, como na binária.
#
# Exemplo do livro: `y_pred = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]`
# e `y_true = [0, 1, 1]` dão `0.38506...`. E uma rede que chuta probabilidades
# iguais para 3 classes (como uma recém-criada nos dados em espiral) tem perda
# $\ln 3 \approx 1{,}0986$.
#
# Explicação: [entropia cruzada categórica](../../site/conceitos/perda.md#entropia-cruzada-categorica).

# %% nbgrader={"grade": false, "grade_id": "categorical_crossentropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def categorical_crossentropy(y_pred, y_true):
    ### BEGIN SOLUTION
    p = np.clip(np.asarray(y_pred, dtype=float), 1e-7, 1 - 1e-7)
    rotulos = np.asarray(y_true)
    if rotulos.ndim == 1:
        # Índices: em cada linha i, a coluna rotulos[i].
        confiancas = p[np.arange(len(p)), rotulos]
    else:
        # One-hot: só o termo da classe certa sobra na soma de cada linha.
        confiancas = np.sum(p * rotulos, axis=1)
    return float(np.mean(-np.log(confiancas)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_categorical_crossentropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m04_perda", "categorical_crossentropy", ocultos=ocultos)

# %% [markdown]
# ## `accuracy(y_pred, y_true)`
#
# A **acurácia** é a fração de amostras em que a classe prevista — a de maior
# probabilidade, `np.argmax(y_pred, axis=1)` — é a classe certa.
#
# - `y_pred`: array `(n, k)` de probabilidades (ou de quaisquer pontuações);
# - `y_true`: índices `(n,)` ou one-hot `(n, k)`, como acima. Com one-hot,
#   converta para índices com `np.argmax(y_true, axis=1)` antes de comparar.
#
# Devolva a fração (entre 0 e 1), não a contagem nem a porcentagem. Exemplo
# do site: `y_pred = [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]]` e
# `y_true = [0, 1, 1]`: as classes previstas são `[0, 0, 1]`, 2 acertos em 3,
# acurácia `0.666...`.
#
# Explicação: [acurácia](../../site/conceitos/perda.md#acuracia).

# %% nbgrader={"grade": false, "grade_id": "accuracy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def accuracy(y_pred, y_true):
    ### BEGIN SOLUTION
    previsoes = np.argmax(y_pred, axis=1)  # a classe mais provável de cada linha
    certas = np.asarray(y_true)
    if certas.ndim == 2:
        certas = np.argmax(certas, axis=1)  # one-hot -> índices
    return float(np.mean(previsoes == certas))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_accuracy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m04_perda", "accuracy", ocultos=ocultos)
