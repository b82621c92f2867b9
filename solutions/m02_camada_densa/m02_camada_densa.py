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
# # Módulo 2 — A camada densa
#
# No módulo 1 você calculou a saída de uma camada com listas e laços. Agora
# usamos o NumPy: uma camada densa inteira, para um **lote** de amostras, é
# um produto de matrizes seguido da soma dos vieses. Leia a página
# [A camada densa](../../site/conceitos/camada-densa.md) do site.
#
# Com `n` amostras, cada uma com `n_inputs` valores (*features*), e uma camada
# de `n_neurons` neurônios:
#
# $$
# \underbrace{\text{output}}_{(n,\ n_\text{neurons})}
# = \underbrace{X}_{(n,\ n_\text{inputs})}
# \cdot \underbrace{W}_{(n_\text{inputs},\ n_\text{neurons})}
# + \underbrace{b}_{(1,\ n_\text{neurons})}
# $$
#
# Cada elemento da saída é a conta de um neurônio para uma amostra:
#
# $$\text{output}_{k,j} = \sum_{i=1}^{n_\text{inputs}} X_{k,i}\, W_{i,j} + b_j$$
#
# Repare na forma dos pesos: `W` tem **uma coluna por neurônio**, a
# transposta da matriz "uma linha por neurônio" do módulo 1. Assim
# `np.dot(X, W)` funciona sem `.T`. O vetor de vieses `b` tem forma
# `(1, n_neurons)`: uma linha só, que o NumPy repete para cada amostra
# (*broadcasting*).
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m02_camada_densa`.

# %%
import numpy as np

# %% [markdown]
# ## `dense_forward(inputs, weights, biases)`
#
# Devolve a saída da camada, `inputs · weights + biases`, com os argumentos:
#
# - `inputs`: array de forma `(n, n_inputs)`, uma linha por amostra;
# - `weights`: array de forma `(n_inputs, n_neurons)`, uma coluna por neurônio;
# - `biases`: array de forma `(1, n_neurons)`, um viés por neurônio.
#
# O resultado tem forma `(n, n_neurons)`. Use `np.dot` (ou o operador `@`) e
# não modifique os argumentos.
#
# Exemplo: com as entradas `X` das notas,
# `[[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]`, os pesos
# do módulo 1 **transpostos** (forma `(4, 3)`) e os vieses `[[2, 3, 0.5]]`, a
# saída é `[[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]]`.

# %% nbgrader={"grade": false, "grade_id": "dense_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_forward(inputs, weights, biases):
    ### BEGIN SOLUTION
    # (n, n_inputs) · (n_inputs, n_neurons) -> (n, n_neurons); a linha de
    # vieses (1, n_neurons) é somada a cada amostra (broadcasting).
    return np.dot(inputs, weights) + biases
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_dense_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m02_camada_densa", "dense_forward", ocultos=ocultos)

# %% [markdown]
# ## A classe `Layer_Dense(n_inputs, n_neurons)`
#
# Uma camada guarda os seus pesos e vieses e calcula a sua saída. Escreva:
#
# - o construtor `__init__(self, n_inputs, n_neurons)`, que cria
#     - `self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)`: pesos
#       sorteados da distribuição **normal** padrão (`randn`, média 0 e
#       desvio padrão 1), reduzidos para desvio padrão 0,1;
#     - `self.biases = np.zeros((1, n_neurons))`: uma linha de zeros (repare
#       nos **dois** pares de parênteses: o de dentro é a forma);
# - o método `forward(self, inputs)`, que calcula
#   `inputs · self.weights + self.biases` e guarda o resultado em
#   `self.output`. As entradas podem ser uma lista de listas (como o `X`
#   das notas) ou um array de forma `(n, n_inputs)`; `np.dot` aceita os dois.
#
# Cuidado com os deslizes das notas: o atributo é `self.weights` (no plural,
# como `self.biases`) tanto no construtor quanto no `forward`; o texto das
# notas fala em `np.random.random`, mas o código usa `np.random.randn`
# (`random` e `rand` sorteiam de forma uniforme entre 0 e 1, nunca negativo);
# e o livro usa a escala `0.01`, enquanto as notas (e este curso) usam `0.10`.
#
# Os números "aleatórios" vêm do gerador global do NumPy: com
# `np.random.seed(0)` antes de criar as camadas, o exemplo das notas dá sempre
# a mesma saída, e o corretor confere exatamente esses números.

# %% nbgrader={"grade": false, "grade_id": "Layer_Dense", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        ### BEGIN SOLUTION
        # Uma coluna de pesos por neurônio: forma (n_inputs, n_neurons).
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        # Um viés por neurônio, numa linha só: forma (1, n_neurons).
        self.biases = np.zeros((1, n_neurons))
        ### END SOLUTION

    def forward(self, inputs):
        ### BEGIN SOLUTION
        self.output = np.dot(inputs, self.weights) + self.biases
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_Layer_Dense", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m02_camada_densa", "Layer_Dense", ocultos=ocultos)

# %% [markdown]
# ## O exemplo das notas
#
# Duas camadas: a primeira com 4 entradas e 5 neurônios, a segunda com 5
# entradas (as 5 saídas da primeira) e 2 neurônios. `X` guarda as
# **entradas** da rede (nas notas, um comentário chama `X` de "targets", mas
# os alvos são outra coisa: as respostas certas, que costumam se chamar `y`).
#
# Rode a célula depois de escrever a classe. A saída esperada é (o Jupyter
# mostra o valor da última linha da célula)
#
# ```text
# [[ 0.148296   -0.08397602]
#  [ 0.14100315 -0.01340469]
#  [ 0.20124979 -0.07290616]]
# ```
#
# Se os números forem outros, confira a semente, a escala `0.10`, `randn` e a
# ordem em que as camadas são criadas: cada `Layer_Dense(...)` consome números
# do gerador, então criar `layer2` antes de `layer1` muda tudo.

# %%
np.random.seed(0)

# Dados de entrada X: 3 amostras com 4 features cada
X = [[1, 2, 3, 2.5],
     [2.0, 5.0, -1.0, 2.0],
     [-1.5, 2.7, 3.3, -0.8]]

layer1 = Layer_Dense(4, 5)  # 4 entradas para 5 neurônios
layer2 = Layer_Dense(5, 2)  # 5 entradas para 2 neurônios

layer1.forward(X)              # passa os dados X pela camada 1
layer2.forward(layer1.output)  # passa a saída da camada 1 pela camada 2

layer2.output  # a última linha da célula é mostrada pelo Jupyter
