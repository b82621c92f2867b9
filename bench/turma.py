"""Correção de turma: as mesmas N submissões de um módulo corrigidas por
`rna corrigir` e por `nbgrader autograde`, lado a lado, na mesma execução.

As submissões misturam notebooks certos, stubs e erros do catálogo
(tests/catalogue/). O benchmark confere que as notas são idênticas e imprime
os tempos e a razão. Meta (issue 14): rna corrigir ≥ 15× mais rápido em todo
módulo.

A turma sintética repete os mesmos notebooks (um por tipo de erro), e
`rna corrigir` corrige uma vez só cada conteúdo repetido. Por isso o `rna`
corrige também uma segunda pasta, a mesma turma com uma célula de texto a
mais em cada notebook (o nome do aluno): nenhum conteúdo se repete, e essa
razão ("distintos") é a de uma turma real, sem cópias. O nbgrader roda uma
vez, na turma com cópias (ele não aproveita cópias; uma célula de texto não
muda o seu tempo), e as notas das duas pastas são comparadas com as dele.

Uso: python bench/turma.py [--alunos N] [--modulo m01_produto_escalar|m01|todos]
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import nbformat  # noqa: E402

from autograder.grading import MODULES, UnknownModule, find_module  # noqa: E402
from autograder.professor.amostras import student_notebook  # noqa: E402
from autograder.professor.exercicios import source_ipynb_path  # noqa: E402

GOAL = 15.0


def run(command, cwd):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"falhou: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def build_class(course: Path, module: str, students: int):
    shutil.copy(ROOT / "nbgrader_config.py", course)
    (course / "solutions" / module).mkdir(parents=True)
    shutil.copy(source_ipynb_path(module), course / "solutions" / module)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    run([*nbgrader, "db", "assignment", "add", module], course)
    run([*nbgrader, "generate_assignment", module, "--force"], course)
    release = course / "exercises" / module / f"{module}.ipynb"
    mistakes = importlib.import_module(f"catalogue.{module}").MISTAKES
    kinds = ["certo", "stub"] + [f"erro{i}" for i in range(len(mistakes))]
    for i in range(students):
        kind = kinds[i % len(kinds)]
        if kind == "certo":
            nb = student_notebook(module, release)
        elif kind == "stub":
            nb = nbformat.read(release, as_version=4)
        else:
            variant = mistakes[int(kind[4:])]
            nb = student_notebook(module, release, {variant.function: variant.source})
        for folder_name in ("submitted", "distintos"):
            if folder_name == "distintos":
                # Uma célula de texto não muda a nota, mas muda o conteúdo do arquivo.
                nb.cells.append(nbformat.v4.new_markdown_cell(f"Entrega de aluno{i:03d}."))
            folder = course / folder_name / f"aluno{i:03d}" / module
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{module}.ipynb")


def rna_grades(course: Path, folder: str, module: str) -> tuple[float, dict[str, float]]:
    seconds = run([sys.executable, "-m", "autograder", "corrigir", folder,
                   "--saida", f"notas_{folder}.csv"], course)
    with open(course / f"notas_{folder}.csv", encoding="utf-8") as f:
        return seconds, {row["aluno"]: float(row[module]) for row in csv.DictReader(f)}


def differences(ours: dict[str, float], theirs: dict[str, float]) -> dict:
    # O nbgrader soma as notas das células em ponto flutuante (3.4299999999999997
    # onde o rna escreve 3.43): iguais são as notas que diferem menos de 0,005.
    return {s: (ours[s], theirs.get(s)) for s in ours
            if theirs.get(s) is None or abs(theirs[s] - ours[s]) >= 0.005}


def bench_module(module: str, students: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="rna-bench-turma-") as tmp:
        course = Path(tmp)
        build_class(course, module, students)
        rna_time, ours = rna_grades(course, "submitted", module)
        distinct_time, distinct = rna_grades(course, "distintos", module)
        nb_time = run([sys.executable, "-m", "nbgrader", "autograde", module, "--force"],
                      course)
        run([sys.executable, "-m", "nbgrader", "export", "--to", "notas_nbgrader.csv"], course)
        with open(course / "notas_nbgrader.csv", encoding="utf-8") as f:
            theirs = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    return {"module": module, "rna": rna_time, "distinct": distinct_time, "nbgrader": nb_time,
            "ratio": nb_time / rna_time, "distinct_ratio": nb_time / distinct_time,
            "different": {**differences(ours, theirs), **differences(distinct, theirs)}}


def show(result: dict, students: int) -> None:
    print(f"módulo {result['module']}, {students} submissões")
    for label, key in (("rna corrigir", "rna"), ("rna (distintos)", "distinct"),
                       ("nbgrader autograde", "nbgrader")):
        print(f"  {label + ':':20s}{result[key]:8.1f} s  "
              f"({result[key] / students * 1000:.0f} ms/submissão)")
    print(f"  razão nbgrader/rna: {result['ratio']:8.1f}×  com cópias; "
          f"{result['distinct_ratio']:.1f}× distintos  (meta: ≥ {GOAL:g}×)")
    different = result["different"]
    print(f"  notas idênticas: {'sim' if not different else 'não'}"
          + (f" — diferentes: {different}" if different else ""), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alunos", type=int, default=None,
                        help="submissões por módulo (padrão: 200; 20 com --modulo todos)")
    parser.add_argument("--modulo", default="m01_produto_escalar",
                        help="um módulo, ou 'todos'")
    args = parser.parse_args()
    try:
        modules = MODULES if args.modulo == "todos" else [find_module(args.modulo)]
    except UnknownModule as exc:
        raise SystemExit(f"Erro: {exc}") from None
    students = args.alunos or (20 if args.modulo == "todos" else 200)
    print("carga da máquina (1, 5, 15 min): "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    results = []
    for module in modules:
        results.append(bench_module(module, students))
        show(results[-1], students)
    if len(results) > 1:
        print("resumo (pior razão primeiro; com cópias / distintos):")
        for r in sorted(results, key=lambda r: r["distinct_ratio"]):
            print(f"  {r['module']:24s} {r['ratio']:6.1f}× / {r['distinct_ratio']:5.1f}×"
                  + ("" if not r["different"] else "  NOTAS DIFERENTES"))
        for key, label in (("ratio", "com cópias"), ("distinct_ratio", "distintos")):
            slowest = min(results, key=lambda r: r[key])
            print(f"módulo mais lento ({label}): {slowest['module']} com "
                  f"{slowest[key]:.1f}× (meta: ≥ {GOAL:g}×)")
    print("carga da máquina ao fim (1, 5, 15 min): "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if any(r["different"] for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
