"""O oráculo: de onde vêm os valores esperados e as saídas dos erros conhecidos.

As verificações nunca chamam a referência nem os modelos de erro
diretamente: pedem ao oráculo. Há dois:

* na edição do professor (o kit completo), o `LiveOracle` de
  `autograder.professor.referencia` roda a referência de solutions/ e os
  modelos de erro de `autograder/professor/modelos/` neste processo;
* na edição do aluno, que não tem nem uma nem outros, o `RecordedOracle`
  daqui consulta uma tabela, gravada quando a edição foi construída, com o
  valor de cada chamada que as verificações públicas fazem (a mesma entrada
  dá a mesma chave, ver `key`).

Assim as duas edições rodam o mesmo código de verificação e dão a mesma nota
(um teste do kit confere isso em todo o catálogo de erros).
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from .spec import Mistake
from .wire import Unsupported, decode, encode


class NotRecorded(Exception):
    """A tabela da edição do aluno não tem esta chamada: é uma falha do kit
    (a verificação chamou a referência numa entrada que a construção da
    edição não previu), nunca do aluno."""


class RecordedError(Exception):
    """A referência (ou o modelo de erro) levantou esta exceção ao ser gravada."""


def _keyable(value):
    """O argumento como dado simples para a chave: um gerador aleatório pelo
    seu estado, um objeto das verificações pelo seu `oracle_key()`."""
    import numpy as np

    if isinstance(value, np.random.Generator):
        # O estado tem inteiros de 128 bits, que o fio não leva: vai como texto.
        return {"gerador": json.dumps(value.bit_generator.state, sort_keys=True, default=str)}
    if hasattr(value, "oracle_key"):
        return {"objeto": value.oracle_key()}
    if isinstance(value, (list, tuple)):
        return type(value)(_keyable(v) for v in value)
    if isinstance(value, dict):
        return {k: _keyable(v) for k, v in value.items()}
    return value


def key(name: str, args, kwargs) -> str:
    """A chave de uma chamada: o nome e os argumentos no formato do fio,
    que é determinístico (arrays pelos bytes, floats por repr)."""
    try:
        wire = encode(_keyable([name, list(args), dict(kwargs)]))
    except Unsupported as exc:
        raise NotRecorded(f"argumentos que não se gravam em {name}: {exc}") from None
    text = json.dumps(wire, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def mistake_name(function: str, index: int) -> str:
    """O nome, na tabela, do modelo de erro `index` da função."""
    return f"erro:{function}:{index}"


class Oracle:
    """A interface comum: `oracle[nome]` é a função de referência (corrigida
    ou dada pelo notebook) e `oracle.mistakes(função)` os erros conhecidos."""

    def __getitem__(self, name: str) -> Callable:
        raise NotImplementedError

    def mistakes(self, function: str) -> list[Mistake]:
        raise NotImplementedError


class RecordedOracle(Oracle):
    """O oráculo da edição do aluno: só consulta a tabela gravada."""

    def __init__(self, table: dict, messages: dict):
        self.table = table
        self.messages = messages

    def _lookup(self, name: str, args, kwargs):
        stored = self.table.get(key(name, args, kwargs))
        if stored is None:
            raise NotRecorded(f"o valor esperado de {name} nesta entrada não foi gravado")
        if isinstance(stored, dict) and "__levantou__" in stored:
            raise RecordedError(stored["__levantou__"])
        return decode(stored)

    def __getitem__(self, name: str) -> Callable:
        def recorded(*args, **kwargs):
            return self._lookup(name, args, kwargs)

        recorded.__name__ = f"gravado_{name}"
        return recorded

    def mistakes(self, function: str) -> list[Mistake]:
        return [Mistake(message, self[mistake_name(function, i)])
                for i, message in enumerate(self.messages.get(function, []))]
