"""Correção de turma: as mesmas N submissões de um módulo corrigidas por
`rna corrigir` e por `nbgrader autograde`, lado a lado, na mesma execução.

As submissões misturam notebooks certos, stubs e erros do catálogo
(tests/catalogue/). O benchmark confere que as notas são idênticas e imprime
os tempos e a razão. Meta (issue 7): rna corrigir ≥ 10× mais rápido.

Uso: python bench/turma.py [--alunos 200] [--modulo m01_produto_escalar]
"""

from __future__ import annotations

import argparse
import csv
import importlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import nbformat  # noqa: E402

from autograder.professor.amostras import student_notebook  # noqa: E402
from autograder.professor.exercicios import source_ipynb_path  # noqa: E402


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
        folder = course / "submitted" / f"aluno{i:03d}" / module
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{module}.ipynb")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alunos", type=int, default=200)
    parser.add_argument("--modulo", default="m01_produto_escalar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rna-bench-turma-") as tmp:
        course = Path(tmp)
        build_class(course, args.modulo, args.alunos)
        rna_time = run([sys.executable, "-m", "autograder", "corrigir", "submitted",
                        "--saida", "notas_rna.csv"], course)
        nb_time = run([sys.executable, "-m", "nbgrader", "autograde", args.modulo, "--force"],
                      course)
        run([sys.executable, "-m", "nbgrader", "export", "--to", "notas_nbgrader.csv"], course)
        with open(course / "notas_rna.csv", encoding="utf-8") as f:
            ours = {row["aluno"]: float(row[args.modulo]) for row in csv.DictReader(f)}
        with open(course / "notas_nbgrader.csv", encoding="utf-8") as f:
            theirs = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    different = {s: (ours[s], theirs.get(s)) for s in ours if theirs.get(s) != ours[s]}
    print(f"módulo {args.modulo}, {args.alunos} submissões")
    print(f"rna corrigir:       {rna_time:8.1f} s  ({rna_time / args.alunos * 1000:.0f} ms/submissão)")
    print(f"nbgrader autograde: {nb_time:8.1f} s  ({nb_time / args.alunos * 1000:.0f} ms/submissão)")
    print(f"razão nbgrader/rna: {nb_time / rna_time:8.1f}×  (meta: ≥ 10×)")
    print(f"notas idênticas: {'sim' if not different else 'não'}"
          + (f" — diferentes: {different}" if different else ""))


if __name__ == "__main__":
    main()
