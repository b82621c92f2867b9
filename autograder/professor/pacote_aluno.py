"""`rna pacote-aluno`: constrói a edição do aluno a partir do curso.

A edição do aluno é uma roda (`rna_aluno-….whl`) com o pacote `autograder`
sem `autograder/professor/` (a referência, os modelos de erro, as buscas e os
testes ocultos) e com os valores gravados das verificações públicas
(`autograder/gravado/`), mais os notebooks que o nbgrader libera
(`exercises/`), soltos e num zip. O aluno instala a roda com o pip e roda
`rna verificar` na pasta dos notebooks.

Modo avaliado (`--avaliado MÓDULO`): nos módulos avaliados, a edição não leva
as mensagens dos erros conhecidos (as que dizem o código) e `rna dica` fica
desligado; a entrada que falha e o esperado × recebido continuam.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import gravado
from ..grading import EXERCISES, MODULES, ROOT
from .gravacao import write_json_gz

PACKAGE = ROOT / "autograder"
NAME = "rna-aluno"
# O que a edição do aluno precisa para o ciclo do aprendiz: corrigir (NumPy,
# typer, rich) e desenhar esperado × recebido e as curvas (matplotlib). Nada
# de nbgrader, hypothesis, scikit-learn ou mkdocs.
DEPENDENCIES = [
    "numpy>=1.26",
    "typer>=0.12,<0.29",
    "rich>=13",
    "matplotlib>=3.8",
]
# O Jupyter (o front-end e o kernel) é um extra: sozinho ele pesa mais que
# todo o resto (o JupyterLab traz ~170 MB), e muitos alunos já abrem notebooks
# no VS Code, no Anaconda ou no Colab. `pip install "rna_aluno-….whl[jupyter]"`.
JUPYTER = ["notebook>=7", "ipykernel>=6"]
# Arquivos do pacote que são só do professor, além de professor/.
TEACHER_ONLY = ("professor", "__pycache__")


@dataclass
class Edition:
    wheel: Path
    notebooks: Path
    zip: Path
    graded: list[str]
    classroom: Path  # o repositório-modelo do GitHub Classroom


# O fluxo do GitHub Actions do repositório-modelo: instala a edição do aluno,
# corrige cada módulo com o plugin do pytest e entrega os pontos parciais de
# cada função ao relator do Classroom (ver autograder/classroom.py).
WORKFLOW = """name: Correção automática
on: [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
env:
  # Os módulos desta tarefa (os notebooks <módulo>.ipynb na raiz do repositório).
  MODULOS: "@MODULES@"
jobs:
  correcao:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Instalar a edição do aluno
        run: pip install ./@WHEEL@ pytest
      - name: Corrigir (verificações públicas)
        id: rna
        run: |
          mkdir -p pontos
          for modulo in $MODULOS; do
            python -m pytest --rna-modulo "$modulo" --rna-submissao="$modulo.ipynb" \\
                --rna-pontos "pontos/$modulo.json" -q -p no:cacheprovider || true
          done
          python -m autograder.classroom pontos >> "$GITHUB_OUTPUT"
      - name: Nota no GitHub Classroom
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          RNA_RESULTS: "${{ steps.rna.outputs.result }}"
        with:
          runners: rna
"""

CLASSROOM_README = """# RNA — exercícios

Abra os notebooks (`<módulo>.ipynb`), escreva as funções e confira em casa:

```bash
python -m venv .venv && . .venv/bin/activate
pip install @WHEEL@
rna verificar
```

A cada `git push`, o GitHub corrige as verificações públicas e manda a nota de
cada função ao GitHub Classroom (aba Actions). A nota final, com os testes
ocultos, é a do professor.
"""


def _pyproject_data() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _version() -> str:
    return _pyproject_data()["project"]["version"]


def course_graded_modules() -> list[str]:
    """Os módulos avaliados da configuração do curso ([tool.rna] avaliados
    no pyproject.toml), quando `--avaliado` não é dado."""
    graded = _pyproject_data().get("tool", {}).get("rna", {}).get("avaliados", [])
    return list(MODULES) if graded == "todos" or "todos" in graded else list(graded)


def _pyproject(version: str) -> str:
    deps = "".join(f'    "{d}",\n' for d in DEPENDENCIES)
    return f'''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{NAME}"
version = "{version}"
description = "RNA — Redes Neurais Artificiais do zero: edição do aluno (verificações públicas, sem as respostas)"
requires-python = ">=3.10"
license = {{ text = "MIT" }}
dependencies = [
{deps}]

[project.optional-dependencies]
jupyter = [{", ".join(f'"{d}"' for d in JUPYTER)}]

[project.scripts]
rna = "autograder.cli:main"

[project.entry-points.pytest11]
rna = "autograder.pytest_plugin"

[tool.setuptools]
packages = ["autograder", "autograder.checks", "autograder.dados"]

[tool.setuptools.package-data]
autograder = ["gravado/*.json.gz", "edicao.json"]
"autograder.dados" = ["digits.csv.gz", "LICENCA.md"]
'''


def _copy_package(target: Path, graded: list[str]):
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns(*TEACHER_ONLY, "*.pyc"))
    for module in MODULES:
        data = gravado.load(module)
        if not data:
            raise RuntimeError(f"{module} não tem valores gravados: rode `rna gerar {module}`")
        if module in graded:
            data = dict(data, erros={})  # modo avaliado: sem as mensagens que dizem o código
        write_json_gz(target / "gravado" / f"{module}.json.gz", data)
    (target / "edicao.json").write_text(
        json.dumps({"edicao": "aluno", "versao": _version(), "avaliados": sorted(graded)},
                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build(output: Path, graded: list[str] | None = None) -> Edition:
    graded = sorted(graded or [])
    unknown = [m for m in graded if m not in MODULES]
    if unknown:
        raise ValueError(f"módulo desconhecido em --avaliado: {', '.join(unknown)}")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    version = _version()
    with tempfile.TemporaryDirectory(prefix="rna-aluno-") as tmp:
        staging = Path(tmp) / NAME
        staging.mkdir()
        _copy_package(staging / "autograder", graded)
        (staging / "pyproject.toml").write_text(_pyproject(version), encoding="utf-8")
        (staging / "README.md").write_text(
            "RNA — edição do aluno. Instale com `pip install <esta roda>` e rode "
            "`rna verificar` na pasta dos notebooks.\n", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--quiet", "-w", str(output), str(staging)],
            capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"o pip não construiu a roda:\n{done.stderr}")
    wheel = output / f"{NAME.replace('-', '_')}-{version}-py3-none-any.whl"
    notebooks = output / "notebooks"
    if notebooks.exists():
        shutil.rmtree(notebooks)
    notebooks.mkdir()
    for module in MODULES:
        source = EXERCISES / module / f"{module}.ipynb"
        shutil.copy2(source, notebooks / source.name)
    archive = output / "notebooks.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(notebooks.iterdir()):
            zf.write(path, f"notebooks/{path.name}")
    return Edition(wheel, notebooks, archive, graded,
                   _classroom_template(output / "modelo-classroom", wheel, notebooks))


def _classroom_template(folder: Path, wheel: Path, notebooks: Path) -> Path:
    """O repositório-modelo de uma tarefa do GitHub Classroom: os notebooks na
    raiz, a roda do aluno e o fluxo que corrige a cada push."""
    if folder.exists():
        shutil.rmtree(folder)
    workflows = folder / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for path in sorted(notebooks.iterdir()):
        shutil.copy2(path, folder / path.name)
    shutil.copy2(wheel, folder / wheel.name)
    modules = " ".join(MODULES)
    (workflows / "classroom.yml").write_text(
        WORKFLOW.replace("@MODULES@", modules).replace("@WHEEL@", wheel.name),
        encoding="utf-8")
    (folder / "README.md").write_text(CLASSROOM_README.replace("@WHEEL@", wheel.name),
                                      encoding="utf-8")
    (folder / ".gitignore").write_text(".venv/\npontos/\n.ipynb_checkpoints/\n__pycache__/\n",
                                       encoding="utf-8")
    return folder
