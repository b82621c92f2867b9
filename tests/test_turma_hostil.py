"""`rna corrigir` contra uma turma hostil: um aluno nunca estraga a saída, a
nota nem o retorno dos outros (ver site/professor/seguranca.md).

Cada teste confere a mensagem em português, a nota dos colegas (a referência
tira 8/8), a ausência de traceback e os arquivos de saída completos.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import isolation as iso
from autograder import sandbox
from autograder.professor import turma
from autograder.professor.pool import WatchedPool
from autograder.professor.referencia import solution_path
from autograder.professor.registry import FOLDER

MODULE = "m01_produto_escalar"
FAST = {"RNA_TEMPO_CHAMADA": "2", "RNA_TEMPO_FUNCAO": "20", "RNA_TEMPO_MODULO": "40"}
REFERENCE = solution_path(MODULE).read_text(encoding="utf-8")


def corrigir(folder: Path, out: Path, *extra: str, env: dict | None = None):
    environ = dict(os.environ, **FAST, **(env or {}))
    return subprocess.run([sys.executable, "-m", "autograder", "corrigir", str(folder),
                           "--saida", str(out), "--feedback", str(out.parent / "retorno"),
                           "--modulo", MODULE, *extra],
                          capture_output=True, text=True, timeout=600, env=environ)


def grades(out: Path) -> dict[str, str]:
    with open(out, encoding="utf-8") as handle:
        return {row["aluno"]: row[MODULE] for row in csv.DictReader(handle)}


def rows_of(out: Path) -> dict[str, dict[str, str]]:
    with open(out, encoding="utf-8") as handle:
        return {row["aluno"]: row for row in csv.DictReader(handle)}


def with_cell(source: str) -> str:
    return REFERENCE + "\n\n# %%\n" + source


def assert_clean_outputs(out: Path):
    """CSV, JSON e retorno completos, sem escapes nem surrogates."""
    texts = [out.read_text(encoding="utf-8"), out.with_suffix(".json").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (out.parent / "retorno").iterdir()]
    # read_text (UTF-8 estrito) já recusaria um surrogate gravado cru.
    decoded = json.dumps(json.loads(texts[1]), ensure_ascii=False)
    for text in texts + [decoded]:
        assert "\x1b" not in text, text
        assert not any("\ud800" <= c <= "\udfff" for c in text)
    assert not list(out.parent.glob(".*.tmp")), "temporário da gravação ficou para trás"


def test_hostile_texts_never_break_the_class_output(tmp_path):
    """Surrogate e escapes numa exceção, num print e no nome do arquivo: o
    CSV, o JSON e o retorno de todos saem inteiros e limpos."""
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    (folder / "bia.py").write_text(with_cell(
        'def dot(a, b):\n    print("\\x1b[2J\\ud800")\n'
        '    raise ValueError("\\ud800\\x1b]0;invadido\\x07")\n'), encoding="utf-8")
    (folder / "caio\x1b[31m.py").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "saida" / "notas.csv"
    done = corrigir(folder, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "\x1b[31m" not in done.stdout + done.stderr
    got = grades(out)
    assert got["ana"] == "8" and float(got["bia"]) < 8, got
    assert any(name.startswith("caio") and value == "8" for name, value in got.items())
    assert_clean_outputs(out)
    documents = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert set(documents) == set(got)


@pytest.mark.parametrize("broken, message", [
    (lambda nb: nb["cells"][0].__setitem__("metadata", "não é dicionário"), "metadados"),
    (lambda nb: nb["cells"][1].__setitem__("source", 42), "não é texto"),
    (lambda nb: nb["cells"][1].__setitem__("outputs", [[[[[[[[[[[]]]]]]]]]]] * 3),
     "malformado"),
    (lambda nb: nb.__setitem__("metadata", ["lista"]), "metadados"),
])
def test_malformed_notebooks_get_a_message(tmp_path, broken, message):
    folder = tmp_path / "turma"
    folder.mkdir()
    nb = json.loads(solution_path(MODULE).with_suffix(".ipynb").read_text(encoding="utf-8"))
    broken(nb)
    (folder / "bia.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "notas.csv"
    done = corrigir(folder, out)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    assert grades(out) == {"ana": "8", "bia": "0"}
    feedback = (tmp_path / "retorno" / "bia.md").read_text(encoding="utf-8")
    assert message in feedback and "malformado" in feedback, feedback


def test_deeply_nested_json_gets_a_message(tmp_path):
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / "bia.ipynb").write_text("[" * 200000 + "]" * 200000, encoding="utf-8")
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "notas.csv"
    done = corrigir(folder, out)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    assert grades(out) == {"ana": "8", "bia": "0"}
    assert "aninhado demais" in (tmp_path / "retorno" / "bia.md").read_text(encoding="utf-8")


def test_grade_of_record_survives_tampering_without_blaming_the_victim(tmp_path):
    """Depois do registro, um notebook (no nbgrader autograde) estraga o
    arquivo de uma colega: vale a cópia registrada, o alerta diz qual arquivo
    mudou, e a comparação com o nbgrader não acusa a vítima."""
    folder = tmp_path / "submitted"
    for student in ("ana", "bia"):
        (folder / student / MODULE).mkdir(parents=True)
        (folder / student / MODULE / f"{MODULE}.py").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "notas.csv"
    first = corrigir(folder, out)
    assert first.returncode == 0 and grades(out) == {"ana": "8", "bia": "8"}
    assert (folder / FOLDER / "registro.json").is_file()
    victim = folder / "bia" / MODULE / f"{MODULE}.py"
    victim.write_text("def dot(a, b):\n    return 0\n", encoding="utf-8")  # a adulteração
    nbgrader_csv = tmp_path / "nbgrader.csv"
    nbgrader_csv.write_text("student_id,assignment,raw_score\nbia,m01_produto_escalar,8\n"
                            "ana,m01_produto_escalar,8\n", encoding="utf-8")
    second = corrigir(folder, out, "--nbgrader", str(nbgrader_csv))
    assert second.returncode == 0, second.stderr
    assert grades(out) == {"ana": "8", "bia": "8"}
    assert f"bia/{MODULE}/{MODULE}.py mudou depois da coleta" in second.stderr
    assert "pode não ser o aluno" in second.stderr
    assert "nbgrader deu" not in second.stdout + second.stderr  # ninguém acusado
    # O alerta também fica no CSV e no JSON, na linha de quem teve o arquivo mudado.
    rows = rows_of(out)
    assert "mudou depois da coleta" in rows["bia"]["alertas"] and rows["ana"]["alertas"] == ""
    documents = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert any("mudou depois da coleta" in a for a in documents["bia"]["alertas"])
    assert documents["ana"]["alertas"] == []


def test_nbgrader_grade_above_rna_is_an_alert_in_the_outputs(tmp_path):
    folder = tmp_path / "submitted"
    for student, source in (("ana", REFERENCE), ("bia", "def dot(a, b):\n    return 0\n")):
        (folder / student / MODULE).mkdir(parents=True)
        (folder / student / MODULE / f"{MODULE}.py").write_text(source, encoding="utf-8")
    nbgrader_csv = tmp_path / "nbgrader.csv"
    nbgrader_csv.write_text("student_id,assignment,raw_score\nbia,m01_produto_escalar,8\n"
                            "ana,m01_produto_escalar,8\n", encoding="utf-8")
    out = tmp_path / "notas.csv"
    done = corrigir(folder, out, "--nbgrader", str(nbgrader_csv))
    assert done.returncode == 0, done.stderr
    rows = rows_of(out)
    assert rows["bia"][MODULE] == "0" and "nbgrader deu 8, o rna deu 0" in rows["bia"]["alertas"]
    assert rows["ana"]["alertas"] == ""
    documents = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert any("nbgrader deu 8" in a for a in documents["bia"]["alertas"])


def test_two_files_of_one_student_are_both_kept(tmp_path):
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / f"ana_{MODULE}.py").write_text(REFERENCE, encoding="utf-8")
    (folder / f"ana-{MODULE}.py").write_text(with_cell("def dot(a, b):\n    return 0\n"),
                                             encoding="utf-8")
    (folder / f"bia_{MODULE}.py").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "notas.csv"
    done = subprocess.run([sys.executable, "-m", "autograder", "corrigir", str(folder),
                           "--saida", str(out)], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, **FAST))
    assert done.returncode == 0, done.stderr
    got = grades(out)
    assert set(got) == {f"ana [ana_{MODULE}.py]", f"ana [ana-{MODULE}.py]", "bia"}, got
    assert got[f"ana [ana_{MODULE}.py]"] == got["bia"] == "8"
    assert float(got[f"ana [ana-{MODULE}.py]"]) < 8
    assert "são do mesmo aluno (ana)" in done.stderr
    rows = rows_of(out)
    for name in (f"ana [ana_{MODULE}.py]", f"ana [ana-{MODULE}.py]"):
        assert "são do mesmo aluno (ana)" in rows[name]["alertas"]
    assert rows["bia"]["alertas"] == ""
    documents = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert documents[f"ana [ana_{MODULE}.py]"]["alertas"] == [
        a for a in documents[f"ana [ana-{MODULE}.py]"]["alertas"]]
    assert documents[f"ana [ana_{MODULE}.py]"]["alertas"]


def test_refuses_without_isolation_unless_the_teacher_forces(tmp_path, monkeypatch, capsys):
    """Sem bwrap (ou com ele bloqueado, como no Ubuntu 24.04), `rna corrigir`
    recusa antes de corrigir, diz por quê e o que fazer; RNA_ISOLAMENTO=nenhum
    força."""
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    monkeypatch.setattr(iso, "bwrap", lambda: None)
    monkeypatch.delenv("RNA_ISOLAMENTO", raising=False)
    with pytest.raises(turma.IsolationRefused) as info:
        turma.find_submissions(folder, MODULE)
    assert "não consegue isolar" in str(info.value)
    assert "bubblewrap" in str(info.value) and "RNA_ISOLAMENTO=nenhum" in str(info.value)
    monkeypatch.setenv("RNA_ISOLAMENTO", "nenhum")
    assert turma.find_submissions(folder, MODULE)[0].student == "ana"
    assert "SEM isolamento" in capsys.readouterr().err


def test_refusal_from_the_command_line(tmp_path):
    """O comando de verdade num sistema sem bwrap (PATH sem ele): código 2 e a
    mensagem, sem traceback nem nota."""
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "notas.csv"
    done = corrigir(folder, out, env={"PATH": str(empty)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "não consegue isolar" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not out.exists()


def _sleep_forever(seconds):
    time.sleep(seconds)
    return "terminou"


def test_watchdog_kills_a_stuck_grading():
    """Uma tarefa que não termina perde no prazo; as outras seguem."""
    start = time.monotonic()
    with WatchedPool(2, watchdog=2) as pool:
        got = dict(pool.run(_sleep_forever, [("travada", (600,)), ("rapida", (0,)),
                                             ("outra", (0,))]))
    assert got == {"travada": None, "rapida": "terminou", "outra": "terminou"}
    assert time.monotonic() - start < 20


def test_learner_that_stops_reading_cannot_block_the_grader():
    """O aprendiz forja a resposta do pedido e para de ler: o pedido seguinte,
    maior que o pipe, esgota o prazo da chamada em vez de travar."""
    code = ("import os, json\n"
            "def f(x):\n"
            "    for fd in os.listdir('/proc/self/fd'):\n"
            "        if int(fd) >= 100:\n"
            "            try:\n"
            "                os.write(int(fd), (json.dumps({'id': 2, 'ok': True, 'result': 1,\n"
            "                    'args_after': [], 'calls': []}) + '\\n').encode())\n"
            "            except OSError:\n"
            "                pass\n"
            "    import time\n"
            "    time.sleep(60)\n")
    with sandbox.LearnerProcess([sandbox.Cell(code)], "<t>", sandbox.Limits(call=2)) as process:
        process.start()
        process._ids = iter(range(2, 100))
        first = process.request({"op": "call", "fn": "f", "args": [0], "kwargs": {}})
        assert first["result"] == 1  # forjada, mas bem formada: o valor é conferido depois
        start = time.monotonic()
        with pytest.raises(sandbox.LearnerCrashed) as info:
            process.request({"op": "call", "fn": "f", "args": ["x" * (4 * 1024**2)],
                             "kwargs": {}})
        assert time.monotonic() - start < 6
    assert info.value.kind == "tempo_chamada"
    assert "parou de ler" in info.value.reason


def test_isolation_modes_without_bwrap(monkeypatch):
    """Sem bwrap: `exigir` recusa, `auto` como root cai para nobody (o Python
    legível por todos, como no Gradescope) e, como usuário comum, para nenhum."""
    monkeypatch.setattr(iso, "bwrap", lambda: None)
    process = sandbox.LearnerProcess([], "<t>", sandbox.Limits(isolation="exigir"))
    with pytest.raises(sandbox.LearnerCrashed) as info:
        process._mode()
    assert info.value.kind == "isolamento" and "bubblewrap" in info.value.reason
    monkeypatch.setattr(iso, "others_can_reach", lambda path: True)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert sandbox.LearnerProcess([], "<t>", sandbox.Limits())._mode() == "nobody"
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert sandbox.LearnerProcess([], "<t>", sandbox.Limits())._mode() == "nenhum"
    assert sandbox.LearnerProcess([], "<t>", sandbox.Limits(isolation="nenhum"))._mode() == "nenhum"


def test_read_only_class_folder_still_gets_grades(tmp_path):
    """Sem poder registrar (pasta só de leitura), a turma é corrigida dos
    arquivos atuais e um alerta diz por quê."""
    folder = tmp_path / "turma"
    folder.mkdir()
    (folder / "ana.py").write_text(REFERENCE, encoding="utf-8")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root escreve mesmo assim: simula com um arquivo
            folder.chmod(0o755)
            (folder / FOLDER).write_text("não é pasta", encoding="utf-8")
        out = tmp_path / "notas.csv"
        done = corrigir(folder, out)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert grades(out) == {"ana": "8"}
    assert "não consegui registrar" in done.stderr


def test_folder_and_file_of_one_student_are_both_kept(tmp_path):
    """No layout misto (ana/m01/… do nbgrader e ana_m01.py solto), os dois
    ficam, cada um com o caminho, e o alerta aparece."""
    folder = tmp_path / "turma"
    (folder / "ana" / MODULE).mkdir(parents=True)
    (folder / "ana" / MODULE / f"{MODULE}.py").write_text(REFERENCE, encoding="utf-8")
    (folder / f"ana_{MODULE}.py").write_text(REFERENCE, encoding="utf-8")
    found = turma.find_submissions(folder, check_isolation=False)
    assert sorted(s.student for s in found) == [f"ana [ana/{MODULE}/{MODULE}.py]",
                                                 f"ana [ana_{MODULE}.py]"]
