"""A volta completa do nbgrader num curso temporário: generate_assignment,
submissões em submitted/, autograde, generate_feedback e export, com o banco
de notas (SQLite) de verdade. A nota de cada aluno no nbgrader é a de
`rna corrigir` para o mesmo notebook."""

import csv
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder.professor.amostras import student_notebook
from autograder.professor.exercicios import source_ipynb_path
from autograder.grading import ROOT
from autograder.professor.turma import find_submissions, grade_all

MODULE = "m01_produto_escalar"

NEURON_WITHOUT_BIAS = """def neuron_output(inputs, weights, bias):
    return sum(x * w for x, w in zip(inputs, weights))
"""
DOT_WITHOUT_CHECK = """def dot(a, b):
    return sum(x * y for x, y in zip(a, b))
"""
PATCH_THE_CHECKER = """import autograder.notebook
autograder.notebook.verificar = lambda *args, **kwargs: 2.0
"""


def nbgrader(course, *args):
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("curso")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    (course / "solutions" / MODULE).mkdir(parents=True)
    shutil.copy(source_ipynb_path(MODULE), course / "solutions" / MODULE)
    nbgrader(course, "db", "assignment", "add", MODULE)
    nbgrader(course, "generate_assignment", MODULE, "--force")
    release = course / "exercises" / MODULE / f"{MODULE}.ipynb"
    students = {
        "correto": student_notebook(MODULE, release),
        "stub": nbformat.read(release, as_version=4),
        "sem_vies": student_notebook(MODULE, release, {"neuron_output": NEURON_WITHOUT_BIAS}),
        "dot_sem_erro": student_notebook(MODULE, release, {"dot": DOT_WITHOUT_CHECK}),
        "trapaca": student_notebook(MODULE, release,
                                    {"dot": DOT_WITHOUT_CHECK,
                                     "transpose": "def transpose(m):\n    return m\n"},
                                    extra_cell=PATCH_THE_CHECKER),
    }
    for student, nb in students.items():
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{MODULE}.ipynb")
        nbgrader(course, "db", "student", "add", student)
    nbgrader(course, "autograde", MODULE, "--force")
    nbgrader(course, "generate_feedback", MODULE, "--force")
    nbgrader(course, "export", "--to", "notas_nbgrader.csv")
    return course


def nbgrader_scores(course):
    with open(course / "notas_nbgrader.csv", encoding="utf-8") as handle:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)}


def test_nbgrader_grades_equal_rna_corrigir(course):
    nb_scores = nbgrader_scores(course)
    ours = {s.student: r.score for s, r in grade_all(find_submissions(course / "submitted")).items()}
    assert ours["correto"] == 8 and ours["stub"] == 0
    assert 0 < ours["sem_vies"] < 8 and 0 < ours["dot_sem_erro"] < 8
    for student in ("correto", "stub", "sem_vies", "dot_sem_erro"):
        assert nb_scores[student] == pytest.approx(ours[student]), student


def test_patched_checker_is_flagged(course):
    from autograder.professor.turma import compare_with_nbgrader

    ours = {s.student: r.score for s, r in grade_all(find_submissions(course / "submitted")).items()}
    assert ours["trapaca"] < 8
    flagged = compare_with_nbgrader({("trapaca", MODULE): ours["trapaca"],
                                     ("correto", MODULE): ours["correto"]},
                                    course / "notas_nbgrader.csv")
    assert list(flagged) == [("trapaca", MODULE)]


def test_feedback_is_portuguese(course):
    feedback = list((course / "feedback" / "sem_vies" / MODULE).glob("*.html"))
    assert feedback
    html = feedback[0].read_text(encoding="utf-8")
    assert "esqueceu de somar o viés" in html
    assert "Traceback (most recent call last)" not in html


def test_autograde_runs_the_hidden_checks(course):
    """O bloco oculto das células de teste liga os testes ocultos na correção
    do nbgrader (no notebook distribuído ele foi retirado: `ocultos = False`)."""
    graded = nbformat.read(course / "autograded" / "correto" / MODULE / f"{MODULE}.ipynb",
                           as_version=4)
    outputs = "".join(out.get("text", "") for cell in graded.cells if cell.cell_type == "code"
                      for out in cell.get("outputs", []))
    assert "✔ entradas geradas ocultas" in outputs
    release = nbformat.read(course / "exercises" / MODULE / f"{MODULE}.ipynb", as_version=4)
    assert "BEGIN HIDDEN TESTS" not in "".join(c.source for c in release.cells)
