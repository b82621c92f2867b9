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


def test_weights(kinds: list[str], max_points: float) -> list[float]:
    """Quanto cada teste vale: os de valores dividem os pontos da função; as
    condições valem 0 (só descontam, ver `points_per_test`)."""
    values = sum(kind == VALUES for kind in kinds)
    if not values:  # só condições (não deveria acontecer): todos valem igual
        return [max_points / len(kinds)] * len(kinds)
    return [max_points / values if kind == VALUES else 0.0 for kind in kinds]


def points_per_test(kinds: list[str], passed: list[bool], max_points: float) -> list[float]:
    """Pontos só por trabalho que aparece: cada teste de valores que passa
    ganha o seu peso; cada condição que falha desconta a parte de um teste
    (max_points / número de testes), sem passar do que já foi ganho. Uma
    função que não calcula nada (constante, zeros, a entrada de volta) cumpre
    as condições, mas não ganha nada com elas. A soma é a nota da função."""
    weights = test_weights(kinds, max_points)
    if not any(kind == VALUES for kind in kinds):
        return [w if ok else 0.0 for w, ok in zip(weights, passed)]
    earned = [w if ok and kind == VALUES else 0.0 for w, ok, kind in zip(weights, passed, kinds)]
    budget = sum(earned)
    share = max_points / len(kinds)
    for i, (ok, kind) in enumerate(zip(passed, kinds)):
        if kind != VALUES and not ok:
            deduction = min(share, budget)
            earned[i] = -deduction
            budget -= deduction
    return earned


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
    # funções de treino: as séries de perda que o aprendiz devolveu
    # ({"losses": [...]}), para o gráfico do notebook quando a função falha
    losses: dict | None = None

    @property
    def score(self) -> float:
        return round(sum(self.test_points()), 2)

    def test_points(self) -> list[float]:
        """Os pontos de cada teste, na ordem de `tests` (ver `points_per_test`)."""
        if self.status in (NOT_IMPLEMENTED, MISSING, BROKEN, GRADER_ERROR) or not self.tests:
            return [0.0] * len(self.tests)
        return points_per_test([t.kind for t in self.tests], [t.passed for t in self.tests],
                               self.max_points)

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
