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
# # Módulo 8 — Regularização e validação
#
# Uma rede grande treinada por muito tempo num conjunto pequeno **decora** os
# exemplos de treino: a perda de treino vai a quase zero, e a perda em dados
# novos sobe. Isso é o **sobreajuste** (*overfitting*). Neste módulo você
# escreve os remédios e as ferramentas para enxergá-lo:
#
# - as penalidades **L1** e **L2** e os seus gradientes;
# - o **dropout** invertido, na ida e na volta;
# - a divisão **treino/validação** e os índices da **validação cruzada**
#   (*k-fold*);
# - a **parada antecipada** (*early stopping*) com paciência;
# - um **aumento de dados** (*data augmentation*) para imagens;
# - e, no fim, um **experimento**: uma rede que sobreajusta e a cura com L2.
#
# Leia antes a página [Regularização](../../site/conceitos/regularizacao.md)
# do site (e, para a ideia geral,
# [Overfitting e underfitting](../../site/conceitos/overfitting-e-underfitting.md)).
#
# Regra comum a todas as funções: elas **não modificam os argumentos**
# (trabalhe em cópias; nada de `+=` ou `x[...] =` no próprio argumento).
#
# As funções que sorteiam algo recebem um gerador `rng`. A primeira linha
# delas, já escrita, `rng = np.random.default_rng(rng)`, aceita um
# `np.random.Generator` ou uma semente inteira (o corretor passa sementes).
# Use **só** esse `rng`, e exatamente as chamadas pedidas no enunciado: assim a
# mesma semente sorteia os mesmos números no seu código e no do corretor.
#
# Em cada função, apague a linha `raise NotImplementedError()` e escreva o seu
# código. Depois rode a célula de verificação logo abaixo dela, ou, no
# terminal, `rna verificar m08_regularizacao`.

# %%
import numpy as np

# %% [markdown]
# ## Penalidades L1 e L2
#
# A regularização soma à perda um termo que cresce com os pesos. Com a força
# $\lambda \geq 0$ (`lam`):
#
# $$L_1 = \lambda \sum_i |w_i| \qquad\qquad L_2 = \lambda \sum_i w_i^2$$
#
# A soma percorre **todos** os elementos de `weights` (um array de qualquer
# forma). Os gradientes, elemento a elemento:
#
# $$\frac{\partial L_1}{\partial w_i} = \lambda \,\operatorname{sinal}(w_i)
# \qquad\qquad
# \frac{\partial L_2}{\partial w_i} = 2 \lambda \, w_i$$
#
# Em $w_i = 0$ a função $|w|$ tem uma "quina" e não tem derivada; o curso usa
# $\operatorname{sinal}(0) = 0$, como `np.sign`. Cuidado com a convenção: alguns
# textos escrevem $\frac{\lambda}{2}\sum w^2$ para o 2 sumir do gradiente;
# aqui **não** há o $\frac{1}{2}$.
#
# Exemplo do site: `weights = [[0.5, -1.5], [2.0, 0.1]]` e `lam = 0.01` dão
# L1 = `0.041` e L2 = `0.0651`.
#
# Veja [L1 e L2](../../site/conceitos/regularizacao.md#l1-l2).

# %% [markdown]
# ### `l1_penalty(weights, lam)`
#
# Devolve o número $\lambda \sum |w_i|$ (um único `float`).

# %% nbgrader={"grade": false, "grade_id": "l1_penalty", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l1_penalty(weights, lam):
    ### BEGIN SOLUTION
    return float(lam * np.sum(np.abs(weights)))  # soma de todos os elementos
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_l1_penalty", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "l1_penalty", ocultos=ocultos)

# %% [markdown]
# ### `l1_gradient(weights, lam)`
#
# Devolve o array $\lambda \,\operatorname{sinal}(w)$, da forma de `weights`,
# com $\operatorname{sinal}(0) = 0$. Ele é somado ao `dweights` que a
# retropropagação calculou.

# %% nbgrader={"grade": false, "grade_id": "l1_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l1_gradient(weights, lam):
    ### BEGIN SOLUTION
    # np.sign dá −1, 0 ou 1: em w = 0 o gradiente é 0 (a convenção do curso).
    return lam * np.sign(weights)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_l1_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "l1_gradient", ocultos=ocultos)

# %% [markdown]
# ### `l2_penalty(weights, lam)`
#
# Devolve o número $\lambda \sum w_i^2$ (um único `float`). É o **quadrado**
# da norma, sem raiz.

# %% nbgrader={"grade": false, "grade_id": "l2_penalty", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l2_penalty(weights, lam):
    ### BEGIN SOLUTION
    return float(lam * np.sum(np.square(weights)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_l2_penalty", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "l2_penalty", ocultos=ocultos)

# %% [markdown]
# ### `l2_gradient(weights, lam)`
#
# Devolve o array $2\lambda w$, da forma de `weights`. Na descida do
# gradiente, ele puxa cada peso um pouco para zero a cada passo: por isso a L2
# também se chama **decaimento de pesos** (*weight decay*).

# %% nbgrader={"grade": false, "grade_id": "l2_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l2_gradient(weights, lam):
    ### BEGIN SOLUTION
    return 2 * lam * np.asarray(weights, dtype=float)  # a derivada de w² é 2w
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_l2_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "l2_gradient", ocultos=ocultos)

# %% [markdown]
# ## Dropout invertido
#
# No treino, o dropout **desliga** cada neurônio com probabilidade `rate` (a
# saída dele vira 0) e multiplica os que sobram por $\frac{1}{1 - \text{rate}}$,
# para que a soma esperada não mude. Na avaliação, ele fica desligado (a saída
# passa inteira). Como o livro, guardamos a **máscara já escalada**:
#
# $$m_i = \frac{b_i}{1 - \text{rate}}, \quad b_i \sim \text{Bernoulli}(1 - \text{rate})
# \qquad\qquad \text{output} = \text{inputs} \cdot m$$
#
# Na volta, cada elemento só passa o gradiente se o neurônio ficou ligado, com
# a mesma escala: $\text{dinputs} = \text{dvalues} \cdot m$.
#
# **Atenção:** `rate` é a fração **desligada** (como no `Dropout(0.1)` do
# livro), e a probabilidade de **manter** um neurônio é `1 - rate`.
#
# Veja [Dropout](../../site/conceitos/regularizacao.md#dropout).

# %% [markdown]
# ### `dropout_forward(inputs, rate, rng=None)`
#
# - `inputs`: array de qualquer forma (as saídas de uma camada);
# - `rate`: a fração desligada, $0 \leq \text{rate} < 1$; levante `ValueError`
#   fora desse intervalo ($\text{rate} = 1$ dividiria por zero);
# - `rng`: o gerador (ou uma semente).
#
# Sorteie a máscara com **exatamente** esta chamada, uma só vez:
#
# ```python
# mask = rng.binomial(1, 1 - rate, size=inputs.shape) / (1 - rate)
# ```
#
# e devolva a tupla `(output, mask)`, os dois arrays da forma de `inputs`.
# Com `rate = 0` nada é desligado e `output` é igual a `inputs`.

# %% nbgrader={"grade": false, "grade_id": "dropout_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_forward(inputs, rate, rng=None):
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    ### BEGIN SOLUTION
    if not 0 <= rate < 1:
        raise ValueError(f"rate deve estar em [0, 1), veio {rate}")
    keep = 1 - rate  # probabilidade de manter cada neurônio
    # 1 (mantido) ou 0 (desligado), já escalado por 1/keep: a máscara do livro
    mask = rng.binomial(1, keep, size=np.shape(inputs)) / keep
    return inputs * mask, mask
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_dropout_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "dropout_forward", ocultos=ocultos)

# %% [markdown]
# ### `dropout_backward(dvalues, mask)`
#
# - `dvalues`: o gradiente que chega, da forma da saída do dropout;
# - `mask`: a máscara escalada que a `dropout_forward` devolveu.
#
# Devolva `dinputs = dvalues * mask` (um array novo).

# %% nbgrader={"grade": false, "grade_id": "dropout_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_backward(dvalues, mask):
    ### BEGIN SOLUTION
    # A ida foi output = inputs · mask: a derivada em relação a inputs é mask.
    return dvalues * mask
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_dropout_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "dropout_backward", ocultos=ocultos)

# %% [markdown]
# ## Treino e validação
#
# Para ver o sobreajuste é preciso medir a rede em dados que ela **não** usou
# para ajustar os pesos: o conjunto de **validação**. As duas funções abaixo
# não devolvem os dados, e sim **índices** de amostras (arrays de inteiros):
# com eles, `X[train_idx]` e `X[val_idx]` separam os dados.
#
# Veja [Treino e validação](../../site/conceitos/regularizacao.md#divisao-treino-validacao).

# %% [markdown]
# ### `train_val_split(n_samples, val_fraction, rng=None)`
#
# - `n_samples`: quantas amostras ($\geq 2$);
# - `val_fraction`: a fração da validação, $0 < \text{val\_fraction} < 1$;
# - `rng`: o gerador (ou uma semente).
#
# O tamanho da validação é `n_val = round(n_samples * val_fraction)` (o
# `round` do Python), mas **pelo menos 1 e no máximo `n_samples - 1`**: as
# duas partes nunca ficam vazias. (As entradas do corretor nunca caem
# exatamente num meio, como 2,5, em que os arredondamentos discordam.)
#
# Sorteie **uma** ordem com `order = rng.permutation(n_samples)`: as
# **primeiras** `n_val` posições são a validação e o resto é o treino.
# Devolva `(train_idx, val_idx)`. A ordem dos índices **dentro** de cada parte
# não importa. Levante `ValueError` se `n_samples < 2` ou se `val_fraction`
# estiver fora de $(0, 1)$.
#
# Exemplo: 10 amostras com `val_fraction = 0.3` dão 7 índices de treino e 3 de
# validação, sem repetição, cobrindo de 0 a 9.

# %% nbgrader={"grade": false, "grade_id": "train_val_split", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_val_split(n_samples, val_fraction, rng=None):
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    ### BEGIN SOLUTION
    if n_samples < 2:
        raise ValueError(f"são precisas pelo menos 2 amostras, veio {n_samples}")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction deve estar em (0, 1), veio {val_fraction}")
    n_val = round(n_samples * val_fraction)
    n_val = min(max(n_val, 1), n_samples - 1)  # nenhuma das partes fica vazia
    order = rng.permutation(n_samples)  # uma ordem só para as duas partes
    return order[n_val:], order[:n_val]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_train_val_split", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "train_val_split", ocultos=ocultos)

# %% [markdown]
# ### `kfold_indices(n_samples, k, shuffle=False, rng=None)`
#
# Na validação cruzada com $k$ partes, as amostras são divididas em $k$
# **partes** (*folds*) de blocos consecutivos de uma ordem; a rodada $i$
# valida na parte $i$ e treina nas outras. Cada amostra fica na validação
# **exatamente uma vez**.
#
# - a ordem é `np.arange(n_samples)` ou, com `shuffle=True`,
#   `rng.permutation(n_samples)` (sorteada uma vez só);
# - os tamanhos das partes diferem de no máximo 1: com $n = qk + r$
#   ($0 \leq r < k$), as **primeiras** $r$ partes têm $q + 1$ amostras e as
#   outras têm $q$ (como `np.array_split`);
# - levante `ValueError` se `k < 2` ou `k > n_samples`.
#
# Devolva uma **lista** de `k` pares `(train_idx, val_idx)`, na ordem das
# partes. A ordem dos índices dentro de cada array não importa.
#
# Exemplo: `kfold_indices(10, 3)` dá as validações `[0, 1, 2, 3]`,
# `[4, 5, 6]` e `[7, 8, 9]`; o treino da primeira rodada é `[4, ..., 9]`.
#
# Veja [Validação cruzada](../../site/conceitos/regularizacao.md#validacao-cruzada).

# %% nbgrader={"grade": false, "grade_id": "kfold_indices", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kfold_indices(n_samples, k, shuffle=False, rng=None):
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    ### BEGIN SOLUTION
    if k < 2 or k > n_samples:
        raise ValueError(f"k deve estar entre 2 e n_samples = {n_samples}, veio {k}")
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    base, extra = divmod(n_samples, k)  # as `extra` primeiras partes ganham +1
    folds = []
    start = 0
    for i in range(k):
        size = base + (1 if i < extra else 0)
        val_idx = order[start:start + size]
        train_idx = np.concatenate([order[:start], order[start + size:]])
        folds.append((train_idx, val_idx))
        start += size
    return folds
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_kfold_indices", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "kfold_indices", ocultos=ocultos)

# %% [markdown]
# ## `early_stopping_epoch(val_losses, patience, min_delta=0.0)`
#
# A **parada antecipada** acompanha a perda de validação a cada época e para o
# treino quando ela passa `patience` épocas seguidas sem melhorar; os pesos que
# ficam são os da **melhor** época.
#
# - `val_losses`: lista com a perda de validação de cada época (época 0, 1, ...);
# - `patience`: quantas épocas seguidas sem melhora são toleradas ($\geq 1$);
# - `min_delta`: a melhora mínima que conta ($\geq 0$).
#
# A regra exata (as épocas contam **a partir de 0**):
#
# 1. a época 0 é a melhor até ali;
# 2. uma época **melhora** se `perda < melhor_perda - min_delta` (estritamente:
#    um **empate não é melhora**, e a melhor época continua a mais antiga);
#    ela vira a melhor e o contador de épocas sem melhora volta a 0;
# 3. senão, o contador soma 1; quando ele chega a `patience`, o treino **para
#    nessa época**.
#
# Devolva a tupla `(best_epoch, stop_epoch)`. Se o contador nunca chegar a
# `patience`, o treino vai até o fim: `stop_epoch = len(val_losses) - 1`.
# Levante `ValueError` se a lista estiver vazia ou se `patience < 1`.
#
# Exemplo do site: `[0.90, 0.71, 0.58, 0.52, 0.50, 0.51, 0.53, 0.52, 0.56, 0.60]`
# com `patience = 3` dá `(4, 7)`: a melhor é a época 4 (0,50), e as épocas 5,
# 6 e 7 não melhoram.
#
# Veja [Parada antecipada](../../site/conceitos/regularizacao.md#parada-antecipada).

# %% nbgrader={"grade": false, "grade_id": "early_stopping_epoch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    ### BEGIN SOLUTION
    if len(val_losses) == 0:
        raise ValueError("a lista de perdas está vazia")
    if patience < 1:
        raise ValueError(f"patience deve ser pelo menos 1, veio {patience}")
    best_loss, best_epoch = val_losses[0], 0
    waited = 0  # épocas seguidas sem melhora
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best_loss - min_delta:  # melhora (empate não conta)
            best_loss, best_epoch = val_losses[epoch], epoch
            waited = 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch  # para nesta época
    return best_epoch, len(val_losses) - 1  # não parou: foi até o fim
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_early_stopping_epoch", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "early_stopping_epoch", ocultos=ocultos)

# %% [markdown]
# ## `augment_images(images, flip_prob=0.5, noise_std=0.1, rng=None)`
#
# O **aumento de dados** cria versões novas das imagens de treino que
# continuam com o mesmo rótulo. Aqui, duas transformações:
#
# 1. **espelho horizontal** (a coluna $j$ vira a coluna $W-1-j$, como
#    `np.fliplr`) de cada imagem, com probabilidade `flip_prob`;
# 2. **ruído gaussiano** somado a todos os pixels, com média 0 e desvio padrão
#    `noise_std`.
#
# - `images`: array `(N, H, W)`, `N` imagens de `H` linhas e `W` colunas;
# - `flip_prob`: a probabilidade de espelhar cada imagem ($0$ a $1$);
# - `noise_std`: o desvio padrão do ruído ($\geq 0$);
# - `rng`: o gerador (ou uma semente).
#
# Use o `rng` nesta ordem, com exatamente estas chamadas:
#
# ```python
# flip = rng.random(len(images)) < flip_prob          # 1º: um sorteio por imagem
# noise = rng.normal(0.0, noise_std, size=images.shape)  # 2º: o ruído
# ```
#
# A imagem `i` é espelhada quando `flip[i]` é `True`. Devolva um array **novo**
# `(N, H, W)`: as imagens (espelhadas ou não) mais o ruído. Não modifique
# `images`.
#
# Espelhar só vale quando o espelho continua sendo da mesma classe (um gato
# espelhado é um gato; um "3" espelhado não é um "3").
#
# Veja [Aumento de dados](../../site/conceitos/regularizacao.md#aumento-de-dados).

# %% nbgrader={"grade": false, "grade_id": "augment_images", "locked": false, "schema_version": 3, "solution": true, "task": false}
def augment_images(images, flip_prob=0.5, noise_std=0.1, rng=None):
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    ### BEGIN SOLUTION
    flip = rng.random(len(images)) < flip_prob  # True: espelhar a imagem i
    noise = rng.normal(0.0, noise_std, size=images.shape)
    mirrored = images[:, :, ::-1]  # a última dimensão (as colunas) ao contrário
    # np.where escolhe, imagem a imagem, a espelhada ou a original (cópias novas)
    return np.where(flip[:, None, None], mirrored, images) + noise
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_augment_images", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "augment_images", ocultos=ocultos)

# %% [markdown]
# ## O experimento: sobreajuste e cura
#
# Agora você vê o sobreajuste acontecer e o cura. Os dados são as **duas
# luas** (*moons*): dois arcos de pontos que se encaixam, com ruído. A função
# abaixo é dada (não é corrigida); como a `spiral_data` do módulo 7, ela recebe
# um gerador `rng` ou uma semente. Os pontos vêm ordenados por classe.
#
# Por que luas e não a espiral? Com poucos pontos da espiral, a rede nem
# consegue aprender a forma (a fronteira certa é complicada), e a L2, que
# prefere funções suaves, atrapalha tanto quanto ajuda. Nas luas com ruído, a
# fronteira certa é simples, e uma rede grande, com poucos pontos, decora o
# ruído: é o retrato clássico do sobreajuste.

# %% nbgrader={"grade": false, "grade_id": "moons_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
def moons_data(samples, noise, rng=None):
    """Duas luas: X de forma (2·samples, 2) e rótulos y (0 na de cima, 1 na de baixo)."""
    rng = np.random.default_rng(rng)  # aceita um Generator, uma semente ou None
    t = rng.uniform(0, np.pi, samples)
    upper = np.c_[np.cos(t), np.sin(t)]  # arco de cima
    t = rng.uniform(0, np.pi, samples)
    lower = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]  # arco de baixo, encaixado
    X = np.r_[upper, lower] + rng.normal(0.0, noise, size=(2 * samples, 2))
    y = np.r_[np.zeros(samples, dtype=int), np.ones(samples, dtype=int)]
    return X, y


# %% [markdown]
# ### As suas peças
#
# O treino usa as peças que você já escreveu. Na célula abaixo, apague a linha
# `raise NotImplementedError()` e copie para ela as suas versões dos módulos
# anteriores (ou reescreva-as aqui), como funções ou como as classes do livro:
#
# - a camada densa e a sua propagação direta (módulo 2);
# - a ReLU e a softmax (módulo 3);
# - a entropia cruzada categórica (módulo 4);
# - as retropropagações da camada densa, da ReLU e da softmax com entropia
#   cruzada (módulo 5);
# - o passo do Adam (módulo 6).
#
# Para a L2, use a sua `l2_gradient` (e, se quiser, a `l2_penalty`) deste
# módulo. Esta célula não é corrigida sozinha: quem é corrigida é a
# `train_regularized`, que usa estas peças.

# %% nbgrader={"grade": false, "grade_id": "pecas", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
# As peças da referência, como funções simples. Os nomes começam com `_`
# para não se confundirem com as funções corrigidas deste e de outros módulos.


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
# ### `train_regularized(X, y, X_val, y_val, l2_lambda=0.0, n_hidden=128, epochs=300, learning_rate=0.02, seed=0)`
#
# Treine a rede densa → ReLU → densa → softmax do módulo 7, agora **em lote
# completo** (todas as amostras de treino a cada passo, sem embaralhar) e com a
# penalidade L2 nos **pesos** das duas camadas (os vieses não são penalizados):
#
# $$L_\text{total} = L_\text{dados} + \lambda \left(\sum W_1^2 + \sum W_2^2\right)$$
#
# - `X`, `y`: os dados de treino, `(N, n_features)` e rótulos inteiros `(N,)`;
#   o número de classes é `y.max() + 1`;
# - `X_val`, `y_val`: os dados de validação (nunca usados para ajustar nada);
# - `l2_lambda`: o $\lambda$ da L2 (`0.0` = sem regularização);
# - `n_hidden`, `epochs`, `learning_rate`: neurônios da camada oculta, épocas
#   e taxa do Adam;
# - `seed`: a semente de `rng = np.random.default_rng(seed)`, que sorteia os
#   pesos iniciais.
#
# O laço:
#
# 1. pesos iniciais `0.1 * rng.standard_normal((n_inputs, n_neurons))` (primeiro
#    os da camada oculta, depois os da saída) e vieses zero de forma
#    `(1, n_neurons)`; `m` e `v` do Adam zerados para cada parâmetro;
# 2. em cada época: propagação direta no treino; guarde a perda de treino
#    **dos dados** (a entropia cruzada média, **sem** o termo L2, para que as
#    curvas com e sem L2 sejam comparáveis); com os **mesmos** parâmetros,
#    calcule e guarde a perda de validação (também só dos dados);
# 3. retropropagação no treino; **some** $2\lambda W$ ao gradiente de cada
#    peso (é a sua `l2_gradient`);
# 4. um passo do Adam em cada um dos quatro parâmetros, com `t` começando em 1.
#
# Devolva um dicionário só com dados simples:
#
# ```python
# {"weights1": (n_features, n_hidden), "biases1": (1, n_hidden),
#  "weights2": (n_hidden, n_classes), "biases2": (1, n_classes),
#  "train_losses": [uma perda por época], "val_losses": [uma perda por época]}
# ```
#
# **Como o corretor avalia.** Ele gera
# `X, y = moons_data(20, 0.3, rng=3)` (40 pontos de treino) e
# `X_val, y_val = moons_data(100, 0.3, rng=4)` (200 de validação), chama a sua
# função duas vezes, com `l2_lambda=0.0` e com `l2_lambda=0.002` (os outros
# argumentos no padrão), e calcula **ele mesmo**, com os pesos devolvidos, as
# perdas finais de treino e de validação. Ele confere:
#
# - formatos: os pesos, os vieses e uma perda por época nas duas curvas, com a
#   última perda de validação perto da que ele calcula;
# - **sobreajuste** sem L2: a perda de validação final é pelo menos 0,4 e pelo
#   menos 4 vezes a de treino;
# - **cura** com L2: a perda de validação final cai para no máximo 60 % da
#   sem L2;
# - com L2, a distância entre validação e treino cai para no máximo metade.
#
# Cada chamada tem de caber em 10 segundos (a da referência leva menos de
# um décimo de segundo). Veja [O experimento](../../site/conceitos/regularizacao.md#experimento).

# %% nbgrader={"grade": false, "grade_id": "train_regularized", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_regularized(X, y, X_val, y_val, l2_lambda=0.0, n_hidden=128, epochs=300,
                      learning_rate=0.02, seed=0):
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    n_inputs = X.shape[1]
    n_classes = int(np.max(y)) + 1

    params = {
        "weights1": 0.1 * rng.standard_normal((n_inputs, n_hidden)),
        "biases1": np.zeros((1, n_hidden)),
        "weights2": 0.1 * rng.standard_normal((n_hidden, n_classes)),
        "biases2": np.zeros((1, n_classes)),
    }
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    train_losses, val_losses = [], []

    for epoch in range(epochs):
        # Propagação direta no treino (lote completo).
        z1 = _dense_forward(X, params["weights1"], params["biases1"])
        a1 = _relu(z1)
        probs = _softmax(_dense_forward(a1, params["weights2"], params["biases2"]))
        train_losses.append(_cross_entropy(probs, y))  # só a perda dos dados

        # Validação com os mesmos parâmetros: só mede, nada é ajustado com ela.
        val_hidden = _relu(_dense_forward(X_val, params["weights1"], params["biases1"]))
        val_probs = _softmax(_dense_forward(val_hidden, params["weights2"], params["biases2"]))
        val_losses.append(_cross_entropy(val_probs, y_val))

        # Retropropagação, mais o gradiente da L2 (2λW) nos pesos.
        dz2 = _softmax_cross_entropy_backward(probs, y)
        dweights2, dbiases2, da1 = _dense_backward(dz2, a1, params["weights2"])
        dz1 = _relu_backward(da1, z1)
        dweights1, dbiases1, _ = _dense_backward(dz1, X, params["weights1"])
        grads = {
            "weights1": dweights1 + 2 * l2_lambda * params["weights1"],
            "biases1": dbiases1,
            "weights2": dweights2 + 2 * l2_lambda * params["weights2"],
            "biases2": dbiases2,
        }

        t = epoch + 1  # o Adam conta os passos a partir de 1
        for name in params:
            params[name], m[name], v[name] = _adam_step(
                params[name], grads[name], m[name], v[name], t, learning_rate)

    return {**params, "train_losses": train_losses, "val_losses": val_losses}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "verifica_train_regularized", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
from autograder.notebook import verificar
ocultos = False  # na correção do professor, os testes ocultos também rodam
### BEGIN HIDDEN TESTS
ocultos = True
### END HIDDEN TESTS
verificar("m08_regularizacao", "train_regularized", ocultos=ocultos)

# %% [markdown]
# ### As curvas de aprendizado
#
# A célula abaixo roda o experimento do corretor e desenha as curvas de perda,
# sem e com L2. Ela só roda no Jupyter (o corretor a pula: ela não vale nota).
# Sem L2, a perda de treino vai a quase zero enquanto a de validação, depois de
# um mínimo nas primeiras épocas, sobe: a rede decorou o ruído. Com L2, as duas
# ficam juntas. Experimente outros valores de `l2_lambda` (0.0005, 0.01, 0.05)
# e veja quando a regularização é fraca demais ou forte demais; experimente
# também a sua `early_stopping_epoch` na curva de validação sem L2.

# %%
import builtins

if hasattr(builtins, "get_ipython"):  # só no Jupyter; o corretor pula este gráfico
    import matplotlib.pyplot as plt

    X_train, y_train = moons_data(20, 0.3, rng=3)
    X_val, y_val = moons_data(100, 0.3, rng=4)
    try:
        runs = {lam: train_regularized(X_train, y_train, X_val, y_val, l2_lambda=lam)
                for lam in (0.0, 0.002)}
    except NotImplementedError:
        print("Complete as suas peças e a train_regularized para ver as curvas.")
    else:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
        for ax, (lam, result) in zip(axes, runs.items()):
            ax.plot(result["train_losses"], label="treino")
            ax.plot(result["val_losses"], label="validação")
            ax.set_title(f"l2_lambda = {lam}")
            ax.set_xlabel("época")
            ax.legend()
        axes[0].set_ylabel("perda (entropia cruzada)")
        plt.show()
