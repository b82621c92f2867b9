"""A edição do aluno (`rna pacote-aluno`): corrige as verificações públicas
sem a referência, dá a mesma nota e o mesmo diagnóstico que o kit completo,
e não leva nada que entregue as respostas."""

import ast
import contextlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import edicao, gravado
from autograder.engine import FunctionGrader
from autograder.grading import MODULES, ROOT, grade_file, spec
from autograder.professor import busca
from autograder.professor.pacote_aluno import build
from autograder.professor.referencia import solution_path
from autograder.wire import decode
from conftest import catalogue_variants, submission_with
from edicao_vazamento import full_mark_functions

PACKAGE = ROOT / "autograder"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return build(tmp_path_factory.mktemp("edicao"), graded=[])


@pytest.fixture(scope="module")
def wheel_files(edition) -> dict[str, bytes]:
    with zipfile.ZipFile(edition.wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@contextlib.contextmanager
def student_edition(graded=()):
    """Este processo corrige como a edição do aluno: valores gravados, sem
    referência nem testes ocultos (o mesmo caminho de código da roda)."""
    original_student, original_graded = edicao.is_student, edicao.graded
    edicao.is_student = lambda: True
    edicao.graded = lambda module: module in graded
    try:
        yield
    finally:
        edicao.is_student, edicao.graded = original_student, original_graded


# -- o que a roda leva --------------------------------------------------------


def test_wheel_has_no_teacher_file(edition, wheel_files):
    names = list(wheel_files)
    assert not [n for n in names if "/professor/" in n or n.startswith("solutions")]
    assert not [n for n in names if "ocultas" in n]
    assert "autograder/edicao.json" in names
    for module in MODULES:
        assert f"autograder/gravado/{module}.json.gz" in names
        assert f"autograder/checks/{module}.py" in names
    metadata = next(v for n, v in wheel_files.items() if n.endswith("METADATA")).decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist")]
    for heavy in ("nbgrader", "hypothesis", "scikit-learn", "mkdocs", "jupytext"):
        assert not any(heavy in line for line in requires), requires


def _defined_functions(text: str) -> set[str]:
    return {node.name for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _function_bodies(text: str) -> set[str]:
    """O corpo de cada função (sem o nome), para achar cópias renomeadas;
    corpos de uma linha curta (np.asarray(x, dtype=float)) não contam."""
    bodies = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            body = node.body if isinstance(node.body, list) else [ast.Expr(node.body)]
            code = ast.unparse(ast.Module(body=body, type_ignores=[]))
            if len(code) > 60:
                bodies.add(code)
    return bodies


def test_wheel_has_no_reference_or_mistake_model_code(wheel_files):
    sources = {n: v.decode("utf-8") for n, v in wheel_files.items() if n.endswith(".py")}
    in_wheel = set().union(*(_function_bodies(text) for text in sources.values()))
    models = set()
    for path in (PACKAGE / "professor" / "modelos").glob("m*.py"):
        models |= _function_bodies(path.read_text(encoding="utf-8"))
    assert not (models & in_wheel), sorted(models & in_wheel)
    graded = {c.name for m in MODULES for c in spec(m).checks}
    in_wheel = set().union(*(_defined_functions(text) for text in sources.values()))
    assert not (graded & in_wheel), sorted(graded & in_wheel)
    # Nenhum trecho de uma solução (células com BEGIN SOLUTION) está na roda.
    for module in MODULES:
        text = solution_path(module).read_text(encoding="utf-8")
        for block in text.split("### BEGIN SOLUTION")[1:]:
            code = block.split("### END SOLUTION")[0]
            lines = [line.strip() for line in code.splitlines() if len(line.strip()) > 30]
            for line in lines:
                assert not any(line in source for source in sources.values()), (module, line)


def test_wheel_has_no_hidden_input(wheel_files):
    seed = f"|{busca.hidden_seed()}|"
    for module in MODULES:
        import gzip

        data = json.loads(gzip.decompress(wheel_files[f"autograder/gravado/{module}.json.gz"]))
        assert not any(seed in key for key in data["buscas"]), module


@pytest.mark.parametrize("module", MODULES)
def test_no_function_in_the_wheel_earns_full_marks(edition, module, tmp_path):
    """Toda função definida na roda, entregue no lugar de cada função corrigida
    que ela poderia ser (pelo número de argumentos), perde pontos no kit completo."""
    counter = iter(range(10**6))

    def make(mod, source):
        folder = tmp_path / str(next(counter))
        folder.mkdir()
        return submission_with(folder, mod, source)

    assert full_mark_functions(edition.wheel, module, tmp_path, make) == []


def test_boundary_only_edicao_imports_the_teacher_package():
    """Fora de autograder/professor/, só `edicao.py` (e os comandos do
    professor na CLI, dentro das funções) importam de lá: mover código do
    professor para a edição do aluno por engano quebra este teste."""
    allowed = {"edicao.py", "cli.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "professor":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any("professor" in n for n in names):
                assert relative.name in allowed, f"{relative} importa {names}"
        if relative.name == "cli.py":
            top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
            assert not any("professor" in (getattr(n, "module", "") or "") for n in top)


# -- a mesma nota nas duas edições ---------------------------------------------


def _summary(result):
    return [(f.function, f.score, f.status,
             [(t.name, t.passed, t.failure.hints if t.failure else None,
               t.failure.title if t.failure else None) for t in f.tests])
            for f in result.functions]


CATALOGUE = catalogue_variants("MISTAKES") + catalogue_variants("ALTERNATIVES")


@pytest.mark.parametrize("item", CATALOGUE,
                         ids=lambda i: f"{i[0]}.{i[1].function}: {i[1].description}")
def test_student_edition_agrees_with_the_public_checks(item, tmp_path):
    """Nota, testes, menor entrada e erro nomeado: iguais nas duas edições."""
    module, variant = item
    path = submission_with(tmp_path, module, variant.source)
    teacher = _summary(grade_file(module, path, hidden=False))
    with student_edition():
        student = _summary(grade_file(module, path, hidden=True))
    assert student == teacher


def test_student_edition_runs_no_hidden_test():
    module = "m03_ativacoes"
    with student_edition():
        result = grade_file(module, solution_path(module), hidden=True)
    names = {t.name for f in result.functions for t in f.tests}
    assert "entradas geradas ocultas" not in names
    assert result.score == result.max_score


# -- os testes ocultos ---------------------------------------------------------


def _lookup_relu_source(module: str) -> str:
    """Uma ReLU que só sabe as respostas públicas gravadas (e devolve zeros no
    resto): o que um aluno faria copiando a tabela da edição do aluno."""
    table = {}
    oracle = gravado.oracle(module)
    check = spec(module).check("relu")
    search = gravado.search_key("relu", "", gravado.PUBLIC_SEED, check.max_examples)
    inputs = [args for args, _ in gravado.examples(module, search)]
    inputs += [case.args for case in check.cases]
    for (z,) in inputs:
        table[z.tobytes().hex() + str(z.shape)] = oracle["relu"](z).tolist()
    return ("import numpy as np\n"
            f"TABELA = {table!r}\n"
            "def relu(z):\n"
            "    z = np.asarray(z)  # a chave guarda o dtype (há casos com inteiros)\n"
            "    chave = z.tobytes().hex() + str(z.shape)\n"
            "    if chave in TABELA:\n"
            "        return np.array(TABELA[chave], dtype=float).reshape(z.shape)\n"
            "    return np.zeros_like(z)\n")


def test_hidden_tests_catch_what_the_public_ones_miss(tmp_path):
    module = "m03_ativacoes"
    path = submission_with(tmp_path, module, _lookup_relu_source(module))
    with student_edition():
        public = grade_file(module, path, only=["relu"])
    assert public.score == public.max_score  # a parte pública não percebe
    teacher = grade_file(module, path, only=["relu"])
    (relu,) = teacher.functions
    hidden = [t for t in relu.tests if t.name == "entradas geradas ocultas"]
    assert hidden and not hidden[0].passed
    assert teacher.score < teacher.max_score


def _hidden_result(module, path, function):
    result = grade_file(module, path, only=[function])
    (graded,) = result.functions
    (hidden,) = [t for t in graded.tests if t.name == "entradas geradas ocultas"]
    return result, hidden


def _count_search_calls(monkeypatch) -> list:
    """Conta as chamadas ao aprendiz da busca que encolhe (uma entrada por
    vez, `FunctionGrader.evaluate`; as entradas gravadas vão em fluxo)."""
    calls = []
    real = FunctionGrader.evaluate

    def counted(self, *args, **kwargs):
        calls.append(self.check.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FunctionGrader, "evaluate", counted)
    return calls


def test_hidden_failure_not_shrunk_when_public_values_failed(monkeypatch, tmp_path):
    """Com a parte pública já errada, o aprendiz vê a menor entrada pública
    que falha: o teste oculto falha sem busca nenhuma, com a menor das
    entradas ocultas gravadas."""
    module = "m03_ativacoes"
    variant = next(v for m, v in catalogue_variants("MISTAKES")
                   if m == module and v.function == "relu")
    path = submission_with(tmp_path, module, variant.source)
    calls = _count_search_calls(monkeypatch)
    result, hidden = _hidden_result(module, path, "relu")
    assert not hidden.passed and hidden.failure.inputs
    assert calls == []
    public = [t for t in result.functions[0].tests if t.name == "referência em entradas geradas"]
    assert not public[0].passed
    stored = [example for search, examples in busca._stored_hidden(module).items()
              if search.startswith("relu|") for example in examples]
    (shown,) = [value for _, value in hidden.failure.inputs]
    assert any(decode(example)[0][0].tobytes() == shown.tobytes() for example in stored)


def test_hidden_shrink_stops_after_a_fixed_number_of_calls(monkeypatch, tmp_path):
    """Quando só os ocultos pegam o erro, a busca encolhe a entrada com no
    máximo SHRINK_CALLS chamadas; a nota não depende do limite, e a mesma
    submissão mostra sempre a mesma entrada."""
    module = "m03_ativacoes"
    path = submission_with(tmp_path, module, _lookup_relu_source(module))
    calls = _count_search_calls(monkeypatch)
    full, hidden = _hidden_result(module, path, "relu")
    assert hidden.failure is not None and 0 < len(calls) <= busca.SHRINK_CALLS
    assert full.score < full.max_score
    (shrunk,) = [value for _, value in hidden.failure.inputs]
    assert shrunk.size == 1  # encolhida: um número só

    monkeypatch.setattr(busca, "SHRINK_CALLS", 3)
    calls.clear()
    bounded, bounded_hidden = _hidden_result(module, path, "relu")
    assert len(calls) == 3  # parou no limite
    assert bounded.score == full.score and not bounded_hidden.passed
    assert bounded_hidden.failure.inputs
    calls.clear()
    _, again = _hidden_result(module, path, "relu")
    assert len(calls) == 3
    assert repr(again.failure.inputs) == repr(bounded_hidden.failure.inputs)


def test_hidden_tests_run_in_every_teacher_route(monkeypatch, tmp_path):
    """rna corrigir, as células do nbgrader (ocultos=True) e o Gradescope
    chamam a correção com os testes ocultos."""
    seen = []
    real = busca.TeacherSearches.hidden

    def spy(self, grader, *args, **kwargs):
        seen.append(grader.check.name)
        return real(self, grader, *args, **kwargs)

    monkeypatch.setattr(busca.TeacherSearches, "hidden", spy)
    module = "m01_produto_escalar"
    from autograder.professor.turma import Submission, grade_one

    grade_one(Submission("aluno", module, solution_path(module)))
    assert {"dot", "neuron_output", "layer_output"} <= set(seen)


# -- modo avaliado ---------------------------------------------------------------


def test_graded_mode_hides_the_hints_that_give_the_code(tmp_path):
    module = "m03_ativacoes"
    variant = next(v for m, v in catalogue_variants("MISTAKES")
                   if m == module and v.function == "relu" and v.hint)
    path = submission_with(tmp_path, module, variant.source)
    with student_edition():
        open_result = grade_file(module, path, only=["relu"])
    with student_edition(graded=[module]):
        graded_result = grade_file(module, path, only=["relu"])
    hints = lambda r: [h for t in r.functions[0].tests if t.failure for h in t.failure.hints]
    assert any(variant.hint in h for h in hints(open_result))
    assert not any(variant.hint in h for h in hints(graded_result))
    failing = [t.failure for t in graded_result.functions[0].tests if t.failure]
    assert any(f.inputs and f.has_values for f in failing)  # entrada e esperado × recebido
    assert graded_result.score == open_result.score


def test_graded_build_leaves_out_the_mistake_messages(tmp_path):
    import gzip

    built = build(tmp_path, graded=["m03_ativacoes"])
    with zipfile.ZipFile(built.wheel) as zf:
        data = json.loads(gzip.decompress(zf.read("autograder/gravado/m03_ativacoes.json.gz")))
        other = json.loads(gzip.decompress(zf.read("autograder/gravado/m04_perda.json.gz")))
        marker = json.loads(zf.read("autograder/edicao.json"))
    assert data["erros"] == {} and other["erros"]
    assert marker["avaliados"] == ["m03_ativacoes"]


# -- a roda instalada ------------------------------------------------------------


@pytest.fixture(scope="module")
def student_venv(edition, tmp_path_factory):
    """Um ambiente novo só com a roda do aluno, instalada como o aluno faz
    (as dependências vêm do índice do pip). Nada do kit completo fica visível."""
    venv = tmp_path_factory.mktemp("venv") / "aluno"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                           "--disable-pip-version-check", str(edition.wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return venv


def _run(venv, *args, cwd):
    return subprocess.run([str(venv / "bin" / "rna"), *args], capture_output=True,
                          text=True, cwd=cwd, env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin",
                                                   "HOME": str(cwd)})


def test_installed_wheel_is_the_student_edition(student_venv, tmp_path):
    code = ("import autograder, importlib.util as u; "
            "print(autograder.__file__); print(u.find_spec('autograder.professor'))")
    done = subprocess.run([str(student_venv / "bin" / "python"), "-c", code],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    where, professor = done.stdout.split()
    assert str(student_venv) in where and professor == "None"


def test_installed_wheel_grades_the_notebooks_folder(student_venv, edition, tmp_path):
    from autograder.professor.amostras import student_notebook

    module = "m03_ativacoes"
    folder = tmp_path / "meus-notebooks"
    folder.mkdir()
    (folder / f"{module}.ipynb").write_text(
        (edition.notebooks / f"{module}.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    untouched = _run(student_venv, "verificar", module, cwd=folder)
    assert untouched.returncode == 1 and "não implementado" in untouched.stdout
    filled = student_notebook(module, edition.notebooks / f"{module}.ipynb")
    nbformat.write(filled, folder / f"{module}.ipynb")
    solved = _run(student_venv, "verificar", module, "--json", cwd=folder)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    document = json.loads(solved.stdout)
    assert document["score"] == sum(c.points for c in spec(module).checks)
    assert not any("ocultas" in t["name"] for t in document["tests"])
    teacher = _run(student_venv, "corrigir", str(folder), cwd=folder)
    assert teacher.returncode == 2 and "edição do professor" in teacher.stdout


def test_installed_wheel_names_mistakes_like_the_full_kit(student_venv, tmp_path):
    module, variant = next((m, v) for m, v in catalogue_variants("MISTAKES")
                           if m == "m04_perda" and v.hint)
    path = submission_with(tmp_path, module, variant.source)
    done = _run(student_venv, "verificar", module, "--submissao", str(path), cwd=tmp_path)
    assert done.returncode == 1
    assert variant.hint in done.stdout, done.stdout[-3000:]


RUN_CELLS = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
notebook = json.load(open(sys.argv[1], encoding="utf-8"))
for cell in notebook["cells"]:
    if cell["cell_type"] != "code":
        continue
    result = shell.run_cell("".join(cell["source"]), store_history=True)
    if result.error_in_exec is not None or result.error_before_exec is not None:
        print("ERRO NA CÉLULA:", "".join(cell["source"])[:200])
"""


def _run_test_cells(python, notebook_path, cwd):
    """As células do notebook, uma a uma, num shell do IPython (como o kernel
    do Jupyter): as células de teste chamam `autograder.notebook.verificar`."""
    script = cwd / "rodar_celulas.py"
    script.write_text(RUN_CELLS, encoding="utf-8")
    return subprocess.run([str(python), str(script), str(notebook_path)], capture_output=True,
                          text=True, cwd=cwd, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd),
                                                   "MPLBACKEND": "Agg"})


@pytest.mark.parametrize("where", ["aluno", "completo"])
def test_release_test_cells_run_in_a_kernel(where, student_venv, edition, tmp_path):
    from autograder.professor.amostras import student_notebook

    module = "m03_ativacoes"
    notebook = tmp_path / f"{module}.ipynb"
    nbformat.write(student_notebook(module, edition.notebooks / f"{module}.ipynb"), notebook)
    python = Path(sys.executable)
    if where == "aluno":
        # O kernel do Jupyter (o extra [jupyter] da roda traz também o front-end).
        python = student_venv / "bin" / "python"
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "ipykernel"], check=True)
    done = _run_test_cells(python, notebook, tmp_path)
    assert "ERRO NA CÉLULA" not in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    for check in spec(module).checks:
        points = f"{check.points:g}"
        assert f"{module}.{check.name}: {points}/{points}" in done.stdout, done.stdout[-3000:]
    assert "✘" not in done.stdout


# -- GitHub Classroom ---------------------------------------------------------------


def test_classroom_template_holds_notebooks_wheel_and_workflow(edition):
    import yaml

    folder = edition.classroom
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [f"{m}.ipynb" for m in MODULES]
    assert (folder / edition.wheel.name).is_file()
    workflow = yaml.safe_load((folder / ".github" / "workflows" / "classroom.yml").read_text())
    steps = workflow["jobs"]["correcao"]["steps"]
    reporter = steps[-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter")
    assert reporter["with"]["runners"] == "rna"
    assert "steps.rna.outputs.result" in reporter["env"]["RNA_RESULTS"]
    assert not list(folder.rglob("*.py")), "o modelo não leva código do kit"


def test_classroom_step_reports_partial_points_per_function(student_venv, edition, tmp_path):
    """O passo `rna` do fluxo, rodado como no GitHub (na pasta do modelo, com a
    edição do aluno e o pytest): a nota de cada função chega ao Classroom com
    os pontos parciais do `rna verificar`, não o tudo-ou-nada."""
    import base64
    import shutil

    import yaml

    from autograder.professor.amostras import student_notebook

    folder = tmp_path / "repo"
    shutil.copytree(edition.classroom, folder)
    module, variant = next((m, v) for m, v in catalogue_variants("MISTAKES")
                           if m == "m01_produto_escalar")
    filled = student_notebook(module, folder / f"{module}.ipynb",
                              replace={variant.function: variant.source})
    nbformat.write(filled, folder / f"{module}.ipynb")
    subprocess.run([str(student_venv / "bin" / "pip"), "install", "--quiet",
                    "--disable-pip-version-check", "pytest"], check=True)
    workflow = yaml.safe_load((folder / ".github" / "workflows" / "classroom.yml").read_text())
    script = next(s["run"] for s in workflow["jobs"]["correcao"]["steps"] if s.get("id") == "rna")
    output = tmp_path / "github_output"
    done = subprocess.run(["bash", "-e", "-c", script], cwd=folder, capture_output=True,
                          text=True, env={"PATH": f"{student_venv / 'bin'}:/usr/bin:/bin",
                                          "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output),
                                          "MODULOS": f"{module} m02_camada_densa"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    line = output.read_text().strip()
    assert line.startswith("result=")
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    by_name = {t["name"]: t for t in result["tests"]}
    with student_edition():
        local = grade_file(module, folder / f"{module}.ipynb")
    for function in local.functions:
        assert by_name[function.test_name]["score"] == function.score
    assert 0 < sum(t["score"] for t in result["tests"]) < result["max_score"]
    assert by_name["m02_camada_densa.dense_forward"]["score"] == 0  # notebook intocado


def test_installed_wheel_runs_progress_and_hints(student_venv, edition, tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for module in MODULES:
        (folder / f"{module}.ipynb").write_bytes(
            (edition.notebooks / f"{module}.ipynb").read_bytes())
    progress = _run(student_venv, "progresso", cwd=folder)
    assert progress.returncode == 0, progress.stdout + progress.stderr
    assert "m12_projeto" in progress.stdout and "Próximo passo" in progress.stdout
    hint = _run(student_venv, "dica", "m03_ativacoes", "relu", cwd=folder)
    assert hint.returncode == 0 and "Dicas para m03_ativacoes.relu (1 de" in hint.stdout
    assert (folder / ".rna" / "dicas.json").is_file()  # o estado fica na pasta do aluno
    elsewhere = _run(student_venv, "progresso", "--pasta", str(folder), cwd=tmp_path)
    assert elsewhere.stdout.count("não implementado") == progress.stdout.count("não implementado")
