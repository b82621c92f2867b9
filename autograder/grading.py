"""Corrige uma submissão, módulo a módulo: o ponto de entrada comum a
`rna verificar`, às células de teste do nbgrader e a `rna corrigir`."""

from __future__ import annotations

import difflib
import importlib
import re
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from . import edicao
from . import results as R
from .checks import MODULES as CHECK_MODULES
from .results import FunctionResult, ModuleResult
from .sandbox import Cell, LearnerCrashed, LearnerProcess, Limits
from .submission import load_cells

if TYPE_CHECKING:  # spec.py importa o NumPy: só depois de iniciar o aprendiz
    from .spec import ModuleSpec

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"

# Os módulos vêm dos arquivos de autograder/checks/ (um por módulo).
MODULES = CHECK_MODULES


class UnknownModule(ValueError):
    """Um nome que não é de nenhum módulo (a mensagem sugere o mais parecido)."""


def find_module(name: str) -> str:
    """O módulo pelo nome inteiro ou abreviado: `m03_ativacoes`, `m03`, `3`,
    `ativacoes`; um nome desconhecido levanta `UnknownModule`, que sugere o
    mais parecido."""
    if name in MODULES:
        return name
    key = name.strip().lower()
    number = re.fullmatch(r"m?0*(\d+)", key)
    for module in MODULES:
        prefix, _, topic = module.partition("_")
        if number and int(prefix[1:]) == int(number.group(1)):
            return module
        if key in (prefix, topic):
            return module
    topics = [m.partition("_")[2] for m in MODULES]
    close = difflib.get_close_matches(key, [*MODULES, *topics], n=1)
    suggestion = ""
    if close:
        module = next(m for m in MODULES if close[0] in (m, m.partition("_")[2]))
        suggestion = f" (quis dizer {module}?)"
    raise UnknownModule(f"módulo desconhecido: {name}{suggestion}. Módulos: {', '.join(MODULES)}")


def spec(module: str) -> ModuleSpec:
    return importlib.import_module(f"autograder.checks.{module}").SPEC


def exercise_path(module: str, folder: Path | None = None) -> Path:
    """O notebook do módulo. No kit completo, o de exercises/; na edição do
    aluno (ou com `folder`), o da pasta atual: solto, numa pasta do módulo,
    em notebooks/ ou em exercises/."""
    if folder is None and not edicao.is_student():
        return EXERCISES / module / f"{module}.ipynb"
    here = Path(folder) if folder is not None else Path.cwd()
    candidates = [here / f"{module}.ipynb", here / module / f"{module}.ipynb",
                  here / "notebooks" / f"{module}.ipynb",
                  here / "exercises" / module / f"{module}.ipynb"]
    return next((p for p in candidates if p.is_file()), candidates[0])


def _all_broken(module: str, module_spec: ModuleSpec, checks, filename: str,
                message: str) -> ModuleResult:
    return ModuleResult(
        module, module_spec.title,
        [FunctionResult(module, c.name, c.points, c.page, status=R.BROKEN, message=message)
         for c in checks],
        submission=filename,
    )


def prepare(module: str) -> None:
    """Carrega neste processo, de uma vez, o que corrigir o módulo usa (o
    motor, as verificações, a referência, as entradas gravadas): os
    processos de `rna corrigir` nascem deste e já o encontram pronto."""
    from . import engine  # noqa: F401

    spec(module)
    edicao.prepare(module)


def grade_cells(module: str, cells: list[Cell], filename: str,
                only: list[str] | None = None, limits: Limits | None = None,
                hidden: bool = True, oracle=None) -> ModuleResult:
    """Corrige as células de uma submissão. Nada que o código do aprendiz
    faça levanta exceção aqui: cada problema vira a nota e a mensagem da
    função afetada (ver site/professor/seguranca.md).

    `hidden`: roda também os testes ocultos, quando a edição os tem (só a do
    professor). `oracle`: de onde vêm os valores esperados (padrão: o da
    edição instalada, ver `edicao.py`)."""
    with LearnerProcess(cells, filename, limits) as process:
        process.begin_module()
        # O processo do aprendiz inicia enquanto este carrega o motor (e o
        # NumPy), as verificações e a referência: cada um num núcleo.
        process.launch()
        from .engine import FunctionGrader, Learner

        module_spec = spec(module)
        oracle = oracle or edicao.oracle(module)
        searches = edicao.searches(module)
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
                result = FunctionGrader(module, check, learner, oracle, searches,
                                        hidden=hidden).run()
            except LearnerCrashed as exc:  # fora de uma chamada (ex.: ao reiniciar)
                result = FunctionResult(module, check.name, check.points, check.page,
                                        status=R.BROKEN, message=exc.reason)
            except Exception:  # noqa: BLE001 - uma falha do kit não derruba a correção
                # O código do aprendiz roda em outro processo: uma exceção aqui
                # é do próprio corretor (uma verificação com defeito, um valor
                # esperado que não foi gravado), nunca cobrada do aluno.
                result = FunctionResult(
                    module, check.name, check.points, check.page, status=R.GRADER_ERROR,
                    message=("o corretor falhou ao verificar esta função; avise o professor "
                             "(detalhes abaixo)\n" + _short_traceback()))
            result.output = process.function_output()
            functions.append(result)
    return ModuleResult(module, module_spec.title, functions, load.errors, filename)


def _short_traceback() -> str:
    return "".join(traceback.format_exc(limit=-4))[-1500:]


def grade_file(module: str, path: Path, only: list[str] | None = None,
               hidden: bool = True) -> ModuleResult:
    path = Path(path)
    return grade_cells(module, load_cells(path), str(path), only, hidden=hidden)
