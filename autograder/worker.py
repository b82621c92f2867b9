"""O processo do aprendiz: executa o código submetido e responde a pedidos.

O texto deste arquivo, seguido do de `wire.py` e de uma chamada a `main()`,
é executado com ``python -P -S -s -c`` num processo separado (ver
`sandbox.WORKER_SOURCE`), dentro do isolamento montado pelo corretor (ver
`isolation.py`): ele carrega o código do aprendiz célula por célula e atende
pedidos de chamada. Aqui só se importa a biblioteca padrão e o NumPy: no
processo do aprendiz o pacote ``autograder`` (referência e verificações) não
é carregado nem pode ser importado, e, isolado, os seus arquivos nem aparecem.

Protocolo: uma linha JSON por pedido (num descritor privado, que era o stdin)
e uma linha JSON por resposta noutro descritor privado, com o mesmo ``id`` do
pedido; o stdout e o stderr do aprendiz vão para um arquivo limitado, assim um
``print`` não corrompe as respostas. O formato dos valores está em `wire.py`.

A ameaça e os limites estão descritos em site/professor/seguranca.md.
"""

import json
import os
import sys
import traceback

if __name__ == "__main__" and os.environ.get("RNA_CONFIG"):
    # Processo do aprendiz, iniciado com -S (sem site-packages nem arquivos
    # .pth, portanto sem o pacote editável `autograder`): só os caminhos que o
    # corretor escolheu entram, e o pacote do corretor é recusado no import
    # (com o isolamento do Linux, os arquivos dele nem aparecem).
    _boot = json.loads(os.environ["RNA_CONFIG"])
    for _path in _boot.get("caminhos", []):
        if _path not in sys.path:
            sys.path.append(_path)
    while "" in sys.path:
        sys.path.remove("")

    class _Blocked:
        names = frozenset(_boot.get("bloquear", []))

        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition(".")[0] in cls.names:
                raise ModuleNotFoundError(
                    f"o pacote {name!r} (o corretor) não está disponível para o seu código",
                    name=name)
            return None

    sys.meta_path.insert(0, _Blocked)

import numpy as np  # noqa: E402

if __name__ != "__main__":
    # Importado como módulo (testes): o formato vem de wire.py. No processo
    # do aprendiz, o texto de wire.py vem logo depois deste arquivo.
    from .wire import (REPLY_LIMIT, Unsupported, _dumps, _loads,  # noqa: F401
                       _type_name, decode, encode, unsupported)

# ---------------------------------------------------------------------------
# Funções de teste que o corretor pode passar como argumento (por nome), por
# exemplo para `numerical_gradient(f, x)`. Não são a referência de nada: só
# funções escalares conhecidas, com a contagem de chamadas.


class ScalarFunction:
    def __init__(self, name, params):
        self.name = name
        self.params = params
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        x = np.asarray(x, dtype=float)
        if self.name == "quadratica":  # f(x) = sum(a * x**2 + b * x)
            a, b = self.params
            return float(np.sum(a * x**2 + b * x))
        if self.name == "seno":  # f(x) = sum(sin(a * x))
            (a,) = self.params
            return float(np.sum(np.sin(a * x)))
        if self.name == "produto":  # f(x) = sum(x * c) ** 2
            (c,) = self.params
            return float(np.sum(x * c) ** 2)
        raise Unsupported(f"função de teste desconhecida: {self.name}")


def make_function(name, params):
    return ScalarFunction(name, params)


# ---------------------------------------------------------------------------
# O laço do processo do aprendiz.

CELL_FILE = "<aprendiz:{}>"  # nome interno de cada célula (para as linhas do erro)


def _is_learner_file(name):
    return isinstance(name, str) and name.startswith("<aprendiz:")


def _learner_frames(tb):
    """Linhas do traceback que pertencem ao código do aprendiz."""
    try:
        frames = [f for f in traceback.extract_tb(tb, limit=200) if _is_learner_file(f.filename)]
    except BaseException:  # noqa: BLE001
        return []
    return [
        {"line": int(f.lineno or 0), "function": str(f.name),
         "code": str(f.line or "").strip()[:300]}
        for f in frames[-20:]
    ]


def _safe_text(exc):
    try:
        text = str(exc)
        return text[:2000] if type(text) is str else ""
    except BaseException:  # noqa: BLE001 - __str__ hostil
        return "<mensagem ilegível>"


class Worker:
    """Atende os pedidos do corretor, um de cada vez."""

    def __init__(self, channel, config):
        self.channel = channel
        self.config = config
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.handles = {}
        self.memory_mb = config.get("memoria_mb")
        self._state = _GlobalState(config.get("pasta"))

    # -- erros -------------------------------------------------------------
    def describe_error(self, exc):
        name = _type_name(exc)
        message = _safe_text(exc)
        if isinstance(exc, MemoryError):
            name = "MemoryError"
            limit = f" de {self.memory_mb} MB" if self.memory_mb else ""
            message = (f"memória esgotada: o processo do seu código passou do limite{limit} "
                       f"({message or 'sem mensagem'})")
        elif isinstance(exc, SystemExit):
            message = (f"o seu código chamou sys.exit({message}): uma função não deve "
                       "encerrar o programa")
        elif isinstance(exc, KeyboardInterrupt):
            message = "o seu código levantou KeyboardInterrupt (interrupção) sozinho"
        elif isinstance(exc, OSError) and getattr(exc, "errno", None) == 27:  # EFBIG
            message = ("arquivo ou saída grande demais: o seu código escreveu mais do que "
                       "o limite permite")
        elif isinstance(exc, BlockingIOError) or getattr(exc, "errno", None) == 11:
            message += (" (o limite de processos foi atingido: o seu código criou processos "
                        "demais)")
        frames = []
        try:
            frames = _learner_frames(exc.__traceback__)
        except BaseException:  # noqa: BLE001
            pass
        error = {"type": name, "message": message, "frames": frames}
        if isinstance(exc, MemoryError):
            error["limite"] = "memoria"  # o corretor reinicia o processo
        return error

    # -- pedidos -----------------------------------------------------------
    def cell(self, request):
        """Executa uma célula; um erro nela não impede as outras."""
        index = int(request["index"])
        filename = CELL_FILE.format(index)
        source = str(request["source"])
        first_line = max(1, int(request.get("first_line", 1)))
        # Linhas em branco na frente: os números de linha do erro ficam os do
        # arquivo do aprendiz. O texto vai para o linecache: o processo do
        # aprendiz não lê o arquivo da submissão.
        padded = "\n" * (first_line - 1) + source
        _remember_source(filename, padded)
        try:
            code = compile(padded, filename, "exec")
        except BaseException as exc:  # noqa: BLE001 - SyntaxError, bytes nulos...
            return {"ok": True, "error": {
                "type": _type_name(exc),
                "message": str(getattr(exc, "msg", "") or _safe_text(exc))[:2000],
                "line": int(getattr(exc, "lineno", 0) or 0),
                "code": str(getattr(exc, "text", "") or "").strip()[:300],
            }}
        self._state.prepare(seed=request.get("seed"))
        try:
            exec(code, self.namespace)
        except BaseException as exc:  # noqa: BLE001 - qualquer erro do aprendiz
            return {"ok": True, "error": self.describe_error(exc)}
        finally:
            self._state.after()
        return {"ok": True}

    def names(self, request):
        names = sorted(k for k in self.namespace if type(k) is str and not k.startswith("__"))
        return {"ok": True, "names": names[:1000]}

    def call(self, request):
        target = request["fn"]
        if "handle" in request:
            obj = getattr(self.handles[request["handle"]], target)
        else:
            if target not in self.namespace:
                return {"ok": False, "missing": True}
            obj = self.namespace[target]
        args = decode(request.get("args", []), make_function)
        kwargs = decode({"__dict__": request.get("kwargs", {})}, make_function)
        self._state.prepare(seed=request.get("seed"))
        try:
            result = obj(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - inclusive SystemExit e KeyboardInterrupt
            return {"ok": False, "error": self.describe_error(exc)}
        finally:
            self._state.after()
        answer = {"ok": True}
        if request.get("keep"):
            handle = len(self.handles)
            self.handles[handle] = result
            answer["handle"] = handle
        else:
            answer["result"] = self._plain(result)
        answer["args_changed"] = self._changed_args(request.get("args", []), args)
        answer["calls"] = [a.calls for a in args if isinstance(a, ScalarFunction)]
        return answer

    def _changed_args(self, sent, args):
        """Os argumentos que a chamada mudou, {posição: valor}: os intactos
        (quase sempre todos) não voltam, e o corretor fica com os que enviou."""
        changed = {}
        for i, arg in enumerate(args):
            value = self._plain(arg)
            if i >= len(sent) or value != sent[i]:
                changed[str(i)] = value
        return changed

    def attr(self, request):
        obj = self.handles[request["handle"]]
        self._state.prepare(seed=None)
        try:
            value = getattr(obj, request["name"])
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": self.describe_error(exc)}
        finally:
            self._state.after()
        return {"ok": True, "result": self._plain(value)}

    def reset(self, request):
        self.handles.clear()
        return {"ok": True}

    @staticmethod
    def _plain(value):
        # `encode` só chama métodos dos tipos embutidos e da classe base
        # ndarray; um `__del__` do aprendiz ainda pode rodar no meio.
        try:
            return encode(value)
        except Unsupported as exc:
            return unsupported(exc)
        except BaseException as exc:  # noqa: BLE001
            return unsupported(f"o valor não pôde ser lido ({_type_name(exc)})")

    def handle(self, request):
        op = request.get("op")
        if op not in ("cell", "names", "call", "attr", "reset"):
            return {"ok": False, "error": {"type": "Protocolo", "message": f"op {op!r}",
                                           "frames": []}}
        return getattr(self, op)(request)

    def serve(self):
        while True:
            request = None
            try:
                line = self.channel.read_request()
                if line is None:
                    return
                request = _loads(line)
                answer = self.handle(request)
            except BaseException as exc:  # noqa: BLE001 - nada do aprendiz derruba o laço
                answer = {"ok": False, "error": self.describe_error(exc)}
            answer["id"] = request.get("id") if isinstance(request, dict) else None
            self.channel.reply(answer)


def _remember_source(filename, text):
    import linecache

    lines = text.splitlines(keepends=True)
    linecache.cache[filename] = (len(text), None, lines, filename)


class _GlobalState:
    """Desfaz, antes de cada execução do código do aprendiz, o que uma célula
    pode ter mudado no processo e que mudaria a nota de código correto:
    `np.seterr`, filtros de avisos, limite de recursão, sinais e alarmes,
    `sys.stdout`, diretório atual, sementes aleatórias."""

    def __init__(self, workdir):
        import random
        import signal
        import warnings

        self.random = random
        self.signal = signal
        self.warnings = warnings
        self.workdir = workdir
        self.seterr = np.seterr
        self.err = np.geterr()
        self.seed = np.random.seed
        self.filters = list(warnings.filters)
        self.recursion = sys.getrecursionlimit()
        self.streams = (sys.stdin, sys.stdout, sys.stderr)
        skip = {signal.SIGKILL, signal.SIGSTOP}
        self.handlers = {}
        for sig in signal.valid_signals():
            if sig in skip:
                continue
            try:
                self.handlers[sig] = signal.getsignal(sig)
            except (OSError, ValueError):
                pass
        self.timers = [getattr(signal, n) for n in ("ITIMER_REAL", "ITIMER_VIRTUAL",
                                                    "ITIMER_PROF") if hasattr(signal, n)]

    def prepare(self, seed):
        self._quiet_timers()
        for sig, handler in self.handlers.items():
            try:
                if self.signal.getsignal(sig) is not handler:
                    self.signal.signal(sig, handler)
            except (OSError, ValueError, TypeError):
                pass
        self.seterr(**self.err)
        self.warnings.filters[:] = self.filters
        getattr(self.warnings, "_filters_mutated", lambda: None)()
        sys.setrecursionlimit(self.recursion)
        sys.settrace(None)
        sys.setprofile(None)
        sys.stdin, sys.stdout, sys.stderr = self.streams
        if self.workdir:
            try:
                os.chdir(self.workdir)
            except OSError:
                pass
        if seed is not None:
            self.seed(seed)
            self.random.seed(seed)

    def after(self):
        self._quiet_timers()
        for stream in self.streams[1:]:
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001 - a saída pode ter estourado o limite
                pass

    def _quiet_timers(self):
        for timer in self.timers:
            try:
                self.signal.setitimer(timer, 0)
            except (OSError, ValueError):
                pass


class _Channel:
    """Os dois descritores do protocolo, longe dos números 0, 1 e 2 e
    fechados em `exec`: um `os.close(0)` ou um subprocesso do aprendiz não os
    herdam por acidente."""

    def __init__(self, request_fd, reply_fd):
        import fcntl

        self.requests_fd = fcntl.fcntl(request_fd, fcntl.F_DUPFD_CLOEXEC, 100)
        self.reply_fd = fcntl.fcntl(reply_fd, fcntl.F_DUPFD_CLOEXEC, 100)
        os.close(reply_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, request_fd)
        os.close(devnull)
        self.buffer = b""
        self.write = os.write
        self.read = os.read

    def read_request(self):
        while b"\n" not in self.buffer:
            chunk = self.read(self.requests_fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8")

    def reply(self, answer):
        try:
            data = _dumps(answer, allow_nan=False)
        except (TypeError, ValueError):
            data = _dumps({"id": answer.get("id"), "ok": False, "error": {
                "type": "Protocolo", "message": "resposta não serializável", "frames": []}})
        if len(data) > REPLY_LIMIT:
            data = _dumps({"id": answer.get("id"), "ok": True,
                           "result": unsupported("resultado grande demais para o corretor"),
                           "calls": []})
        data = (data + "\n").encode("utf-8")
        while data:
            written = self.write(self.reply_fd, data)
            data = data[written:]

    def close(self):
        for fd in (self.requests_fd, self.reply_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def limit_resources(config):
    import resource
    import signal

    memory = int(config.get("memoria_mb", 2048)) * 1024**2
    output = int(config.get("saida_mb", 8)) * 1024**2
    limits = [(resource.RLIMIT_CORE, 0), (resource.RLIMIT_FSIZE, output)]
    if hasattr(resource, "RLIMIT_AS"):
        limits.append((resource.RLIMIT_AS, memory))
    # RLIMIT_NPROC conta os processos do usuário: só vale onde o usuário é
    # do aprendiz (no namespace do bwrap, ou nobody).
    if config.get("isolamento") in ("bwrap", "nobody") and hasattr(resource, "RLIMIT_NPROC"):
        limits.append((resource.RLIMIT_NPROC, int(config.get("processos", 32))))
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    # O Python ignora SIGXFSZ; com o padrão, passar do limite de saída
    # encerra o processo (a função perde, a próxima recomeça do zero).
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    if config.get("isolamento") != "bwrap" and sys.platform.startswith("linux"):
        # Sem o bwrap (--die-with-parent): morrer junto com o corretor.
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


NOBODY = 65534


def main():
    run(_loads(os.environ.pop("RNA_CONFIG")))


def run(config):
    """O processo do aprendiz a partir da configuração: pedidos no descritor
    0, respostas em `config["fd"]`. Também o caminho de cada filho da matriz
    (ver matriz_servidor.py), que chega aqui já com os descritores no lugar."""
    import signal

    channel = _Channel(0, int(config["fd"]))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.makedirs(config["pasta"], exist_ok=True)
    if config.get("isolamento") == "nobody":
        # Root sem bwrap: o aprendiz vira nobody (não escreve nos arquivos do
        # root nem sinaliza o corretor), dono só da pasta de trabalho.
        os.chown(config["pasta"], NOBODY, NOBODY)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    limit_resources(config)
    os.chdir(config["pasta"])
    # O aprendiz lê um stdin vazio; prints vão para o arquivo de saída.
    sys.stdin = open(os.devnull, encoding="utf-8")
    worker = Worker(channel, config)
    channel.reply({"id": 0, "ok": True, "ready": True, "isolamento": config.get("isolamento")})
    worker.serve()
