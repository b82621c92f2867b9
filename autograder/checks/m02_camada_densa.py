"""Verificações do módulo 2: a camada densa com NumPy.

`dense_forward` é uma função comum: casos do texto do curso, a referência em
entradas geradas e os erros conhecidos modelados.

`Layer_Dense` é uma classe: os testes são escritos à mão (`Custom`). Cada um
cria camadas no processo do aprendiz (`learner.call("Layer_Dense", ...,
keep=True)` devolve um identificador), lê atributos (`learner.attr`) e chama
`forward`. Para fixar pesos e vieses conhecidos (vieses diferentes de zero,
senão esquecer o viés passaria despercebido) o teste chama o `__setattr__` do
próprio objeto, que o processo do aprendiz trata como qualquer método.

Os valores esperados dos pesos vêm de `np.random.RandomState(semente)`, que
produz a mesma sequência que `np.random.seed(semente)` seguido de
`np.random.randn`, sem mexer no gerador global do corretor.

Sobre os testes escritos à mão: o motor substitui as dicas de uma falha com
`has_values=True` pelos erros modelados da função (aqui não há nenhum) ou pela
`generic_hint`; por isso a dica de cada falha vai em `generic_hint`.
"""

from __future__ import annotations

import numpy as np

from ..compare import compare
from ..engine import error_hint, error_text
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec
from ..strategies import float_array, sizes, st
from ..wire import Unsupported

PAGE = "conceitos/camada-densa.md"

# As entradas X das notas (3 amostras, 4 features) e os pesos do módulo 1
# (uma linha por neurônio), transpostos aqui para uma coluna por neurônio.
NOTES_X = [[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
NOTES_WEIGHTS_ROWS = [
    [0.2, 0.8, -0.5, 1.0],
    [0.5, -0.91, 0.26, -0.5],
    [-0.26, -0.27, 0.17, 0.87],
]
NOTES_W = np.array(NOTES_WEIGHTS_ROWS).T  # (4, 3)
NOTES_B = np.array([[2.0, 3.0, 0.5]])
NOTES_BATCH_OUTPUT = [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]]

# Saída impressa pelo exemplo das notas: np.random.seed(0),
# Layer_Dense(4, 5) e depois Layer_Dense(5, 2).
NOTES_OUTPUT = np.array([
    [0.148296, -0.08397602],
    [0.14100315, -0.01340469],
    [0.20124979, -0.07290616],
])
SCALE = 0.10


# ---------------------------------------------------------------------------
# dense_forward


def dense_args(max_side: int = 5, scale: float = 100.0):
    """(inputs (n, i), weights (i, j), biases (1, j)), lados de 1 a max_side."""
    return st.tuples(sizes(1, max_side), sizes(1, max_side), sizes(1, max_side)).flatmap(
        lambda s: st.tuples(
            float_array((s[0], s[1]), scale),
            float_array((s[1], s[2]), scale),
            float_array((1, s[2]), scale),
        )
    )


# ---------------------------------------------------------------------------
# Layer_Dense: testes escritos à mão


class _Stop(Exception):
    """Interrompe um teste com a falha pronta."""

    def __init__(self, failure: Failure):
        super().__init__(failure.title)
        self.failure = failure


def _failure(title, inputs=(), expected=None, received=None, hint=None,
             show_values=None) -> Failure:
    has_values = (expected is not None or received is not None) if show_values is None else show_values
    return Failure(
        title,
        list(inputs),
        expected,
        received,
        hints=[] if has_values or hint is None else [hint],
        has_values=has_values,
        generic_hint=hint,  # o motor troca `hints` por esta dica quando has_values
    )


def _custom(name):
    """Transforma `teste(learner)` em Custom; `_Stop` vira a falha do teste."""

    def wrap(fn):
        def run(learner, reference):
            try:
                fn(learner)
            except _Stop as stop:
                return stop.failure
            return None

        return Custom(name, run)

    return wrap


def _weights(seed, n_inputs, n_neurons, scale=SCALE):
    """Os pesos que `0.10 * np.random.randn(...)` dá logo após np.random.seed(seed)."""
    return scale * np.random.RandomState(seed).randn(n_inputs, n_neurons)


def _new_layer(learner, n_inputs, n_neurons, seed):
    call = f"Layer_Dense({n_inputs}, {n_neurons})"
    out = learner.call("Layer_Dense", n_inputs, n_neurons, seed=seed, keep=True)
    if out.error is not None:
        hint = error_hint(out.error)
        if out.error["type"] == "TypeError" and "argument" in out.error["message"]:
            hint = ("confira os parâmetros: `def __init__(self, n_inputs, n_neurons)`, "
                    "com `self` primeiro")
        raise _Stop(_failure(f"`{call}` levantou {error_text(out.error)}", hint=hint))
    return out.handle, call


ATTR_HINTS = {
    "weights": "o nome do atributo é `self.weights`, no plural, como `self.biases` "
               "(as notas escrevem `self.weight` em alguns lugares: é um deslize)",
    "biases": "o nome do atributo é `self.biases`, no plural",
    "output": "o `forward` deve guardar o resultado em `self.output`, como nas notas "
              "(não basta devolvê-lo com return)",
}


def _attr(learner, handle, call, name):
    try:
        out = learner.attr(handle, name)
    except Unsupported as exc:  # o motor ainda não devolve valores não suportados
        raise _Stop(_failure(f"`{name}` de `{call}` deveria ser um array do NumPy; veio "
                             f"um valor que o corretor não aceita ({exc})")) from None
    if out.error is not None:
        if out.error["type"] == "AttributeError":
            raise _Stop(_failure(f"a camada `{call}` não tem o atributo `{name}`",
                                 hint=ATTR_HINTS.get(name)))
        raise _Stop(_failure(f"ler `{name}` de `{call}` levantou {error_text(out.error)}"))
    value = out.value
    if isinstance(value, dict) and "__unsupported__" in value:
        raise _Stop(_failure(f"`{name}` de `{call}` deveria ser um array do NumPy; veio "
                             f"{value['__unsupported__']}"))
    return value


def _array_attr(learner, handle, call, name):
    value = _attr(learner, handle, call, name)
    if not isinstance(value, np.ndarray):
        raise _Stop(_failure(
            f"`{name}` de `{call}` deveria ser um array do NumPy; veio {type(value).__name__}",
            hint=f"crie `self.{name}` com funções do NumPy (np.random.randn, np.zeros), "
                 "não com listas",
        ))
    return value


def _set(learner, handle, call, name, value):
    out = learner.call("__setattr__", name, value, handle=handle, seed=None)
    if out.error is not None:
        raise _Stop(_failure(f"não consegui definir `{name}` na camada `{call}`: "
                             f"{error_text(out.error)}"))


def _forward(learner, handle, call, inputs, name="inputs"):
    # Confere antes que o método existe: o processo do aprendiz busca o
    # método de um objeto fora do seu try, e um AttributeError ali o derruba.
    names = learner.call("__dir__", handle=handle, seed=None).value
    if not isinstance(names, list) or "forward" not in names:
        raise _Stop(_failure(
            f"a camada `{call}` não tem o método `forward`",
            hint="defina `def forward(self, inputs):` dentro da classe, com a mesma "
                 "indentação do `__init__`"))
    out = learner.call("forward", inputs, handle=handle, seed=None)
    if out.error is not None:
        hint = error_hint(out.error)
        if out.error["type"] == "AttributeError" and "'weight'" in out.error["message"]:
            hint = ATTR_HINTS["weights"]
        elif out.error["type"] == "AttributeError" and "'list' object" in out.error["message"]:
            hint = ("as entradas podem chegar como lista de listas (como o X das notas): "
                    "use np.dot(inputs, self.weights), que aceita listas")
        elif out.error["type"] == "TypeError" and "positional argument" in out.error["message"]:
            hint = ("confira os parâmetros: `def forward(self, inputs)`, com `self` "
                    "primeiro")
        elif out.error["type"] == "AttributeError":
            hint = ("confira os nomes: `self.weights` e `self.biases`, criados no "
                    "`__init__`, e `self.output`")
        raise _Stop(_failure(f"`{call}.forward({name})` levantou {error_text(out.error)}",
                             [(name, inputs)], hint=hint))
    return out


# Erros conhecidos do forward: (mensagem, modelo(inputs, weights, biases)).
FORWARD_MISTAKES = [
    ("você esqueceu de somar `self.biases` no forward", lambda x, w, b: np.dot(x, w)),
    ("você multiplicou pelos vieses em vez de somar", lambda x, w, b: np.dot(x, w) * b),
    ("você somou os vieses antes de multiplicar pelos pesos",
     lambda x, w, b: np.dot(np.asarray(x) + b, w)),
    ("você transpôs os pesos (self.weights.T): eles já têm a forma "
     "(n_inputs, n_neurons) e não precisam de .T", lambda x, w, b: np.dot(x, w.T) + b),
]


def _forward_hint(x, w, b, received):
    """Nomeia o erro do forward comparando com modelos de erros conhecidos.
    Uma saída só de zeros não prova nenhum: com vieses zero, "multiplicou
    pelos vieses" também dá zeros."""
    if not np.any(np.asarray(received, dtype=float)):
        return None
    for message, model in FORWARD_MISTAKES:
        try:
            if compare(model(x, w, b), received) is None:
                return message
        except Exception:  # noqa: BLE001 - o modelo pode não se aplicar
            continue
    return None


def _check_forward(learner, handle, call, x, w, b, what):
    _forward(learner, handle, call, x)
    received = _attr(learner, handle, call, "output")
    expected = np.dot(x, w) + b
    diff = compare(expected, received,
                   inputs=[("inputs", x), ("self.weights", w), ("self.biases", b)])
    if diff is not None:
        hint = _forward_hint(x, w, b, received)
        if hint is None and "weight" in (learner.call("__dir__", handle=handle, seed=None).value
                                         or []):
            # A camada tem `self.weight`: o forward usa esse, não os pesos dados.
            hint = ATTR_HINTS["weights"]
        hint = hint or diff.hint
        raise _Stop(_failure(f"{what}: {diff.message}",
                             [("inputs", x), ("self.weights", w), ("self.biases", b)],
                             expected, received, hint))


@_custom("pesos: forma (n_inputs, n_neurons) e float64")
def _weights_shape(learner):
    for n_inputs, n_neurons in [(4, 5), (1, 3), (3, 1), (2, 6)]:
        handle, call = _new_layer(learner, n_inputs, n_neurons, seed=0)
        w = _array_attr(learner, handle, call, "weights")
        if w.shape != (n_inputs, n_neurons):
            hint = None
            if w.shape == (n_neurons, n_inputs):
                hint = ("pesos com a forma (n_neurons, n_inputs): na camada densa é "
                        "np.random.randn(n_inputs, n_neurons), uma coluna por neurônio, "
                        "para que np.dot(inputs, self.weights) funcione sem transpor")
            raise _Stop(_failure(
                f"`{call}.weights` tem a forma errada: esperado {(n_inputs, n_neurons)}, "
                f"recebido {tuple(w.shape)}", hint=hint))
        if w.dtype != np.float64:
            raise _Stop(_failure(
                f"`{call}.weights` deveria ser float64; veio {w.dtype}",
                hint="não converta os pesos (astype) nem use nnfs.init(), que troca tudo "
                     "por float32",
            ))


def _uniform(w) -> bool:
    """Os pesos parecem uniformes em [0, s) (rand vezes uma escala s): média
    s/2 e desvio padrão s/√12, com s o maior peso."""
    s = float(np.max(w))
    return s > 0 and abs(np.mean(w) - s / 2) < 0.05 * s and \
        abs(np.std(w) - s / np.sqrt(12)) < 0.05 * s


@_custom("pesos: 0.10 * np.random.randn(n_inputs, n_neurons)")
def _weights_values(learner):
    # 1) A distribuição, numa camada grande: média 0, desvio padrão 0,1.
    handle, call = _new_layer(learner, 200, 300, seed=1)
    w = _array_attr(learner, handle, call, "weights").astype(float).ravel()
    if w.size < 2:
        raise _Stop(_failure(f"`{call}.weights` deveria ter 200 × 300 valores; veio {w.size}"))
    mean, std = float(np.mean(w)), float(np.std(w))
    stats = f"média {mean:.4f}, desvio padrão {std:.4f}"
    title = f"os pesos de `{call}` não parecem 0.10 * randn ({stats}; esperado ≈ 0 e ≈ 0.1)"
    if not np.all(np.isfinite(w)):
        raise _Stop(_failure(f"`{call}.weights` tem nan ou inf"))
    if np.all(w == 0):
        raise _Stop(_failure(
            f"os pesos de `{call}` são todos zero",
            hint="os pesos começam aleatórios (0.10 * np.random.randn); só os vieses "
                 "começam em zero"))
    if np.min(w) >= 0:
        hint = "nenhum peso é negativo: np.random.randn sorteia metade deles abaixo de zero"
        if _uniform(w):
            hint = ("nenhum peso é negativo, e eles se espalham por igual: é np.random.rand "
                    "ou np.random.random, que sorteiam de forma uniforme entre 0 e 1; use "
                    "np.random.randn (normal, média 0). O texto das notas diz "
                    "`np.random.random`, mas o código usa randn")
        raise _Stop(_failure(title, hint=hint))
    if abs(std - 0.01) < 0.001 and abs(mean) < 0.001:
        raise _Stop(_failure(
            title,
            hint="escala 0.01 (a do livro) em vez de 0.10 (a das notas e deste curso)"))
    if abs(std - 1.0) < 0.05 and abs(mean) < 0.05:
        raise _Stop(_failure(title, hint="faltou multiplicar por 0.10 (desvio padrão 1)"))
    if abs(std - SCALE) > 0.005 or abs(mean) > 0.005:
        raise _Stop(_failure(title))

    # 2) Os valores exatos: com a semente fixada fora da classe, os pesos são os
    #    próximos números do gerador global, na forma (n_inputs, n_neurons).
    seed, n_inputs, n_neurons = 3, 4, 5
    handle, call = _new_layer(learner, n_inputs, n_neurons, seed=seed)
    received = _array_attr(learner, handle, call, "weights")
    expected = _weights(seed, n_inputs, n_neurons)
    if compare(expected, received) is None:
        return
    hint = None
    if compare(_weights(seed, n_neurons, n_inputs).T, received) is None:
        hint = ("você sorteou na forma (n_neurons, n_inputs) e transpôs: com a mesma "
                "semente os números saem em outra ordem; use "
                "np.random.randn(n_inputs, n_neurons)")
    elif compare(_weights(0, n_inputs, n_neurons), received) is None:
        hint = ("você chamou np.random.seed(0) dentro da classe: a semente é fixada uma "
                "vez, fora dela; senão todas as camadas sorteiam os mesmos números")
    raise _Stop(_failure(
        f"com np.random.seed({seed}) logo antes de `{call}`, os pesos deveriam ser "
        f"0.10 * np.random.randn({n_inputs}, {n_neurons})",
        expected=expected, received=received, hint=hint))


@_custom("vieses: np.zeros((1, n_neurons))")
def _biases(learner):
    for n_inputs, n_neurons in [(4, 5), (3, 1), (2, 3)]:
        handle, call = _new_layer(learner, n_inputs, n_neurons, seed=0)
        b = _array_attr(learner, handle, call, "biases")
        if b.shape != (1, n_neurons):
            hint = None
            if b.shape == (n_neurons,):
                hint = ("faltou a dimensão das linhas: use np.zeros((1, n_neurons)), com "
                        "dois pares de parênteses (o de dentro é a forma)")
            elif b.shape == (n_neurons, 1):
                hint = ("vieses em coluna (n_neurons, 1): a forma é (1, n_neurons), uma "
                        "linha que o NumPy repete para cada amostra")
            raise _Stop(_failure(
                f"`{call}.biases` tem a forma errada: esperado {(1, n_neurons)}, "
                f"recebido {tuple(b.shape)}", hint=hint))
        if np.any(b != 0):
            raise _Stop(_failure(f"`{call}.biases` deveria começar com zeros",
                                 expected=np.zeros((1, n_neurons)), received=b,
                                 hint="os vieses começam em zero: np.zeros((1, n_neurons))"))
        if b.dtype.kind != "f":
            raise _Stop(_failure(
                f"`{call}.biases` deveria ser de floats; veio {b.dtype}",
                hint="np.zeros((1, n_neurons)) já cria floats; não passe dtype=int"))


@_custom("forward: inputs · weights + biases")
def _forward_values(learner):
    # Com os próprios pesos da camada (vieses zero), nas entradas das notas.
    handle, call = _new_layer(learner, 4, 5, seed=0)
    w = _array_attr(learner, handle, call, "weights")
    b = _array_attr(learner, handle, call, "biases")
    # (Pesos ou vieses de forma errada já perdem pontos nos seus testes; aqui
    # só conferimos a conta quando ela está definida.)
    if w.shape == (4, 5) and b.shape in ((1, 5), (5,)):
        _check_forward(learner, handle, call, np.array(NOTES_X), w, b,
                       f"`{call}.forward(X)` com os pesos da própria camada")
    # Com pesos e vieses conhecidos (vieses diferentes de zero).
    rng = np.random.RandomState(7)
    handle, call = _new_layer(learner, 3, 4, seed=0)
    w = np.round(rng.uniform(-1, 1, (3, 4)), 2)
    b = np.array([[0.5, -1.0, 2.0, 0.25]])
    x = np.round(rng.uniform(-3, 3, (5, 3)), 1)
    _set(learner, handle, call, "weights", w)
    _set(learner, handle, call, "biases", b)
    _check_forward(learner, handle, call, x, w, b,
                   f"`{call}.forward(inputs)` com pesos e vieses definidos pelo corretor")


@_custom("forward: uma amostra só, forma (1, n_inputs)")
def _forward_one_sample(learner):
    handle, call = _new_layer(learner, 3, 2, seed=0)
    w = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    b = np.array([[1.0, -1.0]])
    _set(learner, handle, call, "weights", w)
    _set(learner, handle, call, "biases", b)
    _check_forward(learner, handle, call, np.array([[1.0, -2.0, 0.5]]), w, b,
                   f"`{call}.forward(inputs)` com uma amostra")


@_custom("forward: não modifica as entradas nem os pesos")
def _forward_keeps_inputs(learner):
    handle, call = _new_layer(learner, 3, 4, seed=0)
    w = np.array([[0.2, -0.1, 0.4, 0.0], [-0.3, 0.5, 0.1, 0.2], [0.6, -0.4, -0.2, 0.3]])
    b = np.array([[0.5, -0.5, 1.0, 0.0]])
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])
    _set(learner, handle, call, "weights", w)
    _set(learner, handle, call, "biases", b)
    out = _forward(learner, handle, call, x.copy())
    if out.args_after and compare(x, out.args_after[0], rtol=0, atol=0) is not None:
        raise _Stop(_failure(
            f"`{call}.forward(inputs)` modificou `inputs`",
            [("inputs", x)],
            hint="a entrada deve ficar como estava: nada de `inputs += ...` ou "
                 "`inputs[...] = ...`"))
    for name, before in (("weights", w), ("biases", b)):
        after = _attr(learner, handle, call, name)
        if compare(before, after, rtol=0, atol=0) is not None:
            raise _Stop(_failure(
                f"`{call}.forward(inputs)` mudou `self.{name}`",
                [("inputs", x)], expected=before, received=after,
                hint="o forward só calcula a saída; pesos e vieses mudam no treino"))


def _notes_example(draw):
    """A saída do exemplo das notas com o sorteio `draw(rs, n_inputs, n_neurons)`
    (um modelo de erro) e o gerador da semente 0."""
    rs = np.random.RandomState(0)
    w1 = draw(rs, 4, 5)
    w2 = draw(rs, 5, 2)
    return np.dot(np.dot(NOTES_X, w1), w2)


NOTES_MISTAKES = [
    ("escala 0.01 (a do livro) em vez de 0.10 (a das notas e deste curso)",
     lambda rs, i, n: 0.01 * rs.randn(i, n)),
    ("np.random.rand (uniforme entre 0 e 1) em vez de np.random.randn (normal)",
     lambda rs, i, n: 0.10 * rs.rand(i, n)),
    ("pesos sorteados na forma (n_neurons, n_inputs) e transpostos: com a mesma semente "
     "os números saem em outra ordem; use np.random.randn(n_inputs, n_neurons)",
     lambda rs, i, n: 0.10 * rs.randn(n, i).T),
    ("faltou multiplicar por 0.10", lambda rs, i, n: rs.randn(i, n)),
    ("np.random.seed(0) dentro da classe: cada camada reinicia o gerador e a segunda "
     "não continua a sequência da primeira",
     lambda rs, i, n: 0.10 * np.random.RandomState(0).randn(i, n)),
]


@_custom("exemplo das notas: np.random.seed(0), Layer_Dense(4, 5) e Layer_Dense(5, 2)")
def _notes_two_layers(learner):
    # Como nas notas: a semente uma vez, as duas camadas criadas em sequência
    # (seed=None: a segunda continua a sequência do gerador) e X como lista.
    h1, call1 = _new_layer(learner, 4, 5, seed=0)
    h2, call2 = _new_layer(learner, 5, 2, seed=None)
    _forward(learner, h1, "layer1", NOTES_X, name="X")
    out1 = _attr(learner, h1, "layer1", "output")
    _forward(learner, h2, "layer2", out1, name="layer1.output")
    out2 = _attr(learner, h2, "layer2", "output")
    diff = compare(NOTES_OUTPUT, out2, inputs=[("X", NOTES_X)])
    if diff is None:
        return
    hint = None
    for message, draw in NOTES_MISTAKES:
        if compare(_notes_example(draw), out2) is None:
            hint = message
            break
    raise _Stop(_failure(
        "a saída de layer2 no exemplo das notas (np.random.seed(0); "
        f"layer1 = {call1}; layer2 = {call2}; layer1.forward(X); "
        f"layer2.forward(layer1.output)) não bate: {diff.message}",
        [("X", NOTES_X)], NOTES_OUTPUT, out2, hint or diff.hint))


SPEC = ModuleSpec(
    id="m02_camada_densa",
    title="A camada densa",
    checks=[
        FunctionCheck(
            name="dense_forward",
            points=2,
            page=f"{PAGE}#forward",
            hints=[
                "Cada linha de inputs é uma amostra; cada coluna de weights é um neurônio. O produto inputs · weights dá uma linha de saídas por amostra.",
                "Confira as formas antes: (n, i) · (i, j) precisa que o número de colunas de inputs seja o número de linhas de weights.",
                "Os vieses (1, j) são somados a todas as linhas de uma vez: o NumPy repete a linha (broadcasting).",
            ],
            params=("inputs", "weights", "biases"),
            cases=[
                # Tudo 2×2 primeiro: com formas quadradas, a ordem trocada e os
                # pesos transpostos dão números (e o erro é nomeado) em vez de
                # um erro de formas.
                Case((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.5], [-1.0, 2.0]]),
                      np.array([[0.5, -0.5]])), np.array([[-0.5, 4.0], [-0.5, 9.0]]),
                     note="entradas, pesos 2×2 e vieses [[0.5, -0.5]]"),
                Case((np.array(NOTES_X), NOTES_W, NOTES_B), np.array(NOTES_BATCH_OUTPUT),
                     note="entradas X das notas, pesos do módulo 1 transpostos, "
                          "vieses [[2, 3, 0.5]]"),
                Case((np.array([NOTES_X[0]]), NOTES_W, NOTES_B), np.array([[4.8, 1.21, 2.385]]),
                     note="uma amostra só, forma (1, 4)"),
                Case((np.array(NOTES_X), NOTES_W, np.zeros((1, 3))),
                     note="vieses zerados"),
            ],
            strategy=dense_args(),
            max_examples=40,
        ),
        FunctionCheck(
            name="Layer_Dense",
            points=2,
            page=f"{PAGE}#layer-dense",
            hints=[
                "O construtor guarda dois atributos: self.weights, com forma (n_inputs, n_neurons), e self.biases, com forma (1, n_neurons).",
                "Os pesos começam pequenos e aleatórios: números da normal padrão (randn) multiplicados por 0.10; os vieses começam em zero.",
                "forward recebe as entradas e guarda o resultado em self.output (não basta devolver), usando os pesos e vieses da própria camada.",
                "Os nomes contam: é self.weights (com s), como no livro; self.weight não é lido pelo corretor.",
            ],
            compare_to_reference=False,
            check_inputs_unchanged=False,
            custom=[
                _weights_shape,
                _weights_values,
                _biases,
                _forward_values,
                _forward_one_sample,
                _forward_keeps_inputs,
                _notes_two_layers,
            ],
        ),
    ],
)
