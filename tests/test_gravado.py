"""Os valores gravados (autograder/gravado/) e as entradas ocultas
(autograder/professor/ocultas/): em dia, reproduzíveis byte a byte, e usados
no lugar da busca do hypothesis."""

import gzip
import json
import subprocess
import sys

import numpy as np
import pytest

from autograder import gravado
from autograder.grading import MODULES, ROOT, grade_file
from autograder.professor import busca, gravacao
from autograder.professor.referencia import solution_path
from autograder.wire import decode


def _data(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return json.load(file)


@pytest.mark.parametrize("module", MODULES)
def test_recorded_files_regenerate_byte_for_byte(module, tmp_path):
    """Gravar de novo dá os mesmos bytes: a impressão digital cobre o que molda
    o arquivo, e nada nele depende da máquina, da hora ou da ordem dos módulos."""
    public, hidden = tmp_path / "publico.json.gz", tmp_path / "oculto.json.gz"
    gravacao.generate(module, public, hidden)
    committed = gravado.path(module)
    assert committed.read_bytes() == public.read_bytes(), (
        f"{committed.relative_to(ROOT)} está desatualizado: rode `rna gerar {module}`")
    assert (busca.HIDDEN_FOLDER / f"{module}.json.gz").read_bytes() == hidden.read_bytes()
    data = _data(committed)
    assert data["impressao_digital"] == gravacao.fingerprint(module)
    assert data["buscas"] and all(data["buscas"].values())


def test_fingerprint_covers_the_hypothesis_version(monkeypatch):
    before = gravacao.fingerprint("m01_produto_escalar")
    monkeypatch.setattr(gravacao, "_hypothesis_version", lambda: "0.0.0")
    assert gravacao.fingerprint("m01_produto_escalar") != before


def test_hypothesis_is_pinned():
    """Outra versão do hypothesis sorteia outras entradas: a do kit é fixa."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    import hypothesis

    assert f'"hypothesis=={hypothesis.__version__}"' in text


def test_hidden_inputs_never_reach_the_public_file():
    for module in MODULES:
        public = _data(gravado.path(module))
        hidden = _data(busca.HIDDEN_FOLDER / f"{module}.json.gz")
        assert hidden["buscas"], module
        seed = f"|{busca.DEFAULT_HIDDEN_SEED}|"
        assert not any(seed in k for k in public["buscas"]), module
        shown = {json.dumps(e, sort_keys=True) for v in public["buscas"].values() for e in v}
        for examples in hidden["buscas"].values():
            for example in examples:
                # Entradas minúsculas (um zero, listas vazias) podem coincidir.
                if _numbers(decode(example)) > 3:
                    assert json.dumps(example, sort_keys=True) not in shown, module


def _numbers(value) -> int:
    """Quantos números há numa entrada (elementos de arrays e escalares)."""
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (list, tuple)):
        return sum(_numbers(v) for v in value)
    if isinstance(value, dict):
        return sum(_numbers(v) for v in value.values())
    return int(isinstance(value, (int, float)) and not isinstance(value, bool))


def test_passing_code_never_imports_hypothesis():
    """Importar o hypothesis custa ~0,1 s de cada `rna verificar`: com as
    entradas gravadas, um código certo não precisa dele (`strategies.st`
    só anota as receitas), nem nos testes ocultos."""
    code = (
        "import sys\n"
        "from autograder.grading import MODULES, grade_file\n"
        "from autograder.professor.referencia import solution_path\n"
        "for module in MODULES:\n"
        "    result = grade_file(module, solution_path(module))\n"
        "    assert result.score == result.max_score, module\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis')\n"
        "assert not loaded, loaded[:5]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]


def test_stale_recording_falls_back_to_a_live_search(monkeypatch):
    module = "m01_produto_escalar"
    busca._public_is_fresh.cache_clear()
    monkeypatch.setattr(gravacao, "fingerprint", lambda m: "outra")
    drawn = []
    real_draw = busca.draw
    monkeypatch.setattr(busca, "draw", lambda *a, **k: drawn.append(1) or real_draw(*a, **k))
    try:
        result = grade_file(module, solution_path(module))
        assert result.score == result.max_score
        assert drawn, "com a cópia velha, a busca de verdade deveria sortear"
    finally:
        busca._public_is_fresh.cache_clear()


def test_size_orders_smaller_inputs_first():
    small = ((np.zeros(1),), {})
    large = ((np.ones((3, 3)),), {})
    negative = (([-5.0, 2.0],), {})
    assert sorted([large, negative, small], key=gravado.size)[0] is small
    assert gravado.size(negative) < gravado.size(large)


def test_comparison_hint_survives_extreme_ratios():
    """Entradas repetidas trazem mais evidências ao diagnóstico, inclusive
    razões subnormais ou infinitas entre recebido e esperado."""
    from autograder.compare import compare

    for received in ([1e-320, 2e-320], [np.inf, np.inf], [1e300, 2e300]):
        difference = compare(np.array([1.0, 2.0]), np.array(received))
        assert difference is not None and "1/" not in (difference.hint or "")


def test_draws_ignore_numbers_in_local_source(tmp_path, monkeypatch):
    """O hypothesis tira números do código-fonte local carregado; as entradas
    sorteadas não podem mudar quando um módulo novo do kit traz literais."""
    import importlib

    from autograder.grading import spec
    from autograder.wire import encode

    check = spec("m01_produto_escalar").checks[0]
    before = busca.draw(check, check.strategy, 0, 200, hidden=False)
    (tmp_path / "rna_literais_locais.py").write_text(
        "VALORES = [123456.789, -98765.4321, 31337, 0.123456789, 2.5e-7]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("rna_literais_locais")
    after = busca.draw(check, check.strategy, 0, 200, hidden=False)
    assert encode(before) == encode(after)
