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


M02 = "m02_camada_densa"


def test_missing_submissions_roster_and_gradebook_exports(tmp_path):
    """Quem está na lista ou foi visto em outro módulo e não entregou fica com
    "não entregue" e 0; o Moodle e o Canvas recebem CSVs que eles importam; e
    rodar de novo dá os mesmos arquivos."""
    turma = tmp_path / "submitted"
    (turma / "ana" / MODULE).mkdir(parents=True)
    shutil.copy(solution_path(MODULE), turma / "ana" / MODULE / f"{MODULE}.py")
    (turma / "bia" / M02).mkdir(parents=True)
    shutil.copy(exercise_path(M02), turma / "bia" / M02)
    (turma / "caio" / MODULE).mkdir(parents=True)  # pasta sem arquivo
    roster = tmp_path / "alunos.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\n"
                      "ana,Ana,Lima,ana@ex.br,101\nbia,Bia,Souza,bia@ex.br,102\n"
                      "caio,Caio,Reis,caio@ex.br,103\ndavi,Davi,Melo,davi@ex.br,104\n",
                      encoding="utf-8")
    outputs = ["notas.csv", "notas.json", "moodle.csv", "canvas.csv"]

    def run():
        done = subprocess.run(
            [sys.executable, "-m", "autograder", "corrigir", str(turma),
             "--saida", str(tmp_path / "notas.csv"), "--alunos", str(roster),
             "--moodle", str(tmp_path / "moodle.csv"), "--canvas", str(tmp_path / "canvas.csv")],
            capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return {name: (tmp_path / name).read_bytes() for name in outputs}

    first = run()
    assert run() == first

    with open(tmp_path / "notas.csv", encoding="utf-8") as handle:
        rows = {row["aluno"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == ["ana", "bia", "caio", "davi"]
    assert rows["ana"][MODULE] == "8" and rows["ana"][M02] == "0"
    assert rows["ana"]["não entregue"] == M02
    assert rows["bia"]["não entregue"] == MODULE and rows["bia"][MODULE] == "0"
    assert rows["caio"]["não entregue"] == f"{MODULE}; {M02}"
    assert rows["davi"]["não entregue"] == f"{MODULE}; {M02}" and rows["davi"]["total"] == "0"
    documents = json.loads((tmp_path / "notas.json").read_text(encoding="utf-8"))
    assert documents["davi"]["não entregue"] == [MODULE, M02]
    assert documents["davi"]["score"] == 0 and documents["davi"]["max_score"] > 8
    assert documents["ana"]["não entregue"] == [M02] and documents["ana"]["score"] == 8

    with open(tmp_path / "moodle.csv", encoding="utf-8") as handle:
        moodle = list(csv.reader(handle))
    assert moodle[0] == ["Endereço de email", MODULE, M02]
    assert moodle[1:] == [["ana@ex.br", "8", "0"], ["bia@ex.br", "0", "0"],
                          ["caio@ex.br", "0", "0"], ["davi@ex.br", "0", "0"]]

    with open(tmp_path / "canvas.csv", encoding="utf-8") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", MODULE, M02]
    assert canvas[1][0].strip() == "Points Possible" and canvas[1][5] == "8"
    assert float(canvas[1][6]) == documents["davi"]["max_score"] - 8
    assert canvas[2] == ["Ana Lima", "101", "ana", "ana@ex.br", "", "8", "0"]
    assert [row[2] for row in canvas[2:]] == ["ana", "bia", "caio", "davi"]


def test_plain_roster_and_moodle_id_number(tmp_path):
    """Lista com um id por linha; no Moodle, a coluna do número de identificação."""
    turma = tmp_path / "submitted"
    (turma / "ana" / MODULE).mkdir(parents=True)
    shutil.copy(solution_path(MODULE), turma / "ana" / MODULE / f"{MODULE}.py")
    roster = tmp_path / "alunos.txt"
    roster.write_text("# turma A\nana\n\nzeca\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "corrigir", str(turma),
         "--saida", str(tmp_path / "notas.csv"), "--alunos", str(roster),
         "--moodle", str(tmp_path / "moodle.csv"), "--moodle-id", "numero"],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(tmp_path / "moodle.csv", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["Número de identificação", MODULE],
                                            ["ana", "8"], ["zeca", "0"]]


def test_identical_submissions_graded_once_give_the_same_grades(tmp_path, monkeypatch):
    """A correção das cópias (um conteúdo corrigido uma vez) dá as mesmas notas
    e mensagens que corrigir cada uma, com o caminho de cada arquivo."""
    from autograder.professor import turma as class_grading

    monkeypatch.setenv("RNA_ISOLAMENTO", "nenhum")
    folder = tmp_path / "submitted"
    sources = {"ana": solution_path(MODULE), "bia": solution_path(MODULE),
               "caio": exercise_path(MODULE), "davi": exercise_path(MODULE)}
    for student, source in sources.items():
        (folder / student / MODULE).mkdir(parents=True)
        shutil.copy(source, folder / student / MODULE / source.name)
    subs = class_grading.find_submissions(folder, check_isolation=False)
    by_name = {s.student: s for s in subs}
    contents = {s: s.path.read_bytes() for s in subs}
    assert class_grading._identical(subs, contents) == {by_name["bia"]: by_name["ana"],
                                                        by_name["davi"]: by_name["caio"]}
    once = class_grading.grade_all(subs, workers=2)
    each = class_grading.grade_all(subs, workers=2, dedupe=False)
    for sub in subs:
        assert once[sub].submission == str(sub.path)
        assert once[sub] == each[sub]
    assert once[by_name["bia"]].score == 8 and once[by_name["davi"]].score == 0


def test_nbformat_loads_without_the_slow_optional_iri_grammar():
    """O nbformat do corretor não carrega o rfc3987_syntax (1,4 s por
    `rna corrigir`), valida notebooks e deixa o pacote importável depois."""
    code = ("import sys\n"
            "from autograder.submission import cells_from_bytes, import_nbformat\n"
            "import_nbformat()\n"
            "assert 'rfc3987_syntax' not in sys.modules\n"
            f"cells_from_bytes(open({str(exercise_path(MODULE))!r}, 'rb').read(), 'x.ipynb',"
            " strict=True)\n"
            "assert 'rfc3987_syntax' not in sys.modules  # o bloqueio não ficou\n"
            "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "ok", done.stderr
