"""Latência do aprendiz: `rna verificar <módulo>` numa submissão correta, o
processo inteiro, contra o piso `python -c "import numpy, hypothesis, pytest"`.

A submissão é o que o aluno entrega: o notebook de exercises/ com as células
de solução preenchidas com o código da referência. Como na máquina do aluno
depois do primeiro uso, o Python grava e reusa o cache de bytecode
(__pycache__): uma rodada de aquecimento, fora da medida, o grava.

Mede os dois lado a lado, na mesma execução, e imprime medianas e a razão.
Metas: um módulo em menos de 1 s nesta máquina e menos de 2,5× o piso; com
`--erros N`, a submissão traz N erros do catálogo (tests/catalogue/), em N
funções diferentes, como a primeira entrega de quem começa, e a meta é só
a de 1 s.

Uso: python bench/latencia.py [--repeticoes 7] [--erros 3] [módulo ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from autograder.professor.amostras import student_notebook  # noqa: E402
from autograder.grading import MODULES, UnknownModule, exercise_path, find_module  # noqa: E402

FLOOR = [sys.executable, "-c", "import numpy, hypothesis, pytest"]
# Sem PYTHONDONTWRITEBYTECODE (alguns ambientes o ligam): com ele, cada
# execução compilaria de novo os módulos do kit, e o piso usa os .pyc que o
# pip gravou ao instalar NumPy, hypothesis e pytest.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command, status: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=ENV)
    elapsed = time.perf_counter() - start
    # Status 0: nota máxima (o piso também sai com 0); 1 com erros de
    # propósito. Medir uma correção que quebrou não diria nada.
    if done.returncode != status:
        raise SystemExit(f"status {done.returncode} em: {' '.join(command)}")
    return elapsed


def mistakes(module: str, count: int) -> dict[str, str]:
    """Até `count` erros do catálogo do módulo, um por função: {função: código}."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import catalogue_variants

    chosen: dict[str, str] = {}
    for name, variant in catalogue_variants("MISTAKES"):
        if name == module and variant.function not in chosen and len(chosen) < count:
            chosen[variant.function] = variant.source
    return chosen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("modulos", nargs="*", default=MODULES)
    parser.add_argument("--repeticoes", type=int, default=7)
    parser.add_argument("--erros", type=int, default=0,
                        help="erros do catálogo na submissão (em funções diferentes)")
    args = parser.parse_args()
    try:
        args.modulos = [find_module(m) for m in args.modulos]
    except UnknownModule as exc:
        raise SystemExit(f"Erro: {exc}") from None
    status = 1 if args.erros else 0
    floor_runs, runs = [], {m: [] for m in args.modulos}
    with tempfile.TemporaryDirectory(prefix="rna-bench-latencia-") as folder:
        notebooks = {}
        for module in args.modulos:
            notebooks[module] = Path(folder) / f"{module}.ipynb"
            replace = mistakes(module, args.erros) if args.erros else None
            nbformat.write(student_notebook(module, exercise_path(module), replace),
                           notebooks[module])
        commands = {module: [sys.executable, "-m", "autograder", "verificar", module,
                             "--submissao", str(notebooks[module])] for module in args.modulos}
        timed(FLOOR)
        for command in commands.values():
            timed(command, status)  # aquecimento: grava o cache de bytecode
        # Intercalados: piso e módulos sofrem a mesma carga da máquina.
        for _ in range(args.repeticoes):
            floor_runs.append(timed(FLOOR))
            for module, command in commands.items():
                runs[module].append(timed(command, status))
    floor = statistics.median(floor_runs)
    print(f"piso (import numpy, hypothesis, pytest): {floor:.3f} s (mediana de {len(floor_runs)})")
    print(f"{'módulo':<24}{'mediana (s)':>12}{'razão/piso':>12}{'< 1 s':>8}{'< 2,5×':>8}")
    for module, times in runs.items():
        median = statistics.median(times)
        ratio = median / floor
        print(f"{module:<24}{median:>12.3f}{ratio:>12.2f}{'sim' if median < 1 else 'não':>8}"
              f"{'sim' if ratio < 2.5 else 'não':>8}")
    slowest = max(runs, key=lambda m: statistics.median(runs[m]))
    print(f"mais lento: {slowest}, {statistics.median(runs[slowest]):.3f} s"
          + (f" (com {args.erros} erros)" if args.erros else "")
          + f"; carga da máquina no fim: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
