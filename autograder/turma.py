"""`rna corrigir`: corrige a pasta de submissões de uma turma inteira.

Aceita o layout do nbgrader (`submitted/<aluno>/<módulo>/<módulo>.ipynb`) ou
um arquivo por aluno (`<aluno>.ipynb` ou `<aluno>.py`, com o módulo informado
ou no nome do arquivo). Cada submissão é corrigida pelo mesmo `grade_file` de
`rna verificar`, em paralelo, e os resultados são gravados de forma
determinística: rodar de novo reescreve os mesmos arquivos.
"""

from __future__ import annotations

import csv
import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import report
from .grading import MODULES, grade_file
from .results import BROKEN, FunctionResult, ModuleResult
from .submission import SubmissionError


@dataclass(frozen=True)
class Submission:
    student: str
    module: str
    path: Path


class LayoutError(Exception):
    """A pasta não tem submissões num formato conhecido."""


def _module_in_name(name: str) -> str | None:
    for module in MODULES:
        if module in name:
            return module
    return None


def find_submissions(folder: Path, module: str | None = None) -> list[Submission]:
    folder = Path(folder)
    if not folder.is_dir():
        raise LayoutError(f"a pasta {folder} não existe")
    found = []
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for module_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if module_dir.name not in MODULES or (module and module_dir.name != module):
                continue
            expected = module_dir / f"{module_dir.name}.ipynb"
            candidates = [expected] if expected.exists() else (
                sorted(module_dir.glob("*.ipynb")) + sorted(module_dir.glob("*.py")))
            # Sem arquivo nenhum, a submissão ainda ganha a sua linha (e a mensagem).
            path = candidates[0] if candidates else expected
            found.append(Submission(student_dir.name, module_dir.name, path))
    for file in sorted(folder.iterdir()):
        if file.is_file() and file.suffix in (".ipynb", ".py"):
            file_module = module or _module_in_name(file.stem)
            if file_module is None:
                raise LayoutError(
                    f"não sei de que módulo é {file.name}: use --modulo"
                )
            student = file.stem.replace(file_module, "").strip("_-. ") or file.stem
            found.append(Submission(student, file_module, file))
    if not found:
        raise LayoutError(
            f"nenhuma submissão em {folder}: esperado <aluno>/<módulo>/<módulo>.ipynb "
            "(layout do nbgrader) ou um arquivo .ipynb/.py por aluno"
        )
    return found


def grade_one(submission: Submission) -> ModuleResult:
    """Corrige uma submissão; nada que ela faça derruba a correção da turma."""
    try:
        return grade_file(submission.module, submission.path)
    except SubmissionError as exc:
        return _unreadable(submission, str(exc))
    except Exception as exc:  # noqa: BLE001 - uma submissão nunca derruba a turma
        return _unreadable(submission, f"erro ao corrigir: {type(exc).__name__}: {exc}")


def _unreadable(submission: Submission, message: str) -> ModuleResult:
    from .grading import spec

    module_spec = spec(submission.module)
    functions = [
        FunctionResult(submission.module, c.name, c.points, c.page, status=BROKEN,
                       message=message)
        for c in module_spec.checks
    ]
    return ModuleResult(submission.module, module_spec.title, functions,
                        submission=str(submission.path))


def grade_all(submissions: list[Submission], workers: int | None = None,
              progress=None) -> dict[Submission, ModuleResult]:
    workers = workers or os.cpu_count() or 1
    results = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(grade_one, s): s for s in submissions}
        for future in as_completed(futures):
            submission = futures[future]
            results[submission] = future.result()
            if progress is not None:
                progress(submission)
    return results


def write_outputs(results: dict[Submission, ModuleResult], csv_path: Path,
                  feedback_dir: Path | None) -> None:
    students = sorted({s.student for s in results})
    modules = [m for m in MODULES if any(s.module == m for s in results)]
    by_student: dict[str, dict[str, ModuleResult]] = {st: {} for st in students}
    for submission, result in results.items():
        by_student[submission.student][submission.module] = result

    csv_path = Path(csv_path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["aluno", *modules, "total"])
        for student in students:
            row = by_student[student]
            scores = [row[m].score if m in row else "" for m in modules]
            total = round(sum(r.score for r in row.values()), 2)
            writer.writerow([student, *(report.points(s) if s != "" else "" for s in scores),
                             report.points(total)])

    documents = {
        student: report.gradescope([by_student[student][m] for m in modules
                                    if m in by_student[student]])
        for student in students
    }
    json_path = csv_path.with_suffix(".json")
    json_path.write_text(json.dumps(documents, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")

    if feedback_dir is not None:
        feedback_dir = Path(feedback_dir)
        feedback_dir.mkdir(parents=True, exist_ok=True)
        for student in students:
            text = [f"# Retorno — {student}", ""]
            for module in modules:
                if module in by_student[student]:
                    text += ["```text", report.module_text(by_student[student][module]),
                             "```", ""]
            (feedback_dir / f"{student}.md").write_text("\n".join(text), encoding="utf-8")


def compare_with_nbgrader(scores: dict[tuple[str, str], float],
                          nbgrader_csv: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(aluno, módulo) cuja nota no nbgrader passa da nota de `rna corrigir`.

    O nbgrader roda as células de teste no kernel do próprio aluno, onde um
    notebook pode trocar o verificador antes delas; `rna corrigir` corrige fora
    do kernel e é a nota oficial. `nbgrader_csv` é a saída de `nbgrader export`.
    Devolve {(aluno, módulo): (nota nbgrader, nota rna)}.
    """
    flagged = {}
    with open(nbgrader_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["student_id"], row["assignment"])
            if key in scores and float(row["raw_score"]) > scores[key] + 1e-9:
                flagged[key] = (float(row["raw_score"]), scores[key])
    return flagged
