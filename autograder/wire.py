"""O formato das mensagens entre o corretor e o processo do aprendiz.

Só dados simples atravessam: números, textos, listas, dicionários e arrays
(bytes em base64 + dtype + shape). Nunca pickle. O corretor usa `encode` e
`decode` para montar os pedidos e `check_plain` para conferir cada resposta,
que é um dado qualquer até prova em contrário.

O processo do aprendiz roda este texto junto com `worker.py` (ver
`sandbox.WORKER_SOURCE`): por isso aqui só há a biblioteca padrão e o NumPy.
"""

import base64
import binascii
import json
import math

import numpy as np

ARRAY_KINDS = "biuf"  # bool, int, uint, float: os únicos dtypes aceitos
MAX_DEPTH = 8  # listas dentro de listas...
# Os tamanhos limitam também o corretor: cada resposta é lida, decodificada e
# comparada nele, e uma resposta errada enorme, repetida a cada exemplo do
# hypothesis, não pode fazê-lo crescer nem demorar. O maior valor do curso
# tem poucos milhares de números (as buscas gravadas: ~2 mil no total).
MAX_ITEMS = 100_000  # números em listas/tuplas/dicionários de um valor
MAX_ARRAY_BYTES = 2 * 1024**2  # bytes de um array devolvido (262 144 float64)
MAX_INT = 2**63  # inteiros maiores viram "não aceito" (não cabem num float64 exato)
REPLY_LIMIT = 8 * 1024**2  # bytes de uma resposta (o corretor recusa acima disto)

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
_Generator = np.random.Generator
_PCG64 = np.random.PCG64


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
        if isinstance(value, _Generator):
            return {"__rng__": _rng_state(value)}
        raise Unsupported(f"objeto do tipo {_type_name(value)}")


def encode(value):
    """Converte `value` em dado simples serializável em JSON.

    Subclasses de ndarray viram ndarray puro; escalares NumPy viram números
    Python; objetos desconhecidos, subclasses de tipos simples (com um
    `__eq__` inventado, por exemplo) e valores grandes demais levantam
    `Unsupported`.
    """
    return _Encoder().encode(value, 0)


class SeededGenerator(_Generator):
    """`np.random.default_rng(seed)` que se mostra assim nas mensagens: o
    aprendiz pode repetir a chamada que falhou."""

    def __init__(self, seed):
        super().__init__(_PCG64(seed))
        self.seed = seed

    def __repr__(self):
        return f"np.random.default_rng({self.seed})"


def _rng_state(generator):
    """Um `np.random.Generator` pelo estado do seu PCG64 (o de `default_rng`):
    o contrato pede um Generator de verdade, e ele atravessa como dado. Os
    inteiros de 128 bits do estado vão como texto."""
    state = generator.bit_generator.state
    if state.get("bit_generator") != "PCG64":
        raise Unsupported("gerador aleatório que não é PCG64")
    data = {"state": str(state["state"]["state"]), "inc": str(state["state"]["inc"]),
            "has_uint32": int(state["has_uint32"]), "uinteger": int(state["uinteger"])}
    if type(generator) is SeededGenerator:
        data["seed"] = int(generator.seed)
    return data


def _rng(data):
    if not isinstance(data, dict) or any(len(str(data[k])) > 40 for k in ("state", "inc")):
        raise Unsupported("gerador aleatório malformado")
    seed = data.get("seed")
    if seed is not None and not (type(seed) is int and 0 <= seed < MAX_INT):
        raise Unsupported("semente malformada")
    # Semente fixa: o estado vem logo abaixo, e sem pedir entropia ao sistema
    # (o getrandom pode estar fechado no processo isolado do aprendiz).
    generator = _Generator(_PCG64(0)) if seed is None else SeededGenerator(seed)
    generator.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": int(data["state"]), "inc": int(data["inc"])},
        "has_uint32": int(data["has_uint32"]), "uinteger": int(data["uinteger"]),
    }
    return generator


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
    if "__rng__" in value:
        return _rng(value["__rng__"])
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
    """`value` (já lido do JSON) decodificado; levanta `Unsupported` se ele
    não for um valor codificado válido, do tamanho que `encode` produziria."""
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
    return decode(value)  # arrays, tuplas e marcadores bem formados
