"""O que a construção grava para as verificações públicas de cada módulo.

`autograder/gravado/<módulo>.json.gz` tem, para cada módulo:

* `buscas`: as entradas geradas das verificações públicas (a sequência que o
  hypothesis sorteia com a semente pública), por busca;
* `tabela`: o valor da referência e de cada modelo de erro conhecido em cada
  chamada que as verificações públicas fazem, pela chave de `oracle.key`;
* `erros`: as mensagens dos erros conhecidos de cada função (sem o código);
* `impressao_digital`: o que moldou o arquivo (ver
  `autograder.professor.gravacao.fingerprint`).

Este módulo só lê: a gravação, que precisa da referência e do hypothesis,
fica na edição do professor (`autograder.professor.gravacao`). A edição do
aluno corrige só com o que está aqui.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import numpy as np

from .oracle import RecordedOracle
from .wire import decode

FOLDER = Path(__file__).resolve().parent / "gravado"
PUBLIC_SEED = 0  # a semente das buscas públicas (as ocultas têm a sua, do professor)


def path(module: str) -> Path:
    return FOLDER / f"{module}.json.gz"


def search_key(function: str, strategy_label: str, seed: int, examples: int) -> str:
    """Uma busca é definida pela estratégia, pela semente e pelo número de
    exemplos; não pelos testes que avaliam o resultado (vários testes podem
    repetir a mesma sequência)."""
    return f"{function}|{strategy_label}|{seed}|{examples}"


@functools.cache
def load(module: str) -> dict:
    """O arquivo gravado do módulo (vazio se não existe ou não se lê)."""
    try:
        with gzip.open(path(module), "rt", encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def examples(module: str, search: str) -> list | None:
    """As entradas (args, kwargs) gravadas de uma busca, da menor para a
    maior (ver `size`), decodificadas a cada uso: cada busca recebe objetos
    novos. None se a busca não foi gravada."""
    stored = load(module).get("buscas", {}).get(search)
    if stored is None:
        return None
    decoded = [decode(example) for example in stored]
    return sorted(decoded, key=size)


def oracle(module: str) -> RecordedOracle:
    data = load(module)
    return RecordedOracle(data.get("tabela", {}), data.get("erros", {}))


def size(example) -> tuple:
    """O tamanho de uma entrada, para mostrar a menor que falha: quantos
    números ela tem e, no empate, quão grandes eles são (como o hypothesis
    encolhe: menos elementos, depois valores mais perto de zero)."""
    count = 0
    magnitude = 0.0

    def walk(value):
        nonlocal count, magnitude
        if isinstance(value, np.ndarray):
            count += value.size
            if value.size and value.dtype.kind in "biuf":
                with np.errstate(all="ignore"):
                    magnitude += float(np.sum(np.minimum(np.abs(value.astype(float)), 1e6)))
        elif isinstance(value, (list, tuple)):
            count += 1
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            count += 1
            magnitude += min(abs(float(value)), 1e6) if value == value else 1e6

    walk(example)
    return (count, magnitude)


class RecordedSearches:
    """As buscas da edição do aluno: só as entradas públicas gravadas, e
    nenhum teste oculto."""

    has_hidden = False

    def __init__(self, module: str):
        self.module = module

    def public(self, grader, strategy, label: str) -> list:
        search = search_key(grader.check.name, label, PUBLIC_SEED, grader.check.max_examples)
        found = examples(self.module, search)
        if found is None:
            from .oracle import NotRecorded

            raise NotRecorded(f"a busca {search} não foi gravada nesta edição")
        return found

    def hidden(self, grader, strategy, evaluate, label: str):
        raise NotImplementedError("a edição do aluno não tem testes ocultos")
