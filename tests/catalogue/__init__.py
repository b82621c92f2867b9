"""Catálogo de submissões realistas: erros de aprendiz e soluções certas escritas
de outro jeito. Cada arquivo `mNN_*.py` deste pacote define `MISTAKES` e
`ALTERNATIVES`, listas de `Variant`."""

from dataclasses import dataclass


@dataclass
class Variant:
    function: str  # a função (ou classe) que a variante reescreve
    description: str  # o erro, em uma frase (para o relatório do teste)
    source: str  # o código do aprendiz que substitui a definição da referência
    hint: str | None = None  # trecho que o diagnóstico deve conter (None: erro sem nome)
    # trecho que nenhum diagnóstico pode conter, nem a dica genérica que a
    # edição avaliada mostra no lugar do erro nomeado (um diagnóstico errado)
    not_hint: str | None = None
