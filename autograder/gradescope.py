"""`rna gradescope MODULO`: o pacote de autograder do Gradescope.

O zip tem o que o Gradescope pede (`setup.sh` e `run_autograder` na raiz;
o Gradescope o descompacta em /autograder/source) e, em `rna/`, uma cópia do
kit com só a referência daquele módulo. `run_autograder` acha a
submissão (.ipynb ou .py) em `submission/`, roda as mesmas verificações de
`rna verificar` e grava `results/results.json`. As pastas seguem o padrão do
Gradescope (/autograder/...); a variável AUTOGRADER_ROOT troca a raiz, o que
permite rodar o pacote fora do Gradescope (os testes do kit fazem isso).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from . import entradas
from .grading import ROOT, solution_path

SETUP = """#!/usr/bin/env bash
# Gradescope: instala o kit RNA (a cópia dentro deste pacote) e as dependências.
set -euo pipefail
RAIZ="${AUTOGRADER_ROOT:-/autograder}"
apt-get update -qq && apt-get install -y -qq python3 python3-pip python3-venv >/dev/null || true
python3 -m venv "$RAIZ/venv"
"$RAIZ/venv/bin/pip" install --quiet "$RAIZ/source/rna"
"""

RUN = """#!/usr/bin/env bash
# Gradescope: corrige a submissão com as verificações de `rna verificar`.
set -uo pipefail
RAIZ="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{RNA_PYTHON:-$RAIZ/venv/bin/python}}"
mkdir -p "$RAIZ/results"
SUBMISSAO=$(find "$RAIZ/submission" -maxdepth 2 -type f \\( -name '*.ipynb' -o -name '*.py' \\) \\
            | sort | head -n 1)
if [ -z "$SUBMISSAO" ]; then
    printf '%s\\n' '{{"score": 0, "output": "Nenhum arquivo .ipynb ou .py foi enviado.", "tests": []}}' \\
        > "$RAIZ/results/results.json"
    exit 0
fi
cd "$RAIZ/source/rna"
"$PYTHON" -m autograder verificar {module} --submissao "$SUBMISSAO" --json \\
    > "$RAIZ/results/results.json"
# O código de saída 1 só diz que houve pontos perdidos: para o Gradescope,
# a correção terminou bem se o results.json foi escrito.
test -s "$RAIZ/results/results.json"
"""

KIT_FILES = ["pyproject.toml", "README.md", "nbgrader_config.py"]


def _add(archive: zipfile.ZipFile, path: Path, name: str, executable=False):
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, path.read_bytes() if isinstance(path, Path) else path)


def build(module: str, output: Path) -> Path:
    """Escreve o zip do autograder de `module` em `output` (arquivos em ordem
    fixa e datas fixas: o mesmo kit dá o mesmo zip)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w") as archive:
        _add(archive, SETUP, "setup.sh", executable=True)
        _add(archive, RUN.format(module=module), "run_autograder", executable=True)
        for name in KIT_FILES:
            _add(archive, ROOT / name, f"rna/{name}")
        for path in sorted((ROOT / "autograder").rglob("*.py")):
            _add(archive, path, f"rna/{path.relative_to(ROOT)}")
        stored = entradas.path(module)  # sem ela a nota é a mesma, só mais lenta
        _add(archive, stored, f"rna/{stored.relative_to(ROOT)}")
        reference = solution_path(module)
        _add(archive, reference, f"rna/{reference.relative_to(ROOT)}")
    return output
