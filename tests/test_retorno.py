"""O retorno que um iniciante lê (issue 15): por que a função não foi
encontrada, os erros de Python e NumPy explicados, cada falha uma vez, as
partes das tuplas com nome, listas longas resumidas, links que abrem."""

import re
import subprocess
import sys
import time

import numpy as np

from autograder import report
from autograder import results as R
from autograder.engine import error_hint
from autograder.grading import ROOT, grade_file
from autograder.notebook import _number_as_jupyter
from autograder.results import Failure, FunctionResult, ModuleResult
from autograder.results import TestResult as Outcome

M03 = "m03_ativacoes"


def rna(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def grade_source(tmp_path, source, module=M03, name=None):
    """Corrige e anota como `rna verificar` (com o arquivo do aprendiz)."""
    path = tmp_path / (name or f"{module}.py")
    path.write_text(source, encoding="utf-8")
    return report.annotate(grade_file(module, path), path)


def by_name(module_result):
    return {f.function: f for f in module_result.functions}


# -- links -------------------------------------------------------------------


def test_site_url_is_the_one_in_mkdocs_yml():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (site_url,) = re.findall(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    assert report.SITE_URL == site_url
    # As páginas são .html porque o site não usa URLs de pasta.
    assert re.search(r"^use_directory_urls:\s*false", text, re.MULTILINE)


def test_page_url_opens_the_published_html_page():
    url = report.page_url("conceitos/funcoes-de-ativacao.md#relu")
    assert url == "https://rna-curso.github.io/rna/conceitos/funcoes-de-ativacao.html#relu"
    assert report.page_url("index.md") == "https://rna-curso.github.io/rna/index.html"


# -- função não encontrada ---------------------------------------------------


def test_missing_function_points_to_the_syntax_error(tmp_path):
    result = grade_source(tmp_path, "import numpy as np\n\ndef relu(z):\n"
                                    "    return np.maximum(0, z\n")
    text = report.module_text(result)
    relu = by_name(result)["relu"]
    assert relu.status == R.MISSING
    assert "SyntaxError" in relu.message and "linha 4" in relu.message
    # Num .py não há células: só a linha, e nada de "as outras células rodaram".
    assert "célula" not in text and "as outras células rodaram" not in text


def test_missing_function_suggests_the_closest_name(tmp_path):
    result = grade_source(tmp_path, "import numpy as np\n\ndef sigmod(z):\n"
                                    "    return 1 / (1 + np.exp(-z))\n")
    assert "`sigmod`" in by_name(result)["sigmoid"].message
    assert "quis dizer `sigmoid`" in by_name(result)["sigmoid"].message
    # `relu` não tem nome parecido: o conselho é escrevê-la com esse nome.
    assert "def relu(...)" in by_name(result)["relu"].message


def test_missing_function_in_the_kernel_says_run_the_cell_first():
    result = ModuleResult(M03, "t", [FunctionResult(M03, "relu", 2, "p.md", status=R.MISSING,
                                                    message="não encontrada")],
                          submission=report.KERNEL)
    report.explain_missing(result, ["x = 1\n"])
    assert "Shift+Enter" in result.functions[0].message


def test_kernel_errors_are_numbered_as_jupyter_shows_them():
    errors = [{"type": "NameError", "message": "name 'np' is not defined", "cell": 1,
               "line": 3}]
    _number_as_jupyter(errors, [1, 4, 5])  # a 2ª célula rodada foi a [4]
    module = ModuleResult(M03, "t", [], errors, submission=report.KERNEL)
    (line, hint) = report.load_error_lines(module)
    assert line.startswith("célula [4], linha 3: NameError")
    assert "import numpy as np" in hint


def test_observar_shows_the_syntax_error(tmp_path):
    from autograder import cli

    path = tmp_path / f"{M03}.py"
    path.write_text("def relu(z):\n    return (z\n", encoding="utf-8")
    with cli.console.capture() as captured:
        cli._observe(M03, path, stop=_after_one_pass(), only=["relu"])
    text = captured.get()
    assert "SyntaxError" in text and "linha 2" in text
    assert "função não encontrada" in text and "por causa do SyntaxError" in text


def _after_one_pass():
    calls = {"n": 0}

    def stop():
        calls["n"] += 1
        return calls["n"] > 1

    return stop


# -- erros de Python e NumPy -------------------------------------------------


def _raised(code):
    try:
        code()
    except Exception as exc:  # noqa: BLE001
        return {"type": type(exc).__name__, "message": str(exc)}
    raise AssertionError("não levantou")


def test_common_errors_are_explained_in_portuguese():
    z = np.array([1.0, -2.0])
    assert "np.maximum" in error_hint(_raised(lambda: np.max(0, z)))
    assert "np.maximum" in error_hint(_raised(lambda: max(0, z)))
    no_np = {"type": "NameError", "message": "name 'np' is not defined"}
    assert "import numpy as np" in error_hint(no_np)
    removed = {"type": "AttributeError", "message": "module 'numpy' has no attribute 'int'."}
    assert "np.int64" in error_hint(removed)
    aligned = _raised(lambda: np.dot(np.ones((2, 3)), np.ones((2, 3))))
    assert "formas não combinam" in error_hint(aligned)
    typo = {"type": "NameError", "message": "name 'weigths' is not defined"}
    assert "`weigths`" in error_hint(typo)


def test_an_error_is_explained_once_per_function(tmp_path):
    result = grade_source(tmp_path, "import numpy as np\n\ndef relu(z):\n"
                                    "    return np.max(0, z)\n")
    text = report.function_text(by_name(result)["relu"])
    assert text.count("provável erro") == 1
    assert text.count("only integer scalar arrays") == 1
    assert "a mesma falha de «" in text


# -- leitura -----------------------------------------------------------------


def test_tuple_parts_are_named():
    failure = Failure("o item 1 de o resultado tem valores diferentes do esperado.")
    function = FunctionResult("m05_retropropagacao", "dense_backward", 2, "p.md",
                              [Outcome("valores", False, failure)], status=R.FAILED)
    text = report.function_text(function)
    assert "`dweights` (item 1 do resultado)" in text
    assert "o item 1 de o resultado" not in text


def test_long_lists_are_summarised_quickly():
    started = time.monotonic()
    text = report.format_value(list(range(99_000)))
    assert time.monotonic() - started < 0.1
    assert "99000 itens" in text and len(text) < 100
    batches = report.format_value([np.zeros((32, 2))] * 40)
    assert batches.startswith("lista de 40 arrays") and "forma (32, 2)" in batches
    assert report.plural(1, "lote", "lotes") == "1 lote"
    assert report.plural(3, "amostra", "amostras") == "3 amostras"


# -- o primeiro dia ----------------------------------------------------------


def test_stubs_are_not_errors():
    module = ModuleResult(M03, "t", [FunctionResult(M03, "relu", 2, "p.md",
                                                    status=R.NOT_IMPLEMENTED)],
                          [{"type": "NotImplementedError", "message": "", "cell": 3}],
                          submission="x.ipynb")
    assert report.load_error_lines(module) == []
    assert report.untouched(module)
    assert "Erros ao executar" not in report.module_text(module)
    assert "nenhuma começada" in report.module_text(module, compact=True)


def test_day_one_is_short_and_says_what_to_do():
    run = rna("verificar")
    assert run.returncode == 1  # a semântica do código de saída não muda
    lines = run.stdout.strip().splitlines()
    assert len(lines) < 20, run.stdout
    assert "Erros ao executar" not in run.stdout
    assert "Próximo passo" in run.stdout and "nada quebrou" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_readme_first_command_is_explained():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Começar")
    section = readme[start:readme.index("\n## ", start + 1)]
    assert "nada quebrou" in section or "não é um erro" in section
    assert "Código de saída" in readme


def test_number_agreement_in_check_messages():
    failure = Failure("esperado 1 lotes, com tamanhos [3]; com 1 amostras e 10 amostras",
                      hints=["a soma de 1 valores"])
    text = "\n".join(report.failure_lines(failure))
    assert "esperado 1 lote," in text and "com 1 amostra e 10 amostras" in text
    assert "a soma de 1 valor" in text
    assert report.agree("0.1 amostras e 21 lotes") == "0.1 amostras e 21 lotes"


def test_lines_wrap_to_the_terminal_width(tmp_path):
    """Num terminal, nenhuma linha passa da largura da janela."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    path = tmp_path / f"{M03}.py"
    path.write_text("import numpy as np\n\ndef relu(z):\n    return np.max(0, z)\n",
                    encoding="utf-8")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 60, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="dumb", NO_COLOR="1")
    run = subprocess.Popen([sys.executable, "-m", "autograder", "verificar", M03, "relu",
                            "--submissao", str(path)], stdout=follower, stderr=follower,
                           env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # o outro lado fechou
            break
        if not chunk:
            break
        chunks.append(chunk)
    run.wait(timeout=120)
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", b"".join(chunks).decode("utf-8"))
    lines = text.replace("\r", "").splitlines()
    assert any("np.maximum" in line for line in lines)  # o retorno saiu
    # Só um endereço, que não se quebra, passa da largura.
    long = [line for line in lines if len(line) > 60]
    assert all(line.split()[-1].startswith("https://") and len(line.rsplit(" ", 1)[0]) < 60
               for line in long), text
    assert any("m03_ativacoes.relu" in line for line in lines)


def test_one_decimal_convention():
    assert report.agree("rate = 0,4 e perda ≈ 1,0986") == "rate = 0.4 e perda ≈ 1.0986"
    # vírgulas que separam itens ficam
    for text in ("x = [1,2]", "forma (3, 2)", "f(3,6)", "1, 2 e 3"):
        assert report.agree(text) == text


def test_an_unrelated_error_does_not_hide_a_misspelled_name(tmp_path):
    result = grade_source(tmp_path, "import numpy as np\n\ndef sigmod(z):\n"
                                    "    return 1 / (1 + np.exp(-z))\n\n"
                                    "def relu(z):\n    return np.maximum(0, z)\n\n"
                                    "print(undefined_name)\n")
    assert "quis dizer `sigmoid`" in by_name(result)["sigmoid"].message
    text = report.module_text(result)
    assert "NameError" in text and "`undefined_name` não existe" in text


def test_unsaved_notebook_is_the_likely_cause(tmp_path):
    module = ModuleResult(M03, "t", [FunctionResult(M03, "relu", 2, "p.md", status=R.MISSING,
                                                    message="não encontrada")],
                          submission=str(tmp_path / "m03_ativacoes.ipynb"))
    report.explain_missing(module, ["import numpy as np\n"])
    assert "salve o notebook" in module.functions[0].message


def test_notebook_cells_are_named_as_the_learner_sees_them(tmp_path):
    import nbformat

    from autograder.grading import exercise_path

    nb = nbformat.read(exercise_path(M03), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    position, cell = next((i, c) for i, c in enumerate(code, 1) if "def relu" in c.source)
    cell.source = "def relu(z):\n    return (z\n"
    path = tmp_path / f"{M03}.ipynb"
    nbformat.write(nb, path)
    text = report.module_text(report.annotate(grade_file(M03, path), path))
    assert f"célula de código {position}, linha 2: SyntaxError" in text, text
    assert "(as outras células rodaram)" in text
    cell.execution_count = 7  # salvo depois de rodar: o [7] que o Jupyter mostra
    nbformat.write(nb, path)
    text = report.module_text(report.annotate(grade_file(M03, path), path))
    assert "célula [7], linha 2: SyntaxError" in text, text
    assert "por causa do SyntaxError (célula [7], linha 2)" in text


def test_all_modules_started_and_not_started(tmp_path):
    from autograder import cli

    started = grade_source(tmp_path, "import numpy as np\n\ndef relu(z):\n"
                                     "    return np.abs(z)\n")
    fresh = ModuleResult("m01_produto_escalar", "Produto escalar",
                         [FunctionResult("m01_produto_escalar", "dot", 2, "p.md",
                                         status=R.NOT_IMPLEMENTED)], submission="x.ipynb")
    with cli.console.capture() as captured:
        cli._print_results([fresh, started])
    text = captured.get()
    # O módulo não começado numa linha; o começado com o relatório inteiro.
    assert "m01_produto_escalar — Produto escalar: 0/2 pontos — 1 função a escrever" in text
    assert "m01_produto_escalar.dot: " not in text
    assert "m03_ativacoes.relu: 0/2" in text and "✘" in text
    assert "Próximo passo: m01_produto_escalar.dot" in text
    assert "nada quebrou" not in text


def test_the_report_alone_never_reads_the_submission(tmp_path):
    """Em `rna corrigir` o arquivo pode ser hostil (aqui, um FIFO que travaria
    quem o lesse): o relatório não o abre; só `annotate` (rna verificar) lê."""
    import os
    import threading

    fifo = tmp_path / "m03_ativacoes.ipynb"
    os.mkfifo(fifo)
    module = ModuleResult(M03, "t", [FunctionResult(M03, "relu", 2, "p.md", status=R.MISSING,
                                                    message="não encontrada")],
                          [{"type": "NameError", "message": "name 'x' is not defined",
                            "cell": 2, "line": 1}], submission=str(fifo))
    done = []
    worker = threading.Thread(target=lambda: done.append(report.module_text(module)),
                              daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done, "o relatório tentou ler o arquivo da submissão"
    assert "célula de código 3, linha 1: NameError" in done[0]


def test_tuple_results_are_shown_part_by_part_and_aligned():
    expected = (np.zeros((2, 2)), np.ones((2, 2)))
    received = (np.zeros((2, 2)), 2 * np.ones((2, 2)))
    failure = Failure("o item 1 de o resultado difere", [("dvalues", np.eye(2))],
                      expected=expected, received=received, has_values=True)
    lines = "\n".join(report.failure_lines(failure, "dense_backward")).splitlines()
    assert "esperado:" in lines and "recebido:" in lines
    assert any(line.strip().startswith("dweights = [[2., 2.],") for line in lines)
    # a segunda linha do array fica sob a primeira
    first = next(i for i, line in enumerate(lines) if "dvalues = [[" in line)
    assert lines[first + 1].index("[") == lines[first].index("[[") + 1


def test_a_missing_piece_is_named_once_with_its_cell_and_module(tmp_path):
    """m07: uma peça que ficou fora da célula «As suas peças» (a softmax do
    módulo 3) é dita uma vez, com a célula e o módulo, e não repetida sob
    cada verificação do treino."""
    from autograder.professor.referencia import solution_path

    module = "m07_lotes"
    source = solution_path(module).read_text(encoding="utf-8")
    # O aprendiz chama as peças pelos nomes dos módulos e esqueceu de colar a softmax.
    source = source.replace("probs = _softmax(z2)", "probs = softmax(z2)")
    result = grade_source(tmp_path, source, module=module)
    training = by_name(result)["train_network"]
    assert training.score == 0
    text = report.module_text(result)
    assert text.count("NameError") == 1, text
    assert text.count("falta a peça `softmax`, do módulo 3 (Funções de ativação)") == 1, text
    assert "«As suas peças»" in text
    # As outras verificações do treino apontam para a mesma falha.
    assert text.count("a mesma falha de") == len(training.tests) - 1, text
    # No modo avaliado ficam só as dicas gerais: a peça que falta é uma delas.
    first = training.tests[0].failure
    assert first.generic_hint == first.hints[0] and "`softmax`" in first.generic_hint
    # Um nome que não é peça de módulo anterior fica com a explicação genérica.
    from autograder.pecas import missing_piece_hint

    assert missing_piece_hint({"type": "NameError", "message": "name 'probs' is not defined"},
                              module) is None
    assert "módulo 2" in missing_piece_hint(
        {"type": "NameError", "message": "name 'Layer_Dense' is not defined"}, module)
    assert "módulo 6" in missing_piece_hint(
        {"type": "NameError", "message": "name 'Optimizer_Adam' is not defined"}, module)
