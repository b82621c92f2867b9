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
# # Módulo 10 — Redes recorrentes (RNN e LSTM)
#
# Uma rede **recorrente** lê uma **sequência** (as palavras de uma frase, as
# medidas de um sensor ao longo do tempo) um passo de cada vez e carrega de
# um passo para o outro um **estado oculto** $h_t$, a sua "memória". Em cada
# passo, a mesma camada recebe a entrada atual $x_t$ **e** o estado anterior
# $h_{t-1}$:
#
# $$h_t = \tanh(x_t \cdot W_x + h_{t-1} \cdot W_h + b)$$
#
# Os pesos $W_x$, $W_h$ e $b$ são **os mesmos em todos os passos**: a rede
# aprende uma regra só, aplicada ao longo da sequência inteira.
#
# A **LSTM** é uma recorrente com uma **célula de memória** $c_t$ e quatro
# portas (*gates*) que decidem o que gravar, o que apagar e o que mostrar.
#
# Leia a página [Redes recorrentes](../../site/conceitos/recorrentes.md) do
# site. As formas seguem o livro: **uma linha por amostra**. Com $N$ amostras
# no lote, $D$ valores de entrada por passo e $H$ neurônios no estado oculto:
#
# | array | forma | o que é |
# |---|---|---|
# | `x_t` | `(N, D)` | a entrada de um passo |
# | `h_prev` | `(N, H)` | o estado oculto do passo anterior |
# | `Wx` | `(D, H)` | pesos da entrada (um neurônio por coluna, como na camada densa) |
# | `Wh` | `(H, H)` | pesos do estado anterior |
# | `b` | `(1, H)` ou `(H,)` | viés (aceite as duas formas) |
#
# Nenhuma função pode modificar os arrays que recebe. Em cada função, apague
# a linha `raise NotImplementedError()` e escreva o seu código. Depois rode a
# célula de verificação logo abaixo dela, ou, no terminal,
# `rna verificar m10_recorrentes`.

# %%
import numpy as np

# %% [markdown]
# ## `rnn_step(x_t, h_prev, Wx, Wh, b)`
#
# Um passo da RNN simples:
#
# $$h_t = \tanh(x_t \cdot W_x + h_{t-1} \cdot W_h + b)$$
#
# - `x_t`: a entrada deste passo, forma `(N, D)`;
# - `h_prev`: o estado anterior $h_{t-1}$, forma `(N, H)`;
# - `Wx`: forma `(D, H)`; multiplica a **entrada**;
# - `Wh`: forma `(H, H)`; multiplica o **estado anterior**;
# - `b`: forma `(1, H)` ou `(H,)`.
#
# Devolva `h_t`, de forma `(N, H)`. Confira pelas formas: `x_t · Wx` é
# `(N, D)·(D, H)` e `h_prev · Wh` é `(N, H)·(H, H)`; os dois dão `(N, H)`. A
# **tanh** no fim não é opcional: ela mantém o estado entre −1 e 1, e sem ela
# o estado cresceria sem limite ao longo da sequência.
#
# Exemplo do site, com um neurônio só: entrada `[[1.0]]`, estado `[[0.0]]`,
# `Wx = [[0.5]]`, `Wh = [[0.8]]` e `b = [0.0]` dão `[[0.4621]]` (é
# $\tanh(0{,}5)$).
#
# Explicação: [A célula da RNN](../../site/conceitos/recorrentes.md#celula-rnn).

# %% nbgrader={"grade": false, "grade_id": "rnn_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_step(x_t, h_prev, Wx, Wh, b):
    ### BEGIN SOLUTION
    # (N, D)·(D, H) + (N, H)·(H, H) + viés: tudo vira (N, H)
    a = np.dot(x_t, Wx) + np.dot(h_prev, Wh) + b
    return np.tanh(a)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_rnn_step", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m10_recorrentes", "rnn_step", ocultos=ocultos)

# %% [markdown]
# ## `rnn_forward(x, h0, Wx, Wh, b)`
#
# Agora a sequência inteira. O passo $t$ usa o estado que o passo $t-1$
# acabou de calcular; o primeiro passo usa o estado inicial $h_0$:
#
# $$h_1 = \tanh(x_1 W_x + h_0 W_h + b),\quad h_2 = \tanh(x_2 W_x + h_1 W_h + b),\quad \dots$$
#
# - `x`: a sequência, forma `(N, T, D)`: `N` amostras, `T` passos, `D`
#   valores por passo; o passo `t` de todas as amostras é `x[:, t, :]`;
# - `h0`: o estado inicial, forma `(N, H)`;
# - `Wx`, `Wh`, `b`: como em `rnn_step`.
#
# Devolva **todos** os estados, um por passo, num array de forma
# `(N, T, H)`: `h[:, t, :]` é o estado depois de ler o passo `t`. O estado
# inicial `h0` **não** entra na saída (são `T` estados, não `T + 1`).
#
# Escreva o laço aqui mesmo, sem chamar a sua `rnn_step`: cada função é
# corrigida sozinha, e um erro numa não deve tirar pontos da outra.
#
# Exemplo do site: `x` de forma `(1, 4, 1)` com os valores `1, 0, 0, 0`,
# `h0 = [[0.0]]`, `Wx = [[0.5]]`, `Wh = [[0.8]]`, `b = [0.0]` dão os estados
# `0.4621, 0.3537, 0.2757, 0.2170`: a entrada só vale 1 no primeiro passo,
# mas a rede "lembra" dela, cada vez mais fraco.
#
# Explicação: [Uma sequência inteira](../../site/conceitos/recorrentes.md#sequencia).

# %% nbgrader={"grade": false, "grade_id": "rnn_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_forward(x, h0, Wx, Wh, b):
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    H = Wh.shape[0]
    states = np.zeros((N, T, H))
    h = h0  # a "memória" começa no estado inicial
    for t in range(T):
        # o mesmo passo da RNN, com os mesmos pesos, em cada instante
        h = np.tanh(np.dot(x[:, t, :], Wx) + np.dot(h, Wh) + b)
        states[:, t, :] = h  # guarda o estado depois de ler o passo t
    return states
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_rnn_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m10_recorrentes", "rnn_forward", ocultos=ocultos)

# %% [markdown]
# ## `lstm_step(x_t, h_prev, c_prev, Wx, Wh, b)`
#
# A LSTM guarda, além do estado oculto $h$, uma **célula de memória** $c$.
# Em cada passo ela calcula, de uma vez, as entradas das **quatro portas**:
#
# $$a = x_t \cdot W_x + h_{t-1} \cdot W_h + b \qquad\text{forma } (N, 4H)$$
#
# e corta $a$ em quatro blocos de $H$ colunas, **nesta ordem** (a mesma do
# PyTorch):
#
# | colunas | porta | fórmula |
# |---|---|---|
# | `a[:, :H]` | porta de entrada $i$ | $i = \sigma(a_i)$ |
# | `a[:, H:2*H]` | porta de esquecimento $f$ | $f = \sigma(a_f)$ |
# | `a[:, 2*H:3*H]` | candidato $g$ | $g = \tanh(a_g)$ |
# | `a[:, 3*H:]` | porta de saída $o$ | $o = \sigma(a_o)$ |
#
# em que $\sigma(z) = \frac{1}{1 + e^{-z}}$ é a sigmoide. Depois:
#
# $$c_t = f \odot c_{t-1} + i \odot g \qquad\qquad h_t = o \odot \tanh(c_t)$$
#
# ($\odot$ é o produto elemento a elemento, o `*` do NumPy). A porta de
# esquecimento decide quanto da memória antiga fica; a de entrada, quanto do
# candidato é gravado; a de saída, quanto da memória aparece no estado $h_t$.
#
# - `x_t`: forma `(N, D)`; `h_prev` e `c_prev`: forma `(N, H)`;
# - `Wx`: forma `(D, 4H)`; `Wh`: forma `(H, 4H)`; `b`: forma `(1, 4H)` ou `(4H,)`.
#
# Devolva a tupla `(h_t, c_t)`, nesta ordem, as duas de forma `(N, H)`. O
# $H$ sai de `h_prev.shape[1]`. Entradas grandes aparecem nas verificações:
# `1 / (1 + np.exp(-a))` dá 0 ou 1 sem `nan` (o NumPy só avisa do overflow).
#
# Exemplo: com $H = 1$, pesos zero, `b = [0, 0, 0, 0]` e `c_prev = [[2.0]]`,
# as três portas valem 0,5 e o candidato vale 0: $c_t = 0{,}5 \cdot 2 = 1$ e
# $h_t = 0{,}5 \tanh(1) \approx 0{,}3808$.
#
# Explicação: [LSTM](../../site/conceitos/recorrentes.md#lstm).

# %% nbgrader={"grade": false, "grade_id": "lstm_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    ### BEGIN SOLUTION
    H = h_prev.shape[1]
    a = np.dot(x_t, Wx) + np.dot(h_prev, Wh) + b  # (N, 4H): as quatro portas juntas
    i = 1 / (1 + np.exp(-a[:, :H]))  # porta de entrada
    f = 1 / (1 + np.exp(-a[:, H:2 * H]))  # porta de esquecimento
    g = np.tanh(a[:, 2 * H:3 * H])  # candidato (tanh, não sigmoide)
    o = 1 / (1 + np.exp(-a[:, 3 * H:]))  # porta de saída
    c_t = f * c_prev + i * g  # esquece um pouco do antigo, grava um pouco do novo
    h_t = o * np.tanh(c_t)  # mostra uma parte da memória
    return h_t, c_t
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_lstm_step", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m10_recorrentes", "lstm_step", ocultos=ocultos)

# %% [markdown]
# ## `rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t)`
#
# A volta de um passo da RNN, pela regra da cadeia. Chame de
# $a = x_t W_x + h_{t-1} W_h + b$ a entrada da tanh, e de `dh` o gradiente da
# perda em relação à saída $h_t$ do passo. Primeiro atravesse a tanh
# (como no módulo 5: [tanh](../../site/conceitos/retropropagacao.md#tanh)):
#
# $$da = dh \odot (1 - h_t^2)$$
#
# e depois a soma ponderada, como na camada densa, **duas vezes** (uma para a
# entrada, outra para o estado anterior):
#
# $$dx = da \cdot W_x^T \qquad dh_{t-1} = da \cdot W_h^T \qquad
#   dW_x = x_t^T \cdot da \qquad dW_h = h_{t-1}^T \cdot da \qquad
#   db = \sum_{\text{amostras}} da$$
#
# - `dh`: o gradiente que chega, forma `(N, H)`;
# - `x_t`, `h_prev`: a entrada e o estado anterior usados no passo de ida;
# - `Wx`, `Wh`: os pesos do passo;
# - `h_t`: a **saída** do passo de ida, $\tanh(a)$, já calculada (não
#   calcule a tanh de novo: o viés nem foi passado).
#
# Devolva a tupla `(dx, dh_prev, dWx, dWh, db)`, nesta ordem. Cada gradiente
# tem a forma daquilo que ele deriva: `(N, D)`, `(N, H)`, `(D, H)`, `(H, H)` e,
# para o viés, a forma do `b` (que o passo de ida aceita como `(1, H)` ou
# `(H,)`): **uma linha** `(1, H)`, somando as amostras com `keepdims=True`,
# ou um vetor `(H,)`. As duas valem.
#
# Numa sequência, o `dh_prev` de um passo se soma ao `dh` que chega ao passo
# anterior: é a **retropropagação no tempo**. O corretor confere cada
# gradiente por diferenças finitas.
#
# Exemplo: `dh = [[1.0]]`, `x_t = [[1.0]]`, `h_prev = [[0.5]]`, `Wx = [[0.5]]`,
# `Wh = [[0.8]]` e `h_t = [[tanh(0.9)]]` (≈ 0,7163) dão `da ≈ 0,4869`, e então
# `dx ≈ 0,2435`, `dh_prev ≈ 0,3895`, `dWx ≈ 0,4869`, `dWh ≈ 0,2435` e
# `db ≈ [[0,4869]]`.
#
# Explicação: [Retropropagação na RNN](../../site/conceitos/recorrentes.md#retropropagacao).

# %% nbgrader={"grade": false, "grade_id": "rnn_step_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_step_backward(dh, x_t, h_prev, Wx, Wh, h_t):
    ### BEGIN SOLUTION
    da = dh * (1 - h_t ** 2)  # atravessa a tanh: derivada 1 − tanh²
    dx = np.dot(da, Wx.T)  # (N, H)·(H, D) -> (N, D), como x_t
    dh_prev = np.dot(da, Wh.T)  # (N, H)·(H, H) -> (N, H), como h_prev
    dWx = np.dot(x_t.T, da)  # (D, N)·(N, H) -> (D, H), como Wx
    dWh = np.dot(h_prev.T, da)  # (H, N)·(N, H) -> (H, H), como Wh
    db = np.sum(da, axis=0, keepdims=True)  # soma das amostras: (1, H)
    return dx, dh_prev, dWx, dWh, db
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_rnn_step_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m10_recorrentes", "rnn_step_backward", ocultos=ocultos)

# %% [markdown]
# ## Experimente
#
# Numa célula nova, veja a memória da RNN enfraquecer e compare com a
# memória da LSTM quando a porta de esquecimento fica aberta:
#
# ```python
# x = np.array([[[1.0], [0.0], [0.0], [0.0], [0.0], [0.0]]])  # (1, 6, 1)
# Wx, Wh, b = np.array([[0.5]]), np.array([[0.8]]), np.array([0.0])
# print(rnn_forward(x, np.zeros((1, 1)), Wx, Wh, b)[0, :, 0])
#
# # LSTM, H = 1: entrada aberta no 1º passo, esquecimento quase 1 (viés alto)
# Wx4 = np.array([[10.0, 0.0, 1.0, 0.0]])
# Wh4 = np.zeros((1, 4))
# b4 = np.array([-5.0, 5.0, 0.0, 5.0])  # i fechada, f aberta, o aberta
# h, c = np.zeros((1, 1)), np.zeros((1, 1))
# for t in range(6):
#     h, c = lstm_step(x[:, t, :], h, c, Wx4, Wh4, b4)
#     print(t, float(h[0, 0]), float(c[0, 0]))
# ```
#
# Na RNN o estado cai a cada passo; na LSTM a célula `c` guarda o valor
# gravado no primeiro passo quase intacto.
