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
# # Módulo 9 — Convolução
#
# Uma camada densa liga cada pixel de uma imagem a cada neurônio: ela não sabe
# que pixels vizinhos têm a ver um com o outro. Uma **camada convolucional**
# desliza um **filtro** pequeno (por exemplo 3×3) pela imagem e calcula, em
# cada posição, a soma dos produtos do filtro com o pedaço da imagem embaixo
# dele. O mesmo filtro (os mesmos pesos) serve para a imagem inteira: um filtro
# que reconhece uma borda vertical a reconhece em qualquer lugar. Depois, o
# **max pooling** resume cada região pequena pelo seu maior valor.
#
# Neste módulo você escreve, em NumPy, a ida e a volta das duas camadas. Leia
# antes a página [Convolução](../../site/conceitos/convolucao.md) do site.
#
# **As formas**, como no PyTorch (*channels first*):
#
# | array | forma | significado |
# |---|---|---|
# | `inputs` | `(N, C, H, W)` | `N` imagens, `C` canais (1 em tons de cinza, 3 em cores), `H` linhas, `W` colunas |
# | `filters` | `(F, C, KH, KW)` | `F` filtros, cada um com um núcleo `KH × KW` **por canal de entrada** |
# | `biases` | `(F,)` | um viés por filtro |
# | saída da convolução | `(N, F, H_out, W_out)` | um "mapa" por filtro |
#
# Nenhuma função pode modificar os arrays que recebe.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m09_convolucao`.

# %%
import numpy as np

# %% [markdown]
# ## `conv_output_size(size, kernel_size, stride=1, padding=0)`
#
# Quantas posições um filtro de tamanho `kernel_size` ocupa ao deslizar por uma
# dimensão de tamanho `size`, com **passo** `stride` e **preenchimento**
# (*padding*) de `padding` zeros **de cada lado**:
#
# $$\text{saída} = \left\lfloor \frac{\text{size} + 2\,\text{padding} - \text{kernel\_size}}{\text{stride}} \right\rfloor + 1$$
#
# O $\lfloor\;\rfloor$ arredonda para baixo: se o último passo não cabe
# inteiro, ele não é dado (como no PyTorch). Devolva um `int`. Levante
# `ValueError` se o filtro for maior que a entrada preenchida
# ($\text{kernel\_size} > \text{size} + 2\,\text{padding}$), se `stride < 1`
# ou se `padding < 0`.
#
# Exemplos: uma imagem 28 com filtro 3 dá 26; com `padding=1`, 28 (o
# tamanho se mantém); 7 com filtro 3 e `stride=2` dá 3.
#
# Veja [O tamanho da saída](../../site/conceitos/convolucao.md#tamanho-da-saida).

# %% nbgrader={"grade": false, "grade_id": "conv_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_output_size(size, kernel_size, stride=1, padding=0):
    ### BEGIN SOLUTION
    if stride < 1 or padding < 0:
        raise ValueError(f"stride deve ser ≥ 1 e padding ≥ 0; vieram {stride} e {padding}")
    padded = size + 2 * padding  # zeros dos dois lados
    if kernel_size > padded:
        raise ValueError(f"o filtro ({kernel_size}) é maior que a entrada preenchida ({padded})")
    return (padded - kernel_size) // stride + 1  # // arredonda para baixo
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_conv_output_size", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m09_convolucao", "conv_output_size", ocultos=ocultos)

# %% [markdown]
# ## `conv2d_forward(inputs, filters, biases, stride=1, padding=0)`
#
# Para cada imagem $n$, cada filtro $f$ e cada posição $(i, j)$ da saída:
#
# $$\text{out}[n, f, i, j] = b_f + \sum_{c}\sum_{u=0}^{KH-1}\sum_{v=0}^{KW-1}
#   x_p[n, c,\; i\,s + u,\; j\,s + v] \cdot w[f, c, u, v]$$
#
# em que $x_p$ é a entrada com `padding` zeros em volta (só nas linhas e nas
# colunas, nunca em `N` ou `C`: `np.pad(inputs, ((0, 0), (0, 0), (p, p), (p, p)))`)
# e $s$ é o `stride`. O filtro soma **todos os canais** de entrada: cada
# filtro dá um único mapa de saída.
#
# **Atenção:** é a **correlação cruzada**, como em todas as bibliotecas de
# redes neurais (PyTorch, TensorFlow): o filtro é usado como está, **sem**
# girá-lo 180°. A "convolução" da matemática e do processamento de sinais
# gira o filtro antes; numa rede, os pesos são aprendidos, e girar ou não só
# mudaria onde cada peso fica.
#
# Devolva um array `(N, F, H_out, W_out)`, com $H_\text{out}$ e
# $W_\text{out}$ dados pela fórmula de `conv_output_size` (o `stride` e o
# `padding` valem igual nas linhas e nas colunas; o filtro pode ser
# retangular, `KH ≠ KW`).
#
# Exemplo: a imagem `[[1, 2, 3], [4, 5, 6], [7, 8, 9]]` (N = C = 1) com o
# filtro `[[1, 2], [3, 4]]` e viés 0 dá `[[37, 47], [67, 77]]`
# ($1\cdot1 + 2\cdot2 + 4\cdot3 + 5\cdot4 = 37$).
#
# Veja [Convolução 2D](../../site/conceitos/convolucao.md#convolucao-2d).

# %% nbgrader={"grade": false, "grade_id": "conv2d_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_forward(inputs, filters, biases, stride=1, padding=0):
    ### BEGIN SOLUTION
    n_samples, _, height, width = inputs.shape
    n_filters, _, kh, kw = filters.shape
    h_out = (height + 2 * padding - kh) // stride + 1
    w_out = (width + 2 * padding - kw) // stride + 1
    # zeros só em volta das linhas e das colunas (não em N nem em C)
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    output = np.zeros((n_samples, n_filters, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            top, left = i * stride, j * stride
            window = x[:, :, top:top + kh, left:left + kw]  # (N, C, KH, KW)
            # soma de window[n, c, u, v] · filters[f, c, u, v] em c, u, v -> (N, F)
            output[:, :, i, j] = np.tensordot(window, filters, axes=([1, 2, 3], [1, 2, 3]))
    return output + biases.reshape(1, n_filters, 1, 1)  # um viés por filtro
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_conv2d_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m09_convolucao", "conv2d_forward", ocultos=ocultos)

# %% [markdown]
# ## `conv2d_backward(dvalues, inputs, filters, stride=1, padding=0)`
#
# Recebendo `dvalues`, o gradiente da perda em relação à saída da convolução
# (forma `(N, F, H_out, W_out)`), e os mesmos `inputs`, `filters`, `stride` e
# `padding` da ida, devolva a tupla `(dinputs, dfilters, dbiases)`, cada um
# com a forma do que ele deriva: `inputs`, `filters` e `(F,)`.
#
# Cada posição $(i, j)$ da saída usou uma janela da entrada preenchida e o
# filtro inteiro. Pela regra da cadeia, o gradiente que chega nela,
# $d = \text{dvalues}[n, f, i, j]$, volta:
#
# - para o **filtro**: $dw[f, c, u, v] \mathrel{+}= d \cdot x_p[n, c, i\,s + u, j\,s + v]$
#   (somado em todas as imagens e todas as posições);
# - para a **entrada**: $dx_p[n, c, i\,s + u, j\,s + v] \mathrel{+}= d \cdot w[f, c, u, v]$
#   (somado em todos os filtros; janelas que se sobrepõem **acumulam**);
# - para o **viés**: $db_f$ é a soma de `dvalues[:, f]` em $n$, $i$ e $j$.
#
# No fim, corte o preenchimento de `dinputs`: os zeros de fora não são
# entradas, e `dinputs` tem a forma de `inputs`.
#
# Veja [Retropropagação da convolução](../../site/conceitos/convolucao.md#retropropagacao).

# %% nbgrader={"grade": false, "grade_id": "conv2d_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_backward(dvalues, inputs, filters, stride=1, padding=0):
    ### BEGIN SOLUTION
    _, _, height, width = inputs.shape
    _, _, kh, kw = filters.shape
    _, _, h_out, w_out = dvalues.shape
    x = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx = np.zeros_like(x, dtype=float)  # gradiente da entrada PREENCHIDA
    dfilters = np.zeros_like(filters, dtype=float)
    for i in range(h_out):
        for j in range(w_out):
            top, left = i * stride, j * stride
            window = x[:, :, top:top + kh, left:left + kw]  # (N, C, KH, KW)
            d = dvalues[:, :, i, j]  # (N, F): o gradiente desta posição
            # dfilters[f] += Σ_n d[n, f] · window[n]
            dfilters += np.tensordot(d, window, axes=([0], [0]))
            # dx[n, janela] += Σ_f d[n, f] · filters[f]  (janelas sobrepostas acumulam)
            dx[:, :, top:top + kh, left:left + kw] += np.tensordot(d, filters, axes=([1], [0]))
    dbiases = np.sum(dvalues, axis=(0, 2, 3))  # soma em N, H_out e W_out: forma (F,)
    dinputs = dx[:, :, padding:padding + height, padding:padding + width]  # sem o preenchimento
    return dinputs, dfilters, dbiases
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_conv2d_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m09_convolucao", "conv2d_backward", ocultos=ocultos)

# %% [markdown]
# ## `maxpool2d_forward(inputs, size=2, stride=2)`
#
# O **max pooling** desliza uma janela `size × size` por cada canal de cada
# imagem, com passo `stride`, e guarda o **maior** valor de cada janela. Ele
# não tem pesos, não mistura canais e não usa preenchimento:
#
# $$\text{out}[n, c, i, j] = \max_{0 \le u, v < \text{size}} x[n, c,\; i\,s + u,\; j\,s + v]$$
#
# - `inputs`: `(N, C, H, W)`, com `H` e `W` pelo menos `size`;
# - devolva `(N, C, H_out, W_out)`, com
#   $H_\text{out} = \lfloor (H - \text{size}) / \text{stride} \rfloor + 1$ (e o
#   mesmo para `W`).
#
# Com `size=2, stride=2` (o padrão), uma imagem 4×4 vira 2×2: cada bloco 2×2
# vira o seu máximo.
#
# Veja [Max pooling](../../site/conceitos/convolucao.md#max-pooling).

# %% nbgrader={"grade": false, "grade_id": "maxpool2d_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def maxpool2d_forward(inputs, size=2, stride=2):
    ### BEGIN SOLUTION
    n_samples, channels, height, width = inputs.shape
    h_out = (height - size) // stride + 1
    w_out = (width - size) // stride + 1
    output = np.zeros((n_samples, channels, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            top, left = i * stride, j * stride
            window = inputs[:, :, top:top + size, left:left + size]
            output[:, :, i, j] = np.max(window, axis=(2, 3))  # o máximo de cada janela
    return output
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_maxpool2d_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m09_convolucao", "maxpool2d_forward", ocultos=ocultos)

# %% [markdown]
# ## `maxpool2d_backward(dvalues, inputs, size=2, stride=2)`
#
# Na ida, cada saída copiou **um** elemento da janela, o maior. A derivada do
# máximo é 1 para esse elemento e 0 para os outros. Então o gradiente de cada
# saída, `dvalues[n, c, i, j]`, vai **inteiro** para a posição do máximo da sua
# janela, e os outros elementos da janela não recebem nada dela.
#
# - `dvalues`: `(N, C, H_out, W_out)`, o gradiente que chega;
# - `inputs`: as **entradas** da ida (para achar onde estava cada máximo);
# - devolva `dinputs`, da forma de `inputs`.
#
# Duas regras:
#
# - **Empate**: se o máximo aparece mais de uma vez na janela, o gradiente vai
#   só para o **primeiro**, na ordem de leitura (linha a linha, da esquerda
#   para a direita): é o que `np.argmax` dá na janela achatada. Com
#   `np.unravel_index` você volta à linha e à coluna.
# - **Janelas sobrepostas** (`stride < size`): um elemento pode ser o máximo
#   de várias janelas; os gradientes **se somam** (`+=`).
#
# Veja [Retropropagação do max pooling](../../site/conceitos/convolucao.md#retropropagacao-do-max-pooling).

# %% nbgrader={"grade": false, "grade_id": "maxpool2d_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def maxpool2d_backward(dvalues, inputs, size=2, stride=2):
    ### BEGIN SOLUTION
    n_samples, channels, h_out, w_out = dvalues.shape
    dinputs = np.zeros_like(inputs, dtype=float)
    for n in range(n_samples):
        for c in range(channels):
            for i in range(h_out):
                for j in range(w_out):
                    top, left = i * stride, j * stride
                    window = inputs[n, c, top:top + size, left:left + size]
                    # np.argmax dá o PRIMEIRO máximo na ordem de leitura (empates)
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dinputs[n, c, top + u, left + v] += dvalues[n, c, i, j]  # acumula
    return dinputs
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_maxpool2d_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m09_convolucao", "maxpool2d_backward", ocultos=ocultos)

# %% [markdown]
# ## Experimente
#
# Numa célula nova, passe um filtro de borda vertical por uma imagem com
# metade escura e metade clara:
#
# ```python
# image = np.zeros((1, 1, 5, 6))
# image[..., 3:] = 1.0                       # colunas 3 a 5 claras
# edge = np.array([[[[-1.0, 1.0]] * 2]])     # (1, 1, 2, 2): direita − esquerda
# print(conv2d_forward(image, edge, np.zeros(1))[0, 0])
# print(maxpool2d_forward(conv2d_forward(image, edge, np.zeros(1)))[0, 0])
# ```
#
# A saída só é diferente de zero na coluna em que o escuro vira claro: o filtro
# "acende" onde encontra o padrão que ele procura. Troque o filtro por
# `[[-1, -1], [1, 1]]` e veja que ele não acha nada (não há bordas
# horizontais).
