from . import Variant

MISTAKES = [
    Variant("dot", "soma em vez de produto", '''
def dot(a, b):
    return sum(x + y for x, y in zip(a, b))
''', hint="somou a + b"),
    Variant("dot", "zip corta em silêncio, sem ValueError", '''
def dot(a, b):
    total = 0
    for x, y in zip(a, b):
        total += x * y
    return total
'''),
    Variant("neuron_output", "esqueceu o viés", '''
def neuron_output(inputs, weights, bias):
    return sum(x * w for x, w in zip(inputs, weights))
''', hint="viés"),
    Variant("layer_output", "pesos lidos por coluna (não transpôs a ideia)", '''
def layer_output(inputs, weights, biases):
    out = []
    for j in range(len(biases)):
        out.append(sum(inputs[i] * weights[i][j] for i in range(len(inputs)) if i < len(weights) and j < len(weights[i])) + biases[j])
    return out
'''),
    Variant("transpose", "modifica a matriz original", '''
def transpose(matrix):
    result = [[row[j] for row in matrix] for j in range(len(matrix[0]))]
    matrix.reverse()
    matrix.reverse()
    matrix.append([])
    return result
'''),
    Variant("transpose", "len(matrix) também para as colunas (sem broadcasting em listas)", '''
def transpose(matrix):
    return [[matrix[i][j] for i in range(len(matrix))] for j in range(len(matrix))]
''', hint="len(matrix[0])", not_hint="broadcasting"),
]

ALTERNATIVES = [
    Variant("dot", "laço com índices", '''
def dot(a, b):
    if len(a) != len(b):
        raise ValueError("tamanhos diferentes")
    total = 0.0
    for i in range(len(a)):
        total = total + a[i] * b[i]
    return total
'''),
    Variant("transpose", "zip(*matrix)", '''
def transpose(matrix):
    return [list(col) for col in zip(*matrix)]
'''),
    Variant("layer_output", "laço explícito", '''
def layer_output(inputs, weights, biases):
    outputs = []
    for neuron_weights, neuron_bias in zip(weights, biases):
        z = 0
        for x, w in zip(inputs, neuron_weights):
            z += x * w
        outputs.append(z + neuron_bias)
    return outputs
'''),
]
