"""Qual edição do kit está instalada, e o que cada uma usa para corrigir.

* Edição do professor (o repositório, `pip install -e .`): a referência de
  solutions/ e os modelos de erro rodam de verdade (`autograder.professor`),
  com os testes ocultos e as buscas do hypothesis.
* Edição do aluno (a roda de `rna pacote-aluno`): sem `autograder.professor`
  e com o arquivo `autograder/edicao.json`, gravado na construção, que diz
  quais módulos são avaliados (modo avaliado: sem dicas que entregam a
  resposta). Corrige com os valores gravados (`gravado.py`).

Este é o único lugar, fora de `autograder.professor`, que importa de lá.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

MARKER = Path(__file__).resolve().parent / "edicao.json"


@functools.cache
def settings() -> dict:
    """O que a construção da edição do aluno gravou (vazio no kit completo)."""
    try:
        data = json.loads(MARKER.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_student() -> bool:
    return MARKER.exists()


def oracle(module: str):
    if is_student():
        from . import gravado

        return gravado.oracle(module)
    from .professor.referencia import LiveOracle

    return LiveOracle(module)


def searches(module: str):
    if is_student():
        from .gravado import RecordedSearches

        return RecordedSearches(module)
    from .professor.busca import TeacherSearches

    return TeacherSearches(module)


def prepare(module: str) -> None:
    """Lê agora (e guarda) o que `oracle` e `searches` vão ler do disco."""
    oracle(module)
    if is_student():
        from . import gravado

        gravado.load(module)
    else:
        from .professor.busca import prepare as prepare_searches

        prepare_searches(module)


def graded(module: str) -> bool:
    """O módulo é avaliado nesta edição? Então as dicas que dizem o código
    ficam de fora (`rna dica`, "provável erro")."""
    return module in settings().get("avaliados", [])
