"""O formato dos resultados de treino (m07, m08, m11, m12): um dicionário só
com dados simples e as chaves combinadas, e os parâmetros de uma rede densa
de duas camadas. Cada módulo confere o resto (as curvas) do seu jeito."""

from __future__ import annotations

from .compare import describe_shape, float_array, unsupported


def dict_problem(value, keys, contents: str = "arrays e listas de números") -> str | None:
    """O que impede `value` de ser o dicionário combinado, ou None."""
    if unsupported(value) is not None:
        return (f"o resultado não é um dado simples ({unsupported(value)}): devolva um "
                f"dicionário com {contents}")
    if not isinstance(value, dict):
        return (f"o resultado deveria ser um dicionário com as chaves {', '.join(keys)}; "
                f"veio {describe_shape(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        return f"faltou no dicionário: {', '.join(repr(k) for k in missing)}"
    return None


def two_layer_params(value: dict, n_features: int, n_classes: int, rows: str = ""):
    """((w1, b1, w2, b2), None), com os vieses na forma (1, n), ou (None, o
    texto do problema). `rows` explica as linhas de weights1 na mensagem."""
    w1, w2 = float_array(value["weights1"], (2,)), float_array(value["weights2"], (2,))
    b1, b2 = float_array(value["biases1"], (1, 2)), float_array(value["biases2"], (1, 2))
    if w1 is None or w1.shape[0] != n_features:
        note = f": {rows}" if rows else ""
        return None, (f"weights1 deveria ter a forma ({n_features}, n_hidden){note}; veio "
                      f"{describe_shape(value['weights1'])}")
    hidden = w1.shape[1]
    if b1 is None or b1.size != hidden or b1.shape not in ((1, hidden), (hidden,)):
        return None, (f"biases1 deveria ter a forma (1, {hidden}); veio "
                      f"{describe_shape(value['biases1'])}")
    if w2 is None or w2.shape != (hidden, n_classes):
        return None, (f"weights2 deveria ter a forma ({hidden}, {n_classes}); veio "
                      f"{describe_shape(value['weights2'])}")
    if b2 is None or b2.shape not in ((1, n_classes), (n_classes,)):
        return None, (f"biases2 deveria ter a forma (1, {n_classes}); veio "
                      f"{describe_shape(value['biases2'])}")
    return (w1, b1.reshape(1, -1), w2, b2.reshape(1, -1)), None
