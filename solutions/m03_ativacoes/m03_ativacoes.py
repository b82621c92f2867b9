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
# # Módulo 3 — Funções de ativação
#
# Sem uma função de ativação, empilhar camadas densas não adianta: duas
# camadas lineares seguidas equivalem a uma só. A ativação, aplicada à saída
# $z$ de cada neurônio, introduz a **não linearidade** que deixa a rede
# aprender curvas. Leia a página
# [Funções de ativação](../../site/conceitos/funcoes-de-ativacao.md) do site.
#
# Todas as funções deste módulo recebem um array do NumPy `z` de **qualquer
# forma** (um vetor, uma matriz com uma linha por amostra, ...) e devolvem um
# **novo** array de floats com a mesma forma, sem modificar `z`. As quatro
# primeiras agem em cada elemento separadamente; a softmax age em cada linha.
#
# Cuidado com números grandes: `np.exp(1000)` já é infinito (`inf`) e
# `inf / inf` é `nan`. As verificações usam entradas como `±1000` e até
# `±1e308`, e a saída deve continuar finita e correta.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m03_ativacoes`.

# %%
import numpy as np

# %% [markdown]
# ## `step(z)` — degrau
#
# $$
# \text{degrau}(z) = \begin{cases} 1 & \text{se } z > 0 \\ 0 & \text{se } z \le 0 \end{cases}
# $$
#
# Devolva `1.0` onde `z > 0` (estritamente: em `z = 0` a saída é `0.0`) e
# `0.0` nos outros elementos. A saída é de **números** (float), não um array
# de `True`/`False`. Exemplo: `step(np.array([-2.0, 0.0, 0.5]))` dá
# `[0., 0., 1.]`. Página: [Degrau](../../site/conceitos/funcoes-de-ativacao.md#degrau).

# %% nbgrader={"grade": false, "grade_id": "step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def step(z):
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, 0.0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_step", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m03_ativacoes", "step", ocultos=ocultos)

# %% [markdown]
# ## `relu(z)` — ReLU
#
# $$\text{ReLU}(z) = \max(0, z)$$
#
# Elemento a elemento: os positivos passam, os negativos viram 0. Atenção:
# `np.max` tira o **maior elemento** de um array (ao longo de um eixo); o
# máximo elemento a elemento entre dois valores é `np.maximum`. E não
# escreva no próprio `z` (`z[z < 0] = 0` modifica a entrada de quem chamou).
# Exemplo: `relu(np.array([[-2.0, 0.5], [3.0, -1.0]]))` dá
# `[[0., 0.5], [3., 0.]]`. Página: [ReLU](../../site/conceitos/funcoes-de-ativacao.md#relu).

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu(z):
    ### BEGIN SOLUTION
    # np.maximum compara elemento a elemento e devolve um array novo.
    return np.maximum(0.0, z)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_relu", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m03_ativacoes", "relu", ocultos=ocultos)

# %% [markdown]
# ## `sigmoid(z)` — sigmoide
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}$$
#
# A saída fica entre 0 e 1, e $\sigma(0) = 0{,}5$. Ela deve ser **finita e
# correta para qualquer `z` finito**, de `-1e308` a `1e308`.
#
# A fórmula direta `1 / (1 + np.exp(-z))` dá o resultado certo: para `z`
# muito negativo, `np.exp(-z)` vira `inf` e `1 / inf` é `0.0`. O NumPy emite
# um aviso de *overflow* (`RuntimeWarning`), mas o valor está certo, e o
# corretor aceita. Já a forma "equivalente" `np.exp(z) / (1 + np.exp(z))`
# quebra para `z` grande: `inf / inf` é `nan`.
#
# A forma estável, que nunca estoura, usa só exponenciais de números não
# positivos: com $e = e^{-|z|}$ (sempre entre 0 e 1),
#
# $$
# \sigma(z) = \begin{cases} \dfrac{1}{1 + e} & \text{se } z \ge 0 \\[2mm]
# \dfrac{e}{1 + e} & \text{se } z < 0 \end{cases}
# $$
#
# Página: [Sigmoide](../../site/conceitos/funcoes-de-ativacao.md#sigmoide).

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid(z):
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # entre 0 e 1: nunca estoura
    # Para z >= 0: 1 / (1 + e^-z). Para z < 0: e^z / (1 + e^z).
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_sigmoid", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m03_ativacoes", "sigmoid", ocultos=ocultos)

# %% [markdown]
# ## `tanh(z)` — tangente hiperbólica
#
# $$\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\,\sigma(2z) - 1$$
#
# A saída fica entre $-1$ e $1$, e $\tanh(0) = 0$. Como na sigmoide, ela deve
# ser finita para qualquer `z` finito. A primeira fórmula, escrita ao pé da
# letra, dá `inf / inf = nan` já para $|z| > 710$; use `np.tanh` ou uma forma
# que não estoure. Página:
# [Tangente hiperbólica](../../site/conceitos/funcoes-de-ativacao.md#tanh).

# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh(z):
    ### BEGIN SOLUTION
    return np.tanh(np.asarray(z, dtype=float))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_tanh", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m03_ativacoes", "tanh", ocultos=ocultos)

# %% [markdown]
# ## `softmax(z)` — softmax
#
# A softmax transforma cada **linha** de pontuações (os *logits*) numa linha
# de probabilidades, todas positivas e somando 1:
#
# $$\text{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j} e^{z_j}}$$
#
# `z` pode ser um vetor (forma `(k,)`, uma amostra) ou uma matriz (forma
# `(n, k)`, uma amostra por linha); a saída tem a mesma forma. Por isso o
# máximo e a soma são tirados ao longo do **último eixo** (`axis=-1`, que
# num vetor é o único eixo e numa matriz são as linhas), com `keepdims=True`
# para que as formas continuem compatíveis na subtração e na divisão.
#
# Para não estourar, **subtraia o máximo de cada linha** antes da
# exponencial: o resultado não muda (o fator $e^{-\max}$ aparece em cima e
# embaixo e se cancela) e o maior expoente passa a ser 0:
#
# $$
# \text{softmax}(z)_i = \frac{e^{z_i - \max_j z_j}}{\sum_{k} e^{z_k - \max_j z_j}}
# $$
#
# Exemplo do livro: a linha `[4.8, 1.21, 2.385]` vira
# `[0.89528266, 0.02470831, 0.08000903]`; a linha `[1000, 1000, 1000]` vira
# `[1/3, 1/3, 1/3]` (sem subtrair o máximo, daria `nan`). Página:
# [Softmax](../../site/conceitos/funcoes-de-ativacao.md#softmax).

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(z):
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    # O máximo de cada linha (último eixo); keepdims mantém a forma (n, 1).
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exp_values = np.exp(shifted)  # expoentes <= 0: nada estoura
    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_softmax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m03_ativacoes", "softmax", ocultos=ocultos)
