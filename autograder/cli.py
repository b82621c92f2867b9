"""O comando `rna`."""

from __future__ import annotations

import difflib
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import grading, report
from .moldura import ClickException, Command, Group, UsageError, usage_error_text
from .submission import SubmissionError

app = typer.Typer(
    cls=Group,
    help="RNA — Redes Neurais Artificiais do zero: corretor dos exercícios.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
console = Console(highlight=False, soft_wrap=True, markup=False)


def _wrapped(text: str) -> str:
    """No terminal, cada linha quebra entre palavras na largura da janela, com
    a continuação recuada sob a própria linha; numa saída redirecionada
    (arquivo, CI, testes), cada linha fica inteira."""
    if not console.is_terminal:
        return text
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size((console.width, 24)).columns, 40)
    lines = []
    for line in text.splitlines():
        indent = line[:len(line) - len(line.lstrip())]
        lines += textwrap.wrap(line, width, subsequent_indent=indent + "    ",
                               break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def _styled(text: str) -> Text:
    out = Text()
    for line in _wrapped(text).splitlines(keepends=True):
        stripped = line.lstrip()
        style = None
        if stripped.startswith("✔"):
            style = "green"
        elif stripped.startswith("✘"):
            style = "red"
        elif stripped.startswith("provável erro"):
            style = "yellow"
        elif stripped.startswith("leia:"):
            style = "cyan"
        out.append(line, style=style)
    return out


def _module_for(submission: Path) -> str:
    for module in grading.MODULES:
        if module in submission.name:
            return module
    raise typer.BadParameter(
        f"não sei de que módulo é {submission.name}: informe o módulo, por exemplo "
        f"`rna verificar m03_ativacoes --submissao {submission}`"
    )


def resolve_module(name: str) -> str:
    """O módulo pelo nome inteiro ou abreviado (ver `grading.find_module`)."""
    try:
        return grading.find_module(name)
    except grading.UnknownModule as exc:
        raise typer.BadParameter(str(exc)) from None


def _unknown_function(module: str, name: str):
    names = [c.name for c in grading.spec(module).checks]
    close = difflib.get_close_matches(name, names, n=1)
    suggestion = f" (quis dizer {close[0]}?)" if close else ""
    raise typer.BadParameter(
        f"{module} não tem a função {name}{suggestion}; tem: {', '.join(names)}")


def _check_submission(submissao: Optional[Path], modulo: Optional[str]):
    if submissao is not None and submissao.is_dir():
        example = submissao / f"{modulo or 'm03_ativacoes'}.ipynb"
        raise typer.BadParameter(
            f"{submissao} é uma pasta; --submissao recebe um arquivo (.ipynb ou .py), "
            f"por exemplo {example}")


@app.command(cls=Command)
def verificar(
    modulo: Optional[str] = typer.Argument(
        None, help="Módulo a verificar (ex.: m03_ativacoes, m03 ou ativacoes). Sem ele: todos."
    ),
    funcao: Optional[str] = typer.Argument(
        None, help="Só esta função do módulo (ex.: relu). Sem ela: todas."
    ),
    submissao: Optional[Path] = typer.Option(
        None, "--submissao", "-s",
        help="Notebook (.ipynb) ou arquivo .py a corrigir. Sem ele: o notebook em exercises/.",
    ),
    como_json: bool = typer.Option(
        False, "--json", help="Imprime o resultado no formato do Gradescope (results.json)."
    ),
    observar: bool = typer.Option(
        False, "--observar", "-w",
        help="Corrige de novo a cada vez que o arquivo é salvo, mostrando só o que mudou.",
    ),
):
    """Corrige as funções de um módulo (ou de todos) e explica cada erro."""
    if modulo is not None:
        modulo = resolve_module(modulo)
    _check_submission(submissao, modulo)
    if submissao is not None and modulo is None:
        modulo = _module_for(submissao)
    only = [funcao] if funcao else None
    if observar:
        if modulo is None:
            raise typer.BadParameter("--observar precisa de um módulo (ex.: rna verificar "
                                     "m03_ativacoes --observar)")
        _observe(modulo, submissao or grading.exercise_path(modulo), only=only)
        return
    modules = [modulo] if modulo else grading.MODULES
    results = []
    for module in modules:
        path = submissao or grading.exercise_path(module)
        try:
            result = report.annotate(grading.grade_file(module, path, only), path)
        except SubmissionError as exc:
            console.print(f"Erro: {exc}", style="red")
            raise typer.Exit(2) from None
        if funcao and not result.functions:
            _unknown_function(module, funcao)
        results.append(result)
    if como_json:
        typer.echo(json.dumps(report.gradescope(results), ensure_ascii=False, indent=2))
    else:
        _print_results(results)
    complete = all(r.score == r.max_score for r in results)
    raise typer.Exit(0 if complete else 1)


def _shown(path: Path) -> str:
    """O caminho como o aprendiz o digitaria: relativo à pasta atual, se der."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_results(results):
    from .aprendiz import next_step

    compact = len(results) > 1
    for result in results:
        console.print(_styled(report.module_text(result, compact=compact)))
        if not (compact and report.untouched(result)):  # um módulo começado: o relatório
            console.print()
    fresh = all(report.untouched(r) for r in results)
    if compact and not fresh:
        console.print()
        console.print(_summary(results))
    if fresh:
        first = results[0]
        console.print(_wrapped(
            "\nAinda não há nada escrito: isso é o esperado no começo (nada quebrou). "
            f"Próximo passo: abra {_shown(grading.exercise_path(first.module))}, escreva "
            f"`{first.functions[0].function}` e rode `rna verificar {first.module}`."))
    elif compact:
        console.print(_wrapped(f"Próximo passo: {next_step(results)}"))
    if any(r.score < r.max_score and not report.untouched(r) for r in results):
        console.print(_wrapped(report.OFFLINE_NOTE), style="dim")


def _observe(module: str, path: Path, stop=None, only=None):
    from .aprendiz import changed_functions, watch

    previous = {"result": None}

    def regrade():
        try:
            result = report.annotate(grading.grade_file(module, path, only), path)
        except SubmissionError as exc:
            console.print(f"Erro: {exc}", style="red")
            return
        changed = changed_functions(previous["result"], result)
        previous["result"] = result
        stamp = time.strftime("%H:%M:%S")
        console.rule(f"{stamp} — {module}: {report.points(result.score)}/"
                     f"{report.points(result.max_score)} pontos")
        errors = report.load_error_lines(result)
        if errors:  # sempre: a causa de uma função "não encontrada" está aqui
            console.print("Erros ao executar o seu código:", style="red")
            console.print("\n".join(f"  {line}" for line in errors))
        if not changed:
            console.print("nada mudou desde a última correção.")
        for function in result.functions:
            if function.function in changed:
                console.print(_styled(report.function_text(function)))
        console.print(f"observando {path} (Ctrl+C para sair)", style="dim")

    try:
        watch(Path(path), regrade, stop=stop)
    except KeyboardInterrupt:
        console.print("fim da observação.")


def _summary(results) -> Table:
    table = Table(title="Resumo")
    table.add_column("módulo")
    table.add_column("pontos", justify="right")
    for r in results:
        table.add_row(r.module, f"{report.points(r.score)}/{report.points(r.max_score)}")
    total = sum(r.score for r in results)
    table.add_row("total", f"{report.points(round(total, 2))}/"
                           f"{report.points(sum(r.max_score for r in results))}")
    return table


@app.command(cls=Command)
def progresso(
    pasta: Optional[Path] = typer.Option(
        None, "--pasta", help="Pasta com os seus notebooks (padrão: exercises/)."
    ),
):
    """Mostra a nota de cada módulo e função, o que falta e o próximo passo."""
    from .aprendiz import next_step

    results = []
    for module in grading.MODULES:
        path = grading.exercise_path(module, pasta)
        try:
            results.append(grading.grade_file(module, path))
        except SubmissionError as exc:
            console.print(f"{module}: {exc}", style="red")
    table = Table(title="Seu progresso")
    for column in ("módulo", "função", "pontos", "situação"):
        table.add_column(column, justify="right" if column == "pontos" else "left")
    for result in results:
        for i, function in enumerate(result.functions):
            done = function.score == function.max_points
            status = "completa" if done else report.STATUS_TEXT.get(
                function.status, f"{sum(not t.passed for t in function.tests)} teste(s) falhando")
            table.add_row(result.module if i == 0 else "", function.function,
                          f"{report.points(function.score)}/{report.points(function.max_points)}",
                          Text(status, style="green" if done else "red"))
        table.add_section()
    console.print(table)
    total = sum(r.score for r in results)
    maximum = sum(r.max_score for r in results)
    console.print(f"Total: {report.points(round(total, 2))}/{report.points(maximum)} pontos; "
                  f"faltam {report.points(round(maximum - total, 2))}.")
    console.print(f"Próximo passo: {next_step(results)}")


@app.command(cls=Command)
def dica(
    modulo: str = typer.Argument(..., help="Módulo (ex.: m03_ativacoes)."),
    funcao: Optional[str] = typer.Argument(
        None, help="Função. Sem ela: a primeira do módulo que ainda perde pontos."
    ),
    reiniciar: bool = typer.Option(False, "--reiniciar", help="Esconde de novo as dicas do módulo."),
):
    """Revela, a cada chamada, mais uma dica da função (nunca o código)."""
    from .aprendiz import reset_hints, reveal_hint

    modulo = resolve_module(modulo)
    from . import edicao

    if edicao.graded(modulo):
        console.print(f"{modulo} é um módulo avaliado: as dicas estão desligadas nesta edição. "
                      "Releia a página do site indicada no relatório.")
        raise typer.Exit(0)
    if reiniciar:
        reset_hints(modulo)
        console.print(f"dicas de {modulo} escondidas de novo.")
        return
    module_spec = grading.spec(modulo)
    names = [c.name for c in module_spec.checks]
    if funcao is None:
        result = grading.grade_file(modulo, grading.exercise_path(modulo))
        pending = [f.function for f in result.functions if f.score < f.max_points]
        if not pending:
            console.print(f"todas as funções de {modulo} estão completas.")
            return
        funcao = pending[0]
    if funcao not in names:
        _unknown_function(modulo, funcao)
    hints, total = reveal_hint(modulo, funcao)
    if not total:
        console.print(f"ainda não há dicas para {modulo}.{funcao}.")
        return
    console.print(f"Dicas para {modulo}.{funcao} ({len(hints)} de {total}):", style="bold")
    for i, hint in enumerate(hints, 1):
        console.print(f"  {i}. {hint}")
    if len(hints) < total:
        console.print("Rode o mesmo comando para ver a próxima dica.", style="dim")
    check = module_spec.check(funcao)
    console.print(f"leia: {report.page_url(check.page)}", style="cyan")


@app.command(cls=Command)
def corrigir(
    pasta: Path = typer.Argument(
        ..., help="Pasta com as submissões: <aluno>/<módulo>/<módulo>.ipynb (nbgrader) "
                  "ou um arquivo .ipynb/.py por aluno."
    ),
    saida: Path = typer.Option(Path("notas.csv"), "--saida", "-o",
                               help="CSV de notas (um aluno por linha); o JSON vai ao lado."),
    feedback: Optional[Path] = typer.Option(
        None, "--feedback", help="Pasta para o retorno de cada aluno (Markdown)."
    ),
    modulo: Optional[str] = typer.Option(
        None, "--modulo", "-m", help="Só este módulo (obrigatório para um arquivo por aluno "
                                     "sem o módulo no nome)."
    ),
    processos: Optional[int] = typer.Option(
        None, "--processos", "-j", help="Correções em paralelo (padrão: um por núcleo)."
    ),
    nbgrader_csv: Optional[Path] = typer.Option(
        None, "--nbgrader",
        help="CSV do `nbgrader export`: aponta cada nota do nbgrader maior que a do rna.",
    ),
    alunos: Optional[Path] = typer.Option(
        None, "--alunos",
        help="Lista da turma (um id por linha, ou CSV com a coluna id): quem não tem pasta "
             "também aparece, como não entregue.",
    ),
    moodle: Optional[Path] = typer.Option(
        None, "--moodle", help="Grava também o CSV de importação de notas do Moodle."),
    moodle_id: str = typer.Option(
        "email", "--moodle-id",
        help="Coluna que identifica o aluno no CSV do Moodle: email, numero ou usuario "
             "(o email vem da lista --alunos; o número e o usuário são o id do aluno)."),
    canvas: Optional[Path] = typer.Option(
        None, "--canvas", help="Grava também o CSV de importação de notas do Canvas."),
):
    """(professor) Corrige as submissões de uma turma: CSV, JSON e retorno por aluno."""
    _teacher_only("corrigir")
    from rich.progress import Progress

    from .professor.diario import MOODLE_IDS, RosterError, read_roster
    from .professor.turma import LayoutError, find_submissions, flag_nbgrader, grade_all, write_outputs

    if modulo is not None:
        modulo = resolve_module(modulo)
    if moodle_id not in MOODLE_IDS:
        raise typer.BadParameter(f"--moodle-id: use {', '.join(MOODLE_IDS)}")
    try:
        roster = read_roster(alunos) if alunos is not None else {}
        submissions = find_submissions(pasta, modulo)
    except (LayoutError, RosterError) as exc:
        console.print(f"Erro: {exc}", style="red")
        raise typer.Exit(2) from None
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("corrigindo", total=len(submissions))
        results = grade_all(submissions, processos,
                            progress=lambda _: progress.advance(task))
    if nbgrader_csv is not None and not flag_nbgrader(results, nbgrader_csv):
        console.print("nenhuma nota do nbgrader passa da nota do rna.")
    write_outputs(results, saida, feedback, roster, moodle, moodle_id, canvas)
    students = len({s.student for s in submissions})
    console.print(f"{len(submissions)} submissões de {students} alunos corrigidas; "
                  f"notas em {saida}, resultados em {saida.with_suffix('.json')}"
                  + (f", retorno em {feedback}/" if feedback else ""))


@app.command(cls=Command)
def gradescope(
    modulo: str = typer.Argument(..., help="Módulo do autograder (ex.: m03_ativacoes)."),
    saida: Optional[Path] = typer.Option(None, "--saida", "-o",
                                         help="Arquivo .zip (padrão: gradescope_<módulo>.zip)."),
):
    """(professor) Gera o pacote de autograder do Gradescope para um módulo."""
    _teacher_only("gradescope")
    from .professor.gradescope import build

    modulo = resolve_module(modulo)
    path = build(modulo, saida or Path(f"gradescope_{modulo}.zip"))
    console.print(f"pacote do Gradescope: {path} (envie em Configure Autograder → Zip file)")


@app.command(cls=Command)
def gerar(
    modulo: Optional[str] = typer.Argument(None, help="Módulo a gerar. Sem ele: todos."),
):
    """(professor) Gera, a partir do .py de solutions/: exercises/, o .ipynb de
    solutions/, as entradas e os valores gravados das verificações públicas
    (autograder/gravado/) e as entradas das buscas ocultas."""
    _teacher_only("gerar")
    from .professor.exercicios import generate
    from .professor import gravacao

    modules = [modulo] if modulo else grading.MODULES
    for module in modules:
        for path in [*generate(module), *gravacao.generate(module)]:
            console.print(f"gerado: {path.relative_to(grading.ROOT)}")


@app.command("pacote-aluno", cls=Command)
def pacote_aluno(
    saida: Path = typer.Option(Path("edicao-do-aluno"), "--saida", "-o",
                               help="Pasta onde gravar a roda e os notebooks."),
    avaliado: list[str] = typer.Option(
        [], "--avaliado", "-a",
        help="Módulo avaliado (repita para vários; `todos` para todos): sem as dicas "
             "que dizem o código. Padrão: [tool.rna] avaliados do pyproject.toml."),
):
    """(professor) Constrói a edição do aluno: a roda (sem as respostas) e os notebooks."""
    _teacher_only("pacote-aluno")
    from .professor.pacote_aluno import build, course_graded_modules

    if not avaliado:
        graded = course_graded_modules()
    else:
        graded = list(grading.MODULES) if "todos" in avaliado else avaliado
    try:
        edition = build(saida, graded)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"roda do aluno: {edition.wheel}")
    console.print(f"notebooks: {edition.notebooks}/ (e {edition.zip})")
    if edition.graded:
        console.print(f"módulos avaliados (sem dicas de código): {', '.join(edition.graded)}")
    console.print("O aluno instala com `pip install " + edition.wheel.name
                  + "` e roda `rna verificar` na pasta dos notebooks.")


def _teacher_only(command: str):
    from . import edicao

    if edicao.is_student():
        console.print(f"Erro: `rna {command}` é da edição do professor; esta é a edição do "
                      "aluno (só verificar, progresso e dica).", style="red")
        raise typer.Exit(2)


def main():
    # Sem o modo "standalone" do typer: os erros de uso chegam aqui e saem em
    # português (ver `moldura`); typer.Exit(n) volta como o status n.
    try:
        status = app(standalone_mode=False)
    except SystemExit as done:
        status = done.code
    except UsageError as error:
        print(usage_error_text(error), file=sys.stderr)
        status = error.exit_code
    except ClickException as error:
        print(f"Erro: {error.format_message()}", file=sys.stderr)
        status = error.exit_code
    except typer.Abort:
        print("Interrompido.", file=sys.stderr)
        status = 1
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    # Sai sem desmontar o interpretador (~40 ms com NumPy e hypothesis
    # carregados, a cada `rna verificar`): não há mais nada a fazer. O
    # processo do aprendiz e a pasta dele já foram fechados (`LearnerProcess`),
    # e os arquivos escritos, fechados; só a saída padrão pode ter algo no buffer.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)
