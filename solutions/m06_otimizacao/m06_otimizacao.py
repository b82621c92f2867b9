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
# # Módulo 6 — Otimização
#
# A retropropagação (módulo 5) dá o gradiente da perda em relação a cada
# parâmetro. Um **otimizador** decide como usar esse gradiente para mudar os
# pesos e os vieses. Neste módulo você escreve os passos dos otimizadores do
# livro: SGD, SGD com momento e Adam, além do decaimento da taxa de
# aprendizado. Leia antes a página
# [Otimização](../../site/conceitos/otimizacao.md) do site.
#
# Regra comum a todas as funções de atualização: elas **devolvem arrays
# novos** e **não modificam os argumentos**. Escreva
# `new_param = param - ...`, nunca `param -= ...`: a operação in-place muda o
# array de quem chamou a função (e o corretor percebe).
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m06_otimizacao`.

# %%
import numpy as np

# %% [markdown]
# ## `sgd_update(param, grad, learning_rate)`
#
# O **gradiente descendente estocástico** (SGD) dá um passo contra o
# gradiente, do tamanho da taxa de aprendizado $\eta$:
#
# $$\theta \leftarrow \theta - \eta \, \nabla_\theta L$$
#
# - `param`: array com os valores atuais do parâmetro (pesos ou vieses);
# - `grad`: array da mesma forma, o gradiente da perda em relação a `param`;
# - `learning_rate`: o número $\eta \geq 0$.
#
# Devolve o parâmetro atualizado, um array novo da mesma forma de `param`.
# Veja [SGD](../../site/conceitos/otimizacao.md#sgd).

# %% nbgrader={"grade": false, "grade_id": "sgd_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_update(param, grad, learning_rate):
    ### BEGIN SOLUTION
    # `param - ...` cria um array novo: o `param` de quem chamou não muda.
    return param - learning_rate * grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_sgd_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m06_otimizacao", "sgd_update", ocultos=ocultos)

# %% [markdown]
# ## `momentum_update(param, grad, velocity, learning_rate, momentum)`
#
# Com **momento**, cada passo guarda uma parte do passo anterior, como uma
# bola que ganha velocidade descendo a encosta. A **velocidade** $v$ já é o
# passo, com o sinal:
#
# $$v \leftarrow \mu \, v - \eta \, \nabla_\theta L \qquad\qquad
#   \theta \leftarrow \theta + v$$
#
# - `param`, `grad`: como na `sgd_update`;
# - `velocity`: array da forma de `param`, a velocidade do passo anterior
#   (zeros no primeiro passo);
# - `learning_rate`: $\eta$; `momentum`: $\mu$, entre 0 e 1 (o livro usa 0,9).
#
# Devolve a tupla `(param, velocity)` com os **dois** valores novos: o
# parâmetro depois do passo e a velocidade nova, que você passa de volta na
# próxima chamada. Atualize primeiro a velocidade e some ao parâmetro a
# velocidade **nova**. Com `momentum = 0` (ou `velocity` zero) o passo é
# igual ao do SGD. Veja [Momento](../../site/conceitos/otimizacao.md#momento).

# %% nbgrader={"grade": false, "grade_id": "momentum_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_update(param, grad, velocity, learning_rate, momentum):
    ### BEGIN SOLUTION
    # A velocidade nova guarda uma fração `momentum` da anterior e soma o
    # passo de SGD (já com o sinal de menos).
    new_velocity = momentum * velocity - learning_rate * grad
    return param + new_velocity, new_velocity
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_momentum_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m06_otimizacao", "momentum_update", ocultos=ocultos)

# %% [markdown]
# ## `adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7)`
#
# O **Adam** guarda duas médias móveis: `m`, do gradiente (o momento), e `v`,
# do gradiente ao quadrado (o "cache" do livro, que mede o tamanho típico do
# gradiente de cada parâmetro). Como `m` e `v` começam em zero, nos primeiros
# passos elas são pequenas demais; a **correção de viés** divide pelo quanto
# falta:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g \qquad
#   v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2$$
#
# $$\hat m = \frac{m}{1 - \beta_1^{\,t}} \qquad
#   \hat v = \frac{v}{1 - \beta_2^{\,t}} \qquad
#   \theta \leftarrow \theta - \eta \, \frac{\hat m}{\sqrt{\hat v} + \varepsilon}$$
#
# - `param`, `grad`: como na `sgd_update` ($g$ é `grad`);
# - `m`, `v`: arrays da forma de `param` vindos do passo anterior (zeros no
#   primeiro passo); `v` nunca é negativo;
# - `t`: o número do passo, **começando em 1** (no livro,
#   `self.iterations + 1`); com `t = 0` a correção dividiria por zero;
# - `learning_rate` ($\eta$), `beta1`, `beta2` e `eps` ($\varepsilon$): os
#   valores padrão do livro. O `eps` fica **fora** da raiz.
#
# Devolve a tupla `(param, m, v)`: o parâmetro novo e as médias `m` e `v`
# novas **sem** a correção (a correção vale só para o passo; quem guarda o
# estado são `m` e `v`). No primeiro passo (`m = v = 0`, `t = 1`), cada
# parâmetro anda quase exatamente `learning_rate`, contra o sinal do
# gradiente. Veja [Adam](../../site/conceitos/otimizacao.md#adam).

# %% nbgrader={"grade": false, "grade_id": "adam_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adam_update(param, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    ### BEGIN SOLUTION
    # Médias móveis do gradiente e do gradiente ao quadrado (arrays novos).
    new_m = beta1 * m + (1 - beta1) * grad
    new_v = beta2 * v + (1 - beta2) * grad**2
    # Correção de viés: t começa em 1, então 1 - beta**t nunca é zero.
    m_hat = new_m / (1 - beta1**t)
    v_hat = new_v / (1 - beta2**t)
    # O eps fica fora da raiz e evita dividir por zero quando v_hat = 0.
    new_param = param - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return new_param, new_m, new_v
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_adam_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m06_otimizacao", "adam_update", ocultos=ocultos)

# %% [markdown]
# ## `decayed_learning_rate(initial, decay, step)`
#
# Passos grandes ajudam no começo do treino e atrapalham perto do mínimo. O
# **decaimento da taxa de aprendizado** do livro diminui a taxa a cada passo:
#
# $$\eta_{\text{passo}} = \frac{\eta_0}{1 + \text{decay} \cdot \text{passo}}$$
#
# - `initial`: a taxa inicial $\eta_0 > 0$;
# - `decay`: o decaimento, $\geq 0$ (com `decay = 0` a taxa não muda);
# - `step`: o número do passo, começando em 0 (no passo 0 a taxa é a
#   inicial).
#
# Devolve um número. Exemplo do livro: `initial = 1.0`, `decay = 0.1`,
# `step = 20` dá $1 / (1 + 2) \approx 0{,}3333$. Veja
# [Decaimento da taxa](../../site/conceitos/otimizacao.md#decaimento-da-taxa).

# %% nbgrader={"grade": false, "grade_id": "decayed_learning_rate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def decayed_learning_rate(initial, decay, step):
    ### BEGIN SOLUTION
    return initial / (1 + decay * step)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_decayed_learning_rate", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m06_otimizacao", "decayed_learning_rate", ocultos=ocultos)

# %% [markdown]
# ## Experimente
#
# Numa célula nova, veja cada otimizador descer a função
# $f(p) = \tfrac12 \sum a\,(p - c)^2$, cujo gradiente é $a\,(p - c)$:
#
# ```python
# a, c = np.array([0.5, 2.0]), np.array([1.0, -3.0])
# p, m, v = np.array([4.0, 2.0]), np.zeros(2), np.zeros(2)
# for t in range(1, 201):
#     p, m, v = adam_update(p, a * (p - c), m, v, t, learning_rate=0.05)
#     if t % 50 == 0:
#         print(t, 0.5 * np.sum(a * (p - c) ** 2))
# ```
#
# Troque o Adam pela `sgd_update` ou pela `momentum_update` e compare quantos
# passos cada um precisa.
