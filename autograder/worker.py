"""O processo do aprendiz: executa o código submetido e responde a pedidos.

Este arquivo tem dois usos:

* o corretor importa `encode`/`decode` para falar o mesmo formato;
* o texto inteiro do arquivo é executado com ``python -I -c`` num processo
  separado, que carrega o código do aprendiz e atende pedidos de chamada.

Por isso ele só importa a biblioteca padrão e o NumPy: no processo do aprendiz
o pacote ``autograder`` (referência e verificações) não é carregado.

Protocolo: uma linha JSON por pedido (stdin do processo) e uma linha JSON por
resposta num descritor próprio (RNA_FD_RESPOSTA); o stdout do aprendiz vai
para um arquivo separado, assim um ``print`` não corrompe as respostas.
Só dados simples atravessam: números, textos, listas, dicionários e arrays
(bytes em base64 + dtype + shape). Nunca pickle.
"""

import base64
import json
import math
import os
import sys
import traceback

import numpy as np

ARRAY_KINDS = "biuf"  # bool, int, uint, float: os únicos dtypes aceitos
MAX_DEPTH = 8


class Unsupported(Exception):
    """Um valor que não é dado simples (objeto, função, array de objetos...)."""


def encode(value, depth=0):
    """Converte `value` em dado simples serializável em JSON.

    Subclasses de ndarray viram ndarray puro; escalares NumPy viram números
    Python; objetos desconhecidos levantam `Unsupported`.
    """
    if depth > MAX_DEPTH:
        raise Unsupported("estrutura aninhada demais")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return value
    if type(value) is float:
        return _encode_float(value)
    if isinstance(value, np.generic):
        if value.dtype.kind not in ARRAY_KINDS:
            raise Unsupported(f"escalar NumPy de tipo {value.dtype}")
        return encode(value.item(), depth + 1)
    if isinstance(value, np.ndarray):
        arr = np.array(value, copy=True, subok=False)
        if arr.dtype.kind not in ARRAY_KINDS:
            raise Unsupported(f"array de dtype {arr.dtype}")
        arr = np.ascontiguousarray(arr)
        return {
            "__ndarray__": base64.b64encode(arr.tobytes()).decode("ascii"),
            "dtype": arr.dtype.str,
            "shape": list(arr.shape),
        }
    if type(value) in (list, tuple):
        items = [encode(v, depth + 1) for v in value]
        return items if type(value) is list else {"__tuple__": items}
    if type(value) is dict:
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                raise Unsupported("dicionário com chave que não é texto")
            out[k] = encode(v, depth + 1)
        return {"__dict__": out}
    raise Unsupported(f"objeto do tipo {type(value).__name__}")


def _encode_float(x):
    if math.isfinite(x):
        return x
    return {"__float__": repr(x)}  # nan, inf e -inf não existem em JSON


def decode(value, functions=None):
    """Inverso de `encode`. `functions` resolve argumentos-função por nome."""
    if isinstance(value, list):
        return [decode(v, functions) for v in value]
    if not isinstance(value, dict):
        return value
    if "__ndarray__" in value:
        dtype = np.dtype(value["dtype"])
        if dtype.kind not in ARRAY_KINDS:
            raise Unsupported(f"array de dtype {dtype}")
        raw = base64.b64decode(value["__ndarray__"])
        return np.frombuffer(raw, dtype=dtype).reshape(value["shape"]).copy()
    if "__tuple__" in value:
        return tuple(decode(v, functions) for v in value["__tuple__"])
    if "__dict__" in value:
        return {k: decode(v, functions) for k, v in value["__dict__"].items()}
    if "__float__" in value:
        return float(value["__float__"])
    if "__fn__" in value:
        if functions is None:
            raise Unsupported("função recebida fora do processo do aprendiz")
        return functions(value["__fn__"], decode(value.get("params", []), functions))
    raise Unsupported("valor codificado desconhecido")


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


def _learner_frames(tb, filename):
    """Linhas do traceback que pertencem ao código do aprendiz."""
    frames = [f for f in traceback.extract_tb(tb) if f.filename == filename]
    return [
        {"line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        for f in frames
    ]


def _describe_error(exc, filename):
    return {
        "type": type(exc).__name__,
        "message": str(exc)[:2000],
        "frames": _learner_frames(exc.__traceback__, filename),
    }


class Worker:
    def __init__(self, reply):
        self.reply = reply
        self.namespace = {"__name__": "__main__"}
        self.filename = "<submissao>"
        self.handles = {}

    def load(self, request):
        """Executa as células do aprendiz em ordem; um erro não impede as outras."""
        self.filename = request["filename"]
        errors = []
        for index, cell in enumerate(request["cells"]):
            try:
                # Linhas em branco na frente: os números de linha do erro
                # ficam os do arquivo do aprendiz.
                padding = "\n" * (cell["first_line"] - 1)
                code = compile(padding + cell["source"], self.filename, "exec")
            except SyntaxError as exc:
                errors.append(
                    {
                        "cell": index,
                        "type": "SyntaxError",
                        "message": exc.msg,
                        "line": exc.lineno or 0,
                        "code": (exc.text or "").strip(),
                    }
                )
                continue
            try:
                exec(code, self.namespace)
            except BaseException as exc:  # noqa: BLE001 - qualquer erro do aprendiz
                info = _describe_error(exc, self.filename)
                info["cell"] = index
                errors.append(info)
        names = sorted(k for k in self.namespace if not k.startswith("__"))
        return {"ok": True, "errors": errors, "names": names}

    def _resolve(self, name):
        if name not in self.namespace:
            raise LookupError(name)
        return self.namespace[name]

    def call(self, request):
        target = request["fn"]
        if "handle" in request:
            obj = getattr(self.handles[request["handle"]], target)
        else:
            try:
                obj = self._resolve(target)
            except LookupError:
                return {"ok": False, "missing": True}
        args = decode(request.get("args", []), make_function)
        kwargs = decode({"__dict__": request.get("kwargs", {})}, make_function)
        if "seed" in request:
            np.random.seed(request["seed"])
        try:
            result = obj(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": _describe_error(exc, self.filename)}
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
        try:
            value = getattr(obj, request["name"])
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": _describe_error(exc, self.filename)}
        return {"ok": True, "result": self._plain(value)}

    def reset(self, request):
        self.handles.clear()
        return {"ok": True}

    @staticmethod
    def _plain(value):
        try:
            return encode(value)
        except Unsupported as exc:
            return {"__unsupported__": str(exc)}

    def serve(self, requests):
        for line in requests:
            request = json.loads(line)
            handler = getattr(self, request["op"])
            self.reply(json.dumps(handler(request)))


def main():
    reply_fd = int(os.environ["RNA_FD_RESPOSTA"])
    replies = os.fdopen(reply_fd, "w", buffering=1, encoding="utf-8")
    requests = sys.stdin
    # O aprendiz lê um stdin vazio; seus prints vão para o arquivo de saída.
    sys.stdin = open(os.devnull, encoding="utf-8")

    def reply(text):
        replies.write(text + "\n")
        replies.flush()

    reply(json.dumps({"ok": True, "ready": True}))
    Worker(reply).serve(requests)


if __name__ == "__main__" and os.environ.get("RNA_FD_RESPOSTA"):
    main()
