"""O catálogo de erros de aprendiz: cada erro perde pontos só na sua função,
e a maioria é nomeada; soluções certas escritas de outro jeito ganham tudo."""

import pytest

from autograder.grading import MODULES, grade_file
from conftest import catalogue_variants

MISTAKES = catalogue_variants("MISTAKES")
ALTERNATIVES = catalogue_variants("ALTERNATIVES")


def _id(item):
    module, variant = item
    return f"{module}.{variant.function}: {variant.description}"


def test_catalogue_is_large_and_spread():
    modules = {m for m, _ in MISTAKES}
    assert len(MISTAKES) >= 40
    assert modules >= set(MODULES)
    named = sum(v.hint is not None for _, v in MISTAKES)
    assert named > len(MISTAKES) / 2, "a maioria dos erros deve ser nomeada"


@pytest.mark.parametrize("item", MISTAKES, ids=_id)
def test_mistake_loses_points_only_on_its_function(item, make_submission):
    module, variant = item
    result = grade_file(module, make_submission(module, variant.source))
    by_name = {f.function: f for f in result.functions}
    assert variant.function in by_name
    wrong = by_name[variant.function]
    assert wrong.score < wrong.max_points, f"o erro não perdeu pontos: {variant.description}"
    others = {f.function: f.score for f in result.functions
              if f.function != variant.function and f.score < f.max_points}
    assert not others, f"outras funções perderam pontos: {others}"
    texts = [h for t in wrong.tests if t.failure for h in t.failure.hints + [t.failure.title]]
    if variant.hint is not None:
        assert any(variant.hint in text for text in texts), texts
    if variant.not_hint is not None:
        generic = [t.failure.generic_hint for t in wrong.tests
                   if t.failure and t.failure.generic_hint]
        assert not any(variant.not_hint in text for text in texts + generic), texts + generic


@pytest.mark.parametrize("item", ALTERNATIVES, ids=_id)
def test_correct_alternative_gets_full_marks(item, make_submission):
    module, variant = item
    result = grade_file(module, make_submission(module, variant.source))
    lost = {f.function: (f.score, f.status, [t.failure for t in f.tests if t.failure])
            for f in result.functions if f.score < f.max_points}
    assert not lost


def test_grading_leaves_no_files_in_the_folders(tmp_path):
    """Uma busca oculta que acha um erro (o hypothesis guarda caches, como as
    constantes do código, em `.hypothesis/` na pasta atual) não deixa nada na
    pasta de onde se corrige nem na da submissão. Num processo novo: no do
    pytest o hypothesis já foi importado com outra pasta atual."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import submission_with

    cwd, folder = tmp_path / "professor", tmp_path / "aluno"
    cwd.mkdir()
    folder.mkdir()
    source = '''
def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
'''
    path = submission_with(folder, "m03_ativacoes", source)
    code = ("import sys; from autograder.grading import grade_file; "
            "r = grade_file('m03_ativacoes', sys.argv[1]); "
            "print([f.score < f.max_points for f in r.functions])")
    root = str(Path(__file__).resolve().parent.parent)
    env = {key: value for key, value in os.environ.items()
           if key != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "True" in done.stdout  # a softmax perdeu pontos: a busca rodou
    assert sorted(p.name for p in cwd.iterdir()) == []
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
