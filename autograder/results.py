"""Resultados da correção: dados simples, iguais para o terminal, o JSON e o nbgrader."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Failure:
    title: str  # o que deu errado, em uma frase
    inputs: list[tuple[str, object]] = field(default_factory=list)  # menor entrada
    expected: object = None
    received: object = None
    hints: list[str] = field(default_factory=list)  # erros conhecidos reconhecidos
    has_values: bool = False  # mostrar esperado × recebido?
    generic_hint: str | None = None  # forma, sinal, escala: se nenhum erro conhecido casar


# Como um teste pesa na nota de uma função.
VALUES = "valores"  # valores certos: só uma função que calcula passa
CONDITION = "condicao"  # uma função que não faz nada também cumpre (propriedades,
# não modificar as entradas): só tira pontos quando falha


@dataclass
class TestResult:
    name: str
    passed: bool
    failure: Failure | None = None
    kind: str = VALUES


# Situações de uma função inteira.
OK = "ok"
PARTIAL = "parcial"
FAILED = "falhou"
NOT_IMPLEMENTED = "nao_implementado"
MISSING = "ausente"
BROKEN = "quebrou"  # o processo morreu, estourou o tempo ou a memória
GRADER_ERROR = "erro_do_corretor"  # falha do próprio kit: nunca cobrada do aluno


@dataclass
class FunctionResult:
    module: str
    function: str
    max_points: float
    page: str
    tests: list[TestResult] = field(default_factory=list)
    status: str = OK
    message: str = ""  # para NOT_IMPLEMENTED, MISSING e BROKEN
    output: str = ""  # o que o código do aprendiz imprimiu (trecho)
    # (x, esperado, recebido) num intervalo, para o gráfico do notebook
    curve: tuple | None = None

    @property
    def score(self) -> float:
        """Pontos só por trabalho que aparece: a fração dos testes de valores
        que passaram, menos uma parte (a de um teste) por condição que falhou.
        Uma função que não calcula nada (constante, zeros, a entrada de volta)
        cumpre as condições, mas não ganha nada com elas."""
        if self.status in (NOT_IMPLEMENTED, MISSING, BROKEN, GRADER_ERROR) or not self.tests:
            return 0.0
        values = [t for t in self.tests if t.kind == VALUES]
        if not values:  # só condições (não deveria acontecer): vale a fração
            return round(self.max_points * sum(t.passed for t in self.tests)
                         / len(self.tests), 2)
        share = self.max_points / len(self.tests)
        earned = self.max_points * sum(t.passed for t in values) / len(values)
        lost = share * sum(not t.passed for t in self.tests if t.kind != VALUES)
        return round(max(0.0, earned - lost), 2)

    @property
    def test_name(self) -> str:
        return f"{self.module}.{self.function}"


@dataclass
class ModuleResult:
    module: str
    title: str
    functions: list[FunctionResult]
    load_errors: list[dict] = field(default_factory=list)
    submission: str = ""

    @property
    def score(self) -> float:
        return round(sum(f.score for f in self.functions), 2)

    @property
    def max_score(self) -> float:
        return round(sum(f.max_points for f in self.functions), 2)
