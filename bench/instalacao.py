"""Tamanho e tempo da instalação: a edição do aluno contra o kit completo.

Na mesma execução, cria dois ambientes novos (python -m venv) e instala em
cada um, pelo índice do pip (com o cache do pip como estiver):

* o kit completo, como o professor (`pip install .` na raiz do repositório);
* a edição do aluno, como o aluno (`pip install <roda de rna pacote-aluno>`),
  e com o extra do Jupyter (`pip install "<roda>[jupyter]"`).

Imprime o tamanho de cada ambiente, o tempo de cada instalação e a razão
aluno / completo (a meta é no máximo 1/3). Uso:

    python bench/instalacao.py [--python /usr/bin/python3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.professor.pacote_aluno import build  # noqa: E402


def folder_size(path: Path) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def install(python: str, venv: Path, target: str) -> tuple[float, int]:
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    started = time.perf_counter()
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                    target], check=True)
    return time.perf_counter() - started, folder_size(venv)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    options = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="rna-instalacao-") as tmp:
        tmp = Path(tmp)
        wheel = build(tmp / "edicao").wheel
        empty_time, empty_size = install(options.python, tmp / "vazio", "pip")
        full_time, full_size = install(options.python, tmp / "completo", str(ROOT))
        student_time, student_size = install(options.python, tmp / "aluno", str(wheel))
        jupyter_time, jupyter_size = install(options.python, tmp / "aluno-jupyter",
                                             f"{wheel}[jupyter]")
    mb = 1024 ** 2
    print(f"carga da máquina no início (1 min): {load:.2f}; Python: {options.python}")
    print(f"{'ambiente':<24}{'tamanho':>12}{'instalação':>14}")
    print(f"{'venv vazio':<24}{empty_size / mb:>9.0f} MB{empty_time:>12.1f} s")
    print(f"{'kit completo':<24}{full_size / mb:>9.0f} MB{full_time:>12.1f} s")
    print(f"{'edição do aluno':<24}{student_size / mb:>9.0f} MB{student_time:>12.1f} s")
    print(f"{'aluno, com [jupyter]':<24}{jupyter_size / mb:>9.0f} MB{jupyter_time:>12.1f} s")
    for name, size in (("aluno", student_size), ("aluno com [jupyter]", jupyter_size)):
        print(f"razão {name} / completo: {size / full_size:.2f} (sem o venv vazio: "
              f"{(size - empty_size) / (full_size - empty_size):.2f}); meta: no máximo 0,33")


if __name__ == "__main__":
    main()
