"""O comando `rna`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import grading, report
from .submission import SubmissionError

app = typer.Typer(
    help="RNA — Redes Neurais Artificiais do zero: corretor dos exercícios.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
console = Console(highlight=False, soft_wrap=True)


def _styled(text: str) -> Text:
    out = Text()
    for line in text.splitlines(keepends=True):
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


@app.command()
def verificar(
    modulo: Optional[str] = typer.Argument(
        None, help="Módulo a verificar (ex.: m03_ativacoes). Sem ele: todos."
    ),
    submissao: Optional[Path] = typer.Option(
        None, "--submissao", "-s",
        help="Notebook (.ipynb) ou arquivo .py a corrigir. Sem ele: o notebook em exercises/.",
    ),
    como_json: bool = typer.Option(
        False, "--json", help="Imprime o resultado no formato do Gradescope (results.json)."
    ),
):
    """Corrige as funções de um módulo (ou de todos) e explica cada erro."""
    if modulo is not None and modulo not in grading.MODULES:
        raise typer.BadParameter(
            f"módulo desconhecido: {modulo}. Módulos: {', '.join(grading.MODULES)}"
        )
    if submissao is not None and modulo is None:
        modulo = _module_for(submissao)
    modules = [modulo] if modulo else grading.MODULES
    results = []
    for module in modules:
        path = submissao or grading.exercise_path(module)
        try:
            results.append(grading.grade_file(module, path))
        except SubmissionError as exc:
            console.print(f"Erro: {exc}", style="red")
            raise typer.Exit(2) from None
    if como_json:
        typer.echo(json.dumps(report.gradescope(results), ensure_ascii=False, indent=2))
    else:
        for result in results:
            console.print(_styled(report.module_text(result)))
            console.print()
        if len(results) > 1:
            console.print(_summary(results))
    complete = all(r.score == r.max_score for r in results)
    raise typer.Exit(0 if complete else 1)


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


@app.command()
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
):
    """(professor) Corrige as submissões de uma turma: CSV, JSON e retorno por aluno."""
    from rich.progress import Progress

    from .turma import (LayoutError, compare_with_nbgrader, find_submissions, grade_all,
                        write_outputs)

    if modulo is not None and modulo not in grading.MODULES:
        raise typer.BadParameter(f"módulo desconhecido: {modulo}")
    try:
        submissions = find_submissions(pasta, modulo)
    except LayoutError as exc:
        console.print(f"Erro: {exc}", style="red")
        raise typer.Exit(2) from None
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("corrigindo", total=len(submissions))
        results = grade_all(submissions, processos,
                            progress=lambda _: progress.advance(task))
    write_outputs(results, saida, feedback)
    if nbgrader_csv is not None:
        scores = {(s.student, s.module): r.score for s, r in results.items()}
        flagged = compare_with_nbgrader(scores, nbgrader_csv)
        for (student, module), (theirs, ours) in sorted(flagged.items()):
            console.print(f"ALERTA: {student}/{module}: nbgrader deu {theirs:g}, o rna deu "
                          f"{ours:g} — o notebook pode ter alterado o verificador no kernel; "
                          "vale a nota do rna.", style="bold red")
        if not flagged:
            console.print("nenhuma nota do nbgrader passa da nota do rna.")
    students = len({s.student for s in submissions})
    console.print(f"{len(submissions)} submissões de {students} alunos corrigidas; "
                  f"notas em {saida}, resultados em {saida.with_suffix('.json')}"
                  + (f", retorno em {feedback}/" if feedback else ""))


@app.command()
def gradescope(
    modulo: str = typer.Argument(..., help="Módulo do autograder (ex.: m03_ativacoes)."),
    saida: Optional[Path] = typer.Option(None, "--saida", "-o",
                                         help="Arquivo .zip (padrão: gradescope_<módulo>.zip)."),
):
    """(professor) Gera o pacote de autograder do Gradescope para um módulo."""
    from .gradescope import build

    if modulo not in grading.MODULES:
        raise typer.BadParameter(f"módulo desconhecido: {modulo}")
    path = build(modulo, saida or Path(f"gradescope_{modulo}.zip"))
    console.print(f"pacote do Gradescope: {path} (envie em Configure Autograder → Zip file)")


@app.command()
def gerar(
    modulo: Optional[str] = typer.Argument(None, help="Módulo a gerar. Sem ele: todos."),
):
    """(professor) Gera exercises/ (e o .ipynb de solutions/) a partir do .py de solutions/."""
    from .exercises import generate

    modules = [modulo] if modulo else grading.MODULES
    for module in modules:
        for path in generate(module):
            console.print(f"gerado: {path.relative_to(grading.ROOT)}")


def main():
    app()
