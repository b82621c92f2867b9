"""Os modelos dos erros conhecidos de m01_produto_escalar (só na edição do professor)."""

from ...spec import Mistake

MISTAKES = {
    'dot': [
            Mistake("você somou a + b em vez de multiplicar",
                    lambda a, b: sum(x + y for x, y in zip(a, b))),
            Mistake("você devolveu a lista dos produtos, sem somar",
                    lambda a, b: [x * y for x, y in zip(a, b)]),
            Mistake("o último par ficou de fora (range(len(a) - 1))",
                    lambda a, b: sum(x * y for x, y in list(zip(a, b))[:-1])),
    ],
    'transpose': [
            Mistake("você devolveu a própria matriz, sem transpor", lambda m: m),
            Mistake("você usou len(matrix) (o número de linhas) também para as colunas: "
                    "a transposta tem len(matrix[0]) linhas",
                    lambda m: [[row[j] for row in m] for j in range(len(m))]),
    ],
    'neuron_output': [
            Mistake("você esqueceu de somar o viés (bias)",
                    lambda i, w, b: sum(x * y for x, y in zip(i, w))),
            Mistake("você multiplicou pelo viés em vez de somar",
                    lambda i, w, b: sum(x * y for x, y in zip(i, w)) * b),
            Mistake("você somou o viés em cada produto, não uma vez só",
                    lambda i, w, b: sum(x * y + b for x, y in zip(i, w))),
    ],
    'layer_output': [
            Mistake("você esqueceu de somar os vieses (biases)",
                    lambda i, W, B: [sum(x * w for x, w in zip(i, row)) for row in W]),
            Mistake("você usou um só viés (o primeiro) para todos os neurônios",
                    lambda i, W, B: [sum(x * w for x, w in zip(i, row)) + B[0] for row in W]),
    ],
}
