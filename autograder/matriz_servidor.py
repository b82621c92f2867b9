"""A matriz: dentro de um isolamento do bwrap, cria os processos dos aprendizes.

O texto deste arquivo vem depois do de `worker.py` e de `wire.py` (ver
`matriz.SOURCE`) e roda com ``python -P -S -s -c`` dentro do mesmo isolamento
(`isolation.Plan`, o mesmo filtro seccomp) que um processo do aprendiz: o
NumPy e o laço do aprendiz já carregados, cada aprendiz novo custa um `fork`
em vez de bwrap + Python + NumPy (~80–100 ms de CPU).

A matriz nunca roda código de aluno e não guarda segredo nenhum. Entre dois
filhos (dois alunos), ela mata todos os outros processos do isolamento,
espera até só restarem o PID 1 (o bwrap) e ela mesma, apaga /tmp (com a
pasta de trabalho) e /dev/shm e remove os objetos IPC System V; só então
diz ao corretor como o filho terminou. Qualquer coisa estranha (limites ou
prioridade dela mudados por um aluno, mensagem inválida) a encerra: o
corretor volta a iniciar cada aprendiz do jeito normal.

Protocolo (soquete AF_UNIX SOCK_SEQPACKET herdado, um pacote por mensagem):
o corretor manda {"op": "fork", "config": ...} com três descritores
(SCM_RIGHTS: leitura dos pedidos, escrita das respostas, arquivo de saída);
a matriz responde {"pid": n} e, quando o filho termina ou o corretor manda
{"op": "kill"}, {"status": código} — o código de saída, ou 128 + sinal,
como o bwrap.
"""

if __name__ != "__main__":  # importado (testes): os nomes vêm do worker
    from .worker import _dumps, _loads, run  # noqa: F401

PR_SET_DUMPABLE = 4


def _limits_snapshot():
    """O que um aluno (mesmo usuário) pode mudar na matriz de fora e que os
    filhos herdariam: rlimits (prlimit), prioridade, CPUs, escalonador."""
    import resource

    snapshot = []
    for name in sorted(n for n in dir(resource) if n.startswith("RLIMIT_")):
        try:
            snapshot.append((name, resource.getrlimit(getattr(resource, name))))
        except (OSError, ValueError):
            pass
    snapshot.append(("nice", os.getpriority(os.PRIO_PROCESS, 0)))
    snapshot.append(("cpus", sorted(os.sched_getaffinity(0))))
    snapshot.append(("sched", os.sched_getscheduler(0)))
    # Como root, o aluno é o mesmo uid de fora e é dono dos arquivos da matriz
    # em /proc: o oom_score_adj e o nice do autogroup ele só consegue piorar.
    for name in ("oom_score_adj", "autogroup"):
        try:
            with open(f"/proc/self/{name}") as f:
                snapshot.append((name, f.read().split("/")[-1].strip()))
        except OSError:
            pass
    return snapshot


def _wipe(folder):
    """Apaga tudo dentro de `folder` (um tmpfs), até o que o aluno trancou
    (chmod 0): primeiro abre cada pasta, de cima para baixo, depois apaga."""
    import shutil

    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass
    for root, dirs, _files in os.walk(folder):
        for name in dirs:
            try:
                os.chmod(os.path.join(root, name), 0o700, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError:
            pass
    return not os.listdir(folder)


def _remove_ipc():
    """Filas de mensagens e semáforos System V (o seccomp já nega a memória
    compartilhada): sobrevivem aos processos, no namespace de IPC."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for table, remove in (("msg", libc.msgctl), ("sem", libc.semctl)):
        try:
            with open(f"/proc/sysvipc/{table}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            ident = int(row.split()[1])
            if table == "msg":
                remove(ident, 0, None)  # IPC_RMID
            else:
                remove(ident, 0, 0)
        with open(f"/proc/sysvipc/{table}") as f:
            if f.read().splitlines()[1:]:
                return False
    return True


def _others():
    me = os.getpid()
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]


def _clean(folders, modes, deadline=5.0):
    """Nada do aluno anterior fica: processos, arquivos, IPC. False: não deu
    (a matriz então se encerra)."""
    import signal
    import time

    limit = time.monotonic() + deadline
    while True:
        try:
            os.kill(-1, signal.SIGKILL)  # todos que ela pode sinalizar, menos ela e o PID 1
        except ProcessLookupError:
            pass
        if not _others():
            break
        if time.monotonic() > limit:
            return False
        time.sleep(0.0005)
    for folder in folders:
        if not _wipe(folder):
            return False
        try:
            os.chmod(folder, modes[folder])
        except OSError:
            pass
    return _remove_ipc()


def _child(control, fds, config):
    """O filho: os descritores no lugar, e o mesmo caminho de `worker.main`."""
    request, reply, output = fds  # recebidos depois de 0, 1 e 2: todos > 2
    code = 1
    try:
        control.close()
        os.dup2(request, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.closerange(3, reply)
        os.closerange(reply + 1, 1 << 16)
        config["fd"] = reply
        run(config)
        code = 0
    except BaseException:  # noqa: BLE001 - como o Python faria ao sair
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
    os._exit(code)


def _watch(control, pid):
    """Espera o filho terminar ou o pedido do corretor para matá-lo;
    devolve o status do filho e se o corretor ainda está lá."""
    import select
    import signal

    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    alive = True
    try:
        while True:
            watched = [control] + ([pidfd] if pidfd is not None else [])
            ready, _, _ = select.select(watched, [], [], None if pidfd is not None else 0.005)
            if control in ready:
                data = control.recv(4096)
                if not data or _loads(data).get("op") == "kill":
                    alive = bool(data)
                    os.kill(-1, signal.SIGKILL)
                else:
                    raise ValueError("mensagem fora de hora")
            done, status = os.waitpid(pid, 0 if control in ready else os.WNOHANG)
            if done:
                break
    finally:
        if pidfd is not None:
            os.close(pidfd)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status), alive
    return os.waitstatus_to_exitcode(status), alive


def serve_forks():
    import ctypes
    import socket

    config = _loads(os.environ.pop("RNA_CONFIG"))
    # Não "dumpable": um filho não abre /proc/<matriz>/mem nem /fd, nem a
    # rastreia (o seccomp já nega ptrace).
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    control = socket.socket(fileno=int(config["socket"]))
    folders = ["/tmp", "/dev/shm"]
    modes = {f: os.stat(f).st_mode & 0o7777 for f in folders}
    snapshot = _limits_snapshot()
    while True:
        data, fds, _flags, _address = socket.recv_fds(control, 1 << 20, 3)
        if not data:
            return
        message = _loads(data)
        if message.get("op") == "kill" and not fds:
            continue  # o filho já tinha terminado quando o corretor pediu
        if message.get("op") != "fork" or len(fds) != 3 or _limits_snapshot() != snapshot:
            return  # o corretor vê o soquete fechar e deixa a matriz de lado
        pid = os.fork()
        if pid == 0:
            _child(control, fds, message["config"])
        for fd in fds:
            os.close(fd)
        control.send(_dumps({"pid": pid}).encode())
        status, alive = _watch(control, pid)
        if not _clean(folders, modes) or not alive:
            return
        os.makedirs(config["pasta"], exist_ok=True)
        control.send(_dumps({"status": status}).encode())
