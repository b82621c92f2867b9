"""A matriz de `rna corrigir`: um isolamento do bwrap por processo do corretor,
de onde cada processo do aprendiz nasce com um `fork`.

Iniciar um processo do aprendiz custa ~80–100 ms de CPU (bwrap + Python +
`import numpy`), muitas vezes mais do que a correção. Na correção da turma,
cada processo do corretor (professor/pool.py) inicia, na primeira vez, uma
matriz (`matriz_servidor.py`) dentro do mesmo isolamento (`isolation.Plan`,
o mesmo filtro seccomp) e, a cada aprendiz, manda a ela os descritores do
processo novo (SCM_RIGHTS). O que um aluno deixa para trás (processos,
arquivos, IPC) a matriz apaga antes do próximo; ver
site/professor/seguranca.md, "A matriz".

Só `rna corrigir` (professor/turma.py) a usa (`activate`), e só com o bwrap;
`rna verificar`, o nbgrader, o Gradescope e os modos sem bwrap iniciam cada
aprendiz como sempre. Qualquer problema com a matriz (morta, parada, muda,
mensagem inválida) a descarta e o aprendiz inicia do jeito normal: um
problema da matriz nunca custa pontos a um aluno. RNA_MATRIZ=0 a desliga.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from . import isolation as iso

PACKAGE = Path(__file__).resolve().parent
SOURCE = "\n".join((PACKAGE / name).read_text(encoding="utf-8")
                   for name in ("worker.py", "wire.py", "matriz_servidor.py")) + "\nserve_forks()\n"

CHILDREN = 100  # filhos por matriz; depois, uma matriz nova
START_TIMEOUT = 10.0  # s para a matriz nova criar o primeiro filho (importa o NumPy)
ANSWER_TIMEOUT = 2.0  # s para qualquer outra resposta dela

GIVE_UP = 3  # matrizes seguidas que nem criam um filho: neste processo, sem matriz

_active = False
_failures = 0
_server: "Server | None" = None
launches = 0  # matrizes iniciadas por este processo (os testes contam)


def activate():
    """Chamado por `rna corrigir` (em cada processo do corretor)."""
    global _active
    _active = os.environ.get("RNA_MATRIZ", "1") != "0"


def active() -> bool:
    return _active


class Unusable(Exception):
    """A matriz não serve mais: descartada; o aprendiz inicia sem ela."""


class Server:
    """Uma matriz: o bwrap dela e o soquete de controle."""

    def __init__(self, key, plan: iso.Plan, env: dict, python_argv: list[str]):
        global launches
        self.key = key
        self.owner = os.getpid()
        self.discarded = False
        self.children = 0
        self.child: Forked | None = None
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.info = plan.info
        config = json.loads(env["RNA_CONFIG"])
        config["socket"] = theirs.fileno()
        env = dict(env, RNA_CONFIG=json.dumps(config))
        try:
            self.proc = subprocess.Popen(
                plan.argv + python_argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir(), env=env,
                pass_fds=(theirs.fileno(), *plan.fds), start_new_session=True)
        except OSError:
            self.control.close()
            os.close(self.info)
            raise Unusable from None
        finally:
            theirs.close()
            plan.close()
        launches += 1

    def send(self, message: dict, fds=()):
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
        except OSError:
            raise Unusable from None

    def receive(self, timeout: float) -> dict:
        with selectors.DefaultSelector() as sel:
            sel.register(self.control, selectors.EVENT_READ)
            if not sel.select(max(timeout, 0)):
                raise Unusable
        try:
            data = self.control.recv(4096)
            message = json.loads(data)
        except (OSError, ValueError):
            raise Unusable from None
        if not isinstance(message, dict):
            raise Unusable
        return message

    def discard(self):
        """Mata o bwrap da matriz e espera o namespace inteiro sumir."""
        global _server
        if _server is self:
            _server = None
        if self.discarded or self.owner != os.getpid():
            return  # já descartada, ou herdada num fork do corretor (é do pai)
        self.discarded = True
        iso.kill_sandbox(self.proc, self.info)
        self.control.close()
        os.close(self.info)
        if self.child is not None:
            self.child.returncode = 128 + signal.SIGKILL
            self.child = None


class Forked:
    """O processo do aprendiz criado pela matriz, com a parte de
    `subprocess.Popen` que `LearnerProcess` usa (poll, wait, kill, stdin)."""

    def __init__(self, server: Server, stdin_fd: int, pid: int | None):
        self.server = server
        self.stdin = os.fdopen(stdin_fd, "wb", buffering=0)
        self.pid = pid  # no namespace da matriz (quando ela responder)
        self.returncode: int | None = None

    def _collect(self, timeout: float):
        """Lê as mensagens da matriz sobre este filho ({"pid"} e {"status"})."""
        deadline = time.monotonic() + timeout
        while self.returncode is None and not self.server.discarded:
            try:
                message = self.server.receive(deadline - time.monotonic())
            except Unusable:
                if timeout > 0 or self.server.proc.poll() is not None:
                    self.server.discard()  # o filho morre junto com o isolamento
                return
            pid, status = message.get("pid"), message.get("status")
            if self.pid is None and type(pid) is int and pid > 1:
                self.pid = pid
            elif self.pid is not None and type(status) is int and 0 <= status < 256:
                self.returncode = status
                self.server.child = None
            else:
                self.server.discard()
                return

    def poll(self):
        self._collect(0)
        return self.returncode

    def wait(self, timeout: float | None = None):
        self._collect(ANSWER_TIMEOUT if timeout is None else timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired("matriz", timeout)
        return self.returncode

    def kill(self):
        """Mata o filho (a matriz limpa o isolamento) e espera o status; a
        matriz que não responde a tempo é descartada."""
        if self.returncode is None:
            try:
                self.server.send({"op": "kill"})
            except Unusable:
                self.server.discard()
                return
            self._collect(ANSWER_TIMEOUT)
            if self.returncode is None:
                self.server.discard()


def fork(key, make_server, config: dict, fds: tuple[int, int]) -> Forked | None:
    """Um processo do aprendiz novo, filho da matriz deste processo (iniciada
    agora se preciso, com `make_server()`), com `fds` = (escrita das
    respostas, arquivo de saída); None: sem matriz desta vez."""
    global _server, _failures
    if _failures >= GIVE_UP:
        return None
    server = _server
    if server is not None and server.child is not None and server.owner == os.getpid():
        return None  # ocupada com outro aprendiz vivo deste processo: este inicia normal
    if server is not None and (server.key != key or server.owner != os.getpid()
                               or server.children >= CHILDREN):
        server.discard()
        server = None
    if server is None:
        try:
            server = make_server()
        except (Unusable, OSError, iso.Unavailable):
            _failures += 1
            return None
        _server = server
    request_r, request_w = os.pipe()
    try:
        # Sem esperar o PID: o filho fica pronto enquanto o corretor carrega a
        # referência; o prazo curto para ele ficar pronto está em
        # `LearnerProcess._await_ready` (`failed`, `ready`).
        server.send({"op": "fork", "config": config}, (request_r, *fds))
    except Unusable:
        os.close(request_w)
        failed(server)
        return None
    finally:
        os.close(request_r)
    server.children += 1
    server.child = Forked(server, request_w, None)
    return server.child


def ready():
    global _failures
    _failures = 0


def failed(server: Server):
    """A matriz não criou um filho pronto a tempo: descartada."""
    global _failures
    _failures += 1
    server.discard()


def _discard_at_exit():
    if _server is not None:
        _server.discard()


atexit.register(_discard_at_exit)
