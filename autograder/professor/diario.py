"""A lista da turma e as notas nos formatos de importação dos diários
(Moodle e Canvas), para `rna corrigir`.

Moodle (Notas > Importar > Arquivo CSV): um cabeçalho, uma coluna que
identifica o aluno (o professor a associa a "Endereço de email", "Número de
identificação" ou "Nome de usuário" na tela de importação) e uma coluna por
item de nota. Canvas (Notas > Importar): as colunas "Student", "ID",
"SIS User ID", "SIS Login ID" e "Section", uma coluna por tarefa e, logo
abaixo do cabeçalho, a linha "Points Possible" com o máximo de cada tarefa;
o Canvas acha o aluno pelo ID, pelo SIS User ID ou pelo SIS Login ID.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..sanitize import clean

# A coluna que identifica o aluno no CSV do Moodle: cabeçalho e campo da lista.
MOODLE_IDS = {
    "email": ("Endereço de email", "email"),
    "numero": ("Número de identificação", "id"),
    "usuario": ("Nome de usuário", "id"),
}


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    email: str = ""
    lms_user_id: str = ""


class RosterError(Exception):
    """A lista da turma não pôde ser lida."""


def read_roster(path: Path) -> dict[str, Student]:
    """A lista da turma: um id por linha, ou um CSV com a coluna `id` (o
    formato de `nbgrader db student import`: id, first_name, last_name,
    email, lms_user_id). Linhas vazias e começadas por # são ignoradas."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"não consegui ler a lista de alunos {path}: {exc}") from None
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return {}
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    students = {}
    if "id" in header:
        for row in csv.DictReader(io.StringIO("\n".join(lines))):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if not row.get("id"):
                continue
            name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
            student = Student(clean(row["id"], 200), clean(name, 200),
                              clean(row.get("email", ""), 200),
                              clean(row.get("lms_user_id", ""), 200))
            students[student.id] = student
    else:
        for line in lines:
            student_id = clean(line.strip(), 200)
            students[student_id] = Student(student_id)
    return students


def _text(table: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue()


def moodle_csv(scores: dict[str, dict[str, float]], modules: list[str],
               roster: dict[str, Student], identifier: str = "email") -> str:
    """`scores`: {aluno: {módulo: nota}}, com 0 para o não entregue."""
    header, field = MOODLE_IDS[identifier]
    table = [[header, *modules]]
    for student, row in scores.items():
        known = roster.get(student, Student(student))
        table.append([getattr(known, field) or student,
                      *(_number(row[m]) for m in modules)])
    return _text(table)


def canvas_csv(scores: dict[str, dict[str, float]], modules: list[str],
               maxima: dict[str, float], roster: dict[str, Student]) -> str:
    table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *modules],
             ["    Points Possible", "", "", "", "", *(_number(maxima[m]) for m in modules)]]
    for student, row in scores.items():
        known = roster.get(student, Student(student))
        table.append([known.name or student, known.lms_user_id, student, known.email, "",
                      *(_number(row[m]) for m in modules)])
    return _text(table)


def _number(value: float) -> str:
    # Ponto decimal: é o que os dois importadores leem em CSV separado por vírgula.
    return f"{value:g}"
