"""O isolamento do processo do aprendiz: bubblewrap + um filtro seccomp.

O corretor inicia o processo do aprendiz dentro do `bwrap` (Debian/Ubuntu:
pacote `bubblewrap`, o mesmo do Flatpak), com os mesmos argumentos como root
e como usuário comum:

* vista do sistema de arquivos por lista de permissões: /usr e a instalação
  do Python (com os pacotes) só de leitura, um tmpfs pequeno em /tmp (a pasta
  de trabalho) e em /dev/shm, e mais nada: nem o $HOME do professor, nem a
  pasta da turma, nem o curso, nem outra cópia de solutions/;
* namespaces novos de usuário (o aprendiz é `nobody`, sem capacidades, e não
  cria outro namespace), PID, rede (só um loopback vazio: nenhum soquete do
  hospedeiro, nem os abstratos), IPC, UTS e cgroup; sessão nova (sem
  TIOCSTI no terminal do professor); morre junto com o corretor;
* um filtro seccomp (ver `_DENIED`) contra o que os rlimits não limitam:
  memfd_create, fallocate (num descritor herdado), memória compartilhada
  System V, soquetes que não sejam AF_UNIX (AF_VSOCK atravessa namespaces),
  ptrace, montagens, io_uring, bpf, chaves do kernel.

Os limites de memória, saída, arquivos e processos (rlimits) são aplicados
pelo próprio processo do aprendiz (`worker.limit_resources`); o número de
processos só vale aqui dentro, onde o usuário é só do aprendiz.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import sys
from pathlib import Path

SANDBOX_UID = 65534  # nobody, dentro do namespace
INSIDE_HOME = "/tmp/aprendiz"  # a pasta de trabalho, no tmpfs do aprendiz
SHM_BYTES = 1024**2

# Chamadas de sistema negadas (EPERM) e por quê (ver site/professor/seguranca.md).
_DENIED = (
    # memória fora do RLIMIT_AS e disco fora do RLIMIT_FSIZE
    "memfd_create", "memfd_secret", "fallocate", "shmget", "shmat", "shmctl", "mq_open",
    # outros processos e o kernel
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    "mount", "umount2", "pivot_root", "unshare", "setns", "chroot", "move_mount",
    "open_tree", "fsopen", "fsmount", "fspick", "mount_setattr",
    "keyctl", "add_key", "request_key", "bpf", "userfaultfd", "perf_event_open",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "open_by_handle_at", "name_to_handle_at", "syslog", "acct", "swapon", "swapoff",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "quotactl", "lookup_dcookie", "fanotify_init",
)
AF_UNIX = 1


class Unavailable(Exception):
    """Esta máquina não consegue isolar o processo do aprendiz (o motivo)."""


def bwrap() -> str | None:
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


def _seccomp_module():
    try:
        import seccomp  # python3-seccomp (Debian), só no Python do sistema
    except ImportError:
        try:
            import pyseccomp as seccomp  # PyPI, ctypes sobre a libseccomp.so.2
        except ImportError:
            return None
    return seccomp


@functools.lru_cache(maxsize=1)
def seccomp_program() -> bytes:
    """O filtro em BPF clássico, no formato que `bwrap --seccomp FD` lê."""
    seccomp = _seccomp_module()
    if seccomp is None:
        raise Unavailable("falta a biblioteca seccomp do Python (pip install pyseccomp)")
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for name in _DENIED:
            try:
                rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
            except (ValueError, RuntimeError, OSError):
                pass  # chamada que não existe nesta arquitetura ou nesta libseccomp
        for call in ("socket", "socketpair"):
            rules.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), call,
                           seccomp.Arg(0, seccomp.NE, AF_UNIX))
        # Sem clone3 a glibc volta ao clone, cujas opções o kernel confere.
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
        read_fd, write_fd = os.pipe()
        with os.fdopen(write_fd, "wb") as sink:
            rules.export_bpf(sink)
        with os.fdopen(read_fd, "rb") as source:
            return source.read()
    except (OSError, RuntimeError, ValueError) as exc:
        raise Unavailable(f"a libseccomp falhou: {exc}") from None


def seccomp_fd() -> int:
    """Um descritor com o filtro, para passar ao bwrap (ele lê e fecha)."""
    program = seccomp_program()
    read_fd, write_fd = os.pipe()
    os.write(write_fd, program)  # poucas centenas de bytes: cabe no pipe
    os.close(write_fd)
    return read_fd


def _top_level(paths) -> list[str]:
    """Só os caminhos mais altos: um cobre o que está dentro dele."""
    top: list[str] = []
    for p in sorted(dict.fromkeys(paths)):
        if not any(p == t or p.startswith(t.rstrip("/") + "/") for t in top):
            top.append(p)
    return top


def system_binds() -> list[str]:
    """/usr e os diretórios da raiz que são atalhos para ele (/lib, /bin...)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    if os.path.isfile("/etc/ld.so.cache"):
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def python_paths(paths: list[str]) -> list[str]:
    """Os diretórios da instalação do Python a mostrar (fora de /usr, que já
    vai inteiro), só os mais altos."""
    found = []
    for p in paths:
        for form in (os.path.abspath(p), os.path.realpath(p)):
            if os.path.isdir(form) and not (form + "/").startswith("/usr/"):
                found.append(form)
    return _top_level(found)


# O que o Docker mascara no /proc do contêiner: arquivos do kernel que o root
# (mesmo sem capacidades) leria ou escreveria. Como root, o aprendiz é o uid 0
# fora do namespace (sem capacidades): ele não pode escrever em /proc/sys.
_PROC_READ_ONLY = ("sys", "sysrq-trigger", "fs", "irq", "bus")
_PROC_HIDDEN_DIRS = ("acpi", "scsi", "driver")
_PROC_HIDDEN_FILES = ("kcore", "keys", "timer_list", "timer_stats", "sched_debug",
                      "latency_stats", "kallsyms", "kmsg", "config.gz")


def proc_masks() -> list[str]:
    args = []
    for name in _PROC_READ_ONLY:
        if os.path.exists(f"/proc/{name}"):
            args += ["--ro-bind", f"/proc/{name}", f"/proc/{name}"]
    for name in _PROC_HIDDEN_DIRS:
        if os.path.isdir(f"/proc/{name}"):
            args += ["--perms", "0555", "--size", "4096", "--tmpfs", f"/proc/{name}",
                     "--remount-ro", f"/proc/{name}"]
    for name in _PROC_HIDDEN_FILES:
        if os.path.exists(f"/proc/{name}"):
            args += ["--ro-bind", "/dev/null", f"/proc/{name}"]
    return args


class Plan:
    """Uma execução do bwrap: a linha de comando e o descritor do filtro
    seccomp, fechado com `close` depois de iniciar o processo."""

    def __init__(self, python: str, paths: list[str], hidden: list[str], disk_mb: int):
        self.fds: list[int] = [seccomp_fd()]
        # O bwrap escreve ali o PID (no hospedeiro) do PID 1 do namespace:
        # quando ele some, o kernel já matou todo o resto (`wait_for_namespace`).
        self.info, info_w = os.pipe()
        os.set_blocking(self.info, False)
        self.fds.append(info_w)
        binds = []
        bound = ["/usr"]
        for path in python_paths([os.path.dirname(python), *paths]):
            binds += ["--ro-bind", path, path]
            bound.append(path)
        for path in hidden:
            if os.path.isdir(path) and any((path + "/").startswith(b + "/") for b in bound):
                binds += ["--perms", "0555", "--size", "4096", "--tmpfs", path,
                          "--remount-ro", path]
        # A ordem importa: o /tmp vazio vem antes das montagens do Python (que
        # pode morar em /tmp, num .venv), e a raiz e o /dev ficam só de leitura no fim.
        self.argv = [
            bwrap() or "bwrap",
            "--unshare-all", "--unshare-user", "--disable-userns",
            "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--hostname", "aprendiz",
            "--proc", "/proc", *proc_masks(), "--dev", "/dev",
            "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm",
            "--size", str(int(disk_mb) * 1024**2), "--tmpfs", "/tmp",
            *system_binds(),
            *binds,
            "--dir", INSIDE_HOME, "--chdir", INSIDE_HOME,
            "--remount-ro", "/dev", "--remount-ro", "/",
            "--seccomp", str(self.fds[0]), "--info-fd", str(info_w),
            "--",
        ]

    def close(self):
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds = []


def namespace_pid(info_fd: int) -> int | None:
    """O PID do PID 1 do namespace, do JSON que o bwrap escreveu em --info-fd."""
    import json

    try:
        data = json.loads(os.read(info_fd, 4096).decode("utf-8"))
        pid = data["child-pid"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if type(pid) is int and pid > 1 else None


def wait_for_namespace(pid: int, timeout: float = 5.0) -> bool:
    """Espera o PID 1 do namespace terminar (zumbi ou recolhido): o kernel só
    o deixa terminar depois de matar todos os processos do namespace."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                state = stat.read().rpartition(b")")[2].split()[:1]
        except OSError:
            return True
        if state == [b"Z"] or state == [b"X"]:
            return True
        time.sleep(0.002)
    return False


def kill_sandbox(proc, info_fd: int | None) -> bool:
    """Mata o grupo do processo (o bwrap, ou o aprendiz sem ele) e espera o
    namespace de PID sumir: o kernel o mata logo depois do PID 1, não na
    hora. False se não deu para confirmar (sem o PID do namespace, ou passou
    do prazo): quem chamou varre o que sobrou."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    pid = namespace_pid(info_fd) if info_fd is not None else None
    return pid is not None and wait_for_namespace(pid, timeout=10.0)


def refusal(reason: str) -> str:
    """Por que `rna corrigir` não roda o código dos alunos, e o que fazer."""
    return (
        f"esta máquina não consegue isolar o código dos alunos ({reason}). "
        "Sem isolamento, uma submissão pode ler a sua pasta pessoal e a das outras "
        "submissões, apagar arquivos e travar a máquina; por isso a correção não roda. "
        "O que fazer: instale o bubblewrap (apt install bubblewrap) e o pyseccomp "
        "(pip install pyseccomp); no Ubuntu 23.10 ou mais novo, permita que o bwrap crie "
        "namespaces de usuário (perfil do AppArmor, ver site/professor/seguranca.md); "
        "ou corrija num contêiner (Docker/Podman) ou máquina virtual descartável, "
        "onde o bwrap funciona. Para corrigir mesmo assim, sem isolamento e por sua "
        "conta e risco: RNA_ISOLAMENTO=nenhum rna corrigir ..."
    )


def bwrap_failure(output: bytes) -> str | None:
    """A mensagem do bwrap quando ele não conseguiu montar o isolamento
    (ele escreve "bwrap: ..." antes de o código do aprendiz existir)."""
    text = output.decode("utf-8", errors="replace").strip()
    if text.startswith("bwrap:"):
        return text.splitlines()[0][len("bwrap:"):].strip()[:300]
    return None


def others_can_reach(path: str) -> bool:
    """`nobody` atravessa todos os diretórios até `path` (o+x)?"""
    parts = os.path.realpath(path).split(os.sep)
    for i in range(2, len(parts) + 1):
        try:
            if not os.stat(os.sep.join(parts[:i])).st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def is_checkout(path: Path) -> bool:
    """Uma cópia do kit (referência e verificações), que o aprendiz não vê."""
    return (path / "solutions").is_dir() or (
        (path / "pyproject.toml").is_file() and (path / "autograder").is_dir())
