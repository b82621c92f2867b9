"""`rna corrigir` numa pasta de turma: uma linha por aluno, entregas quebradas
com a sua mensagem, e a mesma saída ao rodar de novo."""

import csv
import json
import shutil
import subprocess
import sys

from autograder.grading import exercise_path
from autograder.professor.referencia import solution_path

MODULE = "m01_produto_escalar"


def corrigir(folder, out, feedback):
    return subprocess.run([sys.executable, "-m", "autograder", "corrigir", str(folder),
                           "--saida", str(out), "--feedback", str(feedback)],
                          capture_output=True, text=True, timeout=600)


def test_class_folder_graded_twice_gives_the_same_files(tmp_path):
    turma = tmp_path / "submitted"
    for student in ("ana", "bia", "caio"):
        (turma / student / MODULE).mkdir(parents=True)
    shutil.copy(solution_path(MODULE), turma / "ana" / MODULE / f"{MODULE}.py")
    shutil.copy(exercise_path(MODULE), turma / "bia" / MODULE)
    (turma / "caio" / MODULE / f"{MODULE}.ipynb").write_text("{ isto não é json", encoding="utf-8")

    first = corrigir(turma, tmp_path / "notas.csv", tmp_path / "retorno")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    snapshot = {p.name: p.read_bytes() for p in [tmp_path / "notas.csv", tmp_path / "notas.json",
                                                 *sorted((tmp_path / "retorno").iterdir())]}
    second = corrigir(turma, tmp_path / "notas.csv", tmp_path / "retorno")
    assert second.returncode == 0
    again = {p.name: p.read_bytes() for p in [tmp_path / "notas.csv", tmp_path / "notas.json",
                                              *sorted((tmp_path / "retorno").iterdir())]}
    assert snapshot == again

    with open(tmp_path / "notas.csv", encoding="utf-8") as handle:
        rows = {row["aluno"]: row for row in csv.DictReader(handle)}
    assert rows["ana"][MODULE] == "8" and rows["ana"]["total"] == "8"
    assert rows["bia"][MODULE] == "0" and rows["caio"][MODULE] == "0"
    documents = json.loads((tmp_path / "notas.json").read_text(encoding="utf-8"))
    assert documents["ana"]["score"] == 8
    assert all(t["name"].startswith(f"{MODULE}.") for t in documents["caio"]["tests"])
    caio = (tmp_path / "retorno" / "caio.md").read_text(encoding="utf-8")
    assert "não consegui ler" in caio
    assert "não implementado" in (tmp_path / "retorno" / "bia.md").read_text(encoding="utf-8")
