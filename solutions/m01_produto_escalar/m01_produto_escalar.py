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
# # Módulo 1 — Produto escalar
#
# Antes de usar o NumPy, vamos escrever em Python puro (listas) as contas que
# um neurônio faz. Leia a página
# [Produto escalar](../../site/conceitos/produto-escalar.md) do site.
#
# O **produto escalar** de dois vetores do mesmo tamanho é a soma dos produtos
# dos elementos na mesma posição:
#
# $$a \cdot b = \sum_{i=1}^{n} a_i \, b_i$$
#
# Por exemplo, $[1, 2, 3] \cdot [3, 2, 1] = 1\cdot3 + 2\cdot2 + 3\cdot1 = 10$.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m01_produto_escalar`.

# %% [markdown]
# ## `dot(a, b)`
#
# Devolve a soma dos produtos `a[i] * b[i]`. Se as listas tiverem tamanhos
# diferentes, o produto não existe: levante `ValueError` com uma mensagem
# clara (não deixe o `zip` cortar a lista maior em silêncio).

# %% nbgrader={"grade": false, "grade_id": "dot", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dot(a, b):
    ### BEGIN SOLUTION
    if len(a) != len(b):
        raise ValueError(f"tamanhos diferentes: {len(a)} e {len(b)}")
    return sum(x * y for x, y in zip(a, b))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_dot", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m01_produto_escalar", "dot", ocultos=ocultos)

# %% [markdown]
# ## `transpose(matrix)`
#
# Transpor uma matriz troca linhas por colunas: a linha `i` da transposta é a
# coluna `i` da original. Uma matriz 3×4 (3 listas de 4 números) vira uma 4×3
# (4 listas de 3 números). Devolva uma **nova** lista de listas, sem modificar
# a original.

# %% nbgrader={"grade": false, "grade_id": "transpose", "locked": false, "schema_version": 3, "solution": true, "task": false}
def transpose(matrix):
    ### BEGIN SOLUTION
    if not matrix:
        return []
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_transpose", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m01_produto_escalar", "transpose", ocultos=ocultos)

# %% [markdown]
# ## `neuron_output(inputs, weights, bias)`
#
# Um neurônio multiplica cada entrada pelo seu peso, soma tudo e soma o viés:
#
# $$z = x_1 w_1 + x_2 w_2 + \dots + x_n w_n + b$$
#
# Você pode usar a sua `dot`; cada função é corrigida sozinha, então um erro na
# `dot` apareceria aqui também.

# %% nbgrader={"grade": false, "grade_id": "neuron_output", "locked": false, "schema_version": 3, "solution": true, "task": false}
def neuron_output(inputs, weights, bias):
    ### BEGIN SOLUTION
    return sum(x * w for x, w in zip(inputs, weights)) + bias
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_neuron_output", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m01_produto_escalar", "neuron_output", ocultos=ocultos)

# %% [markdown]
# ## `layer_output(inputs, weights, biases)`
#
# Uma camada é uma lista de neurônios que recebem as mesmas entradas. Aqui
# `weights` tem **uma linha de pesos por neurônio** (forma 3×4 no exemplo das
# notas: 3 neurônios, 4 entradas) e `biases` um viés por neurônio. Devolva a
# lista com a saída de cada neurônio.
#
# Exemplo das notas: entradas `[1, 2, 3, 2.5]`, pesos
# `[[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]`
# e vieses `[2, 3, 0.5]` dão `[4.8, 1.21, 2.385]`.

# %% nbgrader={"grade": false, "grade_id": "layer_output", "locked": false, "schema_version": 3, "solution": true, "task": false}
def layer_output(inputs, weights, biases):
    ### BEGIN SOLUTION
    return [
        sum(x * w for x, w in zip(inputs, neuron_weights)) + bias
        for neuron_weights, bias in zip(weights, biases)
    ]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_layer_output", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m01_produto_escalar", "layer_output", ocultos=ocultos)
