"""A matriz de `rna corrigir` (matriz.py): os aprendizes nascem de um fork,
as notas são as mesmas de sempre e nada passa de um aluno para o próximo.

Roda como root e como usuário comum (.ci/run, `hostil_sem_root`).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from autograder import matriz, sandbox
from autograder.professor import turma
from autograder.professor.referencia import solution_path
from autograder.sandbox import Cell, LearnerProcess, Limits
from conftest import catalogue_variants, submission_with

FAST = Limits(call=3.0, function=20.0, module=60.0, isolation="exigir")


@pytest.fixture(scope="module", autouse=True)
def bwrap_only():
    mode = sandbox.isolation_mode()
    if mode != "bwrap":
        if os.environ.get("CI") or os.environ.get("RNA_EXIGIR_ISOLAMENTO") == "1":
            pytest.fail(f"o isolamento não funciona nesta máquina ({mode}) e a CI o exige")
        pytest.skip(f"a matriz só existe com o bwrap (aqui: {mode})")


@pytest.fixture(autouse=True)
def no_leftover_server(monkeypatch):
    """`grade_in_pool` liga a matriz neste processo: desligada e descartada no
    fim de cada teste, os testes seguintes (mesmo processo) iniciam normal.
    Cada teste começa também sem as falhas de matrizes dos anteriores (os
    ataques as descartam), que somadas fariam o processo desistir dela."""
    monkeypatch.setattr(matriz, "_active", matriz._active)
    monkeypatch.setattr(matriz, "_failures", 0)
    yield
    if matriz._server is not None:
        matriz._server.discard()


@pytest.fixture
def forking(monkeypatch):
    """Como num processo de `rna corrigir`."""
    monkeypatch.setattr(matriz, "_active", True)


@pytest.fixture
def same_server(forking, monkeypatch):
    """Com a máquina carregada (a suíte roda em paralelo), a matriz pode
    demorar mais que os 2 s da correção para limpar entre dois alunos, e seria
    trocada por outra (o certo na correção); os testes que conferem o que um
    aluno deixa para o próximo da MESMA matriz lhe dão um prazo folgado."""
    monkeypatch.setattr(matriz, "ANSWER_TIMEOUT", 30.0)


def learner(source: str, limits: Limits = FAST) -> LearnerProcess:
    process = LearnerProcess([Cell(source)], "aluno.py", limits)
    process.start()
    return process


def call(process: LearnerProcess, fn: str, *args):
    answer = process.request({"op": "call", "fn": fn, "args": list(args)})
    assert answer["ok"], answer
    return answer["result"]


LOOK = '''
import os
def look():
    seen = {}
    seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    seen["me"] = os.getpid()
    for folder in ("/tmp", ".", "/dev/shm"):
        found = []
        for root, dirs, files in os.walk(folder):
            found += [os.path.join(root, n) for n in dirs + files]
        seen[folder] = sorted(found)
    with open("/proc/sysvipc/msg") as f:
        seen["msg"] = f.read().splitlines()[1:]
    return seen
'''

LEAVE = '''
import os, time, ctypes
def leave():
    for path in ("/tmp/segredo.txt", "rascunho.txt", "/dev/shm/shm.txt"):
        with open(path, "w") as f:
            f.write("resposta do aluno A")
    os.makedirs("/tmp/trancada/dentro")
    open("/tmp/trancada/dentro/x", "w").close()
    os.chmod("/tmp/trancada/dentro", 0)
    os.chmod("/tmp/trancada", 0)
    ctypes.CDLL(None).msgget(1234, 0o1666)  # IPC_CREAT: fila System V
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)
    os.wait()
    return True
'''


def test_leftovers_of_one_student_are_invisible_to_the_next(same_server):
    before = matriz.launches
    with learner(LOOK) as clean:
        empty = call(clean, "look")
    with learner(LEAVE + LOOK) as a:
        assert isinstance(a.proc, matriz.Forked)
        server = a.proc.server
        assert call(a, "leave") is True
        dirty = call(a, "look")
        assert len(dirty["pids"]) > len(empty["pids"])  # o processo em segundo plano existe
        assert "/tmp/segredo.txt" in dirty["/tmp"] and dirty["msg"]
    with learner(LOOK) as b:
        assert isinstance(b.proc, matriz.Forked) and b.proc.server is server
        seen = call(b, "look")
    assert matriz.launches == before + 1  # os três da mesma matriz
    # Só o PID 1 (bwrap), a matriz e o próprio B.
    assert seen["pids"] == sorted([1, server_pid(seen), seen["me"]])
    for key in ("/tmp", ".", "/dev/shm", "msg"):
        assert seen[key] == empty[key], key


def server_pid(seen):
    others = [p for p in seen["pids"] if p not in (1, seen["me"])]
    assert len(others) == 1, seen["pids"]
    return others[0]


ATTACKS = {
    "mata todos": '''
import os, signal
def attack():
    for pid in range(2, 300):
        if pid != os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return True
''',
    "para a matriz": '''
import os, signal
def attack():
    os.kill(os.getppid(), signal.SIGSTOP)
    return True
''',
    "limites da matriz": '''
import os, resource
def attack():
    resource.prlimit(os.getppid(), resource.RLIMIT_AS, (50 * 1024**2, 50 * 1024**2))
    resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (8, 8))
    os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)
    try:  # só como root: o aluno é o dono de /proc/<matriz>
        with open(f"/proc/{os.getppid()}/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    return True
''',
}

CHECK = '''
import os, resource
import numpy as np
def check(n):
    big = np.ones(50 * 1024**2 // 8 * 4)  # 200 MB: acima do limite forçado pelo ataque
    with open("/proc/self/oom_score_adj") as f:
        oom = int(f.read())
    return [n + 1, resource.getrlimit(resource.RLIMIT_AS)[0] // 1024**2,
            os.getpriority(os.PRIO_PROCESS, 0), oom]
'''


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_student_attacking_the_server_does_not_hurt_the_next(forking, attack):
    with learner(ATTACKS[attack]) as a:
        assert isinstance(a.proc, matriz.Forked)
        try:
            a.request({"op": "call", "fn": "attack", "args": []})
        except sandbox.LearnerCrashed:
            pass  # quem mata todos mata a si mesmo
    started = time.monotonic()
    with learner(CHECK) as b:
        with open("/proc/self/oom_score_adj") as f:
            oom = int(f.read())
        assert call(b, "check", 41) == [42, FAST.memory_mb, os.getpriority(os.PRIO_PROCESS, 0),
                                        oom]
    assert time.monotonic() - started < 10


def test_student_cannot_read_the_server(forking):
    source = '''
import os
def peek():
    out = []
    server = os.getppid()
    paths = [f"/proc/{server}/mem", f"/proc/{server}/environ"]
    paths += [f"/proc/{server}/fd/{n}" for n in range(8)]
    try:
        # Como root, o dono de /proc/<matriz> é o mesmo uid de fora do
        # namespace e a lista sai; abrir cada descritor é que não pode.
        paths += [f"/proc/{server}/fd/{n}" for n in os.listdir(f"/proc/{server}/fd")]
    except OSError:
        pass
    for path in paths:
        try:
            open(path, "rb").read(1)
            out.append(path)
        except OSError:
            pass
    return [server > 1, out]
'''
    with learner(source) as a:
        assert isinstance(a.proc, matriz.Forked)
        assert call(a, "peek") == [True, []]


HOSTILE = {
    "memória": ("def dot(a, b):\n    x = bytearray(8 * 1024**3)\n    return 0\n",
                "memória esgotada"),
    "laço": "def dot(a, b):\n    while True:\n        pass\n",
    "_exit": ("import os\ndef dot(a, b):\n    os._exit(3)\n", "código de saída 3"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_crash_messages_are_the_same_with_the_server(tmp_path, monkeypatch, case):
    module = "m01_produto_escalar"
    source, expected = HOSTILE[case] if isinstance(HOSTILE[case], tuple) else (
        HOSTILE[case], "tempo esgotado")
    path = submission_with(tmp_path, module, source)
    submission = turma.Submission("ana", module, path)
    results = {}
    for switch in ("0", "1"):
        monkeypatch.setenv("RNA_MATRIZ", switch)
        before = matriz.launches
        results[switch == "1"] = turma.grade_in_pool(submission, limits=FAST)
        assert (matriz.launches > before) == (switch == "1")
    assert results[True] == results[False]
    dot = next(f for f in results[True].functions if f.function == "dot")
    assert expected in repr(dot), dot


def _class(tmp_path, modules, per_module=3):
    folder = tmp_path / "turma"
    variants = [(m, v) for m, v in catalogue_variants("MISTAKES") if m in modules]
    for module in modules:
        chosen = [v for m, v in variants if m == module][:per_module]
        sources = [solution_path(module).read_text(encoding="utf-8")]
        sources += [sources[0] + "\n\n# %%\n" + v.source for v in chosen]
        for i, text in enumerate(sources):
            where = folder / f"aluno{i}" / module
            where.mkdir(parents=True)
            (where / f"{module}.py").write_text(text, encoding="utf-8")
    return turma.find_submissions(folder, check_isolation=False)


def test_class_grades_are_the_same_with_and_without_the_server(tmp_path, monkeypatch):
    subs = _class(tmp_path, ["m01_produto_escalar", "m05_retropropagacao", "m07_lotes"])
    graded = {}
    for switch in ("0", "1"):
        monkeypatch.setenv("RNA_MATRIZ", switch)
        graded[switch] = turma.grade_all(subs, workers=1, dedupe=False)
    # repr: as falhas guardam arrays do NumPy (== não dá um bool).
    assert {s: r.score for s, r in graded["0"].items()} == {
        s: r.score for s, r in graded["1"].items()}
    def text(results):  # sem os endereços de objetos (funções nos exemplos)
        return re.sub(r"0x[0-9A-Fa-f]+", "0x", repr(results))

    assert text(graded["0"]) == text(graded["1"])
    assert len({r.score for r in graded["1"].values()}) > 1  # notas diferentes, não só zeros


def test_rna_corrigir_starts_one_server_per_grader(tmp_path):
    """Cada `bwrap` iniciado deixa uma linha no registro (um bwrap de mentira
    na frente do verdadeiro): a sonda do isolamento, e uma matriz por processo
    do corretor, em vez de um isolamento por aluno."""
    real = sandbox.iso.bwrap()
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "bwrap.log"
    (fake / "bwrap").write_text(f'#!/bin/sh\necho x >> "{log}"\nexec "{real}" "$@"\n')
    (fake / "bwrap").chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
                           | stat.S_IXOTH)
    module = "m01_produto_escalar"
    folder = tmp_path / "turma"
    for student in ("ana", "bia", "caio", "davi", "eva"):
        (folder / student / module).mkdir(parents=True)
        (folder / student / module / f"{module}.py").write_text(
            solution_path(module).read_text(encoding="utf-8") + f"\n# {student}\n",
            encoding="utf-8")
    counts = {}
    for switch in ("0", "1"):
        log.write_text("")
        env = dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}", RNA_MATRIZ=switch)
        done = subprocess.run(
            [sys.executable, "-m", "autograder", "corrigir", str(folder), "--processos", "1",
             "--saida", str(tmp_path / f"notas{switch}.csv"), "--modulo", module],
            capture_output=True, text=True, timeout=600, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        counts[switch] = len(log.read_text().split())
    assert counts["0"] >= 6  # a sonda e um isolamento (ou mais) por aluno
    assert counts["1"] == 2  # a sonda e a matriz do único processo do corretor
    assert (tmp_path / "notas0.csv").read_text() == (tmp_path / "notas1.csv").read_text()


def test_other_commands_never_use_the_server(monkeypatch):
    """Sem `activate` (rna verificar, nbgrader, Gradescope), nada de matriz."""
    monkeypatch.setattr(matriz, "_active", False)
    with learner("def f(x):\n    return x\n", replace(FAST, isolation="auto")) as process:
        assert isinstance(process.proc, subprocess.Popen)


def test_second_live_learner_of_one_grader_starts_normally(forking):
    """A matriz cria um aprendiz por vez: um segundo, ao mesmo tempo, nasce
    do jeito normal, e o primeiro continua vivo."""
    with learner("def f(x):\n    return x + 1\n") as first:
        with learner("def f(x):\n    return x + 2\n") as second:
            assert isinstance(first.proc, matriz.Forked)
            assert isinstance(second.proc, subprocess.Popen)
            assert call(second, "f", 1) == 3
        assert call(first, "f", 1) == 2


def test_a_server_that_never_answers_is_given_up(forking, monkeypatch):
    """Uma matriz que nem cria filhos (aqui: um Python que só dorme) custa um
    prazo curto por tentativa e, depois de algumas, o processo desiste dela;
    os aprendizes iniciam normal e corrigem certo."""
    monkeypatch.setattr(matriz, "SOURCE", "import time\ntime.sleep(600)\n")
    monkeypatch.setattr(matriz, "START_TIMEOUT", 0.5)
    monkeypatch.setattr(matriz, "_failures", 0)
    before = matriz.launches
    for _ in range(matriz.GIVE_UP + 2):
        with learner("def f(x):\n    return x + 1\n") as process:
            assert isinstance(process.proc, subprocess.Popen)
            assert call(process, "f", 1) == 2
    assert matriz.launches - before == matriz.GIVE_UP


def test_grade_one_outside_the_pool_leaves_no_server():
    """Um `grade_one` avulso (fora dos processos de `rna corrigir`) não liga a
    matriz: nenhum processo fica para trás no processo de quem chamou."""
    module = "m01_produto_escalar"
    before = matriz.launches
    turma.grade_one(turma.Submission("ana", module, solution_path(module)), limits=FAST)
    assert matriz.launches == before and matriz._server is None
