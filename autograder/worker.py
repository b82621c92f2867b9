"""O processo do aprendiz: executa o código submetido e responde a pedidos.

Este arquivo tem dois usos:

* o corretor importa `encode`/`decode`/`check_plain` para falar o mesmo
  formato e conferir as respostas;
* o texto inteiro do arquivo é executado com ``python -P -S -s -c`` num
  processo separado, que se isola (ver `isolate`), carrega o código do
  aprendiz célula por célula e atende pedidos de chamada.

Por isso ele só importa a biblioteca padrão e o NumPy: no processo do aprendiz
o pacote ``autograder`` (referência e verificações) não é carregado nem pode
ser importado, e, com o isolamento do Linux, os seus arquivos nem aparecem.

Protocolo: uma linha JSON por pedido (num descritor privado, que era o stdin)
e uma linha JSON por resposta noutro descritor privado, com o mesmo ``id`` do
pedido; o stdout e o stderr do aprendiz vão para um arquivo limitado, assim um
``print`` não corrompe as respostas. Só dados simples atravessam: números,
textos, listas, dicionários e arrays (bytes em base64 + dtype + shape). Nunca
pickle. O corretor trata cada resposta como dado não confiável: confere a
forma (`check_plain`) e compara os valores com a referência no processo dele.

A ameaça e os limites estão descritos em site/professor/seguranca.md.
"""

import base64
import binascii
import json
import math
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

ARRAY_KINDS = "biuf"  # bool, int, uint, float: os únicos dtypes aceitos
MAX_DEPTH = 8  # listas dentro de listas...
MAX_ITEMS = 2_000_000  # números em listas/tuplas/dicionários de um valor
MAX_ARRAY_BYTES = 32 * 1024**2  # bytes de um array devolvido
MAX_INT = 2**63  # inteiros maiores viram "não aceito" (não cabem num float64 exato)
REPLY_LIMIT = 64 * 1024**2  # bytes de uma resposta (o corretor recusa acima disto)

# Referências guardadas antes de o código do aprendiz rodar: trocar
# `np.array` ou `json.dumps` no processo do aprendiz não muda o protocolo.
_ndarray = np.ndarray
_generic = np.generic
_np_dtype = np.dtype
_frombuffer = np.frombuffer
_b64encode = base64.b64encode
_b64decode = base64.b64decode
_dumps = json.dumps
_loads = json.loads


class Unsupported(Exception):
    """Um valor que não é dado simples (objeto, função, array de objetos...)."""


def unsupported(reason: str) -> dict:
    """O marcador de um valor recusado; `compare` e o relatório o reconhecem."""
    return {"__unsupported__": str(reason)}


class _Encoder:
    def __init__(self):
        self.items = 0

    def count(self, n=1):
        self.items += n
        if self.items > MAX_ITEMS:
            raise Unsupported(f"valor grande demais (mais de {MAX_ITEMS} números)")

    def encode(self, value, depth):
        if depth > MAX_DEPTH:
            raise Unsupported("estrutura aninhada demais")
        kind = type(value)  # `type(...) is`: subclasses com __eq__ estranho não passam
        if value is None or kind is bool:
            return value
        if kind is str:
            self.count(len(value) // 64)
            return value
        if kind is int:
            if abs(value) >= MAX_INT:
                raise Unsupported("número inteiro grande demais")
            return value
        if kind is float:
            return _encode_float(value)
        if isinstance(value, _generic):
            dtype = value.dtype
            if dtype.kind not in ARRAY_KINDS:
                raise Unsupported(f"escalar NumPy de tipo {dtype}")
            return self.encode(value.item(), depth + 1)
        if isinstance(value, _ndarray):
            # Subclasses viram ndarray puro; os métodos da classe base são
            # chamados diretamente, sem passar por métodos redefinidos.
            arr = _ndarray.view(value, _ndarray)
            if arr.dtype.kind not in ARRAY_KINDS:
                raise Unsupported(f"array de dtype {arr.dtype}")
            if arr.nbytes > MAX_ARRAY_BYTES:
                raise Unsupported(f"array grande demais ({arr.nbytes // 1024**2} MB)")
            self.count(arr.size // 8)  # arrays pesam menos: bytes, não JSON
            arr = _ndarray.copy(arr, order="C")
            return {
                "__ndarray__": _b64encode(_ndarray.tobytes(arr)).decode("ascii"),
                "dtype": arr.dtype.str,
                "shape": [int(n) for n in arr.shape],
            }
        if kind is list or kind is tuple:
            self.count(1 + len(value))  # antes de percorrer: uma lista enorme cai já
            items = [self.encode(v, depth + 1) for v in value]
            return items if kind is list else {"__tuple__": items}
        if kind is dict:
            self.count(1 + len(value))
            out = {}
            for k, v in value.items():
                if type(k) is not str:
                    raise Unsupported("dicionário com chave que não é texto")
                out[k] = self.encode(v, depth + 1)
            return {"__dict__": out}
        raise Unsupported(f"objeto do tipo {_type_name(value)}")


def encode(value):
    """Converte `value` em dado simples serializável em JSON.

    Subclasses de ndarray viram ndarray puro; escalares NumPy viram números
    Python; objetos desconhecidos, subclasses de tipos simples (com um
    `__eq__` inventado, por exemplo) e valores grandes demais levantam
    `Unsupported`.
    """
    return _Encoder().encode(value, 0)


def _encode_float(x):
    if math.isfinite(x):
        return x
    return {"__float__": repr(x)}  # nan, inf e -inf não existem em JSON


def _type_name(value):
    try:
        name = type(value).__name__
        return name if type(name) is str else "?"
    except BaseException:  # noqa: BLE001 - metaclasse hostil
        return "?"


def decode(value, functions=None):
    """Inverso de `encode`. `functions` resolve argumentos-função por nome.

    Um marcador de valor recusado volta como está (``{"__unsupported__": ...}``);
    qualquer outro dado malformado levanta `Unsupported`.
    """
    try:
        return _decode(value, functions, 0)
    except Unsupported:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError,
            binascii.Error, RecursionError, MemoryError) as exc:
        raise Unsupported(f"valor codificado malformado ({type(exc).__name__})") from None


def _decode(value, functions, depth):
    if depth > MAX_DEPTH + 2:
        raise Unsupported("estrutura aninhada demais")
    if isinstance(value, list):
        return [_decode(v, functions, depth + 1) for v in value]
    if not isinstance(value, dict):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        raise Unsupported(f"valor codificado de tipo {type(value).__name__}")
    if "__ndarray__" in value:
        dtype = _np_dtype(str(value["dtype"]))
        if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype:
            raise Unsupported(f"array de dtype {dtype}")
        shape = value["shape"]
        if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
            raise Unsupported("forma de array inválida")
        if len(shape) > 32:
            raise Unsupported("forma de array inválida")
        raw = _b64decode(value["__ndarray__"].encode("ascii"), validate=True)
        if len(raw) != math.prod(shape) * dtype.itemsize:
            raise Unsupported("array com tamanho diferente da forma")
        arr = _frombuffer(raw, dtype=dtype).reshape(shape)
        return arr.astype(dtype.newbyteorder("="), copy=True)
    if "__tuple__" in value:
        return tuple(_decode(v, functions, depth + 1) for v in _as_list(value["__tuple__"]))
    if "__dict__" in value:
        items = value["__dict__"]
        if not isinstance(items, dict):
            raise Unsupported("dicionário malformado")
        return {str(k): _decode(v, functions, depth + 1) for k, v in items.items()}
    if "__float__" in value:
        text = value["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise Unsupported("número especial desconhecido")
        return float(text)
    if "__unsupported__" in value:
        return unsupported(str(value["__unsupported__"])[:300])
    if "__fn__" in value:
        if functions is None:
            raise Unsupported("função recebida fora do processo do aprendiz")
        params = _decode(value.get("params", []), functions, depth + 1)
        return functions(str(value["__fn__"]), params)
    raise Unsupported("valor codificado desconhecido")


def _as_list(value):
    if not isinstance(value, list):
        raise Unsupported("tupla malformada")
    return value


def check_plain(value):
    """Levanta `Unsupported` se `value` (já lido do JSON) não for um valor
    codificado válido, do tamanho que `encode` produziria."""
    budget = [0]

    def walk(v, depth):
        if depth > MAX_DEPTH + 3:
            raise Unsupported("estrutura aninhada demais")
        budget[0] += 1
        if budget[0] > MAX_ITEMS + 1000:
            raise Unsupported("valor grande demais")
        if v is None or isinstance(v, (bool, str, float)):
            return
        if isinstance(v, int):
            if abs(v) >= MAX_INT:
                raise Unsupported("número inteiro grande demais")
            return
        if isinstance(v, list):
            for item in v:
                walk(item, depth + 1)
            return
        if isinstance(v, dict):
            for item in v.values():
                walk(item, depth + 1)
            return
        raise Unsupported("valor de tipo desconhecido")

    walk(value, 0)
    decode(value)  # arrays, tuplas e marcadores bem formados


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
        answer["args_after"] = [self._plain(a) for a in args]
        answer["calls"] = [a.calls for a in args if isinstance(a, ScalarFunction)]
        return answer

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
                           "args_after": [], "calls": []})
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


# ---------------------------------------------------------------------------
# Isolamento (Linux): namespaces de montagem, PID, rede e IPC; o repositório
# e a referência somem da vista; o sistema de arquivos fica só de leitura,
# com /tmp e a pasta de trabalho em tmpfs pequenos; o código do aprendiz
# roda como `nobody` (se o corretor for root) ou sem capacidades (num
# namespace de usuário). Sem esse suporte, roda sem isolamento extra, com os
# limites de recursos (ver site/professor/seguranca.md).

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 32, 4096, 8192, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
NOBODY = 65534


class _Libc:
    def __init__(self):
        import ctypes

        self.ctypes = ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                    ctypes.c_ulong, ctypes.c_char_p]
        self.libc.unshare.argtypes = [ctypes.c_int]
        self.libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong,
                                    ctypes.c_ulong, ctypes.c_ulong]

    def _check(self, result, what):
        if result != 0:
            errno = self.ctypes.get_errno()
            raise OSError(errno, f"{what}: {os.strerror(errno)}")

    def unshare(self, flags):
        self._check(self.libc.unshare(flags), "unshare")

    def mount(self, source, target, fstype, flags, data=None):
        enc = lambda s: None if s is None else s.encode()  # noqa: E731
        self._check(self.libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)),
                    f"mount {target}")

    def prctl(self, option, value):
        self._check(self.libc.prctl(option, value, 0, 0, 0), "prctl")

    def drop_capabilities(self):
        ctypes = self.ctypes

        class Header(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

        class Data(ctypes.Structure):
            _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                        ("inheritable", ctypes.c_uint32)]

        header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
        data = (Data * 2)()  # tudo zero: nenhuma capacidade
        self._check(self.libc.capset(self.ctypes.byref(header), self.ctypes.byref(data)),
                    "capset")


def _mount_points():
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as info:
        for line in info:
            fields = line.split()
            if len(fields) > 4:
                points.append(_unescape(fields[4]))
    return points


def _unescape(path):
    # /proc/self/mountinfo escreve espaço, tab, \n e \ como \040, \011...
    out, i = [], 0
    while i < len(path):
        if path[i] == "\\" and i + 3 < len(path) and path[i + 1:i + 4].isdigit():
            out.append(chr(int(path[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(path[i])
            i += 1
    return "".join(out)


def _mount_flags(path):
    flags = 0
    st = os.statvfs(path)
    for st_flag, ms_flag in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV),
                             (os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME),
                             (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME)):
        if st.f_flag & st_flag:
            flags |= ms_flag
    return flags


def _others_can_reach(path):
    """Todos os diretórios até `path` deixam `nobody` passar (o+x)?"""
    path = os.path.realpath(path)
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        part = os.sep.join(parts[:i]) or os.sep
        try:
            mode = os.stat(part).st_mode
        except OSError:
            return False
        if not mode & 0o001:
            return False
    return True


def _blocking_ancestor(path):
    """O diretório mais alto no caminho que `nobody` não atravessa."""
    parts = os.path.realpath(path).split(os.sep)
    for i in range(2, len(parts) + 1):
        part = os.sep.join(parts[:i])
        if not os.stat(part).st_mode & 0o001:
            return part
    return None


def _python_paths():
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(p for p in sys.path if p and os.path.isdir(p))
    real = sorted({os.path.realpath(p) for p in paths if os.path.exists(p)})
    # só os mais altos: um prefixo cobre o que está dentro dele
    top = []
    for p in real:
        if not any(p == t or p.startswith(t + os.sep) for t in top):
            top.append(p)
    return top


class _Unavailable(Exception):
    """O sistema não oferece o isolamento (sem efeito colateral)."""


class _Isolation:
    def __init__(self, config, libc):
        self.config = config
        self.libc = libc
        self.root = os.geteuid() == 0

    def setup(self):
        """Roda no processo supervisor, antes do fork do processo do aprendiz.

        Levanta `_Unavailable` se o sistema não deixa isolar (nada mudou de
        verdade ainda) e `OSError` se algo falhar no meio do caminho.
        """
        libc = self.libc
        if not self.root and not self._user_namespaces_work():
            raise _Unavailable("namespaces de usuário indisponíveis")
        try:
            if self.root:
                libc.unshare(CLONE_NEWNS)
            else:
                self._enter_user_namespace()
            libc.mount(None, "/", None, MS_REC | MS_PRIVATE)
            libc.unshare(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC)
        except OSError as exc:
            # Contêiner sem CAP_SYS_ADMIN, namespaces de usuário desligados...
            # Só este processo mudou de namespace, sem nenhuma montagem nova.
            raise _Unavailable(str(exc)) from None
        # 1. Tudo só de leitura (na vista deste processo).
        for point in _mount_points():
            if point == "/proc" or point.startswith("/proc/"):
                continue
            try:
                libc.mount(None, point, None,
                           MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | _mount_flags(point))
            except OSError:
                pass  # ponto de montagem coberto por outro ou travado
        disk = f"size={int(self.config.get('disco_mb', 64))}m"
        # 2. /tmp novo e pequeno (some junto com o processo), sem as
        #    submissões dos outros nem os arquivos do corretor. O Python que
        #    mora ali (um .venv num clone em /tmp) volta ao mesmo caminho,
        #    só de leitura, por um descritor aberto antes de cobrir a pasta.
        kept = [(p, os.open(p, os.O_PATH | os.O_DIRECTORY))
                for p in _python_paths() if p.startswith("/tmp/") and os.path.isdir(p)]
        libc.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"{disk},mode=1777")
        for path, fd in kept:
            os.makedirs(path, exist_ok=True)
            libc.mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            libc.mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)
            os.close(fd)
        for scratch in ("/var/tmp", "/dev/shm", "/run/lock"):
            if os.path.isdir(scratch) and not os.path.islink(scratch):
                libc.mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                           "size=1m,mode=1777")
        # 3. O repositório (referência, verificações, notas) some.
        for path in self.config.get("ocultar", []):
            self.hide(path)
        # 4. Como root, o aprendiz vira `nobody`: o Python precisa continuar
        #    acessível (ex.: instalado em /root, que é 0700).
        if self.root:
            self.expose(_python_paths())
        # 5. A pasta de trabalho: tmpfs com limite de tamanho.
        workdir = self.config["pasta"]
        if not (workdir + "/").startswith("/tmp/") and os.path.isdir(workdir):
            libc.mount("tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV, f"{disk},mode=1777")
        os.makedirs(workdir, exist_ok=True)
        if self.root:
            os.chown(workdir, NOBODY, NOBODY)

    def _enter_user_namespace(self):
        uid, gid = os.getuid(), os.getgid()
        self.libc.unshare(CLONE_NEWUSER | CLONE_NEWNS)
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")

    def _user_namespaces_work(self):
        """Testa num processo descartável: há sistemas (Ubuntu com AppArmor)
        que deixam criar o namespace mas não montar nada nele, e um
        namespace sem mapeamento de usuário atrapalharia este processo."""
        probe = os.fork()
        if probe == 0:
            try:
                self._enter_user_namespace()
                self.libc.mount(None, "/", None, MS_REC | MS_PRIVATE)
                self.libc.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m")
                os._exit(0)
            except BaseException:  # noqa: BLE001
                os._exit(1)
        _, status = os.waitpid(probe, 0)
        return status == 0

    def hide(self, path):
        if os.path.islink(path) or not os.path.exists(path):
            return
        if os.path.isdir(path):
            self.libc.mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                            "size=4k,mode=755")
        else:
            self.libc.mount(os.devnull, path, None, MS_BIND)
            self.libc.mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)

    def expose(self, paths):
        blocked = {}
        for path in paths:
            if _others_can_reach(path):
                continue
            ancestor = _blocking_ancestor(path)
            if ancestor is None or ancestor == "/":
                continue
            blocked.setdefault(ancestor, []).append(path)
        libc = self.libc
        for ancestor, inside in sorted(blocked.items()):
            stage = []
            for i, path in enumerate(inside):
                target = f"/tmp/.rna-palco-{i}"
                os.makedirs(target)
                libc.mount(path, target, None, MS_BIND | MS_REC)
                stage.append((target, path))
            libc.mount("tmpfs", ancestor, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
            for target, path in stage:
                os.makedirs(path, exist_ok=True)
                libc.mount(target, path, None, MS_MOVE)
                os.rmdir(target)
                try:
                    libc.mount(None, path, None,
                               MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | _mount_flags(path))
                except OSError:
                    pass
            libc.mount(None, ancestor, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)

    def enter_init(self):
        """Roda no PID 1 do namespace novo: um /proc só com os processos de lá."""
        try:
            self.libc.mount("proc", "/proc", "proc",
                            MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
        except OSError:
            pass

    def enter_learner(self):
        """Roda no processo do aprendiz: perde os privilégios de vez."""
        if self.root:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
        else:
            self.libc.drop_capabilities()


def _limit(config, nobody):
    import resource
    import signal

    memory = int(config.get("memoria_mb", 2048)) * 1024**2
    output = int(config.get("saida_mb", 8)) * 1024**2
    limits = [(resource.RLIMIT_CORE, 0), (resource.RLIMIT_FSIZE, output)]
    if hasattr(resource, "RLIMIT_AS"):
        limits.append((resource.RLIMIT_AS, memory))
    if nobody and hasattr(resource, "RLIMIT_NPROC"):
        limits.append((resource.RLIMIT_NPROC, int(config.get("processos", 32))))
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    # O Python ignora SIGXFSZ; com o padrão, passar do limite de saída
    # encerra o processo (a função perde, a próxima recomeça do zero).
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


def _supervise(init, status_r):
    """O supervisor (fora do namespace): espera o PID 1 do namespace e
    termina como o processo do aprendiz terminou.

    Com SIGTERM (o corretor pedindo para fechar), mata o PID 1: o kernel
    então mata todos os processos do namespace, e o `waitpid` só volta
    depois disso — nada fica para trás.
    """
    import signal

    signal.signal(signal.SIGTERM, lambda *_: os.kill(init, signal.SIGKILL))
    while True:
        try:
            _, status = os.waitpid(init, 0)
            break
        except ChildProcessError:
            os._exit(70)
    reported = os.read(status_r, 16)  # o estado do aprendiz, se o PID 1 o mandou
    if reported:
        status = int(reported)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
        except (OSError, ValueError):
            pass
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def _init(learner, status_w):
    """O PID 1 do namespace: recolhe os órfãos e, quando o processo do
    aprendiz termina, manda o estado dele ao supervisor e sai (e o kernel
    mata o que sobrou no namespace)."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(70)
        except InterruptedError:
            continue
        if pid == learner:
            os.write(status_w, str(status).encode())
            os._exit(0)


def isolate(config, channel):
    """Isola o processo; devolve o modo ("namespaces", "nobody" ou "nenhum").

    No modo "namespaces" há dois forks: o processo original vira o supervisor
    (não volta desta função), o filho vira o PID 1 do namespace novo (também
    não volta) e o neto, o processo do aprendiz, continua.
    """
    import resource
    import signal

    # Nenhum core dump, em nenhum dos processos (nem no supervisor, que
    # termina com o mesmo sinal que o aprendiz).
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    linux = sys.platform.startswith("linux")
    libc = None
    if linux:
        try:
            libc = _Libc()
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            libc = None
        if os.getppid() != int(config.get("corretor", os.getppid())):
            os._exit(70)  # o corretor já morreu
    # SIGTERM do corretor antes do fork: mata este processo (e o filho, pelo
    # PDEATHSIG); o supervisor troca este tratamento pelo dele.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    mode = "nenhum"
    if libc is not None and config.get("isolamento", "auto") != "nenhum":
        isolation = _Isolation(config, libc)
        try:
            isolation.setup()
            mode = "namespaces"
        except _Unavailable:
            pass
        except OSError as exc:
            # Isolado pela metade não serve: o corretor recebe o motivo.
            channel.reply({"id": 0, "ok": False, "fatal": f"isolamento: {exc}"})
            os._exit(71)
        if mode == "namespaces":
            # supervisor (aqui) -> PID 1 do namespace (`_init`) -> aprendiz.
            # O aprendiz não é o PID 1: os sinais funcionam como de costume
            # (SIGXFSZ, SIGABRT...) e os órfãos dele são recolhidos.
            go_r, go_w = os.pipe()
            status_r, status_w = os.pipe()
            init = os.fork()
            if init:
                os.close(go_r)
                os.close(status_w)
                channel.reply({"id": 0, "ok": True, "supervisor": os.getpid(), "filho": init})
                channel.close()
                os.write(go_w, b"x")
                os.close(go_w)
                _supervise(init, status_r)
            os.close(go_w)
            os.close(status_r)
            os.read(go_r, 1)
            os.close(go_r)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # o fork apaga o do pai
            isolation.enter_init()
            learner = os.fork()
            if learner:
                channel.close()
                _init(learner, status_w)
            os.close(status_w)
            isolation.enter_learner()
    pasta = config.get("pasta") or "/"
    if mode == "nenhum" and linux and os.geteuid() == 0 and all(
            _others_can_reach(p) for p in _python_paths() + [os.path.dirname(pasta)]):
        os.chown(pasta, NOBODY, NOBODY)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
        mode = "nobody"
    nobody = os.geteuid() == NOBODY
    if libc is not None:
        try:
            libc.prctl(PR_SET_NO_NEW_PRIVS, 1)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # some quando o uid muda
        except OSError:
            pass
    _limit(config, nobody)
    return mode


def main():
    config = _loads(os.environ.pop("RNA_CONFIG"))
    channel = _Channel(0, int(config["fd"]))
    mode = isolate(config, channel)
    os.chdir(config["pasta"])
    # O aprendiz lê um stdin vazio; prints vão para o arquivo de saída.
    sys.stdin = open(os.devnull, encoding="utf-8")
    worker = Worker(channel, config)
    channel.reply({"id": 0, "ok": True, "ready": True, "isolamento": mode})
    worker.serve()


if __name__ == "__main__" and os.environ.get("RNA_CONFIG"):
    main()
