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
# # Módulo 7 — Lotes e treinamento
#
# O último módulo junta tudo. Primeiro você divide os dados em **lotes**
# (*batches*); depois escreve o **laço de treinamento** completo de uma rede
# densa → ReLU → densa → softmax, montado com as peças que você escreveu nos
# módulos 2 a 6, e treina essa rede para classificar pontos em espiral.
# Leia antes a página [Lotes e épocas](../../site/conceitos/lotes-e-epocas.md)
# do site.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m07_lotes`.

# %%
import numpy as np

# %% [markdown]
# ## Os dados: pontos em espiral
#
# A função abaixo é dada (não é corrigida). Ela gera os dados em espiral do
# livro (`nnfs.datasets.spiral_data`): `classes` braços de espiral com
# `samples` pontos cada. Cada ponto tem raio $r$ entre 0 e 1 e ângulo $t$ com
# um pouco de ruído:
#
# $$x = \big(r \sin(2{,}5\,t),\; r \cos(2{,}5\,t)\big)$$
#
# A diferença para o livro: em vez do gerador global `np.random`, ela recebe
# um gerador `rng` (ou uma semente), e assim os mesmos dados saem em qualquer
# máquina. Os pontos vêm **ordenados por classe**: primeiro todos os da
# classe 0, depois os da 1, e assim por diante.

# %% nbgrader={"grade": false, "grade_id": "spiral_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
def spiral_data(samples, classes, rng=None):
    """Pontos em espiral: X de forma (samples·classes, 2) e rótulos inteiros y."""
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype=int)
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)  # raio
        t = (np.linspace(class_number * 4, (class_number + 1) * 4, samples)
             + rng.standard_normal(samples) * 0.2)  # ângulo, com ruído
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


# %% [markdown]
# ## `make_batches(X, y, batch_size, shuffle=False, rng=None)`
#
# Divide os dados em lotes consecutivos de `batch_size` amostras. Com $N$
# amostras saem $\lceil N / \text{batch\_size} \rceil$ lotes: todos com
# `batch_size` amostras, menos o último, que fica com o que sobrar (ele
# **não** pode ser descartado).
#
# - `X`: array de forma `(N, n_features)`; `y`: array com `N` linhas (rótulos
#   inteiros `(N,)` ou one-hot `(N, n_classes)`);
# - `batch_size`: inteiro $\geq 1$;
# - `shuffle`: se `True`, embaralha as amostras antes de dividir;
# - `rng`: o gerador de números aleatórios (`np.random.Generator`). A
#   primeira linha, já escrita, também aceita uma semente inteira.
#
# Devolve uma **lista** de pares `(X_batch, y_batch)`, na ordem. (Um gerador
# com `yield` não serve: o corretor só recebe dados prontos, e a lista pode
# ser percorrida várias vezes.)
#
# Ao embaralhar, sorteie **uma única** ordem com `rng.permutation(len(X))` e
# use essa mesma ordem para `X` e para `y`: cada amostra tem de continuar com
# o seu rótulo. Use o `rng` recebido (não `np.random.shuffle`, que usa o
# gerador global e não se repete com a mesma semente), e não embaralhe `X` e
# `y` no lugar: a função não pode modificar os argumentos. Com
# `shuffle=False` a ordem é a original, mesmo que um `rng` seja passado.
#
# Levante `ValueError` se `batch_size < 1` ou se `X` e `y` tiverem números de
# linhas diferentes. Veja [Lotes](../../site/conceitos/lotes-e-epocas.md#lotes)
# e [Embaralhamento](../../site/conceitos/lotes-e-epocas.md#embaralhamento).
#
# Exemplo: 10 amostras em lotes de 4 dão 3 lotes, com 4, 4 e 2 amostras.

# %% nbgrader={"grade": false, "grade_id": "make_batches", "locked": false, "schema_version": 3, "solution": true, "task": false}
def make_batches(X, y, batch_size, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    ### BEGIN SOLUTION
    if batch_size < 1:
        raise ValueError(f"batch_size deve ser pelo menos 1, veio {batch_size}")
    if len(X) != len(y):
        raise ValueError(f"X tem {len(X)} amostras e y tem {len(y)}")
    # Uma única ordem, a mesma para X e y: cada amostra fica com o seu rótulo.
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    batches = []
    for start in range(0, len(X), batch_size):  # o último lote pode ser menor
        idx = order[start:start + batch_size]
        batches.append((X[idx], y[idx]))
    return batches
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_make_batches", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m07_lotes", "make_batches", ocultos=ocultos)

# %% [markdown]
# ## As suas peças
#
# O laço de treinamento usa as peças que você já escreveu. Na célula abaixo,
# apague a linha `raise NotImplementedError()` e copie para ela as suas
# versões dos módulos anteriores (ou reescreva-as aqui), como funções ou como
# as classes do livro:
#
# - a camada densa e a sua propagação direta (módulo 2);
# - a ReLU e a softmax (módulo 3);
# - a entropia cruzada categórica (módulo 4);
# - as retropropagações da camada densa, da ReLU e da softmax com entropia
#   cruzada (módulo 5);
# - o passo do Adam, `adam_update` (módulo 6).
#
# Esta célula não é corrigida sozinha: quem é corrigida é a `train_network`,
# que usa estas peças. Um erro numa peça aparece como uma rede que não
# aprende; a [retropropagação](../../site/conceitos/retropropagacao.md) e os
# módulos anteriores ajudam a achá-lo.

# %% nbgrader={"grade": false, "grade_id": "pecas", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
# As peças da referência, como funções simples. Os nomes começam com `_`
# para não se confundirem com as funções corrigidas dos outros módulos.


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
    """Gradiente da perda média em relação às entradas da softmax."""
    dvalues = probs.copy()
    dvalues[np.arange(len(y)), y] -= 1
    return dvalues / len(y)


def _dense_backward(dvalues, inputs, weights):
    """(dweights, dbiases, dinputs) da camada densa."""
    dweights = inputs.T @ dvalues
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    dinputs = dvalues @ weights.T
    return dweights, dbiases, dinputs


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
# ## `train_network(X, y, n_hidden=128, epochs=500, batch_size=150, learning_rate=0.04, seed=0)`
#
# Treine uma rede com uma camada oculta:
#
# $$\text{entradas} \xrightarrow{\text{densa}} \text{ReLU}
#   \xrightarrow{\text{densa}} \text{softmax}$$
#
# - `X`: array `(N, n_features)`; `y`: rótulos inteiros `(N,)`, de `0` a
#   `n_classes − 1` (o número de classes é `y.max() + 1`);
# - `n_hidden`: neurônios da camada oculta;
# - `epochs`: quantas vezes percorrer os dados inteiros;
# - `batch_size`: amostras por lote;
# - `learning_rate`: a taxa do Adam;
# - `seed`: a semente do gerador `rng = np.random.default_rng(seed)`, que
#   sorteia os pesos iniciais e a ordem dos lotes.
#
# O laço, como no livro:
#
# 1. pesos iniciais pequenos e aleatórios (por exemplo
#    `0.1 * rng.standard_normal((n_inputs, n_neurons))`) e vieses zero, forma
#    `(1, n_neurons)`; para o Adam, `m` e `v` zerados para cada parâmetro;
# 2. a cada época, embaralhe os dados (os pontos da espiral vêm ordenados
#    por classe: sem embaralhar, cada lote teria uma classe só) e percorra os
#    lotes; a sua `make_batches(X, y, batch_size, shuffle=True, rng=rng)`
#    faz exatamente isso;
# 3. em cada lote: propagação direta, perda, retropropagação e um passo do
#    Adam em **cada** parâmetro (os dois pesos e os dois vieses), com o
#    contador de passos `t` começando em 1 e somando 1 a cada lote;
# 4. guarde a **perda média da época** (a média da perda de todas as
#    amostras da época).
#
# Devolve um dicionário só com dados simples (arrays e números):
#
# ```python
# {"weights1": (n_features, n_hidden), "biases1": (1, n_hidden),
#  "weights2": (n_hidden, n_classes), "biases2": (1, n_classes),
#  "losses": [perda média da época 1, da época 2, ...]}
# ```
#
# O corretor gera os dados com `spiral_data(100, 3, rng)` (300 pontos, 3
# classes), chama `train_network(X, y)` com os valores padrão e calcula ele
# mesmo a acurácia de treino com os pesos devolvidos. A nota vem em faixas:
# formas certas, perda que cai, acurácia de treino de pelo menos 0,70, 0,80 e
# **0,90**. O treino tem de caber em 10 segundos (a referência leva ~0,15 s).
# Veja [O laço de treinamento](../../site/conceitos/lotes-e-epocas.md#treinamento).

# %% nbgrader={"grade": false, "grade_id": "train_network", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_network(X, y, n_hidden=128, epochs=500, batch_size=150, learning_rate=0.04, seed=0):
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    n_samples, n_inputs = X.shape
    n_classes = int(np.max(y)) + 1

    # Parâmetros: pesos pequenos e aleatórios, vieses zero.
    params = {
        "weights1": 0.1 * rng.standard_normal((n_inputs, n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, n_classes)),
        "biases2": np.zeros((1, n_classes)),
    }
    # Estado do Adam: uma média m e uma média v por parâmetro.
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    t = 0  # passos do Adam dados até agora
    losses = []

    for epoch in range(epochs):
        # Uma ordem nova a cada época; os lotes saem dela (como na make_batches).
        order = rng.permutation(n_samples)
        epoch_loss = 0.0
        for start in range(0, n_samples, batch_size):
            idx = order[start:start + batch_size]
            X_batch, y_batch = X[idx], y[idx]

            # Propagação direta.
            z1 = _dense_forward(X_batch, params["weights1"], params["biases1"])
            a1 = _relu(z1)
            z2 = _dense_forward(a1, params["weights2"], params["biases2"])
            probs = _softmax(z2)
            epoch_loss += _cross_entropy(probs, y_batch) * len(idx)

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

        losses.append(epoch_loss / n_samples)  # perda média da época

    return {**params, "losses": losses}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_train_network", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m07_lotes", "train_network", ocultos=ocultos)

# %% [markdown]
# ## Experimente
#
# Numa célula nova, treine a rede e calcule a acurácia de treino:
#
# ```python
# X, y = spiral_data(100, 3, np.random.default_rng(1))
# result = train_network(X, y)
# hidden = np.maximum(0, X @ result["weights1"] + result["biases1"])
# scores = hidden @ result["weights2"] + result["biases2"]
# print("perda:", result["losses"][0], "→", result["losses"][-1])
# print("acurácia de treino:", np.mean(np.argmax(scores, axis=1) == y))
# ```
#
# A perda começa perto de $\ln 3 \approx 1{,}0986$ (a rede ainda não sabe
# nada: 1/3 para cada classe) e cai. Tente `epochs=100`, uma taxa 100 vezes
# menor, ou o laço sem embaralhar, e veja a acurácia mudar.
