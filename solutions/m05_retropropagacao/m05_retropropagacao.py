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
# # Módulo 5 — Retropropagação
#
# Para ajustar os pesos, a rede precisa do **gradiente da perda** em relação a
# cada peso e a cada viés: quanto a perda muda quando o parâmetro muda um
# pouquinho, e em que sentido. A **retropropagação** calcula todos esses
# gradientes de trás para a frente, pela **regra da cadeia**:
#
# $$\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a} \cdot \frac{\partial a}{\partial z} \cdot \frac{\partial z}{\partial w}$$
#
# Cada peça da rede (ativação, camada densa, perda) tem a sua função
# `..._backward`. Ela recebe `dvalues`, o gradiente da perda em relação à
# **saída** da peça (o que chega de trás), multiplica pela derivada local e
# devolve o gradiente em relação à **entrada** da peça, que segue para a peça
# anterior. Cada gradiente tem **a mesma forma** daquilo que ele deriva.
#
# Leia a página [Retropropagação](../../site/conceitos/retropropagacao.md) do
# site. O corretor confere cada gradiente também por **diferenças finitas**,
# como na última função deste módulo: perturba um pouquinho a entrada, mede
# quanto a perda muda e compara com a sua fórmula.
#
# Nenhuma função pode modificar os arrays que recebe: quando precisar alterar
# elementos (como na ReLU), trabalhe numa **cópia** (`dvalues.copy()`).
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m05_retropropagacao`.

# %%
import numpy as np

# %% [markdown]
# ## `relu_backward(dvalues, inputs)`
#
# A ReLU é $\max(0, z)$, e a sua derivada é
#
# $$\frac{d}{dz}\max(0, z) = \begin{cases} 1 & \text{se } z > 0 \\ 0 & \text{se } z \le 0 \end{cases}$$
#
# O gradiente **passa inteiro** onde a entrada foi positiva e é **zerado**
# onde não foi. Em $z = 0$ a derivada não existe; seguimos o livro e usamos 0
# (`dinputs[inputs <= 0] = 0`).
#
# - `dvalues`: o gradiente que chega, da mesma forma que a saída da ReLU;
# - `inputs`: as **entradas** da ReLU no `forward` (mesma forma).
#
# Devolva `dinputs`, da mesma forma. Exemplo do livro: entradas
# `[[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]]` e `dvalues`
# `[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]` dão
# `[[1, 2, 0, 0], [5, 0, 0, 8], [0, 10, 11, 0]]`.
#
# Explicação: [ReLU](../../site/conceitos/retropropagacao.md#relu).

# %% nbgrader={"grade": false, "grade_id": "relu_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_backward(dvalues, inputs):
    ### BEGIN SOLUTION
    # Uma cópia: zerar elementos no próprio dvalues alteraria o array de quem chamou.
    dinputs = np.array(dvalues, dtype=float, copy=True)
    dinputs[np.asarray(inputs) <= 0] = 0  # derivada 0 onde a entrada não foi positiva
    return dinputs
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_relu_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "relu_backward", ocultos=ocultos)

# %% [markdown]
# ## `sigmoid_backward(dvalues, output)`
#
# A derivada da sigmoide $\sigma(z) = \frac{1}{1 + e^{-z}}$ se escreve com a
# própria **saída**:
#
# $$\frac{d\sigma}{dz} = \sigma(z)\,\big(1 - \sigma(z)\big)$$
#
# - `dvalues`: o gradiente que chega;
# - `output`: a **saída** da sigmoide no `forward`, $\sigma(z)$, já calculada
#   (não calcule a sigmoide de novo!).
#
# Devolva `dvalues` vezes a derivada, elemento a elemento. Exemplo do site:
# com $z = [-2, 0, 2]$ (ou seja, `output = [0.1192, 0.5, 0.8808]`) e
# `dvalues = [1, 1, 1]`, o resultado é `[0.105, 0.25, 0.105]`.
#
# Explicação: [Sigmoide](../../site/conceitos/retropropagacao.md#sigmoide).

# %% nbgrader={"grade": false, "grade_id": "sigmoid_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_backward(dvalues, output):
    ### BEGIN SOLUTION
    # output já é σ(z): a derivada local é output · (1 − output).
    return dvalues * output * (1 - output)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_sigmoid_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "sigmoid_backward", ocultos=ocultos)

# %% [markdown]
# ## `tanh_backward(dvalues, output)`
#
# Também se escreve com a saída $t = \tanh(z)$:
#
# $$\frac{d}{dz}\tanh(z) = 1 - \tanh^2(z)$$
#
# - `dvalues`: o gradiente que chega;
# - `output`: a **saída** da tanh no `forward`, $\tanh(z)$.
#
# Exemplo do site: com $z = [-2, 0, 2]$ e `dvalues = [1, 1, 1]`, o resultado é
# `[0.0707, 1.0, 0.0707]`.
#
# Explicação: [Tanh](../../site/conceitos/retropropagacao.md#tanh).

# %% nbgrader={"grade": false, "grade_id": "tanh_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_backward(dvalues, output):
    ### BEGIN SOLUTION
    return dvalues * (1 - output ** 2)  # o quadrado é só da saída
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_tanh_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "tanh_backward", ocultos=ocultos)

# %% [markdown]
# ## `dense_backward(dvalues, inputs, weights)`
#
# No `forward`, a camada densa calcula $\text{output} = X \cdot W + b$, com
# $X$ de forma $(n, n_\text{inputs})$, $W$ de forma $(n_\text{inputs}, n_\text{neurons})$
# e $b$ de forma $(1, n_\text{neurons})$. Recebendo `dvalues`, de forma
# $(n, n_\text{neurons})$, os três gradientes são
#
# $$\frac{\partial L}{\partial X} = \text{dvalues} \cdot W^T \qquad
#   \frac{\partial L}{\partial W} = X^T \cdot \text{dvalues} \qquad
#   \frac{\partial L}{\partial b} = \sum_{\text{amostras}} \text{dvalues}$$
#
# - `dvalues`: o gradiente que chega, forma `(n, n_neurons)`;
# - `inputs`: as entradas da camada no `forward`, forma `(n, n_inputs)`;
# - `weights`: os pesos da camada, forma `(n_inputs, n_neurons)`.
#
# Devolva a tupla `(dinputs, dweights, dbiases)`, nesta ordem, com as formas
# `(n, n_inputs)`, `(n_inputs, n_neurons)` e `(1, n_neurons)`. Confira pelas
# formas: `dinputs` tem a forma de `inputs`, `dweights` a de `weights`, e
# `dbiases` a dos vieses, **uma linha só**: some ao longo do eixo 0 (as
# amostras) com `keepdims=True`.
#
# Exemplo do livro: com as entradas `X` das notas,
# `[[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]]`, os pesos do
# módulo 1 transpostos (forma `(4, 3)`) e `dvalues = [[1, 1, 1], [2, 2, 2], [3, 3, 3]]`,
# `dbiases` é `[[6, 6, 6]]` e a primeira linha de `dinputs` é
# `[0.44, -0.38, -0.07, 1.37]`.
#
# Explicação: [Camada densa](../../site/conceitos/retropropagacao.md#camada-densa).

# %% nbgrader={"grade": false, "grade_id": "dense_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_backward(dvalues, inputs, weights):
    ### BEGIN SOLUTION
    # (n, n_neurons) · (n_neurons, n_inputs) -> (n, n_inputs), como inputs
    dinputs = np.dot(dvalues, weights.T)
    # (n_inputs, n) · (n, n_neurons) -> (n_inputs, n_neurons), como weights
    dweights = np.dot(inputs.T, dvalues)
    # soma das amostras, numa linha só: (1, n_neurons), como biases
    dbiases = np.sum(dvalues, axis=0, keepdims=True)
    return dinputs, dweights, dbiases
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_dense_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "dense_backward", ocultos=ocultos)

# %% [markdown]
# ## `softmax_crossentropy_backward(y_pred, y_true)`
#
# A softmax na saída seguida da entropia cruzada categórica tem uma derivada
# combinada muito simples. Em relação às entradas $z$ da softmax:
#
# $$\frac{\partial L}{\partial z} = \frac{\hat{y} - y_\text{one-hot}}{n}$$
#
# O $n$ (número de amostras) vem da **média** da perda sobre o lote.
#
# - `y_pred`: a saída da softmax, forma `(n, k)`;
# - `y_true`: as classes certas, como **índices** `(n,)` ou em **one-hot**
#   `(n, k)` — aceite os dois, como no módulo 4.
#
# Com índices, basta copiar `y_pred`, subtrair 1 na coluna da classe certa de
# cada linha (`[range(n), y_true]`) e dividir por `n`. **Copie antes**: fazer
# `y_pred[range(n), y_true] -= 1` altera o array de quem chamou.
#
# Exemplo do livro: `y_pred = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]`
# e `y_true = [0, 1, 1]` dão
# `[[-0.1, 0.0333, 0.0667], [0.0333, -0.1667, 0.1333], [0.0067, -0.0333, 0.0267]]`.
#
# Explicação: [Softmax e entropia cruzada](../../site/conceitos/retropropagacao.md#softmax-e-entropia-cruzada).

# %% nbgrader={"grade": false, "grade_id": "softmax_crossentropy_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_crossentropy_backward(y_pred, y_true):
    ### BEGIN SOLUTION
    n = len(y_pred)
    classes = np.asarray(y_true)
    if classes.ndim == 2:
        classes = np.argmax(classes, axis=1)  # one-hot -> índices
    dinputs = np.array(y_pred, dtype=float, copy=True)
    dinputs[np.arange(n), classes] -= 1  # ŷ − y: só a classe certa perde 1
    return dinputs / n  # a perda é a média sobre as n amostras
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_softmax_crossentropy_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "softmax_crossentropy_backward", ocultos=ocultos)

# %% [markdown]
# ## `mse_backward(y_pred, y_true)`
#
# O gradiente da `mse` do módulo 4, $\text{MSE} = \frac{1}{m}\sum (\hat{y} - y)^2$,
# com a média sobre **todos os $m$ elementos** de $\hat{y}$ (amostras × saídas):
#
# $$\frac{\partial\, \text{MSE}}{\partial \hat{y}} = \frac{2\,(\hat{y} - y)}{m}$$
#
# - `y_pred`: as previsões, forma `(n,)` ou `(n, k)`;
# - `y_true`: os valores reais, da mesma forma.
#
# Devolva um array da forma de `y_pred`; $m$ é `y_pred.size`. Exemplo do site:
# `y_pred = [[2.5], [0.0], [2.0], [8.0]]` e `y_true = [[3.0], [-0.5], [2.0], [7.0]]`
# dão `[[-0.25], [0.25], [0.0], [0.5]]`.
#
# Explicação: [MSE](../../site/conceitos/retropropagacao.md#mse).

# %% nbgrader={"grade": false, "grade_id": "mse_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse_backward(y_pred, y_true):
    ### BEGIN SOLUTION
    m = np.size(y_pred)  # todos os elementos, não só as linhas
    return 2 * (np.asarray(y_pred, dtype=float) - y_true) / m
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_mse_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "mse_backward", ocultos=ocultos)

# %% [markdown]
# ## `numerical_gradient(f, x, h=1e-5)`
#
# Como saber se um `backward` está certo? Comparando com um **gradiente
# numérico**, calculado só com a função de ida. Pelas **diferenças centrais**,
# para cada elemento $x_i$:
#
# $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h\,e_i) - f(x - h\,e_i)}{2h}$$
#
# em que $x + h\,e_i$ é $x$ com **só** o elemento $i$ somado de $h$.
#
# - `f`: uma função que recebe um array com a forma de `x` e devolve **um
#   número** (por exemplo, a perda da rede em função dos pesos);
# - `x`: um array de floats, de qualquer forma (vetor, matriz...);
# - `h`: o tamanho do passo; use o valor recebido.
#
# Devolva um array da forma de `x` com a derivada de `f` em relação a cada
# elemento. Para percorrer os elementos de um array de qualquer forma, use
# `for i in np.ndindex(x.shape):` (`i` é uma tupla de índices, e `x[i]` o
# elemento). Você pode perturbar `x` no lugar, mas **devolva cada elemento ao
# valor original** logo depois: no fim, `x` deve estar como chegou.
#
# As diferenças centrais são bem mais precisas que a diferença para a frente,
# $\frac{f(x + h e_i) - f(x)}{h}$: o erro delas é proporcional a $h^2$, não a
# $h$. Exemplo: para $f(x) = \sum x^2$ em `x = [1.0, 2.0, 3.0]`, o gradiente é
# `[2.0, 4.0, 6.0]`.
#
# Explicação: [Gradiente numérico](../../site/conceitos/retropropagacao.md#gradiente-numerico).

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, h=1e-5):
    ### BEGIN SOLUTION
    ponto = np.array(x, dtype=float, copy=True)  # perturbamos uma cópia; x fica intacto
    grad = np.zeros_like(ponto)
    for i in np.ndindex(ponto.shape):
        original = ponto[i]
        ponto[i] = original + h
        f_mais = f(ponto)
        ponto[i] = original - h
        f_menos = f(ponto)
        ponto[i] = original  # devolve o valor antes do próximo elemento
        grad[i] = (f_mais - f_menos) / (2 * h)
    return grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_numerical_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m05_retropropagacao", "numerical_gradient", ocultos=ocultos)
