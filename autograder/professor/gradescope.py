"""`rna gradescope MODULO`: o pacote de autograder do Gradescope, e a
correção que ele roda lá (`python -m autograder.professor.gradescope MODULO`).

O zip tem o que o Gradescope pede: `setup.sh` e `run_autograder` na raiz (o
Gradescope o descompacta em /autograder/source) e, em `rna/`, uma cópia do
corretor com só a referência daquele módulo. As pastas seguem o padrão do
Gradescope (/autograder/...); a variável AUTOGRADER_ROOT troca a raiz, o que
permite rodar o pacote fora do Gradescope (os testes do kit fazem isso).

Funciona na imagem padrão do Gradescope (Ubuntu 22.04, Python 3.10):
`setup.sh` cria um ambiente virtual com o Python do sistema (ou o de
RNA_PYTHON_BASE) e instala só o que a correção usa (`grading_requirements`),
sem nbgrader, mkdocs, jupyterlab, typer ou rich. O kit não é instalado: o
corretor roda da cópia em source/rna, que só o root lê; uma cópia no
site-packages ficaria legível para o código do aluno.

A referência fica fora do alcance do código do aluno em todo isolamento que
o contêiner oferecer (ver site/professor/gradescope-e-pytest.md):

* os dois scripts deixam source/ do root, com modo 0600 (pastas 0700);
* o corretor roda como root e lê a referência e as verificações antes de
  iniciar o processo do aluno; esse processo roda como `nobody` (sem
  namespaces) ou num namespace onde o repositório nem aparece;
* se o processo do aluno rodaria com os mesmos privilégios do corretor
  (isolamento "nenhum"), a correção se recusa a rodar e diz por quê.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import stat
import time
import zipfile
from pathlib import Path

from .. import gravado
from ..grading import ROOT
from .busca import HIDDEN_FOLDER
from .referencia import reference, solution_path

# O que a correção importa, num lugar só: o corretor e o processo do aluno
# usam o NumPy, e o hypothesis procura o menor contraexemplo quando algo
# falha. Os notebooks de alguns módulos desenham gráficos (matplotlib), e o
# m12 lê os dígitos que vêm com o kit (autograder/dados), sem o scikit-learn.
# O hypothesis na mesma versão do kit: outra sortearia outras entradas (ver
# autograder/professor/gravacao.py, que a põe na impressão digital).
GRADING_REQUIREMENTS = ("numpy>=1.26", "hypothesis==6.155.2",
                        # o filtro seccomp do isolamento do aluno
                        "pyseccomp>=0.1")
MODULE_REQUIREMENTS = {
    "m08_regularizacao": ("matplotlib>=3.8",),
    "m11_gan": ("matplotlib>=3.8",),
    "m12_projeto": ("matplotlib>=3.8",),  # os dígitos vêm com o kit (autograder/dados)
}

# Visibilidade no Gradescope das verificações ocultas: só depois de o
# professor publicar as notas (um teste oculto esconde também a nota total
# até lá). RNA_VISIBILIDADE_OCULTOS=hidden as esconde de vez.
HIDDEN_VISIBILITY = "after_published"


def grading_requirements(module: str) -> list[str]:
    return [*GRADING_REQUIREMENTS, *MODULE_REQUIREMENTS.get(module, ())]


# ---------------------------------------------------------------------------
# Os scripts do pacote

LOCK = r"""
trancar() {
    # A referência e as verificações: só o root lê (o código do aluno roda
    # como nobody). O ambiente virtual fica legível para todos.
    if [ "$(id -u)" = 0 ]; then
        chown -R 0:0 "$RAIZ/source"
        chmod -R go-rwx "$RAIZ/source"
        chmod 711 "$RAIZ"
        if [ -d "$RAIZ/venv" ]; then chmod -R a+rX "$RAIZ/venv"; fi
    fi
}
"""

SETUP = r"""#!/usr/bin/env bash
# Gradescope, ao montar a imagem: um ambiente Python só com o que a correção
# usa, e a referência trancada. RNA_PYTHON_BASE escolhe o Python (padrão: python3).
set -euo pipefail
RAIZ="${AUTOGRADER_ROOT:-/autograder}"
BASE="${RNA_PYTHON_BASE:-python3}"
@LOCK@
if ! "$BASE" -c 'import ensurepip, venv' 2>/dev/null; then
    if [ -n "${RNA_PYTHON_BASE:-}" ] || ! command -v apt-get >/dev/null; then
        echo "rna: $BASE não roda ou não tem os módulos venv e ensurepip" >&2
        exit 1
    fi
    # Imagem sem o Python do sistema completo (pacote python3-venv do Ubuntu).
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
fi
# O isolamento do aluno (ver site/professor/seguranca.md): o bubblewrap, se a
# imagem permitir instalá-lo; sem ele, o aluno roda como nobody.
if ! command -v bwrap >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq bubblewrap >/dev/null) || echo "rna: sem o bubblewrap" >&2
fi
"$BASE" -m venv "$RAIZ/venv"
"$RAIZ/venv/bin/python" -m pip install --quiet --disable-pip-version-check @REQUIREMENTS@
trancar
"""

RUN = r"""#!/usr/bin/env bash
# Gradescope, a cada entrega: corrige com as verificações de `rna verificar`
# e grava results/results.json. O que sai aqui só o professor vê.
set -uo pipefail
RAIZ="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${RNA_PYTHON:-$RAIZ/venv/bin/python}"
@LOCK@
trancar
mkdir -p "$RAIZ/results"
RESULTADO="$RAIZ/results/results.json"
rm -f "$RESULTADO"
# Da pasta do corretor (python -m põe a pasta atual no caminho), sem PYTHONPATH:
# o processo do aluno herda os caminhos do PYTHONPATH.
cd "$RAIZ/source/rna"
env -u PYTHONPATH "$PYTHON" -m autograder.professor.gradescope @MODULE@ --raiz "$RAIZ"
if [ ! -s "$RESULTADO" ]; then
    printf '%s\n' '{"score": 0, "output": "O corretor falhou antes de dar a nota (veja o stdout do autograder). Avise o professor.", "tests": []}' > "$RESULTADO"
fi
"""


def _script(template: str, module: str) -> str:
    return (template.replace("@LOCK@", LOCK)
            .replace("@REQUIREMENTS@", " ".join(f"'{r}'" for r in grading_requirements(module)))
            .replace("@MODULE@", module))


KIT_FILES = ["pyproject.toml", "README.md"]


def _add(archive: zipfile.ZipFile, content, name: str, executable=False):
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content.read_bytes() if isinstance(content, Path) else content)


def build(module: str, output: Path) -> Path:
    """Escreve o zip do autograder de `module` em `output` (arquivos em ordem
    fixa e datas fixas: o mesmo kit dá o mesmo zip)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w") as archive:
        _add(archive, _script(SETUP, module), "setup.sh", executable=True)
        _add(archive, _script(RUN, module), "run_autograder", executable=True)
        for name in KIT_FILES:
            _add(archive, ROOT / name, f"rna/{name}")
        for path in sorted((ROOT / "autograder").rglob("*.py")):
            _add(archive, path, f"rna/{path.relative_to(ROOT)}")
        # Os valores gravados e as entradas ocultas: sem eles a nota é a mesma,
        # só mais lenta (as buscas rodam na hora).
        for stored in (gravado.path(module), HIDDEN_FOLDER / f"{module}.json.gz"):
            _add(archive, stored, f"rna/{stored.relative_to(ROOT)}")
        reference = solution_path(module)
        _add(archive, reference, f"rna/{reference.relative_to(ROOT)}")
    return output


# ---------------------------------------------------------------------------
# A entrega


def find_submission(folder: Path, module: str) -> tuple[Path | None, list[str]]:
    """O arquivo com o nome do módulo (`<módulo>.ipynb` ou `.py`) e a lista de
    tudo o que veio, para a mensagem quando ele falta.

    Fora: .ipynb_checkpoints (cópias automáticas do Jupyter), arquivos e
    pastas ocultos e links simbólicos (um link para a referência faria o
    corretor, que é root, ler a referência como se fosse a entrega).
    Entre vários, fica o mais raso, e o .ipynb antes do .py.
    """
    found, candidates = [], []
    names = {f"{module}.ipynb", f"{module}.py"}
    real = folder.resolve()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(folder)
        if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        if path.is_symlink() or not path.is_file() or real not in path.resolve().parents:
            continue
        found.append(rel.as_posix())
        if path.name in names:
            candidates.append(path)
    candidates.sort(key=lambda p: (len(p.relative_to(folder).parts), p.suffix != ".ipynb"))
    return (candidates[0] if candidates else None), found


def missing_message(module: str, found: list[str]) -> str:
    listing = ", ".join(found[:20]) + (" …" if len(found) > 20 else "")
    received = f"Arquivos recebidos: {listing}." if found else "A entrega está vazia."
    return (f"Não encontrei o arquivo {module}.ipynb (nem {module}.py) na sua entrega. "
            f"{received} Envie o notebook do módulo com esse nome (renomeie se preciso; "
            "links simbólicos e a pasta .ipynb_checkpoints são ignorados).")


# ---------------------------------------------------------------------------
# results.json


def _split(module: str, function) -> tuple[list, list]:
    """Os nomes das verificações públicas e das ocultas desta função, na
    ordem do relatório (também quando ela nem rodou: não implementada...)."""
    from ..engine import HIDDEN_TEST, planned_tests
    from ..grading import spec

    names = [name for name, _ in
             planned_tests(module, spec(module).check(function.function), hidden=True)]
    return [n for n in names if n != HIDDEN_TEST], [n for n in names if n == HIDDEN_TEST]


def _entries(module: str, function, load_lines: list[str], hidden_visibility: str) -> list:
    from .. import report
    from .. import results as R
    from ..engine import planned_tests
    from ..grading import spec as grading_spec

    public, hidden = _split(module, function)
    ran = function.status not in (R.NOT_IMPLEMENTED, R.MISSING, R.BROKEN, R.GRADER_ERROR)
    # Pesos e pontos de cada teste pela mesma conta de FunctionResult.score.
    check = grading_spec(module).check(function.function)
    planned = planned_tests(module, check, hidden=True)
    weights = dict(zip([n for n, _ in planned],
                       R.test_weights([k for _, k in planned], function.max_points)))
    earned = dict(zip([t.name for t in function.tests], function.test_points())) if ran else {}

    visible_max = round(sum(weights[n] for n in public), 2)
    visible = dataclasses.replace(function, max_points=visible_max,
                                  tests=[t for t in function.tests if t.name not in hidden])
    visible_score = round(sum(earned.get(n, 0.0) for n in public), 2)
    output = report.function_text(visible)
    if load_lines and visible_score < visible_max:
        output += "\nErros ao executar o seu código:\n" + "\n".join(load_lines)
    entries = [{
        "name": function.test_name,
        "score": visible_score,
        "max_score": visible_max,
        "status": "passed" if visible_score == visible_max else "failed",
        "output": output,
        "output_format": "text",
        "visibility": "visible",
    }]
    if hidden:
        score = round(sum(earned.get(n, 0.0) for n in hidden), 2)
        hidden_max = round(sum(weights[n] for n in hidden), 2)
        ok = score == hidden_max
        # Só passou/falhou: a entrada oculta que falha não sai para o aluno
        # (o professor a vê no stdout, com o relatório completo).
        if ok:
            output = "✔ passou nas verificações ocultas"
        elif not ran:
            output = "✘ não avaliada: a função não rodou (veja o teste público dela)"
        else:
            output = ("✘ falhou numa verificação oculta (entradas que a versão do aluno "
                      "não testa): confira os casos extremos da função")
        entries.append({
            "name": f"{function.test_name} — verificações ocultas",
            "score": score,
            "max_score": hidden_max,
            "status": "passed" if ok else "failed",
            "output": output,
            "output_format": "text",
            "visibility": hidden_visibility,
        })
    return entries


def results_document(result, graded: str,
                     hidden_visibility: str = HIDDEN_VISIBILITY) -> dict:
    """O results.json de uma correção (sem `execution_time`, que `run` põe)."""
    from .. import report

    load_lines = report.load_error_lines(result)
    tests = []
    for function in result.functions:
        tests.extend(_entries(result.module, function, load_lines, hidden_visibility))
    lines = [f"Arquivo corrigido: {graded}",
             f"{result.module}: {report.points(result.score)}/"
             f"{report.points(result.max_score)} pontos"]
    if load_lines:
        lines.append("Erros ao executar o seu código (as outras células rodaram):")
        lines.extend(f"  {line}" for line in load_lines)
    return {
        "score": result.score,  # a nota de `rna verificar`, com as ocultas
        "output": "\n".join(lines),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _failed_document(message: str) -> dict:
    return {"score": 0, "output": message, "output_format": "text",
            "stdout_visibility": "hidden", "tests": []}


# ---------------------------------------------------------------------------
# A correção no Gradescope


def run(module: str, root: Path) -> dict:
    """Corrige a entrega em root/submission e grava root/results/results.json."""
    from .. import grading, report
    from ..sandbox import isolation_mode
    from ..submission import SubmissionError

    started = time.monotonic()
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)

    def finish(document: dict) -> dict:
        document["execution_time"] = round(time.monotonic() - started, 2)
        results.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
        return document

    # A referência e as verificações, lidas antes de qualquer código do aluno
    # rodar (o processo dele nasce em `isolation_mode` e em `grade_file`).
    grading.spec(module)
    reference(module)
    mode = isolation_mode()
    print(f"rna: módulo {module}; isolamento do processo do aluno: {mode}; "
          f"usuário do corretor: {os.geteuid()}")
    if mode == "nenhum":
        print("rna: sem isolamento, o código do aluno rodaria com os privilégios do corretor "
              "e poderia ler a referência; correção recusada. Use a imagem padrão do "
              "Gradescope (Python do sistema, run_autograder como root).")
        return finish(_failed_document(
            "A correção não rodou: este contêiner não isola o código do aluno do corretor. "
            "Avise o professor (a entrega não foi corrigida)."))

    folder = root / "submission"
    path, found = find_submission(folder, module)
    if path is None:
        print(f"rna: entrega sem {module}.ipynb/.py; recebidos: {found}")
        return finish(_failed_document(missing_message(module, found)))
    graded = path.relative_to(folder).as_posix()
    try:
        result = grading.grade_file(module, path)
    except SubmissionError as exc:
        return finish(_failed_document(f"Arquivo corrigido: {graded}\nErro: {exc}"))
    print(f"rna: arquivo corrigido: {graded}")
    print(report.module_text(result))
    visibility = os.environ.get("RNA_VISIBILIDADE_OCULTOS", HIDDEN_VISIBILITY)
    document = finish(results_document(result, graded, visibility))
    print(f"rna: nota {report.points(result.score)}/{report.points(result.max_score)} "
          f"em {document['execution_time']} s")
    return document


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.professor.gradescope",
                                     description="Correção de uma entrega no Gradescope.")
    parser.add_argument("modulo")
    parser.add_argument("--raiz", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    args = parser.parse_args(argv)
    run(args.modulo, Path(args.raiz))


if __name__ == "__main__":
    main()
