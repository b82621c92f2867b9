"""Plugin do pytest: cada verificação de `rna verificar` vira um teste do pytest.

    python -m pytest --rna-modulo m03_ativacoes --rna-submissao m03_ativacoes.ipynb

coleta um item por (função, verificação), com o id
`m03_ativacoes.softmax::casos do curso`, e cada item passa ou falha como o
`TestResult` correspondente na correção de `rna verificar`; o texto da falha
é o mesmo do terminal. Assim as ferramentas que já falam pytest (`-k`, `-x`,
`--junitxml`, `-n` do xdist, o GitHub Classroom) servem para corrigir.

Registrado pelo ponto de entrada `pytest11` (pyproject.toml), ele é carregado
em toda execução do pytest, inclusive na bateria de testes do próprio kit:
sem `--rna-modulo`, não faz nada. Por isso os imports do corretor ficam
dentro das funções.

Quando a correção acontece: os itens saem da especificação do módulo (sem
corrigir nada), e a submissão é corrigida uma vez por processo, no primeiro
item que roda. Com o xdist cada processo (worker) coleta os mesmos itens, na
mesma ordem, e corrige no máximo uma vez; corrigir na coleta faria
`--collect-only` rodar o código do aluno e deixaria os ids dependerem do
resultado (um processo que caísse num worker e não no outro faria o xdist
abortar por coletas diferentes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import results as R

# Nomes das propriedades gravadas em cada item (no junit XML, em <properties>).
PROP_FUNCTION = "rna_funcao"
PROP_POINTS = "rna_pontos"
PROP_MAX = "rna_pontos_max"


# ---------------------------------------------------------------------------
# As duas únicas ligações com o corretor: troque aqui para outra edição do
# kit (a do aluno, que só tem as verificações públicas).


def planned_tests(module: str, hidden: bool) -> list[tuple[str, float, list[tuple[str, str]]]]:
    """(função, pontos, [(verificação, tipo)]) de cada função do módulo, na
    ordem do relatório, sem rodar nada: são os nomes dos `TestResult` que a
    correção vai devolver (o tipo decide o peso, ver `results.points_per_test`)."""
    from . import edicao
    from .engine import planned_tests as names
    from .grading import spec

    hidden = hidden and not edicao.is_student()  # a edição do aluno não tem ocultos
    return [(check.name, check.points, names(module, check, hidden))
            for check in spec(module).checks]


def grade(module: str, submission: Path, only: list[str], hidden: bool):
    """A correção de `rna verificar` (um `ModuleResult`)."""
    from .grading import grade_cells
    from .submission import load_cells

    return grade_cells(module, load_cells(submission), str(submission), only=only,
                       hidden=hidden)


# ---------------------------------------------------------------------------
# Opções


def pytest_addoption(parser):
    group = parser.getgroup("rna", "correção do RNA (rna verificar como testes do pytest)")
    group.addoption("--rna-modulo", metavar="MODULO", default=None,
                    help="módulo a corrigir (ex.: m03_ativacoes); sem ela o plugin não faz nada")
    group.addoption("--rna-submissao", metavar="ARQUIVO", default=None,
                    help="notebook (.ipynb) ou .py a corrigir (padrão: <módulo>.ipynb na "
                         "pasta atual)")
    group.addoption("--rna-ocultos", dest="rna_ocultos", action="store_true", default=True,
                    help="roda também as verificações ocultas (padrão: tudo o que o kit tem)")
    group.addoption("--rna-sem-ocultos", dest="rna_ocultos", action="store_false",
                    help="só as verificações públicas, como na versão do aluno do notebook")
    group.addoption("--rna-pontos", metavar="ARQUIVO", default=None,
                    help="grava um JSON com os pontos de cada função")


@dataclass(eq=False)  # registrado como plugin: precisa ser hashable
class _Run:
    """O que uma execução com --rna-modulo sabe; um por processo."""

    module: str
    submission: Path
    hidden: bool
    points_path: Path | None
    _plan: list | None = None
    result: object = None  # ModuleResult, depois da correção
    error: str | None = None  # a submissão não pôde ser lida, ou o corretor falhou
    reported: dict = field(default_factory=dict)  # nodeid -> (função, passou)

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if report.when == "call" and PROP_FUNCTION in props:
            self.reported[report.nodeid] = (props[PROP_FUNCTION].rpartition(".")[2],
                                            report.passed)

    def pytest_sessionfinish(self, session):
        if self.points_path is None or hasattr(session.config, "workerinput"):
            return
        self.points_path.parent.mkdir(parents=True, exist_ok=True)
        self.points_path.write_text(
            json.dumps(_points_document(self), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")

    def plan(self):
        if self._plan is None:
            self._plan = planned_tests(self.module, self.hidden)
        return self._plan

    def graded(self, functions: list[str]):
        if self.result is None and self.error is None:
            from .submission import SubmissionError

            try:
                self.result = grade(self.module, self.submission, functions, self.hidden)
            except SubmissionError as exc:
                self.error = f"Erro: {exc}"
            except Exception as exc:  # noqa: BLE001 - guardado: não corrige de novo a cada item
                self.error = f"o corretor falhou: {type(exc).__name__}: {exc}"
        return self.result


_RUN = pytest.StashKey[_Run]()


def _run(config) -> _Run | None:
    return config.stash.get(_RUN, None)


def pytest_configure(config):
    module = config.getoption("rna_modulo")
    if module is None:
        return
    from .grading import MODULES

    if module not in MODULES:
        raise pytest.UsageError(
            f"--rna-modulo: módulo desconhecido: {module}. Módulos: {', '.join(MODULES)}")
    raw = config.getoption("rna_submissao") or f"{module}.ipynb"
    submission = Path(raw).resolve()
    if not submission.is_file():
        raise pytest.UsageError(f"--rna-submissao: arquivo não encontrado: {raw}")
    points = config.getoption("rna_pontos")
    run = _Run(module, submission, config.getoption("rna_ocultos"),
               Path(points).resolve() if points else None)
    config.stash[_RUN] = run
    config.pluginmanager.register(run, "rna-correcao")


# ---------------------------------------------------------------------------
# Coleta: só os itens do RNA, nenhum arquivo de teste é importado


class RnaFunction(pytest.Collector):
    """Uma função corrigida: o nó `<módulo>.<função>` pai das verificações."""

    def collect(self):  # os itens são criados em `pytest_collection`, abaixo
        return []


class RnaCheck(pytest.Item):
    """Uma verificação de uma função (um `TestResult`)."""

    def __init__(self, *, function: str, check: str, value: float, **kwargs):
        super().__init__(**kwargs)
        # Sem `self.function`: o -k do pytest lê esse atributo como a função de teste.
        self.rna_function = function
        self.rna_check = check
        self.rna_value = value  # pontos que este item vale

    def runtest(self):
        run = _run(self.config)
        self.user_properties.append((PROP_FUNCTION, f"{run.module}.{self.rna_function}"))
        self.user_properties.append((PROP_MAX, self.rna_value))
        functions = list(dict.fromkeys(i.rna_function for i in self.session.items
                                       if isinstance(i, RnaCheck)))
        result = run.graded(functions)
        text = _failure_text(run, result, self.rna_function, self.rna_check)
        self.user_properties.append((PROP_POINTS, 0 if text else self.rna_value))
        if result is not None:
            self._attach_output(result)
        if text:
            raise RnaFailed(text)

    def _attach_output(self, result):
        for function in result.functions:
            if function.function == self.rna_function and function.output:
                self.add_report_section("call", "saída do seu código", function.output)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, RnaFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::{self.rna_check}"


class RnaFailed(Exception):
    """A verificação falhou; a mensagem é o texto do relatório do rna."""


def _failure_text(run: _Run, result, function: str, check: str) -> str | None:
    """O texto do rna para esta verificação, ou None se ela passou."""
    if result is None:
        return run.error
    from . import report
    from . import results as R

    found = [f for f in result.functions if f.function == function]
    if not found:
        return f"{run.module}.{function}: o corretor não devolveu resultado para esta função"
    graded = found[0]
    if graded.status in (R.NOT_IMPLEMENTED, R.MISSING, R.BROKEN):
        text = report.function_text(graded)
    else:
        tests = [t for t in graded.tests if t.name == check]
        if not tests:
            return (f"{run.module}.{function}: o corretor não rodou a verificação "
                    f"“{check}” (o plano do plugin e o corretor divergem)")
        test = tests[0]
        if test.passed:
            return None
        # As mesmas linhas que `rna verificar` imprime sob a função.
        lines = [f"✘ {test.name}"]
        if test.failure is not None:
            lines.extend("    " + line for line in "\n".join(
                report.failure_lines(test.failure, graded.function)).splitlines())
        lines.append(f"leia: {report.page_path(graded.page)}")
        text = "\n".join(lines)
    errors = report.load_error_lines(result)
    if errors:
        rest = " (as outras células rodaram)" if report.is_notebook(result) else ""
        text += f"\nErros ao executar o seu código{rest}:\n" + \
            "\n".join(f"  {line}" for line in errors)
    return text


def _item_name(check: str) -> str:
    # "::" separa as partes do id no pytest (e as classes no junit XML).
    return check.replace("::", ": :")


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """Com --rna-modulo, a coleta é o plano do módulo (no lugar da busca por
    arquivos de teste); os passos seguintes são os de `Session.perform_collect`,
    assim -k, -m, o xdist e o relatório do terminal funcionam como sempre."""
    run = _run(session.config)
    if run is None:
        return None
    hook = session.config.hook
    items = []
    for function, points, checks in run.plan():
        name = f"{run.module}.{function}"
        # nodeid explícito: sem ele o pytest prefixaria "::" (o da sessão é "")
        parent = RnaFunction.from_parent(session, name=name, nodeid=name, path=run.submission)
        hook.pytest_collectstart(collector=parent)
        weights = R.test_weights([kind for _, kind in checks], points)
        found = [RnaCheck.from_parent(parent, name=_item_name(check), function=function,
                                      check=check, value=weight)
                 for (check, _), weight in zip(checks, weights)]
        hook.pytest_collectreport(report=pytest.CollectReport(
            parent.nodeid, "passed", None, found))
        items.extend(found)
    hook.pytest_collection_modifyitems(session=session, config=session.config, items=items)
    session.items = items
    session.testscollected = len(items)
    hook.pytest_collection_finish(session=session)
    return True


# ---------------------------------------------------------------------------
# Pontos: somados no processo principal (com o xdist, os relatórios dos
# workers chegam a ele com as propriedades de cada item). `_Run` é registrado
# como plugin só quando há --rna-modulo.


def _points_document(run: _Run) -> dict:
    functions = []
    for function, points, checks in run.plan():
        outcomes = [passed for f, passed in run.reported.values() if f == function]
        if not outcomes:
            continue  # desmarcada (-k) ou não chegou a rodar (-x)
        passed = sum(outcomes)
        by_item = {nodeid.partition("::")[2]: ok for nodeid, (f, ok) in run.reported.items()
                   if f == function}
        earned = R.points_per_test([kind for _, kind in checks],
                                   [by_item.get(_item_name(check), False) for check, _ in checks],
                                   points)
        functions.append({
            "funcao": function,
            # a mesma conta de FunctionResult.score
            "pontos": round(max(0.0, sum(earned)), 2),
            "maximo": points,
            "verificacoes": len(checks),
            "rodaram": len(outcomes),
            "passaram": passed,
        })
    return {
        "modulo": run.module,
        "submissao": str(run.submission),
        "pontos": round(sum(f["pontos"] for f in functions), 2),
        "maximo": round(sum(f["maximo"] for f in functions), 2),
        "funcoes": functions,
    }
