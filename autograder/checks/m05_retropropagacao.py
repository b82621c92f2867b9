"""Verificações do módulo 5: retropropagação e gradiente numérico.

Cada função `..._backward` tem, além dos casos do livro e da comparação com
a referência em entradas geradas, uma propriedade de **diferenças finitas**
calculada aqui, com as fórmulas de ida em NumPy puro (nunca com a referência
de volta), em float64, com diferenças centrais (h = 1e-5; na ReLU e na MSE,
que são lineares/quadráticas, h proporcional aos valores, para o
arredondamento de x ± h não pesar). Ela não precisa da referência: confere o
gradiente do aprendiz contra a definição, nas mesmas entradas geradas (uma
busca só do hypothesis).

Medida do erro (a do CS231n, tomada no array inteiro para não ser enganada
por elementos quase nulos): `max|a − b| / max(1e-8, max|a| + max|b|)`, aceita
até 1e-6. Com o código certo ela fica em ~1e-9; um fator esquecido (o 2, o
1/n, o dvalues) a leva a 0,1 ou mais.

Convenção da ReLU em 0: a derivada vale 0 (`dinputs[inputs <= 0] = 0`, como
no livro). As entradas geradas incluem zeros exatos, e a comparação com a
referência cobra a convenção; o gradiente numérico só olha os elementos
longe da dobra (|x| ≥ 1e-3), onde a diferença central daria 0,5. Na
sigmoide e na tanh ele só olha as saídas não saturadas (de onde z pode ser
recuperado), e na softmax as linhas sem probabilidade 0.

`numerical_gradient` recebe uma função: o corretor passa uma das funções de
teste do processo do aprendiz (`quadratica`, `seno`, `produto`, ver
`ScalarFunction` em worker.py) por nome, e confere o resultado com o
gradiente analítico, que ele conhece, e com a referência, chamada aqui com
uma cópia local da mesma função.
"""

from __future__ import annotations

import numpy as np

from .. import results as R
from ..compare import as_array, compare
from ..engine import error_hint, error_text, function_arg
from ..gradcheck import (
    as_gradient,
    gradient_gap,
    computed_once,
    numeric_array,
    numeric_elementwise,
    numeric_scalar,
)
from ..report import format_value
from ..results import Failure
from ..spec import Case, Custom, FunctionCheck, ModuleSpec, Property
from ..strategies import hnp, labels_and_probs, reals, st

PAGE = "conceitos/retropropagacao.md"
H = 1e-5  # passo das diferenças centrais do corretor


# ---------------------------------------------------------------------------
# Estratégias


def _shapes(max_side: int = 5):
    return hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=max_side)


def _grad_values():
    """O gradiente que chega (dvalues): pequeno, grande, zero, ±1."""
    return st.one_of(reals(10.0), reals(1000.0), st.sampled_from([0.0, 1.0, -1.0]))


def _pair(first, second):
    """Dois arrays da mesma forma (1-D ou 2-D)."""
    return _shapes().flatmap(lambda s: st.tuples(
        hnp.arrays(np.float64, s, elements=first),
        hnp.arrays(np.float64, s, elements=second),
    ))


RELU_INPUTS = st.one_of(reals(10.0), reals(1e6),
                        st.sampled_from([0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0]))
SIGMOID_OUTPUTS = st.one_of(st.floats(0.0, 1.0, width=64),
                            st.sampled_from([0.0, 1.0, 0.5, 1e-12, 1 - 1e-12]))
TANH_OUTPUTS = st.one_of(st.floats(-1.0, 1.0, width=64),
                         st.sampled_from([0.0, 1.0, -1.0, 1 - 1e-12, -1 + 1e-12]))


def relu_args():
    return _pair(_grad_values(), RELU_INPUTS)


def sigmoid_args():
    return _pair(_grad_values(), SIGMOID_OUTPUTS)


def tanh_args():
    return _pair(_grad_values(), TANH_OUTPUTS)


def dense_args(scale: float = 100.0):
    """(dvalues (n, j), inputs (n, i), weights (i, j))."""
    sizes = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
    return sizes.flatmap(lambda s: st.tuples(
        hnp.arrays(np.float64, (s[0], s[2]), elements=reals(scale)),
        hnp.arrays(np.float64, (s[0], s[1]), elements=reals(scale)),
        hnp.arrays(np.float64, (s[1], s[2]), elements=reals(scale)),
    ))


def softmax_ce_args():
    return labels_and_probs(max_rows=6, max_classes=5)


def mse_args():
    elements = st.one_of(reals(10.0), reals(1e4), st.sampled_from([0.0, 1.0]))
    shapes = st.one_of(st.tuples(st.integers(1, 6)),
                       st.tuples(st.integers(1, 5), st.integers(1, 4)))
    return shapes.flatmap(lambda s: st.tuples(
        hnp.arrays(np.float64, s, elements=elements),
        hnp.arrays(np.float64, s, elements=elements),
    ))


# ---------------------------------------------------------------------------
# Diferenças finitas (só fórmulas de ida)
#
# As propriedades usam as mesmas entradas geradas da comparação com a
# referência (uma busca só); onde a diferença central não vale, o elemento
# fica de fora: perto da dobra da ReLU (|x| < 1e-3) e onde a saída da
# sigmoide/tanh está tão perto da saturação que z não pode ser recuperado.


def _logit(p):
    return np.log(p) - np.log1p(-p)


def _relu_gradient(args, kwargs, received, oracle):
    dvalues, inputs = args
    arr, problem = as_gradient(received, dvalues, "o gradiente")
    if problem:
        return problem
    keep = np.abs(inputs) >= 1e-3  # longe da dobra
    # a ReLU é linear de cada lado: qualquer h < |x| dá a derivada exata, e um h
    # proporcional a |x| evita o arredondamento de x ± h com |x| grande
    h = 1e-5 * np.maximum(1.0, np.abs(inputs[keep]))
    # A ida (a ReLU) fica com o professor: o gradiente numérico vem do
    # oráculo (gravado na edição do aluno), ver professor/modelos/.
    numeric = oracle["diferencas_relu"](inputs[keep], dvalues[keep], h)
    return gradient_gap("o gradiente em relação a inputs", "sum(dvalues · relu(inputs)), longe de 0",
                numeric, received, arr[keep])


def _saturating_gradient(forward, recover_z, limit, what):
    """sigmoide e tanh: z é recuperado da saída onde ela não está saturada.
    `forward` é o nome, no oráculo, do gradiente numérico da ida."""

    def check(args, kwargs, received, oracle):
        dvalues, output = args
        arr, problem = as_gradient(received, dvalues, "o gradiente")
        if problem:
            return problem
        keep = (np.abs(output) <= limit[1]) & (output >= limit[0])
        numeric = oracle[forward](recover_z(output[keep]), dvalues[keep])
        return gradient_gap("o gradiente em relação a z", what, numeric, received, arr[keep])

    return check


DENSE_BIAS = 0.5  # o viés não muda os gradientes; qualquer valor serve


def _dense_gradient(args, kwargs, received):
    dvalues, inputs, weights = args
    if not isinstance(received, (tuple, list)) or len(received) != 3:
        return ("a saída deveria ser a tupla (dinputs, dweights, dbiases); veio "
                f"{format_value(received)[:80]}")
    X, W = inputs.copy(), weights.copy()
    b = np.full((1, weights.shape[1]), DENSE_BIAS)
    numeric = computed_once("dense_backward", (dvalues, inputs, weights), lambda: (
        numeric_array(lambda v: v @ W + b, X, dvalues),
        numeric_array(lambda v: X @ v + b, W, dvalues),
        numeric_array(lambda v: X @ W + v, b, dvalues),
    ))
    names = ("dinputs", "dweights", "dbiases")
    wrt = ("inputs", "weights", "biases")
    arrays = []
    for name, num, got in zip(names, numeric, received):
        arr, problem = as_gradient(got, num, name)
        if problem:
            return problem
        arrays.append(arr)
    # Cada parte é comparada na escala do gradiente inteiro: um dinputs quase
    # nulo (1e-14) ao lado de um dbiases de 46 não pode falhar por ruído.
    floor = max(1e-8, *(float(np.max(np.abs(n))) for n in numeric if n.size))
    for name, target, num, got, arr in zip(names, wrt, numeric, received, arrays):
        message = gradient_gap(f"{name} (em relação a `{target}`)",
                       "sum(dvalues · (inputs · weights + biases))", num, got, arr, floor)
        if message:
            return message
    return None


def _ce_of_logits(labels, n):
    """A perda média do lote de n amostras, só com as linhas dadas (as outras
    entram na média como constantes e não mudam o gradiente destas)."""

    def loss(z):
        shifted = z - np.max(z, axis=1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return -np.sum(log_probs[np.arange(len(z)), labels]) / n

    return loss


def _softmax_ce_gradient(args, kwargs, received):
    y_pred, y_true = args
    arr, problem = as_gradient(received, y_pred, "o gradiente")
    if problem:
        return problem
    labels = np.argmax(y_true, axis=1) if np.ndim(y_true) == 2 else np.asarray(y_true)
    keep = np.all(y_pred > 0, axis=1)  # log(0) não recupera z
    # softmax(log(p)) = p: log(y_pred) são as entradas z da softmax (a menos de
    # uma constante por linha, que não muda nada)
    z = np.log(y_pred[keep])
    numeric = numeric_scalar(_ce_of_logits(labels[keep], len(y_pred)), z)
    return gradient_gap("o gradiente em relação às entradas z da softmax",
                "mean(−log softmax(z)[classe certa])", numeric, received, arr[keep])


def _mse_gradient(args, kwargs, received):
    y_pred, y_true = args
    arr, problem = as_gradient(received, y_pred, "o gradiente")
    if problem:
        return problem
    m = y_pred.size
    # cada elemento só muda o seu termo (y_pred − y_true)² / m da média; numa
    # quadrática a diferença central é exata para qualquer h, e um h
    # proporcional aos valores evita o arredondamento de y_pred ± h
    h = 1e-5 * np.maximum(1.0, np.maximum(np.abs(y_pred), np.abs(y_true)))
    numeric = numeric_elementwise(lambda p: (p - y_true) ** 2 / m, y_pred,
                                  np.ones_like(y_pred), h)
    return gradient_gap("o gradiente em relação a y_pred", "mean((y_pred − y_true)²)", numeric,
                received, arr)

def _relu_mask_property(args, kwargs, received):
    """Sem a referência: dvalues onde inputs > 0, zero onde inputs ≤ 0."""
    dvalues, inputs = args
    arr, problem = as_gradient(received, dvalues, "o gradiente")
    if problem:
        return problem
    if np.any(arr[inputs <= 0] != 0):
        return ("onde inputs ≤ 0 o gradiente deve ser 0 (a convenção do curso, como no "
                "livro: dinputs[inputs <= 0] = 0, também em inputs = 0)")
    if not np.array_equal(arr[inputs > 0], dvalues[inputs > 0]):
        return "onde inputs > 0 o gradiente deve passar inteiro: igual a dvalues"
    return None


def _bounded_by_dvalues(factor, name):
    """|dinputs| ≤ factor · |dvalues|: a derivada local de `name` é no máximo `factor`."""

    def check(args, kwargs, received):
        dvalues, _ = args
        arr, problem = as_gradient(received, dvalues, "o gradiente")
        if problem:
            return problem
        if not np.all(np.isfinite(arr)):
            return "o gradiente tem nan ou inf"
        if np.any(np.abs(arr) > factor * np.abs(dvalues) * (1 + 1e-9) + 1e-300):
            return (f"a derivada da {name} é no máximo {factor:g}, então |dinputs| ≤ "
                    f"{factor:g}·|dvalues| em cada elemento; o seu passou disso")
        return None

    return check


def _softmax_ce_rows(args, kwargs, received):
    """Sem a referência: cada linha de (ŷ − y)/n soma 0."""
    y_pred, _ = args
    arr, problem = as_gradient(received, y_pred, "o gradiente")
    if problem:
        return problem
    totals = np.sum(arr, axis=1)
    if not np.allclose(totals, 0.0, atol=1e-9):
        return ("cada linha do gradiente deve somar 0 (as probabilidades somam 1 e o "
                f"one-hot também); as somas deram {np.round(totals, 6).tolist()}")
    return None


# ---------------------------------------------------------------------------
# Erros conhecidos (cada modelo é a função certa com um erro só)


ONE_HOT_MISSING = ("y_true em one-hot (forma (n, k)) não foi tratado: quando y_true.ndim "
                   "== 2, converta com np.argmax(y_true, axis=1) (ou use "
                   "(y_pred - y_true) / n)")
LABELS_MISSING = ("y_true com índices de classe (forma (n,)) não foi tratado: quando "
                  "y_true.ndim == 1, subtraia 1 em dinputs[range(n), y_true]")


# ---------------------------------------------------------------------------
# Testes escritos à mão


def _values_failure(title, inputs, expected, received, hint) -> Failure:
    """Falha com esperado × recebido no texto e a dica já decidida.

    (Com `has_values=True` o motor tentaria casar os erros modelados com os
    exemplos guardados da busca, que um teste escrito à mão não tem.)"""
    text = (f"{title}\nesperado: {format_value(expected)}\n"
            f"recebido: {format_value(received)}")
    return Failure(text, inputs, hints=[hint] if hint else [])


def _matching(mistakes, cases) -> list[str]:
    """Mensagens dos erros cujo modelo reproduz a saída em todos os casos."""
    found = []
    for mistake in mistakes:
        if mistake.message in found:
            continue
        ok = True
        for args, kwargs, received in cases:
            try:
                modelled = mistake.model(*args, **kwargs)
            except Exception:  # noqa: BLE001 - o modelo pode não se aplicar
                ok = False
                break
            if compare(modelled, received) is not None:
                ok = False
                break
        if ok and cases:
            found.append(mistake.message)
    return found


BOOK_PROBS = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
BOOK_LABELS = np.array([0, 1, 1])
BOOK_SOFTMAX_CE = np.array([[0.7 - 1, 0.1, 0.2], [0.1, 0.5 - 1, 0.4], [0.02, 0.9 - 1, 0.08]]) / 3
FORMAT_EXAMPLES = [
    (BOOK_PROBS, BOOK_LABELS),
    (np.array([[0.2, 0.5, 0.3], [0.0, 0.0, 1.0], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5]]),
     np.array([1, 2, 1, 0])),
    (np.array([[0.1, 0.6, 0.05, 0.05, 0.2], [0.3, 0.1, 0.1, 0.4, 0.1]]), np.array([4, 3])),
]


def _label_formats(learner, oracle):
    name = "softmax_crossentropy_backward"
    for probs, labels in FORMAT_EXAMPLES:
        k = probs.shape[1]
        formats = [
            ("índices de classe, forma (n,)", labels, LABELS_MISSING),
            ("one-hot de inteiros, forma (n, k)", np.eye(k, dtype=np.int64)[labels],
             ONE_HOT_MISSING),
            ("one-hot de floats, forma (n, k)", np.eye(k)[labels], ONE_HOT_MISSING),
        ]
        for description, y_true, missing in formats:
            inputs = [("y_pred", probs), ("y_true", y_true)]
            expected = oracle[name](probs.copy(), y_true.copy())
            out = learner.call(name, probs.copy(), y_true.copy())
            if out.error is not None:
                # "Não foi tratado" só se o outro formato funciona; senão o erro
                # é de outra coisa, e a dica é a do próprio erro.
                handled = any(learner.call(name, probs.copy(), other.copy()).error is None
                              for _, other, kind in formats if kind != missing)
                hint = missing if handled else error_hint(out.error)
                return Failure(f"com y_true em {description}, sua função levantou "
                               f"{error_text(out.error)}", inputs, hints=[hint] if hint else [])
            diff = compare(expected, out.value, inputs=inputs)
            if diff is not None:
                hints = _matching(oracle.mistakes(name), [((probs, y_true), {}, out.value)])
                return _values_failure(f"com y_true em {description}: {diff.message}",
                                       inputs, expected, out.value,
                                       hints[0] if hints else diff.hint)
    return None


# -- numerical_gradient ------------------------------------------------------
#
# As funções de teste existem nos dois processos: no do aprendiz (worker.py,
# criadas pelo nome) e aqui, para a referência, o gradiente analítico e os
# modelos de erro.


class Shown(str):
    """Um texto mostrado como está na "menor entrada" do relatório (sem aspas)."""

    def __repr__(self):
        return str(self)


class TestFunction:
    """Cópia local de `ScalarFunction` (worker.py), com o gradiente analítico."""

    def __init__(self, name, *params):
        self.name = name
        self.params = [np.asarray(p, dtype=float) if isinstance(p, (list, np.ndarray)) else p
                       for p in params]
        self.calls = 0

    def oracle_key(self):
        """A mesma função dá a mesma chave na tabela gravada (ver `oracle.key`)."""
        return {"nome": self.name, "params": self.params}

    def __call__(self, x):
        self.calls += 1
        x = np.asarray(x, dtype=float)
        if self.name == "quadratica":
            a, b = self.params
            return float(np.sum(a * x**2 + b * x))
        if self.name == "seno":
            (a,) = self.params
            return float(np.sum(np.sin(a * x)))
        (c,) = self.params
        return float(np.sum(x * c) ** 2)

    def gradient(self, x):
        x = np.asarray(x, dtype=float)
        if self.name == "quadratica":
            a, b = self.params
            return np.broadcast_to(2 * a * x + b, x.shape).astype(float)
        if self.name == "seno":
            (a,) = self.params
            return a * np.cos(a * x)
        (c,) = self.params
        return np.broadcast_to(2 * np.sum(x * c) * c, x.shape).astype(float)

    def describe(self) -> "Shown":
        return Shown(self._text())

    def _text(self) -> str:
        def show(p):
            if isinstance(p, np.ndarray):
                return np.array2string(p, separator=", ", max_line_width=10**6)
            return f"{p:g}"

        if self.name == "quadratica":
            a, b = self.params
            return f"f(x) = Σ (a·x² + b·x), com a = {show(a)} e b = {show(b)}"
        if self.name == "seno":
            return f"f(x) = Σ sin(a·x), com a = {show(self.params[0])}"
        return f"f(x) = (Σ c·x)², com c = {show(self.params[0])}"

    def arg(self):
        return function_arg(self.name, *self.params)


class NGCase:
    def __init__(self, fn: TestFunction, x, h=None, note=""):
        self.fn = fn
        self.x = np.asarray(x, dtype=float)
        self.h = h
        self.note = note

    @property
    def kwargs(self):
        return {} if self.h is None else {"h": self.h}

    def inputs(self):
        pairs = [("f", self.fn.describe()), ("x", self.x)]
        if self.h is not None:
            pairs.append(("h", self.h))
        return pairs


NG_FORWARD = ("você usou a diferença para a frente, (f(x + h) − f(x)) / h: use as "
              "diferenças centrais, (f(x + h) − f(x − h)) / (2h), bem mais precisas "
              "(erro proporcional a h² em vez de h)")
NG_MISTAKES = [
    (NG_FORWARD, "forward"),
    ("você usou a diferença para trás, (f(x) − f(x − h)) / h: use as diferenças "
     "centrais, (f(x + h) − f(x − h)) / (2h)", "backward"),
    ("o denominador das diferenças centrais é 2h, não h (o resultado ficou 2× o "
     "gradiente)", "over_h"),
    ("faltaram parênteses: (f(x + h) − f(x − h)) / 2 * h multiplica por h; escreva "
     "/ (2 * h)", "times_h"),
    ("você não devolveu x[i] ao valor original depois de perturbá-lo: os elementos "
     "seguintes foram calculados num ponto errado (guarde `original = x[i]` e, no fim, "
     "faça `x[i] = original`)", "no_restore"),
    ("você não devolveu x[i] ao valor original depois de perturbá-lo: os elementos "
     "seguintes foram calculados num ponto errado (guarde `original = x[i]` e, no fim, "
     "faça `x[i] = original`)", "no_restore_plus"),
    ("o gradiente deve ter a forma de x: crie-o com np.zeros_like(x) e percorra os "
     "elementos com np.ndindex(x.shape)", "flat"),
    ("com x 2-D, `for i in range(len(x))` perturba uma linha inteira de uma vez: "
     "percorra cada elemento com `for i in np.ndindex(x.shape)`", "rows"),
    ("você perturbou todos os elementos de x de uma vez (x + h): perturbe um elemento "
     "por vez (só x[i] muda), com os outros fixos", "all_at_once"),
]
NG_IGNORES_H = ("você ignorou o argumento h e usou um passo fixo: use o h recebido "
                "(o padrão 1e-5 só vale quando ninguém passa outro)")


def _ng_hints(cases_received, oracle) -> list[str]:
    """Erros de numerical_gradient que reproduzem todas as saídas que falharam.
    Os modelos (cada jeito errado de calcular) ficam com o professor: o oráculo
    dá o gradiente calculado de cada jeito (`gradiente_numerico`)."""
    hints = []
    for message, kind in NG_MISTAKES + [(NG_IGNORES_H, "ignores_h")]:
        if message in hints:
            continue
        ok = bool(cases_received)
        for case, received in cases_received:
            try:
                if kind == "ignores_h":
                    if case.h is None:
                        ok = False
                        break
                    modelled = oracle["gradiente_numerico"](case.fn, case.x, H, "central")
                else:
                    modelled = oracle["gradiente_numerico"](case.fn, case.x, case.h, kind)
            except Exception:  # noqa: BLE001
                ok = False
                break
            if compare(modelled, received) is not None:
                ok = False
                break
        if ok:
            hints.append(message)
    return hints


def _ng_call(learner, case: NGCase):
    return learner.call("numerical_gradient", case.fn.arg(), case.x.copy(), **case.kwargs)


def _ng_compare_test(cases, expected_of, what, tolerance):
    """Um teste: chama cada caso, compara com `expected_of(case)` e nomeia o erro.

    Os casos vêm em ordem de tamanho: a falha mostrada é a do menor; o erro
    nomeado é o que reproduz todas as que falharam."""

    def run(learner, oracle):
        failing = []
        first = None
        for case in cases:
            out = _ng_call(learner, case)
            if out.error is not None:
                return Failure(f"sua função levantou {error_text(out.error)}", case.inputs())
            expected = expected_of(case, oracle)
            diff = compare(expected, out.value, inputs=[("x", case.x)], **tolerance(expected))
            if diff is None:
                continue
            failing.append((case, out.value))
            if first is None:
                first = (case, expected, out, diff)
        if first is None:
            return None
        case, expected, out, diff = first
        hints = _ng_hints(failing, oracle)
        calls = out.calls[0] if out.calls else None
        # n + 1 chamadas (f(x) uma vez e uma por elemento) é o jeito de uma
        # diferença de um lado só; com um elemento, as centrais também chamam
        # 2 vezes, e a contagem não prova nada.
        if not hints and calls == case.x.size + 1 and case.x.size >= 2:
            hints = [NG_FORWARD]
        if not hints and diff.hint:
            hints = [diff.hint]
        note = f" ({case.note})" if case.note else ""
        title = f"{what}{note}: {diff.message}"
        if calls is not None:
            size = case.x.size
            title += (f" Sua função chamou f {calls} {'vez' if calls == 1 else 'vezes'} para "
                      f"{size} {'elemento' if size == 1 else 'elementos'} (as diferenças "
                      f"centrais chamam 2 vezes por elemento).")
        return _values_failure(title, case.inputs(), expected, out.value,
                               hints[0] if hints else None)

    return run


def _tight(expected):
    return {}


def _analytic_tolerance(expected):
    return {"rtol": 1e-6, "atol": 1e-6}


def _generated_tolerance(expected):
    # o arredondamento das duas contas (aprendiz e referência) fica em ~1e-8
    return {"rtol": 1e-6, "atol": 1e-7}


def _generated_cases():
    rng = np.random.RandomState(2024)
    shapes = [(1,), (2,), (3,), (2, 2), (4,), (1, 3), (3, 1), (2, 3), (3, 2), (5,), (3, 4)]
    names = ["quadratica", "seno", "produto"]
    cases = []
    for index, shape in enumerate(shapes):
        for offset in range(2):
            name = names[(index + offset) % 3]
            x = np.round(rng.uniform(-3, 3, shape), 3)
            if index == 4 and offset == 0:
                x[0] = 0.0
            if name == "quadratica":
                fn = TestFunction(name, round(float(rng.uniform(0.5, 3)), 2),
                                  round(float(rng.uniform(-3, 3)), 2))
            elif name == "seno":
                fn = TestFunction(name, round(float(rng.uniform(0.5, 2)), 2))
            else:
                fn = TestFunction(name, np.round(rng.uniform(-2, 2, shape), 2))
            cases.append(NGCase(fn, x))
    return cases


NG_FIXED = [
    NGCase(TestFunction("quadratica", 1.0, 0.0), [1.0, 2.0, 3.0], note="f(x) = Σ x², do notebook"),
    NGCase(TestFunction("seno", 1.0), [0.0, np.pi / 2, np.pi, -1.0], note="f(x) = Σ sin(x)"),
    NGCase(TestFunction("quadratica", 0.5, 1.0), [[1.0, -2.0], [0.0, 3.0]], note="x 2-D"),
    NGCase(TestFunction("produto", np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 1.0]])),
           [[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]], note="f(x) = (Σ c·x)², x 2-D"),
    NGCase(TestFunction("quadratica", 2.0, -1.0), [1.5], note="um elemento só"),
]
NG_GENERATED = _generated_cases()
NG_WITH_H = [
    NGCase(TestFunction("quadratica", 1.0, 1.0), [0.5, -2.0, 3.0], h=0.5,
           note="h = 0.5: numa quadrática as diferenças centrais são exatas"),
    NGCase(TestFunction("seno", 2.0), [0.3, -1.2, 2.0], h=0.1, note="h = 0.1"),
    NGCase(TestFunction("seno", 1.5), [[0.7, -0.4], [1.1, 2.5]], h=1e-3, note="h = 1e-3"),
]


def _ng_restores_x(learner, reference):
    """x deve voltar ao que era (até o arredondamento de x + h − 2h + h)."""
    for case in NG_FIXED[:3] + NG_GENERATED[-4:]:
        out = _ng_call(learner, case)
        if out.error is not None:
            return Failure(f"sua função levantou {error_text(out.error)}", case.inputs())
        after = out.args_after[1] if len(out.args_after) > 1 else None
        arr = as_array(after)
        if arr is None or arr.shape != case.x.shape:
            return Failure("sua função trocou `x` por outra coisa", case.inputs())
        if np.allclose(arr, case.x, rtol=1e-12, atol=1e-15):
            continue
        h = case.h if case.h is not None else H
        if np.allclose(arr, case.x - h, rtol=0, atol=1e-12) or \
                np.allclose(arr, case.x + h, rtol=0, atol=1e-12):
            hint = ("cada elemento de x ficou deslocado de h: depois de calcular "
                    "f(x + h) e f(x − h), devolva x[i] ao valor original (x[i] = original)")
        else:
            hint = ("trabalhe numa cópia (x = x.copy()) ou devolva cada x[i] ao valor "
                    "original logo depois de perturbá-lo")
        return _values_failure("sua função deixou `x` modificado (no fim, x deve estar "
                               "como chegou)", case.inputs(), case.x, arr, hint)
    return None


# ---------------------------------------------------------------------------

BOOK_RELU_INPUTS = np.array([[1.0, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]])
BOOK_RELU_DVALUES = np.array([[1.0, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
BOOK_RELU_EXPECTED = np.array([[1.0, 2, 0, 0], [5, 0, 0, 8], [0, 10, 11, 0]])

NOTES_X = np.array([[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]])
NOTES_W = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5],
                    [-0.26, -0.27, 0.17, 0.87]]).T
BOOK_DVALUES = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
BOOK_DENSE = (
    np.array([[0.44, -0.38, -0.07, 1.37], [0.88, -0.76, -0.14, 2.74], [1.32, -1.14, -0.21, 4.11]]),
    np.array([[0.5, 0.5, 0.5], [20.1, 20.1, 20.1], [10.9, 10.9, 10.9], [4.1, 4.1, 4.1]]),
    np.array([[6.0, 6.0, 6.0]]),
)

SITE_Z = np.array([-2.0, 0.0, 2.0])
SITE_SIGMOID = np.array([0.11920292202211755, 0.5, 0.8807970779778823])  # σ(SITE_Z)

SPEC = ModuleSpec(
    id="m05_retropropagacao",
    title="Retropropagação",
    checks=[
        FunctionCheck(
            name="relu_backward",
            points=2,
            max_examples=40,
            hints=[
                "Pela regra da cadeia, o gradiente que sai é o que chega (dvalues) vezes a derivada local da ReLU.",
                "A derivada da ReLU é 1 onde a entrada foi positiva e 0 onde foi negativa ou zero; quem decide é inputs, não dvalues.",
                "Trabalhe numa cópia de dvalues e zere os elementos em que inputs ≤ 0.",
            ],
            page=f"{PAGE}#relu",
            params=("dvalues", "inputs"),
            cases=[
                Case((BOOK_RELU_DVALUES, BOOK_RELU_INPUTS), BOOK_RELU_EXPECTED,
                     note="exemplo do livro"),
                Case((np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
                      np.array([[1.0, -2.0, 3.0], [-0.5, 0.7, 0.0]])),
                     np.array([[0.1, 0.0, 0.3], [0.0, 0.5, 0.0]]),
                     note="exemplo do site (com uma entrada exatamente 0)"),
            ],
            strategy=relu_args(),
            properties=[
                Property("dvalues onde inputs > 0, zero onde inputs ≤ 0", _relu_mask_property),
                Property("gradiente numérico (diferenças centrais, longe de 0)", _relu_gradient,
                         uses_reference=True),
            ],
        ),
        FunctionCheck(
            name="sigmoid_backward",
            points=2,
            max_examples=40,
            hints=[
                "output já é a saída da sigmoide: não calcule outra sigmoide.",
                "A derivada local é output vezes (1 − output), elemento a elemento.",
                "Multiplique essa derivada pelo gradiente que chega (dvalues).",
            ],
            page=f"{PAGE}#sigmoide",
            params=("dvalues", "output"),
            cases=[
                Case((np.ones(3), SITE_SIGMOID), note="exemplo do site, z = [−2, 0, 2]"),
                Case((np.array([1.0]), np.array([0.5])), np.array([0.25]),
                     note="em z = 0: σ = 0,5 e a derivada é 0,25"),
                Case((np.array([[2.0, -1.0], [0.5, 3.0]]), np.array([[0.0, 1.0], [0.3, 0.9]])),
                     note="saídas 0 e 1 (derivada 0) e uma matriz 2×2"),
            ],
            strategy=sigmoid_args(),
            properties=[
                Property("|dinputs| ≤ 0,25·|dvalues|", _bounded_by_dvalues(0.25, "sigmoide")),
                Property("gradiente numérico (diferenças centrais)",
                         _saturating_gradient("diferencas_sigmoide", _logit, (1e-4, 1 - 1e-4),
                                              "sum(dvalues · σ(z)), com z = logit(output)"),
                         uses_reference=True),
            ],
        ),
        FunctionCheck(
            name="tanh_backward",
            points=2,
            max_examples=40,
            hints=[
                "output já é a saída da tanh: não calcule outra tanh.",
                "A derivada local é 1 menos o quadrado de output (o quadrado é só de output).",
                "Multiplique essa derivada pelo gradiente que chega (dvalues).",
            ],
            page=f"{PAGE}#tanh",
            params=("dvalues", "output"),
            cases=[
                Case((np.ones(3), np.tanh(SITE_Z)), note="exemplo do site, z = [−2, 0, 2]"),
                Case((np.array([3.0]), np.array([0.0])), np.array([3.0]),
                     note="em z = 0 a derivada é 1: passa dvalues inteiro"),
                Case((np.array([[2.0, -1.0], [0.5, 3.0]]), np.array([[1.0, -1.0], [0.5, -0.9]])),
                     note="saídas ±1 (derivada 0) e uma matriz 2×2"),
            ],
            strategy=tanh_args(),
            properties=[
                Property("|dinputs| ≤ |dvalues|", _bounded_by_dvalues(1.0, "tanh")),
                Property("gradiente numérico (diferenças centrais)",
                         _saturating_gradient("diferencas_tanh", np.arctanh, (-1 + 1e-4, 1 - 1e-4),
                                              "sum(dvalues · tanh(z)), com z = arctanh(output)"),
                         uses_reference=True),
            ],
        ),
        FunctionCheck(
            name="dense_backward",
            points=2,
            max_examples=40,
            hints=[
                "Cada gradiente tem a forma do que ele deriva: dinputs como inputs, dweights como weights e dbiases como os vieses, (1, n_neurons).",
                "dinputs combina dvalues com os pesos transpostos; dweights combina as entradas transpostas com dvalues.",
                "dbiases é a soma de dvalues ao longo das amostras (eixo 0), mantendo a dimensão das linhas; devolva os três na ordem dinputs, dweights, dbiases.",
            ],
            page=f"{PAGE}#camada-densa",
            params=("dvalues", "inputs", "weights"),
            cases=[
                Case((BOOK_DVALUES, NOTES_X, NOTES_W), BOOK_DENSE, note="exemplo do livro"),
                Case((np.array([[1.0, -2.0]]), np.array([[3.0, 0.5, -1.0]]),
                      np.array([[1.0, 2.0], [0.0, -1.0], [4.0, 0.5]])),
                     note="uma amostra só, 3 entradas e 2 neurônios"),
            ],
            strategy=dense_args(),
            properties=[
                Property("gradiente numérico de inputs, weights e biases", _dense_gradient),
            ],
        ),
        FunctionCheck(
            name="softmax_crossentropy_backward",
            points=2,
            max_examples=40,
            hints=[
                "O gradiente combinado é a previsão menos o one-hot da classe certa, dividido pelo número de amostras.",
                "Com índices, numa cópia de y_pred, subtraia 1 só na coluna da classe certa de cada linha; com one-hot, subtraia o one-hot inteiro.",
                "Não altere y_pred (faça a conta numa cópia) e divida por n, o número de linhas, não pelo total de elementos.",
            ],
            page=f"{PAGE}#softmax-e-entropia-cruzada",
            params=("y_pred", "y_true"),
            cases=[
                Case((BOOK_PROBS, BOOK_LABELS), BOOK_SOFTMAX_CE,
                     note="exemplo do livro, rótulos como índices"),
                Case((BOOK_PROBS, np.eye(3)[BOOK_LABELS]), BOOK_SOFTMAX_CE,
                     note="exemplo do livro, rótulos one-hot"),
                Case((np.array([[0.2, 0.8]]), np.array([1])), np.array([[0.2, -0.2]]),
                     note="uma amostra só"),
            ],
            strategy=softmax_ce_args(),
            properties=[
                Property("cada linha soma 0", _softmax_ce_rows),
                Property("gradiente numérico em relação às entradas da softmax",
                         _softmax_ce_gradient),
            ],
            custom=[Custom("rótulos como índices e em one-hot", _label_formats)],
        ),
        FunctionCheck(
            name="mse_backward",
            points=2,
            max_examples=40,
            hints=[
                "Derive (ŷ − y)² em relação a ŷ: aparece um fator 2.",
                "A MSE é uma média sobre todos os elementos, então o gradiente é dividido pelo número total de elementos de y_pred.",
                "O sinal importa: onde a previsão está acima do valor real, o gradiente é positivo.",
            ],
            page=f"{PAGE}#mse",
            params=("y_pred", "y_true"),
            cases=[
                Case((np.array([[2.5], [0.0], [2.0], [8.0]]), np.array([[3.0], [-0.5], [2.0], [7.0]])),
                     np.array([[-0.25], [0.25], [0.0], [0.5]]), note="exemplo do site"),
                Case((np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]]),
                      np.array([[1.0, 0.0, 3.0], [1.0, -1.0, 1.0]])),
                     np.array([[0.0, 4.0, 0.0], [-2.0, 0.0, 6.0]]) / 6,
                     note="2 amostras × 3 saídas (m = 6 elementos)"),
            ],
            strategy=mse_args(),
            properties=[
                Property("gradiente numérico da MSE", _mse_gradient),
            ],
        ),
        FunctionCheck(
            name="numerical_gradient",
            points=2,
            hints=[
                "Perturbe um elemento de x por vez, com os outros fixos, e meça quanto f muda.",
                "Use diferenças centrais: avalie f com o elemento somado de h e subtraído de h e divida a diferença por 2h, com o h recebido.",
                "Depois de cada elemento, devolva-o ao valor original (ou trabalhe numa cópia de x); np.ndindex percorre os elementos de um array de qualquer forma.",
            ],
            page=f"{PAGE}#gradiente-numerico",
            params=("f", "x", "h"),
            check_inputs_unchanged=False,
            compare_to_reference=False,
            custom=[
                Custom("casos fixos (Σ x², seno, produto)",
                       _ng_compare_test(NG_FIXED, lambda c, r: c.fn.gradient(c.x),
                                        "longe do gradiente exato", _tight)),
                Custom("referência em entradas geradas",
                       _ng_compare_test(NG_GENERATED,
                                        lambda c, r: r["numerical_gradient"](
                                            TestFunction(c.fn.name, *c.fn.params), c.x.copy()),
                                        "diferente da referência", _generated_tolerance)),
                Custom("perto do gradiente analítico",
                       _ng_compare_test(NG_GENERATED, lambda c, r: c.fn.gradient(c.x),
                                        "longe do gradiente analítico", _analytic_tolerance)),
                Custom("usa o h recebido",
                       _ng_compare_test(NG_WITH_H,
                                        lambda c, r: r["gradiente_numerico"](c.fn, c.x, c.h,
                                                                              "central"),
                                        "diferente das diferenças centrais com este h", _tight)),
                Custom("x volta ao que era", _ng_restores_x, kind=R.CONDITION),
            ],
        ),
    ],
)
