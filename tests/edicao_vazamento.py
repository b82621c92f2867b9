"""Procura, na roda da edição do aluno, uma função que ganhe a nota máxima
em alguma função corrigida se for entregue no lugar dela.

Cada função definida em qualquer arquivo .py da roda (também métodos e
funções aninhadas) vira uma candidata: o seu código, com outro nome, numa
submissão. Candidatas que dão o valor certo em todos os casos do curso da
função corrigida (ou, sem casos, nas entradas gravadas) são corrigidas de
verdade pelo kit completo, com os testes ocultos. O código das candidatas
roda no processo isolado do aprendiz, como o de um aluno.
"""

from __future__ import annotations

import ast
import copy
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder import gravado
from autograder.compare import compare
from autograder.engine import Abort, Learner
from autograder.grading import grade_file, spec
from autograder.professor.referencia import LiveOracle
from autograder.sandbox import Cell, LearnerProcess

PRELUDE = "import math\nimport numpy as np\n"


@dataclass
class Candidate:
    name: str  # nome dado na submissão
    origin: str  # arquivo:função, para a mensagem
    source: str  # código com o nome trocado
    required: int  # parâmetros posicionais obrigatórios
    total: int  # parâmetros posicionais possíveis (inf com *args)

    def fits(self, count: int) -> bool:
        return self.required <= count <= self.total


def candidates(wheel: Path) -> list[Candidate]:
    found = []
    with zipfile.ZipFile(wheel) as zf:
        for member in sorted(zf.namelist()):
            if not member.endswith(".py"):
                continue
            text = zf.read(member).decode("utf-8")
            tree = ast.parse(text)
            for node in ast.walk(tree):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                source = textwrap.dedent(ast.get_source_segment(text, node) or "")
                name = f"candidata_{len(found)}"
                source = source.replace(f"def {node.name}(", f"def {name}(", 1)
                args = node.args
                positional = len(args.posonlyargs) + len(args.args)
                required = positional - len(args.defaults)
                total = float("inf") if args.vararg else positional
                found.append(Candidate(name, f"{member}:{node.name}", source, required, total))
    return found


def _probes(module: str, check, oracle) -> list[tuple[tuple, dict, object]]:
    """(args, kwargs, esperado) que a candidata precisa acertar."""
    probes = []
    for case in check.cases:
        if case.raises is not None:
            continue
        expected = case.expected
        if expected is None:
            expected = oracle[check.name](*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        probes.append((case.args, case.kwargs, expected))
    if not probes:
        search = gravado.search_key(check.name, "", gravado.PUBLIC_SEED, check.max_examples)
        for args, kwargs in (gravado.examples(module, search) or [])[:3]:
            probes.append((args, kwargs, oracle[check.name](*copy.deepcopy(args),
                                                               **copy.deepcopy(kwargs))))
    return probes


def full_mark_functions(wheel: Path, module: str, tmp: Path, make_submission) -> list[str]:
    """As candidatas que ganham a nota máxima em alguma função de `module`."""
    pool = candidates(wheel)
    module_spec = spec(module)
    oracle = LiveOracle(module)
    cells = [Cell(PRELUDE)] + [Cell(c.source) for c in pool]
    survivors = []
    with LearnerProcess(cells, "<candidatas>") as process:
        process.begin_module()
        process.start()
        learner = Learner(process)
        for check in module_spec.checks:
            probes = _probes(module, check, oracle)
            if not probes:
                continue
            for candidate in pool:
                if not all(candidate.fits(len(args)) for args, _, _ in probes):
                    continue
                process.begin_function()
                if _passes(learner, candidate, probes, check):
                    survivors.append((check, candidate))
    winners = []
    for check, candidate in survivors:
        source = candidate.source.replace(f"def {candidate.name}(", f"def {check.name}(", 1)
        path = make_submission(module, PRELUDE + source)
        result = grade_file(module, path, only=[check.name], hidden=True)
        if result.score == result.max_score:
            winners.append(f"{candidate.origin} como {module}.{check.name}")
    return winners


def _passes(learner, candidate, probes, check) -> bool:
    for args, kwargs, expected in probes:
        learner.aborted = None
        try:
            outcome = learner.call(candidate.name, *args, **kwargs)
        except Abort:
            return False
        if outcome.error is not None:
            return False
        if check.comparator is not None:
            try:
                if check.comparator(args, kwargs, expected, outcome.value) is not None:
                    return False
            except Exception:  # noqa: BLE001 - uma saída que nem se compara
                return False
        elif compare(expected, outcome.value, rtol=check.rtol, atol=check.atol) is not None:
            return False
    return True
