"""`rna corrigir`: corrige a pasta de submissões de uma turma inteira.

Aceita o layout do nbgrader (`submitted/<aluno>/<módulo>/<módulo>.ipynb`) ou
um arquivo por aluno (`<aluno>.ipynb` ou `<aluno>.py`, com o módulo informado
ou no nome do arquivo). O que protege a turma de uma submissão hostil (ver
site/professor/seguranca.md):

* o código dos alunos só roda isolado (`Limits.isolation = "exigir"`): sem
  isolamento possível, `find_submissions` recusa antes de corrigir, com o
  motivo e o que fazer (RNA_ISOLAMENTO=nenhum força, por conta do professor);
* a nota é a do arquivo registrado na coleta (`registry.py`): se ele mudou
  depois, vale a cópia registrada e um alerta diz qual arquivo mudou, sem
  culpar o dono (outro notebook pode tê-lo alterado no nbgrader autograde);
* cada submissão roda num processo do corretor com um cão de guarda: se ela
  passar do prazo, esse processo morre e a turma segue;
* todo texto que vem do aluno (nomes de arquivo, mensagens, saída) é limpo
  (`sanitize.clean`) e todo arquivo de saída é gravado de uma vez (temporário
  + rename): nunca um CSV pela metade nem um JSON vazio.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .. import report
from ..grading import MODULES, prepare
from ..results import BROKEN, FunctionResult, ModuleResult
from ..sandbox import LearnerCrashed, LearnerProcess, Limits
from ..sanitize import clean, clean_tree
from ..submission import SubmissionError, cells_from_bytes, import_nbformat
from . import diario
from .diario import Student
from .registry import Record

WATCHDOG_MARGIN = 60.0  # s além do prazo do módulo e da carga, antes de matar a correção


@dataclass(frozen=True)
class Submission:
    student: str
    module: str
    path: Path


class LayoutError(Exception):
    """A pasta não tem submissões num formato conhecido."""


class IsolationRefused(LayoutError):
    """Esta máquina não isola o código dos alunos (e o professor não forçou)."""


# (aluno, módulo) cujo arquivo mudou depois da coleta: a nota é a da cópia
# registrada, e o alerta do nbgrader não aponta o aluno (ver compare_with_nbgrader).
_changed: set[tuple[str, str]] = set()

# Os alertas de cada (aluno, módulo) desta correção: vão ao console na hora e
# também ao CSV e ao JSON (write_outputs), onde o professor os encontra depois.
_alerts: dict[tuple[str, str], list[str]] = {}

NOT_SUBMITTED = "não entregue"
# (aluno, módulo) com a pasta do módulo mas sem arquivo nenhum: não entregue.
_missing: set[tuple[str, str]] = set()


def warn(message: str, *about: tuple[str, str]) -> None:
    """Avisa no console e guarda o alerta para cada (aluno, módulo) de `about`."""
    text = clean(message)
    print(f"ALERTA: {text}", file=sys.stderr, flush=True)
    for key in about:
        _alerts.setdefault(key, []).append(text)


def class_limits() -> Limits:
    """Os limites de `rna corrigir`: isolamento exigido, salvo escolha explícita."""
    limits = Limits.from_env()
    if limits.isolation == "auto":
        limits = replace(limits, isolation="exigir")
    return limits


def require_isolation(limits: Limits | None = None) -> str:
    """Confere, uma vez, que o código dos alunos vai rodar isolado; levanta
    `IsolationRefused` com o motivo e o que fazer. Devolve o modo."""
    limits = limits or class_limits()
    try:
        with LearnerProcess([], "<sonda>", limits) as probe:
            # A sonda importa o NumPy e se isola enquanto este processo
            # importa o nbformat, que a correção vai usar (cada um num núcleo).
            probe.launch()
            import_nbformat()
            probe.start()
            return probe.isolation or "nenhum"
    except LearnerCrashed as exc:
        raise IsolationRefused(exc.reason) from None


def _module_in_name(name: str) -> str | None:
    for module in MODULES:
        if module in name:
            return module
    return None


def find_submissions(folder: Path, module: str | None = None,
                     check_isolation: bool = True) -> list[Submission]:
    """As submissões da pasta. Também confere, antes de qualquer correção,
    que esta máquina isola o código dos alunos (`require_isolation`)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LayoutError(f"a pasta {folder} não existe")
    _alerts.clear()
    _changed.clear()
    _missing.clear()
    found = []
    visible = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    for student_dir in (p for p in visible if p.is_dir() and not p.is_symlink()):
        for module_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if module_dir.name not in MODULES or (module and module_dir.name != module):
                continue
            expected = module_dir / f"{module_dir.name}.ipynb"
            candidates = [expected] if expected.exists() else (
                sorted(module_dir.glob("*.ipynb")) + sorted(module_dir.glob("*.py")))
            # Sem arquivo nenhum, a submissão ainda ganha a sua linha (e a mensagem).
            path = candidates[0] if candidates else expected
            found.append(Submission(clean(student_dir.name, 200), module_dir.name, path))
    singles = []
    for file in visible:
        if file.is_file() and file.suffix in (".ipynb", ".py"):
            file_module = module or _module_in_name(file.stem)
            if file_module is None:
                raise LayoutError(
                    f"não sei de que módulo é {clean(file.name, 200)}: use --modulo"
                )
            student = file.stem.replace(file_module, "").strip("_-. ") or file.stem
            singles.append(Submission(clean(student, 200), file_module, file))
    found = _one_file_one_student(found + singles, folder)
    if not found:
        raise LayoutError(
            f"nenhuma submissão em {folder}: esperado <aluno>/<módulo>/<módulo>.ipynb "
            "(layout do nbgrader) ou um arquivo .ipynb/.py por aluno"
        )
    if check_isolation and require_isolation() != "bwrap":
        warn("corrigindo SEM isolamento (RNA_ISOLAMENTO=nenhum): o código dos alunos roda "
             "com o seu usuário e pode ler e mudar os seus arquivos")
    return found


def _one_file_one_student(found: list[Submission], folder: Path) -> list[Submission]:
    """Dois arquivos que dão o mesmo aluno no mesmo módulo (ana_m01.py e
    ana-m01.ipynb, ou ana/m01/… e ana_m01.py): os dois ficam, cada um com o
    caminho do arquivo, e um alerta pede ao professor que decida; nenhuma nota
    some calada."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in found:
        groups.setdefault((sub.student, sub.module), []).append(sub)
    out = []
    for (student, module), subs in groups.items():
        if len(subs) == 1:
            out += subs
            continue
        names = [clean(str(s.path.relative_to(folder)), 200) for s in subs]
        renamed = [Submission(f"{student} [{name}]", module, s.path)
                   for s, name in zip(subs, names)]
        warn(f"{', '.join(names)} são do mesmo aluno ({student}) no módulo {module}: as "
             f"{len(subs)} notas ficam no CSV, cada uma com o nome do arquivo; decida qual vale",
             *((r.student, module) for r in renamed))
        out += renamed
    return out


def grade_one(submission: Submission, content: bytes | None = None,
              limits: Limits | None = None) -> ModuleResult:
    """Corrige uma submissão (o conteúdo registrado, se houver); nada que ela
    faça derruba a correção da turma."""
    from ..grading import grade_cells

    try:
        if content is None:
            content = submission.path.read_bytes()
        cells = cells_from_bytes(content, submission.path.name, strict=True)
        return grade_cells(submission.module, cells, str(submission.path),
                           limits=limits or class_limits())
    except FileNotFoundError:
        return _unreadable(submission, f"arquivo não encontrado: {submission.path}")
    except SubmissionError as exc:
        return _unreadable(submission, str(exc))
    except Exception as exc:  # noqa: BLE001 - uma submissão nunca derruba a turma
        return _unreadable(submission, f"erro ao corrigir: {type(exc).__name__}: "
                                       f"{clean(str(exc), 500)}")


def grade_in_pool(submission: Submission, content: bytes | None = None,
                  limits: Limits | None = None) -> ModuleResult:
    """`grade_one` num processo do corretor de `rna corrigir`: ali os
    aprendizes nascem de uma matriz (ver matriz.py), que vive enquanto o
    processo vive. Fora do pool (testes, um `grade_one` avulso), nenhuma
    matriz fica para trás."""
    from .. import matriz

    matriz.activate()
    return grade_one(submission, content, limits)


def _unreadable(submission: Submission, message: str) -> ModuleResult:
    from ..grading import spec

    module_spec = spec(submission.module)
    functions = [
        FunctionResult(submission.module, c.name, c.points, c.page, status=BROKEN,
                       message=message)
        for c in module_spec.checks
    ]
    return ModuleResult(submission.module, module_spec.title, functions,
                        submission=str(submission.path))


def grade_all(submissions: list[Submission], workers: int | None = None,
              progress=None, limits: Limits | None = None,
              dedupe: bool = True) -> dict[Submission, ModuleResult]:
    """Corrige a turma: a nota de cada um é a do conteúdo registrado na coleta
    (`registry.Record`), num processo do corretor com cão de guarda. Conteúdos
    idênticos (do mesmo módulo) são corrigidos uma vez só (`dedupe`)."""
    from .pool import WatchedPool

    limits = limits or class_limits()
    contents = {}
    for record in Record.for_submissions(submissions):
        for sub, content, change in record.check(submissions):
            contents[sub] = content
            if change:
                _changed.add((sub.student, sub.module))
                warn(change, (sub.student, sub.module))
        if record.problem:
            warn(record.problem, *((s.student, s.module) for s in submissions))
    watchdog = limits.module + limits.load + WATCHDOG_MARGIN
    # Os processos do corretor nascem deste (fork): o nbformat, que valida
    # cada notebook, e o que cada módulo usa são carregados uma vez só, aqui.
    import_nbformat()
    for module in sorted({s.module for s in submissions}):
        prepare(module)
    results = {}
    for sub in submissions:
        if contents.get(sub) is None and not sub.path.exists():
            _missing.add((sub.student, sub.module))
            results[sub] = _unreadable(sub, NOT_SUBMITTED)
    copies = _identical(submissions, contents) if dedupe else {}
    unique = [s for s in submissions if s not in copies and s not in results]
    with WatchedPool(workers or os.cpu_count() or 1, watchdog) as pool:
        for submission, outcome in pool.run(
                grade_in_pool, [(s, (s, contents.get(s), limits)) for s in unique]):
            if outcome is None:
                outcome = _unreadable(submission, (
                    f"a correção desta submissão passou de {watchdog:g} s e foi "
                    "interrompida (cão de guarda de rna corrigir); as outras seguiram"))
            results[submission] = outcome
            if progress is not None:
                progress(submission)
    for copy, original in copies.items():
        # A correção é determinística: o mesmo conteúdo dá a mesma nota e as
        # mesmas mensagens; só o caminho do arquivo é o da cópia.
        results[copy] = replace(results[original], submission=str(copy.path))
        if progress is not None:
            progress(copy)
    return {s: results[s] for s in submissions}


def _identical(submissions: list[Submission],
               contents: dict[Submission, bytes | None]) -> dict[Submission, Submission]:
    """{cópia: primeira submissão com o mesmo conteúdo}: cada conteúdo é
    corrigido uma vez só. A chave inclui o módulo e o nome do arquivo (que
    aparece nas mensagens de um arquivo ilegível)."""
    first: dict[tuple[str, str, str], Submission] = {}
    copies = {}
    for sub in submissions:
        content = contents.get(sub)
        if content is None:
            continue
        key = (sub.module, sub.path.name, hashlib.sha256(content).hexdigest())
        if key in first:
            copies[sub] = first[key]
        else:
            first[key] = sub
    return copies


def _atomic_write(path: Path, text: str) -> None:
    """Grava `text` num temporário ao lado e troca de nome: quem lê `path`
    vê o arquivo antigo inteiro ou o novo inteiro."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_outputs(results: dict[Submission, ModuleResult], csv_path: Path,
                  feedback_dir: Path | None, roster: dict[str, Student] | None = None,
                  moodle: Path | None = None, moodle_id: str = "email",
                  canvas: Path | None = None) -> None:
    """O CSV e o JSON das notas (com os alertas e o que não foi entregue), o
    retorno de cada aluno e, se pedidos, os CSVs de importação do Moodle e do
    Canvas. Os alunos são os da lista da turma (`roster`) e os vistos na pasta;
    quem não entregou um módulo fica com "não entregue" e 0 nele."""
    from ..grading import spec

    roster = roster or {}
    by_student: dict[str, dict[str, ModuleResult]] = {}
    for submission, result in results.items():
        by_student.setdefault(clean(submission.student), {})[submission.module] = result
    for student in roster:
        # "ana [ana_m01.py]" (dois arquivos de ana): ana já está na turma.
        if not any(s == student or s.startswith(f"{student} [") for s in by_student):
            by_student[student] = {}
    students = sorted(by_student)
    modules = [m for m in MODULES if any(s.module == m for s in results)]
    missing = {student: [m for m in modules if m not in by_student[student]
                         or (student, m) in _missing] for student in students}
    for student in students:
        for module in missing[student]:
            by_student[student].setdefault(module, _unreadable(
                Submission(student, module, Path(student) / module), NOT_SUBMITTED))
    alerts = {student: [text for m in modules for text in _alerts.get((student, m), [])]
              for student in students}

    # Tudo montado antes de gravar qualquer arquivo: um texto estranho não
    # deixa o CSV gravado e o JSON vazio.
    scores = {st: {m: by_student[st][m].score for m in modules} for st in students}
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["aluno", *modules, "total", NOT_SUBMITTED, "alertas"])
    for student in students:
        total = round(sum(scores[student].values()), 2)
        writer.writerow([student, *(report.points(scores[student][m]) for m in modules),
                         report.points(total), "; ".join(missing[student]),
                         " | ".join(alerts[student])])
    documents = {}
    for student in students:
        document = report.gradescope([by_student[student][m] for m in modules])
        document[NOT_SUBMITTED] = missing[student]
        document["alertas"] = alerts[student]
        documents[student] = clean_tree(document)
    feedback = {}
    if feedback_dir is not None:
        for student in students:
            text = [f"# Retorno — {student}", ""]
            for module in modules:
                text += ["```text", report.module_text(by_student[student][module]), "```", ""]
            feedback[student] = clean("\n".join(text))
    exports = {}
    if moodle is not None:
        exports[Path(moodle)] = diario.moodle_csv(scores, modules, roster, moodle_id)
    if canvas is not None:
        maxima = {m: round(sum(c.points for c in spec(m).checks), 2) for m in modules}
        exports[Path(canvas)] = diario.canvas_csv(scores, modules, maxima, roster)

    csv_path = Path(csv_path)
    _atomic_write(csv_path, table.getvalue())
    _atomic_write(csv_path.with_suffix(".json"),
                  json.dumps(documents, ensure_ascii=False, indent=2) + "\n")
    for path, text in exports.items():
        _atomic_write(path, text)
    if feedback_dir is not None:
        for student, text in feedback.items():
            _atomic_write(Path(feedback_dir) / f"{_file_name(student)}.md", text)


def _file_name(student: str) -> str:
    """O nome do aluno como nome de arquivo: sem barras nem pontos na frente."""
    name = "".join(c if c.isalnum() or c in " -_.[]()" else "_" for c in student)
    return name.lstrip(".") or "_"


def compare_with_nbgrader(scores: dict[tuple[str, str], float],
                          nbgrader_csv: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(aluno, módulo) cuja nota no nbgrader passa da nota de `rna corrigir`.

    O nbgrader roda as células de teste no kernel do próprio aluno, onde um
    notebook pode trocar o verificador antes delas; `rna corrigir` corrige fora
    do kernel e é a nota oficial. `nbgrader_csv` é a saída de `nbgrader export`.
    Devolve {(aluno, módulo): (nota nbgrader, nota rna)}.
    """
    flagged = {}
    with open(nbgrader_csv, encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle):
            key = (row.get("student_id"), row.get("assignment"))
            if key not in scores or key in _changed:
                # Arquivo que mudou depois da coleta: o alerta de grade_all já
                # disse qual, sem culpar o dono (a nota rna é a da cópia registrada).
                continue
            try:
                theirs = float(row.get("raw_score") or "")
            except ValueError:
                continue
            if theirs > scores[key] + 1e-9:
                flagged[key] = (theirs, scores[key])
    return flagged


def flag_nbgrader(results: dict[Submission, ModuleResult],
                  nbgrader_csv: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """Os alertas de `compare_with_nbgrader`, no console e nas saídas."""
    scores = {(s.student, s.module): r.score for s, r in results.items()}
    flagged = compare_with_nbgrader(scores, nbgrader_csv)
    for (student, module), (theirs, ours) in sorted(flagged.items()):
        warn(f"{student}/{module}: nbgrader deu {theirs:g}, o rna deu {ours:g} — o notebook "
             "pode ter alterado o verificador no kernel; vale a nota do rna",
             (student, module))
    return flagged
