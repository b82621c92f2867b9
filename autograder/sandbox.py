"""Processo separado onde o código do aprendiz roda.

O corretor (este processo) guarda a referência e as verificações; o aprendiz
roda em outro processo Python, sem o pacote `autograder` no caminho, e só
devolve dados simples (ver `worker.py`). Um pedido que passa do tempo mata o
processo inteiro (grupo de processos) e o próximo pedido começa num processo
novo, com o código recarregado.
"""

from __future__ import annotations

import json
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import worker as wire

WORKER_SOURCE = Path(wire.__file__).read_text(encoding="utf-8")

CALL_TIMEOUT = 10.0  # segundos por chamada (treinar uma rede pequena cabe)
LOAD_TIMEOUT = 20.0  # segundos para executar o arquivo/células do aprendiz
MEMORY_LIMIT = 2 * 1024**3  # bytes de memória virtual do processo do aprendiz
OUTPUT_LIMIT = 1024**2  # bytes de saída (print) guardados por processo


class LearnerCrashed(Exception):
    """O processo do aprendiz morreu ou estourou um limite."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Cell:
    source: str
    first_line: int = 1


@dataclass
class LoadReport:
    errors: list = field(default_factory=list)
    names: list = field(default_factory=list)
    output: str = ""


def _limit_resources():  # roda no filho, antes do exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class LearnerProcess:
    """Um processo do aprendiz com o código já carregado."""

    def __init__(self, cells: list[Cell], filename: str):
        self.cells = cells
        self.filename = filename
        self.proc: subprocess.Popen | None = None
        self.load_report: LoadReport | None = None
        self._workdir: tempfile.TemporaryDirectory | None = None

    # -- ciclo de vida -----------------------------------------------------
    def start(self) -> LoadReport:
        self.close()
        self._workdir = tempfile.TemporaryDirectory(prefix="rna-aprendiz-")
        workdir = self._workdir.name
        self._output = open(os.path.join(workdir, ".saida"), "w+b")
        read_fd, write_fd = os.pipe()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": workdir,
            "RNA_FD_RESPOSTA": str(write_fd),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "LANG": "C.UTF-8",
        }
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if key in os.environ:
                env[key] = os.environ[key]
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", WORKER_SOURCE],
            stdin=subprocess.PIPE,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            env=env,
            pass_fds=(write_fd,),
            preexec_fn=_limit_resources,
            start_new_session=True,
        )
        os.close(write_fd)
        self._replies = os.fdopen(read_fd, "rb", buffering=0)
        self._buffer = b""
        self._receive(LOAD_TIMEOUT)  # "pronto"
        answer = self._request(
            {
                "op": "load",
                "filename": self.filename,
                "cells": [c.__dict__ for c in self.cells],
            },
            LOAD_TIMEOUT,
        )
        self.load_report = LoadReport(answer["errors"], answer["names"], self.output())
        return self.load_report

    def close(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
            self._replies.close()
            self._output.close()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def output(self) -> str:
        """O que o aprendiz imprimiu até agora (cortado em OUTPUT_LIMIT)."""
        self._output.flush()
        self._output.seek(0)
        data = self._output.read(OUTPUT_LIMIT)
        self._output.seek(0, os.SEEK_END)
        return data.decode("utf-8", errors="replace")

    # -- pedidos -----------------------------------------------------------
    def ensure_running(self):
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def request(self, payload: dict, timeout: float = CALL_TIMEOUT) -> dict:
        """Envia um pedido; se o processo morrer ou travar, ele é reiniciado
        no próximo pedido e este levanta `LearnerCrashed`."""
        self.ensure_running()
        try:
            return self._request(payload, timeout)
        except LearnerCrashed:
            self.close()
            raise

    def _request(self, payload, timeout):
        try:
            self.proc.stdin.write((json.dumps(payload) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise LearnerCrashed(self._death_reason()) from None
        return self._receive(timeout)

    def _receive(self, timeout):
        while b"\n" not in self._buffer:
            with selectors.DefaultSelector() as sel:
                sel.register(self._replies, selectors.EVENT_READ)
                if not sel.select(timeout):
                    raise LearnerCrashed(
                        f"tempo esgotado: a chamada passou de {timeout:g} s "
                        "(laço infinito ou cálculo lento demais?)"
                    )
            chunk = self._replies.read(1 << 20)
            if not chunk:
                raise LearnerCrashed(self._death_reason())
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def _death_reason(self) -> str:
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "o processo do seu código parou de responder"
        if code < 0:
            sig = signal.Signals(-code).name
            if -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS):
                return (
                    f"o processo do seu código foi encerrado pelo sistema ({sig}): "
                    "falha de memória ou memória demais"
                )
            return f"o processo do seu código foi encerrado pelo sinal {sig}"
        return f"o seu código encerrou o processo (código de saída {code})"
