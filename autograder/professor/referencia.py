"""A referência de solutions/ e o oráculo que a roda neste processo."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from ..oracle import Oracle
from ..spec import Mistake
from ..submission import load_cells

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"


def solution_path(module: str) -> Path:
    return SOLUTIONS / module / f"{module}.py"


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


@functools.cache
def _models(module: str):
    return importlib.import_module(f"{__package__}.modelos.{module}")


def mistakes(module: str) -> dict[str, list[Mistake]]:
    """Os erros conhecidos do módulo, com os modelos (`modelos/<módulo>.py`)."""
    return _models(module).MISTAKES


class LiveOracle(Oracle):
    """A referência e os modelos de erro, rodando de verdade."""

    def __init__(self, module: str):
        self.module = module
        self.namespace = reference(module)

    def __getitem__(self, name: str):
        """Uma função da referência (corrigida ou dada pelo notebook) ou um
        valor derivado que só o professor calcula (`DERIVED` dos modelos)."""
        if name in self.namespace:
            return self.namespace[name]
        return getattr(_models(self.module), "DERIVED", {})[name]

    def mistakes(self, function: str) -> list[Mistake]:
        return mistakes(self.module).get(function, [])
