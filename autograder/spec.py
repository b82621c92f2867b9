"""Como uma verificação é descrita: o que cada módulo de `checks/` declara.

Cada função corrigida tem três tipos de evidência (DESIGN.md, princípio 3):
casos fixos do texto do curso, a referência em entradas geradas pelo
hypothesis e propriedades que dispensam a referência. Funções de
retropropagação ganham ainda a verificação por diferenças finitas, escrita
como uma propriedade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .compare import ATOL, RTOL

SITE_PAGES = "site"  # páginas do site, relativas à raiz do repositório


@dataclass
class Case:
    """Um caso fixo: argumentos e, se conhecido, o valor do texto do curso.

    Sem `expected`, o esperado vem da referência. Com `raises`, a função deve
    levantar essa exceção.
    """

    args: tuple
    expected: Any = None
    raises: type[BaseException] | None = None
    note: str = ""
    kwargs: dict = field(default_factory=dict)


@dataclass
class Mistake:
    """Um erro conhecido, modelado: se a saída do aprendiz bate com `model`
    na mesma entrada, o diagnóstico `message` é mostrado. Os modelos ficam em
    `autograder/professor/modelos/` (a edição do aluno só recebe as saídas
    gravadas deles, ver `oracle.py`)."""

    message: str
    model: Callable


@dataclass
class Property:
    """Uma propriedade verificada em entradas geradas, sem a referência.

    `check(args, kwargs, received)` devolve None quando vale, ou um texto em
    português dizendo o que falhou.
    """

    name: str
    check: Callable | None = None
    strategy: Any = None  # padrão: a estratégia da própria função
    raises: type[BaseException] | None = None  # a propriedade é "levanta isto"
    # `check(args, kwargs, received, oracle)`: a propriedade compara com um
    # valor que só a referência sabe dar (ex.: o gradiente numérico da ida)
    uses_reference: bool = False


@dataclass
class Custom:
    """Um teste escrito à mão: `run(learner, oracle)` devolve None ou
    `Failure`. Serve para classes (Layer_Dense) e para o treino da rede.

    `oracle[nome]` é a função de referência e `oracle.mistakes(função)` os
    erros conhecidos (ver `oracle.py`): nunca uma cópia local da referência,
    que iria para a edição do aluno. `kind` diz como o teste pesa na nota
    (ver `results.FunctionResult.score`)."""

    name: str
    run: Callable
    kind: str = "valores"


@dataclass
class FunctionCheck:
    name: str
    points: float
    page: str  # ex.: "conceitos/funcoes-de-ativacao.md#relu"
    params: tuple[str, ...] = ()
    cases: list[Case] = field(default_factory=list)
    strategy: Any = None  # estratégia hypothesis que gera a tupla de argumentos
    kwargs_strategy: Any = None  # opcional: gera um dict de argumentos nomeados
    max_examples: int = 60
    rtol: float = RTOL
    atol: float = ATOL
    properties: list[Property] = field(default_factory=list)
    custom: list[Custom] = field(default_factory=list)
    check_inputs_unchanged: bool = True
    compare_to_reference: bool = True
    # compara o resultado com o da referência; troque por uma função
    # (args, kwargs, expected, received) -> Difference | None quando a
    # saída tem várias respostas certas
    comparator: Callable | None = None
    # funções elemento a elemento: intervalo (início, fim) em que, quando a
    # função falha, o notebook desenha esperado × recebido
    plot_range: tuple[float, float] | None = None
    # dicas de `rna dica`, da mais geral à mais específica; nunca o código
    hints: list[str] = field(default_factory=list)
    # funções de treino: as chaves do dicionário devolvido com as séries de
    # perda, que o notebook desenha quando a função falha
    loss_keys: tuple[str, ...] = ()


@dataclass
class ModuleSpec:
    id: str
    title: str
    checks: list[FunctionCheck]

    def check(self, name: str) -> FunctionCheck:
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)
