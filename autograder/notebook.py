"""A verificação dentro do notebook (células de teste, também as do nbgrader).

`verificar(módulo, função)` junta o código que já rodou no kernel (as células
executadas, menos as de teste), corrige aquela função num processo separado,
com as mesmas verificações de `rna verificar`, imprime o retorno em português
e devolve a nota da função como número: o nbgrader lê esse número como a nota
parcial da célula. Nada vai para o stderr (o nbgrader daria zero à célula).
"""

from __future__ import annotations

import sys

from . import report
from .grading import grade_cells
from .sandbox import Cell
from .submission import TEST_CELL_MARKER, _without_magics, load_cells


def _kernel_cells() -> tuple[list[Cell], str, list[int]] | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    history = shell.user_ns.get("In", [])
    # In[n] é a célula que o Jupyter mostra como [n]: guardamos n para dizer
    # ao aprendiz em que célula foi o erro, como ele a vê.
    counts = [n for n, source in enumerate(history)
              if source.strip() and TEST_CELL_MARKER not in source]
    cells = [Cell(_without_magics(history[n])) for n in counts]
    return cells, report.KERNEL, counts


def _script_cells() -> tuple[list[Cell], str, None]:
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None:
        raise RuntimeError("não encontrei o código a verificar (nem notebook, nem arquivo)")
    return load_cells(path), path, None


def _number_as_jupyter(errors: list[dict], counts: list[int] | None):
    """Troca o índice da célula pelo [n] de execução que o Jupyter mostra."""
    for error in errors if counts else []:
        if isinstance(error.get("cell"), int) and error["cell"] < len(counts):
            error["cell"] = counts[error["cell"]] - 1
            error["kernel"] = True


def verificar(module: str, function: str, ocultos: bool = True) -> float:
    """Corrige `function`; `ocultos=False` (a versão do aprendiz do notebook)
    deixa de fora os testes ocultos, que a correção do professor roda."""
    cells, filename, counts = _kernel_cells() or _script_cells()
    result = grade_cells(module, cells, filename, only=[function], hidden=ocultos)
    _number_as_jupyter(result.load_errors, counts)
    report.explain_missing(result, [cell.source for cell in cells])
    (function_result,) = result.functions
    failed = function_result.score < function_result.max_points
    print(report.function_text(function_result))
    errors = report.load_error_lines(result)
    if errors and failed:
        print("Erros ao executar o seu código:")
        for line in errors:
            print(f"  {line}")
    if function_result.curve is not None:
        _show_curve(function, *function_result.curve)
    if failed and function_result.losses:
        _show_losses(function, function_result.losses)
    return function_result.score


def _show_curve(function: str, x, expected, received):
    """Desenha esperado × recebido: o aprendiz vê onde as curvas se separam."""
    fig, ax = _figure()
    if fig is None:
        return
    ax.plot(x, expected, label="esperado", linewidth=3, alpha=0.6)
    ax.plot(x, received, label="recebido (sua função)", linestyle="--")
    ax.set_title(f"{function}: esperado × recebido")
    ax.set_xlabel("entrada z")
    ax.grid(alpha=0.3)
    ax.legend()
    _display(fig)


def _show_losses(function: str, losses: dict):
    """A curva de perda do treino do aprendiz: subiu, estacionou, virou nan?"""
    import numpy as np

    fig, ax = _figure()
    if fig is None:
        return
    for name, series in losses.items():
        series = np.asarray(series, dtype=float)
        ax.plot(np.arange(1, series.size + 1), series, label=name)
    ax.set_title(f"{function}: a perda que o seu treino devolveu")
    ax.set_xlabel("época (ou passo)")
    ax.set_ylabel("perda")
    ax.grid(alpha=0.3)
    ax.legend()
    _display(fig)


def _figure():
    try:
        import IPython.display  # noqa: F401 - sem IPython, não há onde mostrar
    except ImportError:
        return None, None
    # Figure direto, sem pyplot: não mexe no backend do kernel do aprendiz.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3.2))
    return fig, fig.subplots()


def _display(fig):
    import io

    from IPython.display import Image, display

    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    display(Image(buffer.getvalue()))
