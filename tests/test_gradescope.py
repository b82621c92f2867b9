"""O pacote do Gradescope, rodado numa pasta limpa como o Gradescope faria
(AUTOGRADER_ROOT no lugar de /autograder)."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.professor import gradescope
from autograder.professor.gradescope import build, grading_requirements
from autograder.grading import ROOT, exercise_path, grade_file
from autograder.professor.referencia import solution_path

MODULE = "m01_produto_escalar"
MISTAKE = "def dot(a, b):\n    return sum(x * y for x, y in zip(a, b))\n"  # zip corta calado
SECRET = "### BEGIN SOLUTION"  # está na referência, nunca numa saída


def nobody_reaches(path) -> bool:
    """Todas as pastas até `path` deixam os outros usuários passar (o+x)?"""
    path = Path(path).resolve()
    return all(p.stat().st_mode & 0o001 for p in [path, *path.parents])


def unpack(tmp_path, module=MODULE) -> Path:
    root = tmp_path / "autograder"
    with zipfile.ZipFile(build(module, tmp_path / "pacote.zip")) as archive:
        archive.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / script, 0o755)
    (root / "submission").mkdir()
    return root


def run_autograder(root, **env):
    environ = dict(os.environ, AUTOGRADER_ROOT=str(root), **env)
    environ.setdefault("RNA_PYTHON", sys.executable)
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=environ,
                         capture_output=True, text=True, timeout=600, cwd=root.parent)
    assert run.returncode == 0, run.stderr
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    return json.loads(text), text, run


def with_mistake(text=MISTAKE) -> str:
    return solution_path(MODULE).read_text(encoding="utf-8") + "\n# %%\n" + text


def test_bundle_holds_only_this_module_reference(tmp_path):
    with zipfile.ZipFile(build(MODULE, tmp_path / "p.zip")) as archive:
        names = archive.namelist()
    assert {"setup.sh", "run_autograder"} <= set(names)
    references = [n for n in names if n.startswith("rna/solutions/")]
    assert references == [f"rna/solutions/{MODULE}/{MODULE}.py"]
    assert f"rna/autograder/gravado/{MODULE}.json.gz" in names
    assert not any(n.startswith("rna/exercises/") for n in names)


def test_bundle_is_reproducible(tmp_path):
    assert build(MODULE, tmp_path / "a.zip").read_bytes() == build(MODULE, tmp_path / "b.zip").read_bytes()


def test_setup_installs_only_what_grading_needs(tmp_path):
    with zipfile.ZipFile(build(MODULE, tmp_path / "p.zip")) as archive:
        setup = archive.read("setup.sh").decode()
    install = next(line for line in setup.splitlines() if "pip install" in line)
    for unwanted in ("nbgrader", "mkdocs", "jupyterlab", "scikit-learn", "typer", "rich",
                     "source/rna"):
        assert unwanted not in install
    assert "'numpy>=1.26'" in install and "'hypothesis==6.155.2'" in install
    assert "scikit-learn" not in " ".join(grading_requirements("m12_projeto"))
    # as mesmas versões mínimas do pyproject.toml
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for module in ("m01_produto_escalar", "m12_projeto"):
        for requirement in grading_requirements(module):
            assert f'"{requirement}"' in pyproject or f'"{requirement};' in pyproject


def test_grades_the_file_named_after_the_module(tmp_path):
    root = unpack(tmp_path)
    sub = root / "submission"
    (sub / f"{MODULE}.py").write_text(with_mistake(), encoding="utf-8")
    (sub / "utils.py").write_text("def dot(a, b):\n    return 0\n", encoding="utf-8")
    # a cópia automática do Jupyter (com a referência) não conta
    (sub / ".ipynb_checkpoints").mkdir()
    shutil.copy(solution_path(MODULE), sub / ".ipynb_checkpoints" / f"{MODULE}.py")
    results, text, run = run_autograder(root)

    local_file = tmp_path / "local" / f"{MODULE}.py"
    local_file.parent.mkdir()
    local_file.write_text(with_mistake(), encoding="utf-8")
    local = grade_file(MODULE, local_file)
    assert results["score"] == local.score < local.max_score
    assert results["output"].startswith(f"Arquivo corrigido: {MODULE}.py")
    assert f"arquivo corrigido: {MODULE}.py" in run.stdout
    assert isinstance(results["execution_time"], (int, float)) and results["execution_time"] > 0
    assert results["stdout_visibility"] == "hidden"
    assert SECRET not in text

    tests = results["tests"]
    visible = [t for t in tests if t["visibility"] == "visible"]
    hidden = [t for t in tests if t["visibility"] == "after_published"]
    assert [t["name"] for t in visible] == [f.test_name for f in local.functions]
    assert hidden and all(t["name"].endswith("verificações ocultas") for t in hidden)
    assert len(visible) + len(hidden) == len(tests)
    assert sum(t["score"] for t in tests) == pytest.approx(local.score, abs=0.05)
    assert sum(t["max_score"] for t in tests) == pytest.approx(local.max_score, abs=0.05)
    # a função com o erro perde pontos na parte pública, e o texto é o do rna
    dot = next(t for t in visible if t["name"] == f"{MODULE}.dot")
    assert dot["status"] == "failed" and "✘ ValueError para tamanhos diferentes" in dot["output"]
    assert "entradas geradas ocultas" not in dot["output"]


def test_notebook_wins_over_py_and_deeper_copies(tmp_path):
    root = unpack(tmp_path)
    sub = root / "submission"
    shutil.copy(exercise_path(MODULE), sub / f"{MODULE}.ipynb")  # nada implementado
    (sub / "velho").mkdir()
    (sub / "velho" / f"{MODULE}.ipynb").write_text("{}", encoding="utf-8")
    (sub / f"{MODULE}.py").write_text(with_mistake(), encoding="utf-8")
    results, _, _ = run_autograder(root)
    assert results["output"].startswith(f"Arquivo corrigido: {MODULE}.ipynb")
    assert results["score"] == 0 and results["tests"]
    hidden = [t for t in results["tests"] if t["visibility"] == "after_published"]
    assert hidden and all("não avaliada" in t["output"] for t in hidden)


def test_missing_file_is_explained_listing_what_came(tmp_path):
    root = unpack(tmp_path)
    sub = root / "submission"
    (sub / "meu_notebook.ipynb").write_text("{}", encoding="utf-8")
    (sub / "utils.py").write_text("x = 1\n", encoding="utf-8")
    # um link para a referência com o nome certo: ignorado
    reference_dir = root / "source" / "rna" / "solutions" / MODULE
    os.symlink(reference_dir / f"{MODULE}.py", sub / f"{MODULE}.py")
    os.symlink(reference_dir, sub / "pasta")  # e uma pasta-link que a contém
    results, text, _ = run_autograder(root)
    assert results["score"] == 0 and results["tests"] == []
    assert f"Não encontrei o arquivo {MODULE}.ipynb" in results["output"]
    assert "Arquivos recebidos: meu_notebook.ipynb, utils.py." in results["output"]
    assert SECRET not in text


def test_empty_submission(tmp_path):
    results, _, _ = run_autograder(unpack(tmp_path))
    assert results["score"] == 0 and "A entrega está vazia" in results["output"]


def test_unreadable_notebook_is_explained(tmp_path):
    root = unpack(tmp_path)
    (root / "submission" / f"{MODULE}.ipynb").write_text("não é JSON", encoding="utf-8")
    results, _, _ = run_autograder(root)
    assert results["score"] == 0 and results["tests"] == []
    assert results["output"].startswith(f"Arquivo corrigido: {MODULE}.ipynb\nErro: ")
    assert "JSON inválido" in results["output"]


@pytest.mark.skipif(os.geteuid() != 0, reason="precisa de root, como no Gradescope")
def test_reference_stays_out_of_the_students_reach(tmp_path):
    root = unpack(tmp_path)
    reference = root / "source" / "rna" / "solutions" / MODULE / f"{MODULE}.py"
    spy = ("# %%\nimport os\n"
           f"ALVOS = [{str(reference)!r}, {str(root / 'source')!r}]\n"
           "def espia(p):\n"
           "    try:\n"
           "        return repr(open(p).read(200)) if os.path.isfile(p) else os.listdir(p)\n"
           "    except OSError as exc:\n"
           "        return type(exc).__name__\n"
           "raise RuntimeError('espiei: ' + ' | '.join(str(espia(p)) for p in ALVOS))\n")
    (root / "submission" / f"{MODULE}.py").write_text(with_mistake(MISTAKE + spy),
                                                      encoding="utf-8")
    results, text, run = run_autograder(root)
    assert "espiei: " in results["output"]  # a célula rodou e falhou ao ler
    assert SECRET not in text and "def dot" not in text
    # trancada: do root, 0600, e `nobody` não lê (o aluno roda como nobody sem namespaces)
    info = reference.stat()
    assert info.st_uid == 0 and info.st_mode & 0o777 == 0o600
    assert (root / "source").stat().st_mode & 0o077 == 0
    probe = subprocess.run(["cat", str(reference)], capture_output=True, text=True,
                           user=65534, group=65534, extra_groups=[])
    assert probe.returncode != 0 and "Permission denied" in probe.stderr
    assert SECRET not in probe.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="precisa de root, como no Gradescope")
def test_refuses_to_grade_without_isolation(tmp_path):
    # Sem namespaces (RNA_ISOLAMENTO=nenhum), o aluno só viraria nobody se
    # alcançasse o Python; com o Python numa pasta fechada, ele rodaria como root.
    if all(nobody_reaches(p) for p in (sys.prefix, sys.base_prefix)):
        pytest.skip("este Python é acessível a nobody: o aluno rodaria como nobody")
    root = unpack(tmp_path)
    (root / "submission" / f"{MODULE}.py").write_text(with_mistake(), encoding="utf-8")
    results, _, run = run_autograder(root, RNA_ISOLAMENTO="nenhum")
    assert results["score"] == 0 and results["tests"] == []
    assert "não isola o código do aluno" in results["output"]
    assert "correção recusada" in run.stdout


def test_crash_still_writes_results(tmp_path):
    root = unpack(tmp_path)
    results, _, _ = run_autograder(root, RNA_PYTHON="/bin/false")
    assert results["score"] == 0 and "Avise o professor" in results["output"]


# ---------------------------------------------------------------------------
# Na imagem do Gradescope: setup.sh e run_autograder com o Python 3.10


def python310() -> str | None:
    candidates = [os.environ.get("RNA_PYTHON310"), shutil.which("python3.10"),
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.10*/bin/python3")))]
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "(3, 10)":
            return candidate
    return None


def test_setup_and_run_under_python310(tmp_path):
    """Lento (cria um ambiente virtual e instala o NumPy e o hypothesis; o
    cache do pip os reaproveita). Sem Python 3.10 na máquina, é pulado; com
    RNA_EXIGIR_PY310=1 (a integração contínua), falha."""
    base = python310()
    if base is None:
        message = "sem Python 3.10 (instale-o ou indique-o em RNA_PYTHON310)"
        if os.environ.get("RNA_EXIGIR_PY310") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = unpack(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RNA_PYTHON")}
    env.update(AUTOGRADER_ROOT=str(root), RNA_PYTHON_BASE=base)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env,
                           capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-4000:]
    venv_python = root / "venv" / "bin" / "python"
    version = subprocess.run([venv_python, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout
    assert version.strip() == "(3, 10)"
    installed = subprocess.run([venv_python, "-m", "pip", "list", "--format=freeze"],
                               capture_output=True, text=True).stdout.lower()
    assert "numpy==" in installed and "hypothesis==" in installed
    for unwanted in ("nbgrader", "mkdocs", "jupyterlab", "scikit-learn", "typer", "rich",
                     "rna=="):
        assert not re.search(rf"^{unwanted}", installed, re.M), unwanted

    (root / "submission" / f"{MODULE}.py").write_text(with_mistake(), encoding="utf-8")
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-4000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    local_file = tmp_path / f"{MODULE}.py"
    local_file.write_text(with_mistake(), encoding="utf-8")
    local = grade_file(MODULE, local_file)
    assert results["score"] == local.score < local.max_score, run.stdout[-3000:]
    assert results["output"].startswith(f"Arquivo corrigido: {MODULE}.py")
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    assert "execution_time" in results and results["stdout_visibility"] == "hidden"


def test_requirements_live_in_one_place():
    assert gradescope.GRADING_REQUIREMENTS == tuple(grading_requirements(MODULE))
