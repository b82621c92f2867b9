"""Verificações do módulo 1: produto escalar em Python puro."""

from ..spec import Case, FunctionCheck, ModuleSpec, Property
from ..strategies import reals, st

PAGE = "conceitos/produto-escalar.md"

NOTES_WEIGHTS = [
    [0.2, 0.8, -0.5, 1.0],
    [0.5, -0.91, 0.26, -0.5],
    [-0.26, -0.27, 0.17, 0.87],
]
NOTES_INPUTS = [1, 2, 3, 2.5]
NOTES_BIASES = [2, 3, 0.5]


def vector(min_size=0, max_size=6):
    return st.lists(reals(), min_size=min_size, max_size=max_size)


def same_length_vectors(min_size=0):
    return st.integers(min_size, 6).flatmap(
        lambda n: st.tuples(vector(n, n), vector(n, n))
    )


def rectangular(min_rows=1):
    return st.tuples(st.integers(min_rows, 5), st.integers(1, 5)).flatmap(
        lambda s: st.lists(vector(s[1], s[1]), min_size=s[0], max_size=s[0])
    )


def neuron_args():
    return st.integers(1, 6).flatmap(
        lambda n: st.tuples(vector(n, n), vector(n, n), reals())
    )


def layer_args():
    def build(shape):
        neurons, inputs = shape
        return st.tuples(
            vector(inputs, inputs),
            st.lists(vector(inputs, inputs), min_size=neurons, max_size=neurons),
            vector(neurons, neurons),
        )

    return st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(build)


def _different_lengths():
    return st.tuples(vector(), vector()).filter(lambda ab: len(ab[0]) != len(ab[1]))


def _transpose_is_involution(args, kwargs, received):
    (matrix,) = args
    if not isinstance(received, list) or not all(isinstance(r, list) for r in received):
        return "a transposta deve ser uma lista de listas"
    if len(received) != len(matrix[0]) or any(len(r) != len(matrix) for r in received):
        return (
            f"uma matriz {len(matrix)}×{len(matrix[0])} deveria virar "
            f"{len(matrix[0])}×{len(matrix)}"
        )
    return None


SPEC = ModuleSpec(
    id="m01_produto_escalar",
    title="Produto escalar",
    checks=[
        FunctionCheck(
            name="dot",
            points=2,
            hints=[
                "Percorra as duas listas ao mesmo tempo: o par (a[i], b[i]) é multiplicado, e todos os produtos são somados.",
                "Comece um acumulador em 0 e, a cada posição i, some a[i] * b[i] a ele; no fim, devolva o acumulador.",
                "Antes de tudo, compare len(a) e len(b): se forem diferentes, levante ValueError com uma mensagem dizendo os dois tamanhos.",
                "Cuidado com zip: ele para na lista mais curta sem avisar, por isso a verificação de tamanho vem antes.",
            ],
            page=f"{PAGE}#vetor-vetor",
            params=("a", "b"),
            cases=[
                Case(([1, 2, 3], [3, 2, 1]), 10, note="exemplo das notas [1,2,3]·[3,2,1]"),
                Case(([1, 2, 3, 2.5], NOTES_WEIGHTS[0]), 2.8, note="primeira linha de pesos das notas"),
                Case(([1, 2, 3], [1, 2]), raises=ValueError, note="tamanhos diferentes"),
            ],
            strategy=same_length_vectors(),
            properties=[
                Property("ValueError para tamanhos diferentes", raises=ValueError,
                         strategy=_different_lengths()),
            ],
        ),
        FunctionCheck(
            name="transpose",
            points=2,
            hints=[
                "Uma matriz de r linhas e c colunas vira uma de c linhas e r colunas.",
                "A linha j da transposta é formada pelo elemento j de cada linha da original, na ordem das linhas.",
                "Monte uma lista nova para cada j em range(número de colunas), sem alterar a matriz recebida.",
            ],
            page=f"{PAGE}#transposicao",
            params=("matrix",),
            cases=[Case((NOTES_WEIGHTS,), note="matriz 3×4 das notas")],
            strategy=st.tuples(rectangular()),
            properties=[Property("forma da transposta", _transpose_is_involution)],
        ),
        FunctionCheck(
            name="neuron_output",
            points=2,
            hints=[
                "Um neurônio faz duas coisas: a soma ponderada das entradas e, depois, soma o viés uma única vez.",
                "A soma ponderada é exatamente o produto escalar entre inputs e weights.",
                "O viés não multiplica nada: ele entra no final, fora da soma.",
            ],
            page=f"{PAGE}#vetor-vetor",
            params=("inputs", "weights", "bias"),
            cases=[Case((NOTES_INPUTS, NOTES_WEIGHTS[0], 2), 4.8, note="primeiro neurônio das notas")],
            strategy=neuron_args(),
        ),
        FunctionCheck(
            name="layer_output",
            points=2,
            hints=[
                "Cada linha de weights é o vetor de pesos de um neurônio; cada neurônio tem o seu viés em biases.",
                "Para cada par (linha de pesos, viés), calcule a saída de um neurônio com as mesmas entradas.",
                "A resposta é uma lista com uma saída por neurônio: 3 linhas de pesos dão 3 números.",
            ],
            page=f"{PAGE}#uma-linha-de-pesos-por-neuronio",
            params=("inputs", "weights", "biases"),
            cases=[
                Case((NOTES_INPUTS, NOTES_WEIGHTS, NOTES_BIASES), [4.8, 1.21, 2.385],
                     note="exemplo 3×4 das notas"),
                Case((NOTES_INPUTS, NOTES_WEIGHTS, [0, 0, 0]), [2.8, -1.79, 1.885],
                     note="exemplo das notas sem vieses"),
            ],
            strategy=layer_args(),
        ),
    ],
)
