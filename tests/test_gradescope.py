"""O pacote do Gradescope, rodado numa pasta limpa como o Gradescope faria."""

import json
import os
import subprocess
import sys
import zipfile

from autograder.gradescope import build
from autograder.grading import grade_file
from autograder.professor.referencia import solution_path

MODULE = "m01_produto_escalar"


def run_bundle(tmp_path, submission_text, name):
    bundle = build(MODULE, tmp_path / "pacote.zip")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / script, 0o755)
    (root / "submission").mkdir()
    (root / "submission" / name).write_text(submission_text, encoding="utf-8")
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), RNA_PYTHON=sys.executable)
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_bundle_holds_only_this_module_reference(tmp_path):
    with zipfile.ZipFile(build(MODULE, tmp_path / "p.zip")) as archive:
        names = archive.namelist()
    assert {"setup.sh", "run_autograder"} <= set(names)
    references = [n for n in names if n.startswith("rna/solutions/")]
    assert references == [f"rna/solutions/{MODULE}/{MODULE}.py"]
    assert not any(n.startswith("rna/exercises/") for n in names)


def test_bundle_is_reproducible(tmp_path):
    assert build(MODULE, tmp_path / "a.zip").read_bytes() == build(MODULE, tmp_path / "b.zip").read_bytes()


def test_run_script_grades_a_submission_like_rna_verificar(tmp_path):
    source = "def dot(a, b):\n    return sum(x * y for x, y in zip(a, b))\n"
    text = solution_path(MODULE).read_text(encoding="utf-8") + "\n# %%\n" + source
    results = run_bundle(tmp_path, text, "minha_entrega.py")
    sub = tmp_path / "local.py"
    sub.write_text(text, encoding="utf-8")
    local = grade_file(MODULE, sub)
    assert results["score"] == local.score < local.max_score
    assert [t["name"] for t in results["tests"]] == [f.test_name for f in local.functions]


def test_run_script_without_submission_writes_zero(tmp_path):
    bundle = build(MODULE, tmp_path / "pacote.zip")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), RNA_PYTHON=sys.executable)
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and "Nenhum arquivo" in results["output"]
