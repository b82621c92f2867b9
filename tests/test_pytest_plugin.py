"""O plugin do pytest (autograder/pytest_plugin.py), rodado como um professor
ou o GitHub Classroom o rodariam: `python -m pytest --rna-modulo ...` num
processo separado, numa pasta sem testes, comparado com `grade_file` (a
correção de `rna verificar`)."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import metadata

import pytest

from autograder import report
from autograder import results as R
from autograder.grading import ROOT, exercise_path, grade_file
from conftest import catalogue_variants, submission_with

MODULE = "m01_produto_escalar"
PLUGIN = "autograder.pytest_plugin"


def _installed_entry_point() -> bool:
    return any(ep.value == PLUGIN for ep in metadata.entry_points(group="pytest11"))


def run_pytest(cwd, submission, *args, module=MODULE):
    """Roda o pytest com o plugin; devolve (processo, {nodeid: caso do junit})."""
    junit = cwd / "junit.xml"
    # Instalado (pip install), o plugin vem pelo ponto de entrada; nesta cópia
    # do kit, sem instalar, vem por -p (os dois juntos seriam um erro).
    load = [] if _installed_entry_point() else ["-p", PLUGIN]
    command = [sys.executable, "-m", "pytest", *load, "-p", "no:cacheprovider",
               f"--rna-modulo={module}", f"--rna-submissao={submission}",
               f"--junitxml={junit}", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=300)
    cases = {}
    if junit.exists():
        for case in ET.parse(junit).iter("testcase"):
            nodeid = f"{case.get('classname')}::{case.get('name')}"
            props = {p.get("name"): p.get("value") for p in case.iter("property")}
            failure = case.find("failure")
            cases[nodeid] = {"failed": failure is not None, "props": props,
                             "text": "" if failure is None else failure.text or ""}
    return run, cases


def expected_outcomes(result):
    """{nodeid: falhou?} de cada verificação, segundo a correção do rna."""
    outcomes = {}
    for function in result.functions:
        broken = function.status in (R.NOT_IMPLEMENTED, R.MISSING, R.BROKEN)
        for test in function.tests:
            outcomes[f"{function.test_name}::{test.name}"] = broken or not test.passed
    return outcomes


@pytest.fixture(scope="module")
def mistake_run(tmp_path_factory):
    """Dois erros do catálogo em funções diferentes, corrigidos pelo rna e
    pelo pytest (em série e com -n 2)."""
    variants = {}
    for module, variant in catalogue_variants("MISTAKES"):
        if module == MODULE:
            variants.setdefault(variant.function, variant)
    chosen = [variants["dot"], variants["neuron_output"]]
    base = tmp_path_factory.mktemp("erro")
    submission = submission_with(base, MODULE, "\n\n# %%\n".join(v.source for v in chosen))
    result = grade_file(MODULE, submission)
    serial_dir, parallel_dir = base / "serie", base / "xdist"
    serial_dir.mkdir()
    parallel_dir.mkdir()
    serial = run_pytest(serial_dir, submission, f"--rna-pontos={serial_dir / 'pontos.json'}")
    parallel = run_pytest(parallel_dir, submission, "-n", "2",
                          f"--rna-pontos={parallel_dir / 'pontos.json'}")
    return {"result": result, "serial": serial, "parallel": parallel,
            "points": [json.loads((d / "pontos.json").read_text(encoding="utf-8"))
                       for d in (serial_dir, parallel_dir)]}


def test_mistake_fails_exactly_the_checks_the_grader_failed(mistake_run):
    result = mistake_run["result"]
    run, cases = mistake_run["serial"]
    expected = expected_outcomes(result)
    assert 0 < result.score < result.max_score
    assert run.returncode == 1, run.stdout[-3000:]
    assert {k: v["failed"] for k, v in cases.items()} == expected
    assert any(expected.values()) and not all(expected.values())


def test_failure_text_is_the_report_text(mistake_run):
    result = mistake_run["result"]
    _, cases = mistake_run["serial"]
    cli = "\n".join(report.function_text(f) for f in result.functions)
    for function in result.functions:
        for test in function.tests:
            if test.passed:
                continue
            text = cases[f"{function.test_name}::{test.name}"]["text"]
            assert f"✘ {test.name}" in text
            # cada linha do relatório da verificação, como o terminal mostra
            for line in report.failure_lines(test.failure):
                for part in line.splitlines():
                    assert part.strip() in text
                    assert part.strip() in cli
            assert f"leia: {report.page_path(function.page)}" in text


def test_points_match_rna_verificar(mistake_run):
    result = mistake_run["result"]
    _, cases = mistake_run["serial"]
    points = mistake_run["points"][0]
    assert points["modulo"] == MODULE
    assert points["pontos"] == result.score
    assert points["maximo"] == result.max_score
    by_function = {f["funcao"]: f for f in points["funcoes"]}
    for function in result.functions:
        assert by_function[function.function]["pontos"] == function.score
        assert by_function[function.function]["maximo"] == function.max_points
    # No junit XML: o valor de cada item e o que ele ganhou; a soma dá a nota.
    earned = sum(float(c["props"]["rna_pontos"]) for c in cases.values())
    maximum = sum(float(c["props"]["rna_pontos_max"]) for c in cases.values())
    assert earned == pytest.approx(result.score, abs=0.01)
    assert maximum == pytest.approx(result.max_score)
    assert all(float(c["props"]["rna_pontos"]) == 0 for c in cases.values() if c["failed"])


def test_xdist_gives_the_same_outcomes(mistake_run):
    run, cases = mistake_run["parallel"]
    _, serial = mistake_run["serial"]
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 workers" in run.stdout
    assert {k: v["failed"] for k, v in cases.items()} == \
        {k: v["failed"] for k, v in serial.items()}
    assert {k: v["props"] for k, v in cases.items()} == \
        {k: v["props"] for k, v in serial.items()}
    assert mistake_run["points"][1] == mistake_run["points"][0]


def test_reference_passes_every_item(tmp_path):
    run, cases = run_pytest(tmp_path, ROOT / "solutions" / MODULE / f"{MODULE}.py")
    assert run.returncode == 0, run.stdout[-3000:]
    assert f"{MODULE}.dot::casos do curso" in cases
    assert f"{MODULE}.dot::entradas geradas ocultas" in cases
    assert len(cases) > 10 and not any(c["failed"] for c in cases.values())


def test_unimplemented_function_fails_all_its_items(tmp_path):
    run, cases = run_pytest(tmp_path, exercise_path(MODULE))
    assert run.returncode == 1
    assert cases and all(c["failed"] for c in cases.values())
    assert all("não implementado" in c["text"] for c in cases.values())


def test_k_selects_and_x_stops(mistake_run, tmp_path):
    submission = mistake_run["result"].submission
    run, cases = run_pytest(tmp_path, submission, "-k", "transpose and not ocultas")
    assert run.returncode == 0
    assert cases and all(k.startswith(f"{MODULE}.transpose::") for k in cases)
    assert not any("ocultas" in k for k in cases)
    assert re.search(r"\d+ deselected", run.stdout)

    run, cases = run_pytest(tmp_path, submission, "-x")
    assert run.returncode == 1
    assert "stopping after 1 failures" in run.stdout
    assert sum(c["failed"] for c in cases.values()) == 1
    assert len(cases) < len(mistake_run["serial"][1])


def test_without_hidden_checks(tmp_path):
    run, cases = run_pytest(tmp_path, ROOT / "solutions" / MODULE / f"{MODULE}.py",
                            "--rna-sem-ocultos")
    assert run.returncode == 0
    assert cases and not any("ocultas" in k for k in cases)


def test_plugin_does_nothing_without_rna_modulo(tmp_path):
    (tmp_path / "test_outro.py").write_text("def test_um():\n    assert 1 + 1 == 2\n",
                                            encoding="utf-8")
    load = [] if _installed_entry_point() else ["-p", PLUGIN]
    run = subprocess.run([sys.executable, "-m", "pytest", *load, "-p", "no:cacheprovider",
                          "-v"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 0, run.stdout
    assert "test_outro.py::test_um PASSED" in run.stdout
    assert "1 passed" in run.stdout
    assert MODULE not in run.stdout


def test_bad_options_are_explained_in_portuguese(tmp_path):
    run, _ = run_pytest(tmp_path, tmp_path / "nada.ipynb")
    assert run.returncode != 0 and "arquivo não encontrado" in run.stderr
    run, _ = run_pytest(tmp_path, exercise_path(MODULE), module="m99_nada")
    assert run.returncode != 0 and "módulo desconhecido" in run.stderr


def test_entry_point_is_declared():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.entry-points.pytest11]", 1)[1].split("\n[", 1)[0]
    assert re.search(rf'^rna = "{re.escape(PLUGIN)}"$', section, re.M)
