"""Processos do corretor para `rna corrigir`, cada tarefa com um cão de guarda.

O `ProcessPoolExecutor` não mata uma tarefa que não termina: uma submissão
que travasse o corretor (um defeito dele, ou um caminho sem prazo) seguraria
as notas da turma inteira. Aqui cada processo faz uma tarefa por vez; passado
o prazo, ele é morto (e o aprendiz dele junto: --die-with-parent do bwrap e a
marca no ambiente), a tarefa volta como None e um processo novo assume.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from multiprocessing.connection import wait

from .. import sandbox


def _serve(conn):
    # Ctrl+C é do processo principal, que fecha os filhos.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        fn, args = task
        conn.send(fn(*args))


class _Slot:
    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.key = None
        self.deadline = 0.0

    def kill(self):
        try:
            os.kill(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.join()
        self.conn.close()
        # Sem o bwrap, os processos do aprendiz deste corretor levam a marca dele.
        sandbox.sweep_prefix(f"{self.process.pid}-")


class WatchedPool:
    def __init__(self, size: int, watchdog: float):
        self.context = multiprocessing.get_context()
        self.size = max(1, int(size))
        self.watchdog = watchdog
        self.slots: list[_Slot] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for slot in self.slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.kill()

    def run(self, fn, tasks):
        """Para cada (chave, argumentos), gera (chave, fn(*argumentos)) na
        ordem em que terminam; None se o prazo acabou ou o processo morreu."""
        pending = deque(tasks)
        busy: dict = {}
        idle = []
        while pending or busy:
            while pending and (idle or len(self.slots) < self.size):
                slot = idle.pop() if idle else self._new()
                slot.key, args = pending.popleft()
                slot.deadline = time.monotonic() + self.watchdog
                slot.conn.send((fn, args))
                busy[slot.conn] = slot
            timeout = max(0.0, min(s.deadline for s in busy.values()) - time.monotonic())
            ready = wait(list(busy) + [s.process.sentinel for s in busy.values()], timeout)
            for slot in list(busy.values()):
                result, done = None, False
                if slot.conn in ready:
                    try:
                        result, done = slot.conn.recv(), True
                    except (EOFError, OSError):
                        pass
                expired = time.monotonic() >= slot.deadline
                dead = slot.process.sentinel in ready and not done
                if not (done or expired or dead):
                    continue
                del busy[slot.conn]
                if done:
                    idle.append(slot)
                else:
                    slot.kill()
                    self.slots.remove(slot)
                yield slot.key, result

    def _new(self) -> _Slot:
        slot = _Slot(self.context)
        self.slots.append(slot)
        return slot
