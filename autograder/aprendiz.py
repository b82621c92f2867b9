"""O ciclo do aprendiz: progresso, dicas reveladas aos poucos e o modo observar."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from . import edicao
from .grading import ROOT, spec
from .results import ModuleResult



def _state_file() -> Path:
    """Onde guardar as dicas já reveladas (RNA_ESTADO troca a pasta)."""
    # Na edição do aluno o pacote mora no site-packages: o estado fica na
    # pasta dos notebooks (a atual), como no kit completo fica na raiz do curso.
    default = Path.cwd() / ".rna" if edicao.is_student() else ROOT / ".rna"
    return Path(os.environ.get("RNA_ESTADO", default)) / "dicas.json"


# -- dicas -------------------------------------------------------------------


def _load_state() -> dict:
    try:
        return json.loads(_state_file().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _save_state(state: dict):
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def reveal_hint(module: str, function: str) -> tuple[list[str], int]:
    """Revela mais uma dica da função; devolve as reveladas e o total."""
    hints = spec(module).check(function).hints
    state = _load_state()
    key = f"{module}.{function}"
    shown = min(state.get(key, 0) + 1, len(hints))
    state[key] = shown
    _save_state(state)
    return hints[:shown], len(hints)


def reset_hints(module: str):
    state = {k: v for k, v in _load_state().items() if not k.startswith(f"{module}.")}
    _save_state(state)


# -- progresso ---------------------------------------------------------------


def next_step(results: list[ModuleResult]) -> str:
    for result in results:
        for function in result.functions:
            if function.score < function.max_points:
                return (f"{result.module}.{function.function} "
                        f"({function.score:g}/{function.max_points:g}): "
                        f"rode `rna verificar {result.module}` para ver o que falta, "
                        f"ou `rna dica {result.module} {function.function}`")
    return "tudo completo: parabéns! Que tal reler o site e tentar o projeto final?"


# -- observar ----------------------------------------------------------------


def function_signature(result: ModuleResult) -> dict:
    """O que importa comparar entre duas correções: nota e falhas de cada função."""
    return {
        f.function: (f.score, f.status, tuple(t.failure.title for t in f.tests if t.failure))
        for f in result.functions
    }


def changed_functions(before: ModuleResult | None, after: ModuleResult) -> list[str]:
    if before is None:
        return [f.function for f in after.functions]
    old, new = function_signature(before), function_signature(after)
    return [name for name in new if old.get(name) != new[name]]


def watch(path: Path, on_change, interval: float = 0.5, stop=None):
    """Chama `on_change()` agora e a cada vez que o arquivo é salvo.

    Compara a data de modificação e o tamanho (consulta a cada `interval` s):
    salvar no Jupyter ou num editor muda os dois. `stop()` encerra o laço
    (os testes usam; o aprendiz usa Ctrl+C).
    """
    last = None
    while stop is None or not stop():
        try:
            stat = path.stat()
            current = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            current = None
        if current != last and current is not None:
            last = current
            on_change()
        time.sleep(interval)

