"""Corrige uma submissão, módulo a módulo: o ponto de entrada comum a
`rna verificar`, às células de teste do nbgrader e a `rna corrigir`."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from . import results as R
from .checks import MODULES as CHECK_MODULES
from .results import FunctionResult, ModuleResult
from .sandbox import Cell, LearnerCrashed, LearnerProcess, Limits
from .submission import load_cells

if TYPE_CHECKING:  # spec.py importa o NumPy: só depois de iniciar o aprendiz
    from .spec import ModuleSpec

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

# Os módulos vêm dos arquivos de autograder/checks/ (um por módulo).
MODULES = CHECK_MODULES


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


def _all_broken(module: str, module_spec: ModuleSpec, checks, filename: str,
                message: str) -> ModuleResult:
    return ModuleResult(
        module, module_spec.title,
        [FunctionResult(module, c.name, c.points, c.page, status=R.BROKEN, message=message)
         for c in checks],
        submission=filename,
    )


def grade_cells(module: str, cells: list[Cell], filename: str,
                only: list[str] | None = None, limits: Limits | None = None,
                hidden: bool = True) -> ModuleResult:
    """Corrige as células de uma submissão. Nada que o código do aprendiz
    faça levanta exceção aqui: cada problema vira a nota e a mensagem da
    função afetada (ver site/professor/seguranca.md)."""
    with LearnerProcess(cells, filename, limits) as process:
        process.begin_module()
        # O processo do aprendiz inicia enquanto este carrega o motor (e o
        # NumPy), as verificações e a referência: cada um num núcleo.
        process.launch()
        from .engine import FunctionGrader, Learner

        module_spec = spec(module)
        ref = reference(module)
        checks = [c for c in module_spec.checks if only is None or c.name in only]
        try:
            load = process.start()
        except LearnerCrashed as exc:
            # O processo nem iniciou (ou o prazo do módulo acabou ao carregar).
            return _all_broken(module, module_spec, checks, filename,
                               f"ao carregar o arquivo: {exc.reason}")
        learner = Learner(process)
        functions = []
        for check in checks:
            if process.module_expired():
                functions.append(FunctionResult(
                    module, check.name, check.points, check.page, status=R.BROKEN,
                    message=process.module_expired_message()))
                continue
            process.begin_function()
            try:
                result = FunctionGrader(module, check, learner, ref, hidden=hidden).run()
            except LearnerCrashed as exc:  # fora de uma chamada (ex.: ao reiniciar)
                result = FunctionResult(module, check.name, check.points, check.page,
                                        status=R.BROKEN, message=exc.reason)
            except Exception as exc:  # noqa: BLE001 - um valor estranho não derruba a correção
                result = FunctionResult(
                    module, check.name, check.points, check.page, status=R.BROKEN,
                    message=("o corretor não conseguiu avaliar o que a sua função devolveu "
                             f"({type(exc).__name__}: {str(exc)[:300]})"))
            result.output = process.function_output()
            functions.append(result)
    return ModuleResult(module, module_spec.title, functions, load.errors, filename)


def grade_file(module: str, path: Path, only: list[str] | None = None) -> ModuleResult:
    path = Path(path)
    return grade_cells(module, load_cells(path), str(path), only)
