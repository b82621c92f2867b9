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
# # Módulo 11 — Redes adversariais generativas (GAN)
#
# Uma GAN tem **duas redes** que competem:
#
# - a **geradora** $G$ recebe ruído aleatório $z$ e produz uma amostra
#   falsa $G(z)$;
# - a **discriminadora** $D$ recebe uma amostra e devolve a probabilidade
#   $D(x)$, entre 0 e 1, de ela ser **real**.
#
# A discriminadora aprende a separar as amostras reais das falsas; a geradora
# aprende a enganar a discriminadora. Quando nenhuma das duas consegue
# melhorar, as amostras falsas seguem a mesma distribuição das reais, e
# $D(x) = 0{,}5$ para tudo.
#
# Neste módulo você escreve as duas **funções de perda** e treina uma GAN
# pequena, com as suas próprias camadas densas, que aprende a gerar números
# com a distribuição normal $\mathcal{N}(4;\ 0{,}5^2)$ (média 4, desvio
# padrão 0,5). Leia antes a página [GAN](../../site/conceitos/gan.md) do site.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m11_gan`.

# %%
import os

import numpy as np

# O corretor também executa as células deste notebook (num processo à parte)
# para encontrar as suas funções. As células de gráfico, no fim, só rodam
# quando INTERACTIVE é verdadeiro: no Jupyter, não no corretor.
INTERACTIVE = __name__ == "__main__" and "RNA_APRENDIZ" not in os.environ

# %% [markdown]
# ## `discriminator_loss(d_real, d_fake)`
#
# A discriminadora é um classificador binário: rótulo 1 para as amostras
# reais, 0 para as falsas. A sua perda é a **entropia cruzada binária** das
# duas partes, cada uma com a sua média:
#
# $$L_D = -\frac{1}{N}\sum_{j=1}^{N} \log D(x_j) \;-\; \frac{1}{M}\sum_{k=1}^{M} \log\big(1 - D(G(z_k))\big)$$
#
# - `d_real`: as saídas da discriminadora, $D(x)$, para $N$ amostras
#   **reais**; forma `(N,)` ou `(N, 1)`;
# - `d_fake`: as saídas dela, $D(G(z))$, para $M$ amostras **falsas**; forma
#   `(M,)` ou `(M, 1)` ($M$ pode ser diferente de $N$).
#
# Como no módulo 4, **corte** as probabilidades para
# $[10^{-7},\ 1 - 10^{-7}]$ com `np.clip` antes do logaritmo (e guarde o
# resultado): uma discriminadora muito segura dá $D = 1$ ou $D = 0$, e
# $\log 0 = -\infty$. Use o logaritmo natural, `np.log`.
#
# Devolva **um número**. Exemplos: com $D = 0{,}5$ em tudo (a discriminadora
# não sabe nada), $L_D = 2 \ln 2 \approx 1{,}3863$; com `d_real = [0.9, 0.8]`
# e `d_fake = [0.1, 0.3]`, $L_D \approx 0{,}3953$.
#
# Explicação: [As perdas da GAN](../../site/conceitos/gan.md#perdas).

# %% nbgrader={"grade": false, "grade_id": "discriminator_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_loss(d_real, d_fake):
    ### BEGIN SOLUTION
    # Corta para [1e-7, 1 - 1e-7]: nem log(0) nem log(1 - 1).
    real = np.clip(np.asarray(d_real, dtype=float), 1e-7, 1 - 1e-7)
    fake = np.clip(np.asarray(d_fake, dtype=float), 1e-7, 1 - 1e-7)
    # Reais com rótulo 1: −log D(x). Falsas com rótulo 0: −log(1 − D(G(z))).
    # Uma média para cada parte: N e M podem ser diferentes.
    return float(-np.mean(np.log(real)) - np.mean(np.log(1 - fake)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_discriminator_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m11_gan", "discriminator_loss", ocultos=ocultos)

# %% [markdown]
# ## `generator_loss(d_fake)`
#
# A geradora quer que a discriminadora diga "real" para as amostras falsas. A
# perda do artigo original era $\frac{1}{M}\sum \log(1 - D(G(z)))$, a ser
# **minimizada**; mas, no começo do treino, a discriminadora rejeita as
# falsas com facilidade ($D(G(z)) \approx 0$), essa curva fica plana e o
# gradiente some: a geradora não aprende. Por isso se usa a perda
# **não saturante**:
#
# $$L_G = -\frac{1}{M}\sum_{k=1}^{M} \log D(G(z_k))$$
#
# que é grande e tem gradiente forte justamente quando $D(G(z))$ é pequeno.
#
# - `d_fake`: as saídas da discriminadora para as amostras falsas, forma
#   `(M,)` ou `(M, 1)`.
#
# Corte as probabilidades para $[10^{-7},\ 1 - 10^{-7}]$, como acima, e
# devolva **um número**. Exemplos: $D(G(z)) = 0{,}5$ dá $\ln 2 \approx 0{,}6931$;
# `d_fake = [0.1, 0.3]` dá $\approx 1{,}7533$.
#
# Explicação: [A perda não saturante](../../site/conceitos/gan.md#nao-saturante).

# %% nbgrader={"grade": false, "grade_id": "generator_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def generator_loss(d_fake):
    ### BEGIN SOLUTION
    fake = np.clip(np.asarray(d_fake, dtype=float), 1e-7, 1 - 1e-7)
    # Não saturante: −log D(G(z)), não log(1 − D(G(z))).
    return float(-np.mean(np.log(fake)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_generator_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m11_gan", "generator_loss", ocultos=ocultos)

# %% [markdown]
# ## Os dados reais
#
# A função abaixo é dada (não é corrigida): ela sorteia `n_samples` números
# da normal $\mathcal{N}(4;\ 0{,}5^2)$, numa coluna, forma `(n_samples, 1)`.
# O corretor usa `real_data(1000, seed=0)`.

# %% nbgrader={"grade": false, "grade_id": "real_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
REAL_MEAN, REAL_STD = 4.0, 0.5


def real_data(n_samples=1000, seed=0):
    """Amostras reais: N(4, 0,5²), forma (n_samples, 1)."""
    return np.random.default_rng(seed).normal(REAL_MEAN, REAL_STD, size=(n_samples, 1))


# %% [markdown]
# ## As suas peças
#
# A GAN usa as peças que você já escreveu. Na célula abaixo, apague a linha
# `raise NotImplementedError()` e copie para ela as suas versões (ou
# reescreva-as aqui), como funções ou como as classes do livro:
#
# - a camada densa e a sua retropropagação (módulos 2 e 5);
# - a ReLU, a tanh e a sigmoide, com as retropropagações (módulos 3 e 5);
# - o passo do Adam, `adam_update` (módulo 6).
#
# Esta célula não é corrigida sozinha: quem é corrigida é a `train_gan`.

# %% nbgrader={"grade": false, "grade_id": "pecas", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
# As peças da referência, como funções simples. Os nomes começam com `_`
# para não se confundirem com as funções corrigidas.


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _log_clipped(p):
    return np.log(np.clip(p, 1e-7, 1 - 1e-7))


def _dense_backward(dvalues, inputs, weights):
    """(dweights, dbiases, dinputs) da camada densa."""
    return inputs.T @ dvalues, np.sum(dvalues, axis=0, keepdims=True), dvalues @ weights.T


def _adam_step(param, grad, m, v, t, learning_rate, beta1=0.5, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


def _generator_forward(z, G):
    """G(z) = relu(z·W1 + b1)·W2 + b2; devolve a saída e o que a volta precisa."""
    z1 = z @ G["weights1"] + G["biases1"]
    a1 = np.maximum(0, z1)
    return a1 @ G["weights2"] + G["biases2"], (z, z1, a1)


def _discriminator_forward(x, D):
    """D(x) = sigmoid(tanh(x·W1 + b1)·W2 + b2); devolve D(x) e o que a volta precisa."""
    a1 = np.tanh(x @ D["weights1"] + D["biases1"])
    return _sigmoid(a1 @ D["weights2"] + D["biases2"]), (x, a1)


def _discriminator_backward(dlogits, cache, D):
    """Gradientes dos parâmetros de D e da entrada x, a partir de dL/d(logit)."""
    x, a1 = cache
    dW2, db2, da1 = _dense_backward(dlogits, a1, D["weights2"])
    dz1 = da1 * (1 - a1**2)  # tanh
    dW1, db1, dx = _dense_backward(dz1, x, D["weights1"])
    return {"weights1": dW1, "biases1": db1, "weights2": dW2, "biases2": db2}, dx


def _generator_backward(dout, cache, G):
    z, z1, a1 = cache
    dW2, db2, da1 = _dense_backward(dout, a1, G["weights2"])
    dz1 = da1 * (z1 > 0)  # ReLU
    dW1, db1, _ = _dense_backward(dz1, z, G["weights1"])
    return {"weights1": dW1, "biases1": db1, "weights2": dW2, "biases2": db2}


def _discriminator_logit_grads(p_real, p_fake):
    """dL_D/d(logit) das reais (rótulo 1) e das falsas (rótulo 0): sigmoide + BCE."""
    return (p_real - 1) / len(p_real), p_fake / len(p_fake)


def _generator_logit_grad(p_fake):
    """dL_G/d(logit) da perda não saturante −mean(log D(G(z)))."""
    return (p_fake - 1) / len(p_fake)
### END SOLUTION

# %% [markdown]
# ## `train_gan(real_samples, steps=700, batch_size=64, n_hidden=16, learning_rate=0.0025, decay=0.0015, d_steps=3, seed=0)`
#
# As duas redes, cada uma com uma camada oculta de `n_hidden` neurônios:
#
# $$G:\ z \xrightarrow{\text{densa}} \text{ReLU} \xrightarrow{\text{densa}} G(z)
#   \qquad\qquad
#   D:\ x \xrightarrow{\text{densa}} \tanh \xrightarrow{\text{densa}} \text{sigmoide} \to D(x)$$
#
# O ruído $z$ é **um** número por amostra, da normal padrão:
# `z = rng.standard_normal((batch_size, 1))`; as amostras, reais ou falsas,
# também são um número cada, forma `(batch_size, 1)`.
#
# - `real_samples`: as amostras reais, forma `(N, 1)`;
# - `steps`: quantos passos da geradora;
# - `batch_size`: amostras reais e falsas em cada lote;
# - `n_hidden`: neurônios da camada oculta de cada rede;
# - `learning_rate`, `decay`: a taxa do Adam no passo $s$ (começando em 0) é
#   `learning_rate / (1 + decay * s)`, o decaimento do módulo 6, a mesma para
#   as duas redes; use o Adam com `beta1 = 0.5` (o costume nas GANs);
# - `d_steps`: passos da discriminadora para cada passo da geradora;
# - `seed`: a semente de `rng = np.random.default_rng(seed)`, que sorteia os
#   pesos iniciais, os lotes e o ruído.
#
# O laço, em cada um dos `steps` passos:
#
# 1. **`d_steps` vezes, treine a discriminadora**: sorteie `batch_size`
#    amostras reais (por exemplo `real_samples[rng.integers(0, N, batch_size)]`)
#    e gere `batch_size` falsas com a geradora; calcule $D$ nas duas e a
#    perda $L_D$; retropropague e dê um passo do Adam **só nos parâmetros de
#    $D$**. Com a sigmoide e a entropia cruzada juntas, o gradiente em
#    relação à entrada da sigmoide (o *logit*) é simples: `(D(x) − 1) / N`
#    para as reais e `D(G(z)) / M` para as falsas;
# 2. **treine a geradora**: gere `batch_size` falsas com ruído novo, calcule
#    $D(G(z))$ e a perda $L_G$ não saturante, cujo gradiente no logit é
#    `(D(G(z)) − 1) / M`; retropropague **através de $D$** até a amostra
#    falsa (o `dinputs` da primeira camada de $D$) e daí pela geradora; dê
#    um passo do Adam **só nos parâmetros de $G$** (a discriminadora fica
#    como está);
# 3. guarde $L_D$ (a do último passo da discriminadora) e $L_G$.
#
# Pesos iniciais: na geradora, `rng.standard_normal((1, n_hidden))` na
# primeira camada e `0.1 * rng.standard_normal((n_hidden, 1))` na segunda; na
# discriminadora, `0.5 * rng.standard_normal((1, n_hidden))` e
# `0.1 * rng.standard_normal((n_hidden, 1))`; vieses zero, forma
# `(1, n_neurons)`. Cada parâmetro tem os seus `m` e `v` do Adam, e cada rede
# o seu contador de passos `t`, começando em 1.
#
# Devolve um dicionário só com dados simples:
#
# ```python
# {"gen_weights1": (1, n_hidden), "gen_biases1": (1, n_hidden),
#  "gen_weights2": (n_hidden, 1), "gen_biases2": (1, 1),
#  "d_losses": [L_D do passo 1, ...], "g_losses": [L_G do passo 1, ...]}
# ```
#
# O corretor chama `train_gan(real_data(1000, seed=0))` com os valores padrão
# e gera ele mesmo 5000 amostras com os pesos devolvidos:
# `relu(z · gen_weights1 + gen_biases1) · gen_weights2 + gen_biases2`, com o
# seu próprio ruído normal padrão. A nota vem em partes: formato, perdas
# finitas (`steps` números em cada lista), **média** das amostras geradas
# entre 3,7 e 4,3 e **desvio padrão** entre 0,2 e 1,0 (o alvo é 4 e 0,5). Uma
# GAN oscila; essas faixas valem para qualquer semente com a receita acima.
# O treino tem de caber em 10 segundos (a referência leva cerca de um quarto de segundo).
#
# Explicação: [Treinando uma GAN](../../site/conceitos/gan.md#treinamento).

# %% nbgrader={"grade": false, "grade_id": "train_gan", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_gan(real_samples, steps=700, batch_size=64, n_hidden=16, learning_rate=0.0025,
              decay=0.0015, d_steps=3, seed=0):
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    real_samples = np.asarray(real_samples, dtype=float).reshape(-1, 1)
    n_real = len(real_samples)

    G = {"weights1": rng.standard_normal((1, n_hidden)), "biases1": np.zeros((1, n_hidden)),
         "weights2": 0.1 * rng.standard_normal((n_hidden, 1)), "biases2": np.zeros((1, 1))}
    D = {"weights1": 0.5 * rng.standard_normal((1, n_hidden)), "biases1": np.zeros((1, n_hidden)),
         "weights2": 0.1 * rng.standard_normal((n_hidden, 1)), "biases2": np.zeros((1, 1))}
    # Estado do Adam: m e v por parâmetro, um contador de passos por rede.
    adam_G = {k: [np.zeros_like(p), np.zeros_like(p)] for k, p in G.items()}
    adam_D = {k: [np.zeros_like(p), np.zeros_like(p)] for k, p in D.items()}
    t_G = t_D = 0
    d_losses, g_losses = [], []

    for step in range(steps):
        lr = learning_rate / (1 + decay * step)  # decaimento da taxa

        # 1. A discriminadora: reais com rótulo 1, falsas com rótulo 0.
        for _ in range(d_steps):
            x_real = real_samples[rng.integers(0, n_real, batch_size)]
            x_fake, _ = _generator_forward(rng.standard_normal((batch_size, 1)), G)
            p_real, cache_real = _discriminator_forward(x_real, D)
            p_fake, cache_fake = _discriminator_forward(x_fake, D)
            d_loss = -np.mean(_log_clipped(p_real)) - np.mean(_log_clipped(1 - p_fake))
            g_real, g_fake = _discriminator_logit_grads(p_real, p_fake)
            grads_real, _ = _discriminator_backward(g_real, cache_real, D)
            grads_fake, _ = _discriminator_backward(g_fake, cache_fake, D)
            t_D += 1
            for k in D:  # só os parâmetros de D
                grad = grads_real[k] + grads_fake[k]
                D[k], adam_D[k][0], adam_D[k][1] = _adam_step(
                    D[k], grad, adam_D[k][0], adam_D[k][1], t_D, lr)

        # 2. A geradora: quer D(G(z)) perto de 1 (perda não saturante).
        x_fake, cache_G = _generator_forward(rng.standard_normal((batch_size, 1)), G)
        p_fake, cache_fake = _discriminator_forward(x_fake, D)
        g_loss = -np.mean(_log_clipped(p_fake))
        _, dx_fake = _discriminator_backward(_generator_logit_grad(p_fake), cache_fake, D)
        grads_G = _generator_backward(dx_fake, cache_G, G)  # atravessa D e chega a G
        t_G += 1
        for k in G:  # só os parâmetros de G
            G[k], adam_G[k][0], adam_G[k][1] = _adam_step(
                G[k], grads_G[k], adam_G[k][0], adam_G[k][1], t_G, lr)

        d_losses.append(float(d_loss))
        g_losses.append(float(g_loss))

    return {"gen_weights1": G["weights1"], "gen_biases1": G["biases1"],
            "gen_weights2": G["weights2"], "gen_biases2": G["biases2"],
            "d_losses": d_losses, "g_losses": g_losses}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_train_gan", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m11_gan", "train_gan", ocultos=ocultos)

# %% [markdown]
# ## Reais × geradas
#
# A célula abaixo treina a sua GAN, gera 5000 amostras com a geradora
# treinada e desenha os histogramas das amostras reais e das geradas, e as
# duas perdas ao longo do treino. No equilíbrio, $D(x) \approx 0{,}5$ para
# tudo: $L_D \approx 2 \ln 2 \approx 1{,}386$ e $L_G \approx \ln 2 \approx 0{,}693$
# (as linhas tracejadas).

# %%
if INTERACTIVE:
    import matplotlib.pyplot as plt

    real = real_data(1000, seed=0)
    result = train_gan(real)
    z = np.random.default_rng(1).standard_normal((5000, 1))
    hidden = np.maximum(0, z @ result["gen_weights1"] + result["gen_biases1"])
    generated = hidden @ result["gen_weights2"] + result["gen_biases2"]
    print(f"geradas: média {generated.mean():.3f}, desvio padrão {generated.std():.3f}"
          f"  (alvo: {REAL_MEAN}, {REAL_STD})")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    bins = np.linspace(1, 7, 61)
    ax1.hist(real.ravel(), bins=bins, density=True, alpha=0.6, label="reais")
    ax1.hist(generated.ravel(), bins=bins, density=True, alpha=0.6, label="geradas")
    ax1.set_title("Reais × geradas")
    ax1.legend()
    ax2.plot(result["d_losses"], label="discriminadora $L_D$", alpha=0.8)
    ax2.plot(result["g_losses"], label="geradora $L_G$", alpha=0.8)
    ax2.axhline(2 * np.log(2), color="gray", linestyle="--", linewidth=1)
    ax2.axhline(np.log(2), color="gray", linestyle="--", linewidth=1)
    ax2.set_xlabel("passo")
    ax2.set_title("Perdas")
    ax2.legend()
    plt.show()

# %% [markdown]
# ## Experimente
#
# Troque a perda da geradora pela saturante, $\frac{1}{M}\sum\log(1 - D(G(z)))$
# (o gradiente no logit passa a ser `−D(G(z)) / M`), e veja a geradora quase
# não sair do lugar. Tente também `d_steps=1`: com uma discriminadora fraca,
# a geradora tende a **colapsar** e produzir quase sempre o mesmo número
# (desvio padrão perto de zero).
