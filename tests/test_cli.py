"""O comando `rna verificar` como o aprendiz o usa."""

import json
import subprocess
import sys

from autograder.professor.referencia import solution_path

MODULE = "m01_produto_escalar"


def rna(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_stub_notebook_says_not_implemented():
    run = rna("verificar", MODULE)
    assert run.returncode == 1
    assert run.stdout.count("não implementado") == 4
    assert "Traceback" not in run.stdout + run.stderr


def test_reference_passes_with_exit_zero():
    run = rna("verificar", MODULE, "--submissao", str(solution_path(MODULE)))
    assert run.returncode == 0, run.stdout
    assert "8/8 pontos" in run.stdout


def test_json_is_gradescope_document(make_submission):
    path = make_submission(MODULE, "def neuron_output(inputs, weights, bias):\n"
                                   "    return sum(x * w for x, w in zip(inputs, weights))\n")
    run = rna("verificar", MODULE, "--submissao", str(path), "--json")
    doc = json.loads(run.stdout)
    assert doc["max_score"] == 8
    assert doc["score"] < 8
    names = [t["name"] for t in doc["tests"]]
    assert names == [f"{MODULE}.{f}" for f in ("dot", "transpose", "neuron_output", "layer_output")]
    wrong = {t["name"]: t for t in doc["tests"]}[f"{MODULE}.neuron_output"]
    assert wrong["score"] < wrong["max_score"]
    assert "esqueceu de somar o viés" in wrong["output"]
    assert "esperado: 4.8" in wrong["output"] and "recebido: 2.8" in wrong["output"]
    assert "https://rna-curso.github.io/rna/conceitos/produto-escalar.html" in wrong["output"]
    assert all(set(t) >= {"name", "score", "max_score", "output"} for t in doc["tests"])


def test_module_is_inferred_from_file_name(tmp_path):
    path = tmp_path / f"{MODULE}.py"
    path.write_text(solution_path(MODULE).read_text(encoding="utf-8"), encoding="utf-8")
    run = rna("verificar", "--submissao", str(path))
    assert run.returncode == 0


def test_errors_are_in_portuguese(tmp_path):
    run = rna("verificar", "m99_inexistente")
    assert run.returncode == 2
    assert "módulo desconhecido" in run.stderr
    run = rna("verificar", MODULE, "--submissao", str(tmp_path / "nada.py"))
    assert run.returncode == 2
    assert "arquivo não encontrado" in run.stdout + run.stderr


def test_syntax_error_reported_with_line(tmp_path):
    path = tmp_path / "sub.py"
    path.write_text("def dot(a, b):\n    return sum(\n\ndef transpose(m):\n    pass\n")
    run = rna("verificar", MODULE, "--submissao", str(path))
    assert run.returncode == 1
    assert "SyntaxError" in run.stdout and "linha" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


# Palavras do typer/click em inglês que não podem aparecer para o aprendiz.
ENGLISH = ("Usage", "Options", "Commands", "Arguments", "Show this message", "Error",
           "Try '", "Missing argument", "No such", "Got unexpected", "requires an argument",
           "[required]", "[default:", "<path>", "<str>", "<int>")


def test_help_is_in_portuguese():
    for args in (["--help"], ["verificar", "--help"], ["dica", "--help"], ["corrigir", "--help"],
                 []):
        run = rna(*args)
        text = run.stdout + run.stderr
        assert "Uso: " in text and "Opções:" in text and "Mostra esta ajuda e sai." in text
        assert not [word for word in ENGLISH if word in text], text
    assert "Comandos:" in rna("--help").stdout
    assert "Argumentos:" in rna("verificar", "--help").stdout
    corrigir = rna("corrigir", "--help").stdout
    assert "[obrigatório]" in corrigir and "[padrão: notas.csv]" in corrigir
    assert "--saida <caminho>" in corrigir and "--processos <número>" in corrigir


def test_usage_errors_are_in_portuguese():
    cases = {
        ("dica",): "Erro: falta o argumento modulo",
        ("verificar", "--xyz"): "Erro: opção desconhecida: --xyz",
        ("verificar", "--observ"): "(quis dizer --observar?)",
        ("verificar", MODULE, "dot", "outro"): "Erro: argumento a mais: outro",
        ("verificar", MODULE, "dto"): "Erro: m01_produto_escalar não tem a função dto "
                                      "(quis dizer dot?)",
        ("verificar", "ativacao"): "Erro: módulo desconhecido: ativacao "
                                   "(quis dizer m03_ativacoes?)",
        ("verifica",): "Erro: comando desconhecido: verifica (quis dizer verificar?)",
        ("corrigir", ".", "-j", "abc"): "'abc' não é um número inteiro",
        ("verificar", MODULE, "--submissao", "exercises"): "é uma pasta; --submissao recebe "
                                                           "um arquivo",
        ("nada",): "Erro: comando desconhecido: nada",
        ("verificar", "--submissao"): "Erro: a opção --submissao precisa de um valor",
    }
    for args, expected in cases.items():
        run = rna(*args)
        assert run.returncode == 2, (args, run.returncode)
        assert expected in run.stderr, (args, run.stderr)
        assert not [word for word in ENGLISH if word in run.stderr], run.stderr
        assert "Traceback" not in run.stderr


def test_one_function_and_short_module_names():
    path = str(solution_path("m03_ativacoes"))
    for name in ("m03", "ativacoes", "3", "m03_ativacoes"):
        run = rna("verificar", name, "relu", "--submissao", path)
        assert run.returncode == 0, (name, run.stdout, run.stderr)
        assert "m03_ativacoes.relu: 2/2" in run.stdout
        assert "softmax" not in run.stdout
