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


def _kernel_cells() -> tuple[list[Cell], str] | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    history = shell.user_ns.get("In", [])
    cells = [
        Cell(_without_magics(source))
        for source in history
        if source.strip() and TEST_CELL_MARKER not in source
    ]
    return cells, "<notebook>"


def _script_cells() -> tuple[list[Cell], str]:
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None:
        raise RuntimeError("não encontrei o código a verificar (nem notebook, nem arquivo)")
    return load_cells(path), path


def verificar(module: str, function: str, ocultos: bool = True) -> float:
    """Corrige `function`; `ocultos=False` (a versão do aprendiz do notebook)
    deixa de fora os testes ocultos, que a correção do professor roda."""
    cells, filename = _kernel_cells() or _script_cells()
    result = grade_cells(module, cells, filename, only=[function], hidden=ocultos)
    (function_result,) = result.functions
    print(report.function_text(function_result))
    errors = report.load_error_lines(result)
    if errors and function_result.score < function_result.max_points:
        print("Erros ao executar o seu código:")
        for line in errors:
            print(f"  {line}")
    if function_result.curve is not None:
        _show_curve(function, *function_result.curve)
    return function_result.score


def _show_curve(function: str, x, expected, received):
    """Desenha esperado × recebido: o aprendiz vê onde as curvas se separam."""
    try:
        from IPython.display import Image, display
    except ImportError:
        return
    import io

    # Figure direto, sem pyplot: não mexe no backend do kernel do aprendiz.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3.2))
    ax = fig.subplots()
    ax.plot(x, expected, label="esperado", linewidth=3, alpha=0.6)
    ax.plot(x, received, label="recebido (sua função)", linestyle="--")
    ax.set_title(f"{function}: esperado × recebido")
    ax.set_xlabel("entrada z")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    display(Image(buffer.getvalue()))
