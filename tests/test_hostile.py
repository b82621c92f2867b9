"""Submissões hostis ou quebradas: nenhuma derruba, trava, engana ou escapa
da correção (ver site/professor/seguranca.md).

Cada caso é a referência de m01_produto_escalar com uma célula a mais (como o
aprendiz que reescreve uma função), corrigida por `rna verificar`. Para cada
um, o teste confere: o tempo (o limite documentado do módulo), a mensagem em
português, a nota cheia das outras funções, a ausência de traceback do
corretor, e que nada ficou para trás (processos, arquivos no repositório, no
/tmp ou na pasta atual).

As tentativas de fuga do isolamento (`ESCAPES`: pasta da turma, $HOME,
soquetes do hospedeiro, memfd, fallocate, /proc/sys...) devolvem um valor
errado se conseguirem; a CI roda esta suíte como root e como usuário comum
(`.ci/run`), e com CI=true ou RNA_EXIGIR_ISOLAMENTO=1 um caso que precisa do
isolamento falha em vez de ser pulado.

Os limites de tempo ficam curtos aqui (variáveis RNA_TEMPO_*), para a suíte
caber em menos de um minuto.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest
from typer.testing import CliRunner

from autograder import sandbox, wire
from autograder.cli import app
from autograder.grading import ROOT, grade_file
from autograder.professor.referencia import solution_path
from autograder.report import gradescope
from autograder.sandbox import Cell, LearnerCrashed, LearnerProcess, Limits

MODULE = "m01_produto_escalar"
FUNCTIONS = ("dot", "transpose", "neuron_output", "layer_output")
TOKEN = "rna_hostil"  # todo arquivo que uma submissão tenta criar tem isto no nome

LIMITS = {
    "RNA_TEMPO_CHAMADA": "2",
    "RNA_TEMPO_FUNCAO": "20",
    "RNA_TEMPO_MODULO": "40",
    "RNA_TEMPO_CARGA": "15",
}
# O limite documentado: o módulo inteiro termina em RNA_TEMPO_MODULO, mais o
# tempo de fechar e reiniciar processos (alguns segundos numa máquina lenta).
MODULE_BOUND = float(LIMITS["RNA_TEMPO_MODULO"]) + 10


@dataclass
class Hostile:
    id: str
    source: str  # célula acrescentada ao fim da referência
    target: str | None  # a função que deve perder pontos (None: todas com nota cheia)
    message: str  # trecho do relatório esperado (na função-alvo ou nos erros de carga)
    isolated_only: bool = False  # perigoso ou sem sentido sem o isolamento do Linux
    env: dict | None = None  # limites diferentes para este caso


HOSTILE = [
    # -- tempo -------------------------------------------------------------
    Hostile("laco_infinito", """
def dot(a, b):
    while True:
        pass
""", "dot", "uma chamada da sua função passou de 2 s"),
    Hostile("sleep_longo", """
import time
def transpose(matrix):
    time.sleep(3600)
""", "transpose", "uma chamada da sua função passou de 2 s"),
    Hostile("lenta_em_cada_chamada", """
import time
def neuron_output(inputs, weights, bias):
    time.sleep(0.5)
    return sum(x * w for x, w in zip(inputs, weights)) + bias
""", "neuron_output", "a correção desta função passou de 4 s no total",
        env={"RNA_TEMPO_FUNCAO": "4"}),
    # -- o processo termina ----------------------------------------------
    Hostile("sys_exit", """
import sys
def dot(a, b):
    sys.exit(3)
""", "dot", "chamou sys.exit(3)"),
    Hostile("os_exit", """
import os
def layer_output(inputs, weights, biases):
    os._exit(0)
""", "layer_output", "o seu código encerrou o processo"),
    Hostile("segfault_ctypes", """
import ctypes
def transpose(matrix):
    return ctypes.string_at(0)
""", "transpose", "SIGSEGV"),
    Hostile("keyboard_interrupt", """
def neuron_output(inputs, weights, bias):
    raise KeyboardInterrupt
""", "neuron_output", "KeyboardInterrupt"),
    Hostile("recursao_infinita", """
def dot(a, b):
    return dot(a, b)
""", "dot", "RecursionError"),
    Hostile("mata_o_proprio_processo", """
import os, signal
def layer_output(inputs, weights, biases):
    os.kill(os.getpid(), signal.SIGTERM)
""", "layer_output", "encerrado pelo sinal SIGTERM"),
    # -- código quebrado -------------------------------------------------
    Hostile("assinatura_errada", """
def layer_output(inputs):
    return []
""", "layer_output", "TypeError"),
    Hostile("funcao_ausente", """
del transpose
""", "transpose", "a função `transpose` não foi encontrada"),
    Hostile("erro_de_sintaxe", """
def layer_output(inputs, weights, biases)
    return []
""", None, "SyntaxError"),
    Hostile("excecao_na_importacao", f"""
raise RuntimeError("{TOKEN} na importação")
""", None, f"RuntimeError: {TOKEN} na importação"),
    Hostile("le_stdin", """
def dot(a, b):
    return float(input())
""", "dot", "EOFError"),
    Hostile("excecao_com_str_hostil", """
class Estranha(Exception):
    def __str__(self):
        raise RuntimeError("nem a mensagem")
def dot(a, b):
    raise Estranha()
""", "dot", "mensagem ilegível"),
    # -- células que derrubam o processo ao carregar ----------------------
    Hostile("celula_os_exit", """
import os
os._exit(7)
""", None, "código de saída 7"),
    Hostile("celula_segfault", """
import ctypes
ctypes.string_at(0)
""", None, "SIGSEGV"),
    Hostile("celula_laco_infinito", """
while True:
    pass
""", None, "a célula passou de 2 s"),
    Hostile("celula_fecha_o_canal", """
import os
os.closerange(3, 4096)
""", None, "célula interrompida"),
    Hostile("efeitos_colaterais_na_importacao", """
import signal, sys, warnings
import numpy as np
np.seterr(all="raise")
np.random.seed(123)
np.random.rand(1000)
warnings.simplefilter("error")
sys.setrecursionlimit(60)
def _interrompe(*_):
    raise KeyboardInterrupt
signal.signal(signal.SIGALRM, _interrompe)
signal.setitimer(signal.ITIMER_REAL, 0.05, 0.01)
""", None, "8/8 pontos"),
    # -- valores que tentam enganar a comparação --------------------------
    Hostile("devolve_objeto", """
def dot(a, b):
    return object()
""", "dot", "não é um valor que o corretor aceite"),
    Hostile("subclasse_de_ndarray_com_eq", """
import numpy as np
class Tudo(np.ndarray):
    def __eq__(self, other):
        return True
    def __array_finalize__(self, obj):
        pass
def neuron_output(inputs, weights, bias):
    return np.asarray(-12345.0).view(Tudo)
""", "neuron_output", "valores diferentes do esperado"),
    Hostile("float_com_eq_estranho", """
class Sempre(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__
def dot(a, b):
    return Sempre(0.0)
""", "dot", "objeto do tipo Sempre"),
    Hostile("nan", """
def neuron_output(inputs, weights, bias):
    return float("nan")
""", "neuron_output", "nan ou inf"),
    Hostile("objeto_com___array__", """
class ParecerArray:
    def __init__(self, values):
        self.values = values
    def __array__(self, dtype=None, copy=None):
        import numpy as np
        return np.asarray(self.values, dtype=float)
    def __len__(self):
        return len(self.values)
    def __iter__(self):
        return iter(self.values)
def layer_output(inputs, weights, biases):
    return ParecerArray([0.0] * len(biases))
""", "layer_output", "objeto do tipo ParecerArray"),
    Hostile("lista_aninhada_demais", """
def transpose(matrix):
    out = []
    for _ in range(10000):
        out = [out]
    return out
""", "transpose", "aninhada demais"),
    Hostile("lista_enorme", """
def transpose(matrix):
    return [0.0] * 2_500_000
""", "transpose", "grande demais"),
    Hostile("devolve_a_entrada_modificada", """
def transpose(matrix):
    if not matrix:
        return matrix
    matrix[:] = [list(col) for col in zip(*matrix)]
    return matrix
""", "transpose", "modificou o argumento `matrix`"),
    Hostile("numpy_remendado", """
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
def dot(a, b):
    if len(a) != len(b):
        raise ValueError("tamanhos")
    return 0.0
""", "dot", "valores diferentes do esperado"),
    # -- alcançar o corretor ------------------------------------------------
    Hostile("importa_o_corretor", """
def dot(a, b):
    from autograder.professor.referencia import reference
    return reference("m01_produto_escalar")["dot"](a, b)
""", "dot", "não está disponível para o seu código"),
    Hostile("le_a_referencia", """
def dot(a, b):
    namespace = {}
    exec(open("{ROOT}/solutions/m01_produto_escalar/m01_produto_escalar.py").read(), namespace)
    return namespace["dot"](a, b)
""", "dot", "FileNotFoundError", isolated_only=True),
    Hostile("resposta_falsa_no_canal", """
import os
def dot(a, b):
    print('{"id": 1, "ok": true, "result": 10}')
    for fd in os.listdir("/proc/self/fd"):
        try:
            os.write(int(fd), b'{"id": 999, "ok": true, "result": 10}\\n')
        except OSError:
            pass
    return sum(x * y for x, y in zip(a, b))
""", "dot", "resposta inválida"),
    # -- recursos -----------------------------------------------------------
    Hostile("memoria_sem_fim", """
import numpy as np
def transpose(matrix):
    blocos = []
    while True:
        blocos.append(np.empty(10**8))
""", "transpose", "memória esgotada"),
    Hostile("saida_enorme", """
def neuron_output(inputs, weights, bias):
    while True:
        print("x" * 10**6)
""", "neuron_output", "saída grande demais"),
    Hostile("arquivo_enorme", f"""
def layer_output(inputs, weights, biases):
    with open("{TOKEN}_grande.bin", "wb") as f:
        for _ in range(200):
            f.write(bytes(10**6))
""", "layer_output", "saída grande demais"),
    # -- escapar ------------------------------------------------------------
    Hostile("filho_que_escapa", """
import subprocess
_filhos = []
def dot(a, b):
    if not _filhos:
        _filhos.append(subprocess.Popen(["sleep", "600"], start_new_session=True))
    if len(a) != len(b):
        raise ValueError("tamanhos diferentes")
    return sum(x * y for x, y in zip(a, b))
""", None, "8/8 pontos"),
    Hostile("bomba_de_fork", """
import os
def transpose(matrix):
    while True:
        try:
            os.fork()
        except OSError:
            pass
""", "transpose", "passou de 2 s", isolated_only=True),
    Hostile("sinais_para_todos", """
import os, signal
def dot(a, b):
    for pid in (-1, 1, os.getppid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if len(a) != len(b):
        raise ValueError("tamanhos diferentes")
    return sum(x * y for x, y in zip(a, b))
""", None, "8/8 pontos", isolated_only=True),
    Hostile("escreve_arquivos", """
import os
_alvos = ["{ROOT}/{TOKEN}.txt", "{ROOT}/solutions/{TOKEN}.txt", "{TOKEN}.txt",
          "/tmp/{TOKEN}.txt", os.path.expanduser("~/{TOKEN}.txt"), "../{TOKEN}.txt"]
def _escreve():
    for alvo in _alvos:
        try:
            with open(alvo, "w") as f:
                f.write("x")
        except OSError:
            pass
_escreve()
def transpose(matrix):
    _escreve()
    if not matrix:
        return []
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]
""", None, "8/8 pontos", isolated_only=True),
]



def escape(id: str, attempt: str) -> Hostile:
    """Uma tentativa de sair do isolamento: `_tenta()` devolve True se
    conseguiu, e então `dot` devolve um valor errado (a nota denuncia)."""
    body = "\n".join("    " + line for line in attempt.strip().splitlines())
    return Hostile(id, f"""
import os, socket, ctypes
_dot_original = dot
def _tenta():
{body}
def dot(a, b):
    try:
        if _tenta():
            return -1.0
    except Exception:
        pass
    return _dot_original(a, b)
""", None, "8/8 pontos", isolated_only=True)


# Cada um tenta o que um aluno faria para ver ou mexer no que não é dele, como
# root e como usuário comum; o isolamento (bwrap + seccomp) tem de segurar.
ESCAPES = [
    escape("le_a_pasta_da_turma", 'return bool(open("{SECRET}").read())'),
    escape("lista_a_pasta_da_turma", 'return bool(os.listdir("{BAIT}"))'),
    escape("le_o_home_do_professor", 'return bool(open("{HOME_SECRET}").read())'),
    escape("le_o_curso", 'return bool(os.listdir("{ROOT}/solutions"))'),
    escape("soquete_unix_do_hospedeiro", """
s = socket.socket(socket.AF_UNIX)
s.connect("{SOCKET}")
return True"""),
    escape("soquete_unix_abstrato", """
s = socket.socket(socket.AF_UNIX)
s.connect("\\0{ABSTRACT}")
return True"""),
    escape("soquete_tcp_do_hospedeiro", """
s = socket.create_connection(("127.0.0.1", {PORT}), timeout=1)
return True"""),
    escape("soquete_vsock", """
socket.socket(40, socket.SOCK_STREAM)  # AF_VSOCK atravessa namespaces
return True"""),
    escape("soquete_netlink", """
socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
return True"""),
    escape("memfd_sem_limite", """
fd = os.memfd_create("x")
return True"""),
    escape("fallocate_na_saida", """
os.posix_fallocate(1, 0, 1 << 34)
return True"""),
    escape("memoria_compartilhada_sysv", """
libc = ctypes.CDLL(None, use_errno=True)
return libc.shmget(0, 1 << 30, 0o1000 | 0o600) >= 0"""),
    escape("dev_shm_sem_limite", """
with open("/dev/shm/{TOKEN}", "wb") as f:
    for _ in range(64):
        f.write(b"x" * (1 << 20))
return True"""),
    escape("disco_sem_limite", """
for i in range(200):
    with open(f"/tmp/{TOKEN}{i}", "wb") as f:
        f.write(b"x" * (1 << 20))
return True"""),
    escape("escreve_no_terminal", """
with open("/dev/tty", "w") as tty:
    tty.write("\\x1b[2J")
return True"""),
    escape("escreve_na_raiz_e_no_python", """
for alvo in ("/{TOKEN}", "/usr/{TOKEN}", os.path.dirname(os.__file__) + "/{TOKEN}.py"):
    try:
        open(alvo, "w").write("x")
        return True
    except OSError:
        pass
return False"""),
    escape("ve_os_processos_do_hospedeiro", """
return len([p for p in os.listdir("/proc") if p.isdigit()]) > 10"""),
    escape("ptrace_no_corretor", """
libc = ctypes.CDLL(None, use_errno=True)
pai = os.getppid()  # sem isolamento, o corretor
if libc.ptrace(0x4206, pai, 0, 0) == 0:  # PTRACE_SEIZE: não para o alvo
    libc.ptrace(17, pai, 0, 0)  # PTRACE_DETACH
    return True
return False"""),
    escape("cria_namespace", """
libc = ctypes.CDLL(None, use_errno=True)
return libc.unshare(0x10000000) == 0  # CLONE_NEWUSER"""),
    escape("io_uring", """
libc = ctypes.CDLL(None, use_errno=True)
return libc.syscall(425, 8, ctypes.create_string_buffer(120)) >= 0  # io_uring_setup"""),
    escape("escreve_em_proc_sys", """
with open("/proc/sys/vm/drop_caches", "w") as f:  # como root, o uid 0 fora do namespace
    f.write("1")
return True"""),
    escape("le_o_kernel_pelo_proc", """
return bool(open("/proc/kmsg", "rb").read(1)) or bool(open("/proc/timer_list").read(1))"""),
    escape("ganha_privilegios", """
return os.getuid() == 0 or os.geteuid() == 0"""),
]

# Textos e valores que enganariam a nota ou o terminal.
TRICKS = [
    Hostile("excecao_com_surrogate", """
def dot(a, b):
    raise ValueError("\\ud800 quebrado")
""", "dot", "ValueError"),
    Hostile("excecao_com_escapes_do_terminal", """
def dot(a, b):
    raise ValueError("\\x1b[2J\\x1b]0;invadido\\x07\\u202e tela apagada")
""", "dot", "tela apagada"),
    Hostile("print_com_escapes_e_surrogate", """
_dot_original = dot
def dot(a, b):
    print("\\x1b[2J\\ud800\\x1b]0;invadido\\x07")
    return _dot_original(a, b)
""", None, "8/8 pontos"),
    Hostile("textos_numericos", """
_layer_original = layer_output
def layer_output(inputs, weights, biases):
    return [repr(v) for v in _layer_original(inputs, weights, biases)]
""", "layer_output", "deveria ser numérico"),
    Hostile("menciona_o_corretor_num_comentario", """
# Esta célula só fala de autograder.notebook num comentário: ela vale.
def transpose(matrix):
    if not matrix:
        return []
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]
""", None, "8/8 pontos"),
    # Respostas erradas enormes, logo abaixo dos limites de wire.py, a cada
    # exemplo do hypothesis: o corretor não cresce nem demora (o prazo do caso).
    Hostile("array_errado_enorme", """
import numpy as np
def layer_output(inputs, weights, biases):
    return np.zeros(260_000)
""", "layer_output", "deveria ser uma lista"),
    Hostile("lista_errada_enorme", """
def layer_output(inputs, weights, biases):
    return [0.5] * 99_000
""", "layer_output", "forma errada"),
    Hostile("celula_maior_que_o_pipe", "# " + "x" * (2 * 1024**2) + """
def transpose(matrix):
    if not matrix:
        return []
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]
""", None, "8/8 pontos"),
]

HOSTILE += ESCAPES + TRICKS
IDS = [h.id for h in HOSTILE]


BAIT: dict = {}  # caminhos e portas das iscas (fixture `bait`)


def source_of(case: Hostile) -> str:
    text = case.source.replace("{ROOT}", str(ROOT)).replace("{TOKEN}", TOKEN)
    for key, value in BAIT.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@pytest.fixture(scope="module", autouse=True)
def bait(tmp_path_factory):
    """Iscas fora da vista do aprendiz: um arquivo na "pasta da turma" e no
    $HOME do professor, um soquete Unix (no disco e abstrato) e uma porta TCP
    do hospedeiro escutando."""
    import socket

    folder = tmp_path_factory.mktemp("turma")
    secret = folder / "outro_aluno.ipynb"
    secret.write_text("segredo", encoding="utf-8")
    home_secret = Path.home() / f".rna_isca_segredo-{os.getpid()}"
    home_secret.write_text("segredo", encoding="utf-8")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(folder / "soquete"))
    unix.listen(5)
    abstract = socket.socket(socket.AF_UNIX)
    name = f"{TOKEN}-{os.getpid()}"  # um por processo do pytest (-n 2)
    abstract.bind(f"\0{name}")
    abstract.listen(5)
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(5)
    BAIT.update(BAIT=folder, SECRET=secret, HOME_SECRET=home_secret,
                SOCKET=folder / "soquete", ABSTRACT=name, PORT=tcp.getsockname()[1])
    yield BAIT
    for sock in (unix, abstract, tcp):
        sock.close()
    home_secret.unlink(missing_ok=True)


def isolation_required() -> bool:
    """Na integração contínua (CI=true ou RNA_EXIGIR_ISOLAMENTO=1), um teste de
    isolamento falha em vez de ser pulado."""
    return bool(os.environ.get("CI")) or os.environ.get("RNA_EXIGIR_ISOLAMENTO") == "1"


@pytest.fixture(scope="module")
def isolation():
    """O modo de isolamento desta máquina ("bwrap" ou "nenhum")."""
    mode = sandbox.isolation_mode()
    if mode != "bwrap" and isolation_required():
        pytest.fail(f"o isolamento não funciona nesta máquina ({mode}) e a CI o exige")
    return mode


@pytest.fixture
def limits_env(monkeypatch, tmp_path):
    for key, value in LIMITS.items():
        monkeypatch.setenv(key, value)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return tmpdir, cwd


def own_learner_processes() -> list[int]:
    """Processos do aprendiz criados por este processo que ainda existem."""
    return sandbox.marked_processes(f"{sandbox.MARKER_VAR}={os.getpid()}-".encode())


def files_with_token() -> list[Path]:
    found = []
    for base in (ROOT, Path("/tmp"), Path("/dev/shm"), Path.home()):
        try:
            entries = list(base.iterdir())
        except OSError:
            continue
        found += [p for p in entries if TOKEN in p.name]
    found += [p for p in (ROOT / "solutions").rglob(f"*{TOKEN}*")]
    return found


def assert_nothing_left(tmpdir: Path, cwd: Path):
    assert own_learner_processes() == [], "processo do aprendiz ficou para trás"
    # O cache do hypothesis do próprio corretor (rna-hypothesis-*, apagado ao
    # sair do processo) pode estar ali; do aprendiz, nada fica.
    left = [p for p in tmpdir.iterdir() if not p.name.startswith("rna-hypothesis-")]
    assert left == [], "pasta de trabalho do aprendiz ficou para trás"
    assert list(cwd.iterdir()) == [], "a submissão escreveu na pasta atual do corretor"
    assert files_with_token() == [], "a submissão escreveu fora da pasta de trabalho"


def scores(text: str) -> dict[str, tuple[float, float]]:
    found = re.findall(rf"^{MODULE}\.(\w+): ([\d.]+)/([\d.]+)", text, re.MULTILINE)
    return {name: (float(got), float(total)) for name, got, total in found}


def section(text: str, function: str) -> str:
    """O trecho do relatório sobre uma função."""
    start = text.index(f"{MODULE}.{function}:")
    rest = text[start + 1:]
    nxt = re.search(rf"^{MODULE}\.\w+:", rest, re.MULTILINE)
    return text[start: start + 1 + (nxt.start() if nxt else len(rest))]


def verificar(path: Path):
    """`rna verificar` no próprio processo (o mesmo código do comando)."""
    result = CliRunner().invoke(app, ["verificar", MODULE, "--submissao", str(path)])
    return result


def check_report(case: Hostile, result, elapsed: float):
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"o corretor levantou {result.exception!r}")
    assert "Traceback" not in output
    # Nada do aprendiz chega cru ao terminal: sem escapes nem surrogates.
    assert "\x1b" not in output and not re.search("[\ud800-\udfff]", output), repr(output)
    assert result.exit_code == (0 if case.target is None else 1), output
    assert elapsed < MODULE_BOUND, f"{elapsed:.1f} s"
    got = scores(output)
    assert set(got) == set(FUNCTIONS), output
    for function, (score, total) in got.items():
        if function == case.target:
            assert score < total, output
        else:
            assert score == total, f"{function} perdeu pontos:\n{output}"
    where = section(output, case.target) if case.target else output
    assert case.message in where, output


@pytest.mark.parametrize("case", HOSTILE, ids=IDS)
def test_hostile_submission(case, limits_env, isolation, tmp_path, monkeypatch):
    if case.isolated_only and isolation != "bwrap":
        pytest.skip(f"precisa do isolamento do Linux (aqui: {isolation})")
    tmpdir, cwd = limits_env
    for key, value in (case.env or {}).items():
        monkeypatch.setenv(key, value)
    path = tmp_path / f"{MODULE}.py"
    text = solution_path(MODULE).read_text(encoding="utf-8")
    path.write_text(text + "\n\n# %%\n" + source_of(case), encoding="utf-8")
    start = time.monotonic()
    result = verificar(path)
    elapsed = time.monotonic() - start
    check_report(case, result, elapsed)
    assert_nothing_left(tmpdir, cwd)


def test_syntax_error_names_the_line(limits_env, tmp_path):
    path = tmp_path / f"{MODULE}.py"
    text = solution_path(MODULE).read_text(encoding="utf-8") + "\n\n# %%\n"
    line = text.count("\n") + 2
    path.write_text(text + "x = 1\ndef dot(a, b)\n    return 0\n", encoding="utf-8")
    output = verificar(path).output
    assert f"linha {line}: SyntaxError" in output, output
    assert "8/8 pontos" in output


def test_notebook_cells_survive_each_other(limits_env, tmp_path):
    """Num notebook, uma célula que mata o processo, outra que levanta e outra
    que trava não impedem as demais: cada função é corrigida, como o nbgrader
    rodaria as células."""
    tmpdir, cwd = limits_env
    nb = nbformat.read(solution_path(MODULE).with_suffix(".ipynb"), as_version=4)
    cells = nb.cells
    position = next(i for i, c in enumerate(cells) if "def transpose" in c.source)
    bad = [
        nbformat.v4.new_code_cell("import os\nos._exit(5)"),
        nbformat.v4.new_code_cell("raise ValueError('célula com erro')"),
        nbformat.v4.new_code_cell("import ctypes\nctypes.string_at(0)"),
        nbformat.v4.new_code_cell("while True:\n    pass"),
    ]
    nb.cells = cells[:position] + bad + cells[position:]
    path = tmp_path / f"{MODULE}.ipynb"
    nbformat.write(nb, path)
    start = time.monotonic()
    result = verificar(path)
    elapsed = time.monotonic() - start
    output = result.output
    assert result.exit_code == 0, output
    assert "Traceback" not in output
    assert elapsed < MODULE_BOUND
    assert "8/8 pontos" in output
    for text in ("código de saída 5", "ValueError: célula com erro", "SIGSEGV",
                 "a célula passou de 2 s"):
        assert text in output, output
    assert_nothing_left(tmpdir, cwd)


def test_module_time_is_bounded(limits_env, monkeypatch, tmp_path):
    """Funções lentas (abaixo do limite por chamada) esgotam o prazo da função
    e depois o do módulo: o resto é relatado sem rodar, e o módulo termina no
    prazo documentado."""
    tmpdir, cwd = limits_env
    monkeypatch.setenv("RNA_TEMPO_FUNCAO", "3")
    monkeypatch.setenv("RNA_TEMPO_MODULO", "5")
    slow = "".join(
        f"\ndef {name}(*args):\n    time.sleep(1.5)\n    return 0\n" for name in FUNCTIONS)
    path = tmp_path / f"{MODULE}.py"
    text = solution_path(MODULE).read_text(encoding="utf-8")
    path.write_text(text + "\n\n# %%\nimport time\n" + slow, encoding="utf-8")
    start = time.monotonic()
    result = grade_file(MODULE, path)
    elapsed = time.monotonic() - start
    assert elapsed < 5 + 5, elapsed
    messages = [f.message for f in result.functions]
    assert "a correção desta função passou de 3 s" in messages[0]
    assert any("tempo do módulo esgotado" in m for m in messages[1:]), messages
    assert result.score == 0
    assert_nothing_left(tmpdir, cwd)


def test_hostile_grading_is_deterministic(limits_env, tmp_path):
    source = """
import os, ctypes
def dot(a, b):
    os._exit(1)
def transpose(matrix):
    return ctypes.string_at(0)
def neuron_output(inputs, weights, bias):
    return sum(inputs)
"""
    path = tmp_path / f"{MODULE}.py"
    text = solution_path(MODULE).read_text(encoding="utf-8")
    path.write_text(text + "\n\n# %%\n" + source, encoding="utf-8")
    first = json.dumps(gradescope([grade_file(MODULE, path)]), sort_keys=True)
    second = json.dumps(gradescope([grade_file(MODULE, path)]), sort_keys=True)
    assert first == second
    by_name = {t["name"].split(".")[1]: t["score"] for t in json.loads(first)["tests"]}
    assert by_name["dot"] == by_name["transpose"] == 0
    assert by_name["neuron_output"] < 2 and by_name["layer_output"] == 2


@pytest.mark.parametrize("case", ["laco_infinito", "celula_segfault", "resposta_falsa_no_canal"])
def test_rna_command_line(case, tmp_path):
    """O comando de verdade, num processo novo: sem traceback, código 0 ou 1,
    nada para trás."""
    hostile = next(h for h in HOSTILE if h.id == case)
    path = tmp_path / f"{MODULE}.py"
    text = solution_path(MODULE).read_text(encoding="utf-8")
    path.write_text(text + "\n\n# %%\n" + source_of(hostile), encoding="utf-8")
    env = dict(os.environ, **LIMITS, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "verificar", MODULE,
                             "--submissao", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == (0 if hostile.target is None else 1), out + err
    assert "Traceback" not in out + err
    assert hostile.message in out
    assert sandbox.marked_processes(f"{sandbox.MARKER_VAR}={proc.pid}-".encode()) == []
    assert not list(tmp_path.glob("rna-aprendiz-*"))


# ---------------------------------------------------------------------------
# O processo do aprendiz por dentro


def test_learner_cannot_import_the_grader():
    with LearnerProcess([Cell("def f():\n    import autograder\n    return 1\n")],
                        "<t>") as process:
        process.start()
        answer = process.request({"op": "call", "fn": "f", "args": [], "kwargs": {}})
    assert answer["ok"] is False
    assert answer["error"]["type"] == "ModuleNotFoundError"


def test_learner_cannot_read_the_repository(isolation):
    if isolation != "bwrap":
        pytest.skip(f"precisa do isolamento do Linux (aqui: {isolation})")
    code = ("import os\n"
            "def f(path):\n"
            "    try:\n"
            "        return open(path).read(100)\n"
            "    except OSError as exc:\n"
            "        return type(exc).__name__\n"
            "def g(path):\n"
            "    try:\n"
            "        return os.listdir(path)\n"
            "    except OSError as exc:\n"
            "        return type(exc).__name__\n")
    files = [solution_path(MODULE), ROOT / "autograder" / "engine.py",
             ROOT / "tests" / "conftest.py", ROOT / ".git" / "HEAD", ROOT / "pyproject.toml"]
    with LearnerProcess([Cell(code)], "<t>") as process:
        process.start()

        def call(fn, path):
            return process.request({"op": "call", "fn": fn, "args": [str(path)],
                                    "kwargs": {}})["result"]

        # escondido: o arquivo some (pasta vazia por cima, ou o tmpfs de /tmp
        # quando o repositório está em /tmp) ou fica vazio (/dev/null por cima)
        seen = [call("f", p) for p in files]
        assert all(r in ("FileNotFoundError", "") for r in seen), seen
        assert call("g", ROOT / "solutions") in ([], "FileNotFoundError")


def test_import_time_side_effects_are_undone():
    """np.seterr, np.random.seed, filtros de avisos, alarmes: desfeitos antes
    de cada chamada, e a semente da chamada vale."""
    code = """
import signal, warnings
import numpy as np
np.seterr(all="raise")
np.random.seed(99)
warnings.simplefilter("error")
signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
signal.setitimer(signal.ITIMER_REAL, 0.2, 0.01)

def f():
    big = np.exp(np.array([1000.0]))  # inf com aviso, não FloatingPointError
    return [float(big[0]) > 0, np.random.rand(3)]
"""
    with LearnerProcess([Cell(code)], "<t>") as process:
        process.start()
        time.sleep(0.4)
        answer = process.request({"op": "call", "fn": "f", "args": [], "kwargs": {},
                                  "seed": 0})
    assert answer["ok"], answer
    flag, values = answer["result"]
    np.random.seed(0)
    assert flag is True
    assert np.array_equal(values, np.random.rand(3))


def test_without_isolation_leftovers_are_still_killed(monkeypatch):
    """Sem namespaces (outros sistemas), um filho que sai do grupo com setsid
    ainda morre: o corretor procura a marca do processo no ambiente."""
    if not os.path.isdir("/proc"):
        pytest.skip("sem /proc")
    code = ("import subprocess\n"
            "def f():\n"
            "    subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
            "    return 1\n")
    with LearnerProcess([Cell(code)], "<t>", Limits(isolation="nenhum")) as process:
        process.start()
        assert process.isolation in ("nenhum", "nobody")
        process.request({"op": "call", "fn": "f", "args": [], "kwargs": {}})
        marker = process.marker
        assert sandbox.marked_processes(f"{sandbox.MARKER_VAR}={marker}\0".encode())
    assert not sandbox.marked_processes(f"{sandbox.MARKER_VAR}={marker}\0".encode())


FORGED = [
    b"isto nao e json",
    b"[" * 100000 + b"]" * 100000,
    json.dumps({"id": 1, "ok": True, "result": {"__ndarray__": "AAAA", "dtype": "O",
                                                 "shape": [1]}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": {"__ndarray__": "AAAA", "dtype": "<f8",
                                                 "shape": [10**9, 10**9]}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": {"__ndarray__": "!!!", "dtype": "<f8",
                                                 "shape": [1]}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": 10**400}).encode(),
    json.dumps({"id": 1, "ok": True, "result": {"__float__": "1e999999"}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": {"__fn__": "quadratica"}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": {"qualquer": 1}}).encode(),
    json.dumps({"id": 1, "ok": True}).encode(),
    json.dumps({"id": 2, "ok": True, "result": 1}).encode(),
    json.dumps({"id": 1, "ok": "sim", "result": 1}).encode(),
    json.dumps({"id": 1, "ok": False, "error": {"type": 1}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": 1, "args_changed": "x"}).encode(),
    json.dumps({"id": 1, "ok": True, "result": 1, "args_changed": {"7": 1}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": 1, "args_changed": {"²": 1}}).encode(),
    json.dumps({"id": 1, "ok": True, "result": 1,
                "args_changed": {"0": {"__ndarray__": "!!"}}}).encode(),
]


@pytest.mark.parametrize("reply", FORGED, ids=range(len(FORGED)))
def test_forged_replies_are_rejected(reply):
    """Uma resposta forjada vira `LearnerCrashed` (a função perde), nunca um
    erro do corretor nem um valor aceito."""
    code = ("import os\n"
            "def f():\n"
            f"    data = {reply!r} + b'\\n'\n"
            "    for fd in os.listdir('/proc/self/fd'):\n"
            "        if int(fd) >= 100:\n"
            "            try:\n"
            "                os.write(int(fd), data)\n"
            "            except OSError:\n"
            "                pass\n"
            "    import time\n"
            "    time.sleep(30)\n")
    with LearnerProcess([Cell(code)], "<t>", Limits(call=5)) as process:
        process.start()
        process._ids = iter(range(1, 100))  # o pedido será o de id 1
        with pytest.raises(LearnerCrashed) as info:
            process.request({"op": "call", "fn": "f", "args": [], "kwargs": {}})
    assert info.value.kind == "resposta"
    assert "resposta" in info.value.reason


@pytest.mark.parametrize("value", [
    {"__ndarray__": "AAAAAAAAAAA=", "dtype": "<f8", "shape": [1]},
    {"__tuple__": [1, 2.5, None, "x"]},
    {"__dict__": {"a": [1, 2]}},
    {"__float__": "nan"},
    {"__unsupported__": "objeto do tipo X"},
])
def test_plain_values_are_accepted(value):
    wire.check_plain(value)
