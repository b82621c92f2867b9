"""Correção de turma: as mesmas N submissões de um módulo corrigidas por
`rna corrigir` e por `nbgrader autograde`, lado a lado, na mesma execução.

As submissões misturam notebooks certos, stubs e erros do catálogo
(tests/catalogue/). O benchmark confere que as notas são idênticas e imprime
os tempos e a razão. Meta (issue 14): rna corrigir ≥ 15× mais rápido em todo
módulo.

A turma sintética repete os mesmos notebooks (um por tipo de erro), e
`rna corrigir` corrige uma vez só cada conteúdo repetido. Com --distintos,
cada notebook ganha uma célula de texto com o nome do aluno: nenhum conteúdo
se repete e a razão medida é a de uma turma real, sem cópias.

Uso: python bench/turma.py [--alunos N] [--modulo m01_produto_escalar|todos]
                           [--distintos]
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

from autograder.grading import MODULES  # noqa: E402
from autograder.professor.amostras import student_notebook  # noqa: E402
from autograder.professor.exercicios import source_ipynb_path  # noqa: E402

GOAL = 15.0


def run(command, cwd):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"falhou: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def build_class(course: Path, module: str, students: int, distinct: bool):
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
        if distinct:
            # Uma célula de texto não muda a nota, mas muda o conteúdo do arquivo.
            nb.cells.append(nbformat.v4.new_markdown_cell(f"Entrega de aluno{i:03d}."))
        folder = course / "submitted" / f"aluno{i:03d}" / module
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{module}.ipynb")


def bench_module(module: str, students: int, distinct: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="rna-bench-turma-") as tmp:
        course = Path(tmp)
        build_class(course, module, students, distinct)
        rna_time = run([sys.executable, "-m", "autograder", "corrigir", "submitted",
                        "--saida", "notas_rna.csv"], course)
        nb_time = run([sys.executable, "-m", "nbgrader", "autograde", module, "--force"],
                      course)
        run([sys.executable, "-m", "nbgrader", "export", "--to", "notas_nbgrader.csv"], course)
        with open(course / "notas_rna.csv", encoding="utf-8") as f:
            ours = {row["aluno"]: float(row[module]) for row in csv.DictReader(f)}
        with open(course / "notas_nbgrader.csv", encoding="utf-8") as f:
            theirs = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    # O nbgrader soma as notas das células em ponto flutuante (3.4299999999999997
    # onde o rna escreve 3.43): iguais são as notas que diferem menos de 0,005.
    different = {s: (ours[s], theirs.get(s)) for s in ours
                 if theirs.get(s) is None or abs(theirs[s] - ours[s]) >= 0.005}
    return {"module": module, "rna": rna_time, "nbgrader": nb_time,
            "ratio": nb_time / rna_time, "different": different}


def show(result: dict, students: int) -> None:
    print(f"módulo {result['module']}, {students} submissões")
    print(f"  rna corrigir:       {result['rna']:8.1f} s  "
          f"({result['rna'] / students * 1000:.0f} ms/submissão)")
    print(f"  nbgrader autograde: {result['nbgrader']:8.1f} s  "
          f"({result['nbgrader'] / students * 1000:.0f} ms/submissão)")
    print(f"  razão nbgrader/rna: {result['ratio']:8.1f}×  (meta: ≥ {GOAL:g}×)")
    different = result["different"]
    print(f"  notas idênticas: {'sim' if not different else 'não'}"
          + (f" — diferentes: {different}" if different else ""), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alunos", type=int, default=None,
                        help="submissões por módulo (padrão: 200; 20 com --modulo todos)")
    parser.add_argument("--modulo", default="m01_produto_escalar",
                        help="um módulo, ou 'todos'")
    parser.add_argument("--distintos", action="store_true",
                        help="nenhum notebook repetido (sem o ganho das cópias)")
    args = parser.parse_args()
    modules = MODULES if args.modulo == "todos" else [args.modulo]
    students = args.alunos or (20 if args.modulo == "todos" else 200)
    print(f"carga da máquina: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}; {'todos distintos' if args.distintos else 'com cópias'}")
    results = []
    for module in modules:
        results.append(bench_module(module, students, args.distintos))
        show(results[-1], students)
    if len(results) > 1:
        slowest = min(results, key=lambda r: r["ratio"])
        print("resumo (pior razão primeiro):")
        for r in sorted(results, key=lambda r: r["ratio"]):
            print(f"  {r['module']:24s} {r['ratio']:6.1f}×"
                  + ("" if not r["different"] else "  NOTAS DIFERENTES"))
        print(f"módulo mais lento: {slowest['module']} com {slowest['ratio']:.1f}× "
              f"(meta: ≥ {GOAL:g}×)")
    if any(r["different"] for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
