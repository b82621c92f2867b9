"""Corrige uma submissão, módulo a módulo: o ponto de entrada comum a
`rna verificar`, às células de teste do nbgrader e a `rna corrigir`."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from . import results as R
from .engine import FunctionGrader, Learner
from .results import FunctionResult, ModuleResult
from .sandbox import Cell, LearnerCrashed, LearnerProcess
from .spec import ModuleSpec
from .submission import load_cells

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

MODULES = [
    "m01_produto_escalar",
    "m02_camada_densa",
    "m03_ativacoes",
    "m04_perda",
    "m05_retropropagacao",
    "m06_otimizacao",
    "m07_lotes",
]


def spec(module: str) -> ModuleSpec:
    return importlib.import_module(f"autograder.checks.{module}").SPEC


def solution_path(module: str) -> Path:
    return SOLUTIONS / module / f"{module}.py"


def exercise_path(module: str) -> Path:
    return EXERCISES / module / f"{module}.ipynb"


@functools.cache
def reference(module: str) -> dict:
    """O módulo completo de solutions/, executado neste processo (sem as
    células de teste): a referência das verificações."""
    namespace: dict = {"__name__": f"rna_referencia_{module}"}
    path = solution_path(module)
    for cell in load_cells(path):
        code = compile("\n" * (cell.first_line - 1) + cell.source, str(path), "exec")
        exec(code, namespace)
    return namespace


def grade_cells(module: str, cells: list[Cell], filename: str,
                only: list[str] | None = None) -> ModuleResult:
    module_spec = spec(module)
    ref = reference(module)
    checks = [c for c in module_spec.checks if only is None or c.name in only]
    with LearnerProcess(cells, filename) as process:
        try:
            load = process.start()
            load_errors = load.errors
        except LearnerCrashed as exc:
            # O arquivo derrubou o processo ao ser carregado: nada dele pode
            # ser corrigido, e cada função diz por quê.
            return ModuleResult(
                module, module_spec.title,
                [FunctionResult(module, c.name, c.points, c.page, status=R.BROKEN,
                                message=f"ao carregar o arquivo: {exc.reason}")
                 for c in checks],
                submission=filename,
            )
        learner = Learner(process)
        functions = []
        for check in checks:
            result = FunctionGrader(module, check, learner, ref).run()
            if process.proc is not None:
                result.output = process.output()[-2000:]
            functions.append(result)
    return ModuleResult(module, module_spec.title, functions, load_errors, filename)


def grade_file(module: str, path: Path, only: list[str] | None = None) -> ModuleResult:
    path = Path(path)
    return grade_cells(module, load_cells(path), str(path), only)
