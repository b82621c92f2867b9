"""Relatórios em português: texto (terminal e notebook) e o documento JSON no
formato do Gradescope (`score`, `tests` com `name`, `score`, `max_score`, `output`)."""

from __future__ import annotations

import difflib
import re

from . import results as R
from .results import Failure, FunctionResult, ModuleResult

STATUS_TEXT = {
    R.NOT_IMPLEMENTED: "não implementado",
    R.MISSING: "função não encontrada",
    R.BROKEN: "o seu código quebrou o processo de correção",
    R.GRADER_ERROR: "erro do próprio corretor (não é culpa sua; avise o professor)",
}
MAX_VALUE_CHARS = 600
MAX_LIST_ITEMS = 6  # listas maiores (lotes, históricos de perda) saem resumidas

# O endereço do site publicado: o `site_url` do mkdocs.yml (que não vai na
# roda do aluno; tests/test_retorno.py confere que os dois são iguais).
SITE_URL = "https://rna-curso.github.io/rna/"
OFFLINE_NOTE = ("Sem internet? No repositório do curso, `mkdocs build` e abra "
                "site_build/index.html (ou `python -m http.server -d site_build`).")

# Os nomes das partes das tuplas que as funções devolvem, como no enunciado:
# "`dweights` (item 1)" em vez de "o item 1 de o resultado".
RETURN_NAMES = {
    "dense_backward": ("dinputs", "dweights", "dbiases"),
    "momentum_update": ("novo param", "nova velocity"),
    "adam_update": ("novo param", "novo m", "novo v"),
    "early_stopping_epoch": ("best_epoch", "época em que parou"),
    "conv2d_backward": ("dinputs", "dfilters", "dbiases"),
    "lstm_step": ("h_t", "c_t"),
    "rnn_step_backward": ("dx", "dh_prev", "dWx", "dWh", "db"),
}


def page_url(page: str) -> str:
    """O endereço da página no site publicado (páginas .html, com a âncora)."""
    path, _, anchor = page.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return SITE_URL + path + (f"#{anchor}" if anchor else "")


# Mantido com o nome antigo: o que o relatório mostra em "leia:".
page_path = page_url


def name_parts(text: str, function: str) -> str:
    """Troca "o item i de o resultado" pelo nome da parte devolvida."""
    names = RETURN_NAMES.get(function)

    def replace(found):
        i = int(found.group(1))
        if names is None or i >= len(names):
            return f"o item {i} do resultado"
        return f"`{names[i]}` (item {i} do resultado)"

    return re.sub(r"o item (\d+) de o resultado", replace, text)


def points(value: float) -> str:
    return f"{value:g}"


def format_value(value) -> str:
    # Importado aqui: `rna` inicia o processo do aprendiz antes de importar o
    # NumPy (ver `LearnerProcess.launch`); quando há valores, ele já está lá.
    import numpy as np

    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, separator=", ", threshold=60,
                               max_line_width=88)
        text = f"{text}  (forma {tuple(value.shape)})"
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, dict) and "__unsupported__" in value:
        text = f"<{value['__unsupported__']}>"
    elif isinstance(value, tuple):
        text = "(" + ", ".join(format_value(v) for v in value) + ")"
    elif isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        text = _long_list(value)
    else:
        text = repr(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[:MAX_VALUE_CHARS] + " …"
    return text


def _long_list(value: list) -> str:
    """Uma lista longa (lotes, perdas por época): o começo, o fim e o tamanho,
    sem montar o texto da lista inteira (uma de 99 mil itens leva segundos)."""
    import numpy as np

    n = len(value)
    if all(isinstance(v, np.ndarray) for v in value[:MAX_LIST_ITEMS]):
        shapes = ", ".join(f"forma {tuple(v.shape)}" for v in value[:3])
        return f"lista de {plural(n, 'array', 'arrays')}: [{shapes}, …]"
    head = ", ".join(format_value(v) for v in value[:3])
    tail = ", ".join(format_value(v) for v in value[-2:])
    return f"[{head}, …, {tail}]  ({plural(n, 'item', 'itens')})"


def plural(n: int, one: str, many: str) -> str:
    """Concordância: "1 lote", "3 lotes"."""
    return f"{n} {one if n == 1 else many}"


# As mensagens das verificações montam "{n} lotes" com qualquer n: com n = 1,
# o relatório acerta a concordância ("1 lote", "1 amostra").
SINGULAR = {"lotes": "lote", "amostras": "amostra", "épocas": "época", "linhas": "linha",
            "colunas": "coluna", "valores": "valor", "elementos": "elemento",
            "números": "número", "passos": "passo", "classes": "classe", "itens": "item"}
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (" + "|".join(SINGULAR) + r")\b")


# Uma convenção para os números: o ponto decimal, como o Python os escreve e
# o aprendiz os digita (os valores esperados e recebidos vêm assim). As notas
# das verificações escritas com vírgula ("rate = 0,4") passam ao ponto; uma
# vírgula entre colchetes ou parênteses ([1,2], f(3,6)) separa itens e fica.
_DECIMAL_COMMA = re.compile(r"(?<![\[(,\d])(\d+),(\d+)(?![,\d])")


def agree(text: str) -> str:
    """Concordância de número e o ponto decimal nas mensagens."""
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    return _ONE_PLURAL.sub(lambda found: f"1 {SINGULAR[found.group(1)]}", text)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def failure_lines(failure: Failure, function: str = "", shown_hints: set | None = None
                  ) -> list[str]:
    lines = [agree(name_parts(failure.title, function))]
    if failure.inputs:
        lines.append("menor entrada que falha:")
        for name, value in failure.inputs:
            lines.append(_indent(_assign(name, value), "    "))
    if failure.has_values:
        lines += _values_lines(failure.expected, failure.received, function)
    for hint in failure.hints:
        # Uma explicação (ex.: a de um TypeError) uma vez por função.
        if shown_hints is not None:
            if hint in shown_hints:
                continue
            shown_hints.add(hint)
        lines.append(f"provável erro: {agree(name_parts(hint, function))}")
    return lines


def _failure_key(failure: Failure) -> str:
    # O mesmo erro levantado em vários testes ("exemplo do site: sua função
    # levantou TypeError…" e "sua função levantou TypeError…") é uma falha só.
    raised = failure.title.find("sua função levantou")
    return failure.title[raised:] if raised >= 0 else failure.title


def _assign(name: str, value, sep: str = " = ") -> str:
    """`nome = valor`, com as linhas seguintes de um array alinhadas sob a primeira."""
    first, *rest = format_value(value).splitlines() or [""]
    pad = " " * (len(name) + len(sep))
    return "\n".join([f"{name}{sep}{first}", *(pad + line for line in rest)])


def _values_lines(expected, received, function: str) -> list[str]:
    """Esperado × recebido; uma tupla (dinputs, dweights, dbiases) parte a
    parte, com o nome de cada uma, em vez de três arrays numa linha só."""
    parts = isinstance(expected, tuple) and isinstance(received, (tuple, list)) \
        and len(received) == len(expected)
    if not parts:
        return [_assign("esperado", expected, ": "), _assign("recebido", received, ": ")]
    names = RETURN_NAMES.get(function) or ()
    lines = []
    for label, value in (("esperado", expected), ("recebido", received)):
        lines.append(f"{label}:")
        for i, part in enumerate(value):
            name = names[i] if i < len(names) else f"item {i}"
            lines.append(_indent(_assign(name, part), "    "))
    return lines


def function_text(result: FunctionResult) -> str:
    """Todo o retorno de uma função, em texto corrido."""
    head = f"{result.test_name}: {points(result.score)}/{points(result.max_points)}"
    if result.status in STATUS_TEXT:
        lines = [f"{head} — {STATUS_TEXT[result.status]}"]
        if result.status != R.NOT_IMPLEMENTED and result.message:
            lines.append(_indent(agree(result.message), "  "))
        if result.status == R.NOT_IMPLEMENTED:
            lines.append("  apague `raise NotImplementedError()` e escreva a função.")
    else:
        lines = [head]
        seen: dict[str, str] = {}  # falha → o primeiro teste que a mostrou
        hints: set = set()
        for test in result.tests:
            mark = "✔" if test.passed else "✘"
            failure = test.failure
            key = _failure_key(failure) if failure is not None else None
            if key in seen:
                # A mesma falha em outro teste: uma vez só, com o nome do primeiro.
                lines.append(f"  {mark} {agree(test.name)} (a mesma falha de «{agree(seen[key])}»)")
                continue
            lines.append(f"  {mark} {agree(test.name)}")
            if failure is not None:
                seen[key] = test.name
                lines.extend(_indent(line, "      ")
                             for line in failure_lines(failure, result.function, hints))
    if result.score < result.max_points:
        lines.append(f"  leia: {page_url(result.page)}")
    return "\n".join(lines)


KERNEL = "<notebook>"  # a submissão das células já rodadas no kernel (notebook.py)


def is_notebook(module: ModuleResult) -> bool:
    return module.submission.endswith(".ipynb") or module.submission == KERNEL


def _real_errors(module: ModuleResult) -> list[dict]:
    # Um esboço ainda não escrito não é erro do aprendiz: ele já aparece como
    # "não implementado" na função.
    return [e for e in module.load_errors if e.get("type") != "NotImplementedError"]


def cell_labels(nb: dict) -> list[str]:
    """Como o aprendiz acha cada célula corrigida de um .ipynb (as de código,
    sem as de teste, na ordem do corretor): o [n] que o Jupyter mostra ao lado
    dela, quando o notebook foi salvo depois de rodá-la; senão, a posição
    entre todas as células de código do notebook (as de teste contam: o
    aprendiz as vê)."""
    from .submission import is_test_cell

    code = [c for c in nb.get("cells", [])
            if isinstance(c, dict) and c.get("cell_type") == "code"]
    labels = []
    for position, cell in enumerate(code, 1):
        if is_test_cell(cell):
            continue
        count = cell.get("execution_count")
        labels.append(f"célula [{count}]" if isinstance(count, int)
                      else f"célula de código {position}")
    return labels


def annotate(module: ModuleResult, path) -> ModuleResult:
    """Com o arquivo do próprio aprendiz (`rna verificar`, na máquina dele):
    o nome de cada célula com erro como ele a vê e o porquê de cada função não
    encontrada, com os nomes que o arquivo define. Só o `rna verificar` chama:
    na correção de uma turma o relatório não lê o arquivo de novo (a cópia
    registrada na coleta é a que vale, e o arquivo pode ser hostil)."""
    from .submission import SubmissionError, load_cells, read_ipynb

    try:
        sources = [cell.source for cell in load_cells(path)]
        labels = cell_labels(read_ipynb(path)) if str(path).endswith(".ipynb") else []
    except (SubmissionError, OSError):
        return module
    for error in module.load_errors:
        index = error.get("cell")
        if isinstance(index, int) and index < len(labels):
            error["label"] = labels[index]
    return explain_missing(module, sources)


def _place(error: dict, module: ModuleResult) -> str:
    frames = error.get("frames") or []
    line = error.get("line", frames[-1]["line"] if frames else None)
    where = f"linha {line}" if line is not None else ""
    # Num notebook, a célula como o aprendiz a vê (`annotate`); num .py, só a
    # linha do arquivo.
    cell = ""
    index = error.get("cell")
    if is_notebook(module) and isinstance(index, int):
        if error.get("kernel"):  # no kernel, `cell` já vem como o [n] do Jupyter
            cell = f"célula [{index + 1}]"
        else:
            cell = error.get("label") or f"célula de código {index + 1}"
    return ", ".join(p for p in (cell, where) if p)


def load_error_lines(module: ModuleResult) -> list[str]:
    lines = []
    for error in _real_errors(module):
        frames = error.get("frames") or []
        code = error.get("code") or (frames[-1]["code"] if frames else "")
        text = f"{error['type']}: {error['message']}" if error["message"] else error["type"]
        place = _place(error, module)
        lines.append((f"{place}: " if place else "") + text
                     + (f"  →  {code}" if code else ""))
        hint = _load_hint(error)
        if hint:
            lines.append(f"  provável erro: {hint}")
    return lines


def _load_hint(error: dict) -> str | None:
    from .engine import error_hint  # as mesmas explicações das chamadas

    return error_hint(error)


def defined_names(sources: list[str]) -> list[str]:
    """As funções e classes que o código define (para sugerir o nome certo)."""
    import ast

    names = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # uma célula que nem compila (ou hostil): sem nomes dela
        names += [n.name for n in ast.walk(tree)
                  if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    return names


def missing_reason(module: ModuleResult, function: str,
                   sources: list[str] | None = None) -> str:
    """Por que a função não foi encontrada: um erro ao carregar, um nome
    parecido, ou (num notebook) a célula que não rodou."""
    errors = _real_errors(module)
    names = defined_names(sources or [])
    syntax = [e for e in errors if e["type"] in ("SyntaxError", "IndentationError", "TabError")]
    # A função está escrita (ou numa célula que nem compila) mas não chegou a
    # existir: o erro ao carregar é a causa.
    if errors and (function in names or syntax):
        return _blame(module, (syntax or errors)[0])
    close = difflib.get_close_matches(function, names, n=1)
    if close:
        return f"o seu código define `{close[0]}`: quis dizer `{function}`? O nome tem de ser igual."
    if errors:
        return _blame(module, errors[0])
    if module.submission == KERNEL:
        return (f"rode primeiro a célula onde está `def {function}` (Shift+Enter) e depois "
                "esta; se ela já rodou, confira o nome da função.")
    if is_notebook(module):
        # `rna verificar` lê o arquivo salvo e roda todas as células sozinho.
        return (f"escreva `def {function}(...)` na célula indicada do notebook, sem mudar o "
                "nome, e salve o notebook (Ctrl+S): o rna lê o arquivo salvo.")
    return f"escreva `def {function}(...)` no arquivo, com exatamente esse nome."


def _blame(module: ModuleResult, error: dict) -> str:
    place = _place(error, module)
    return (f"provavelmente por causa do {error['type']} "
            f"{'(' + place + ')' if place else 'ao carregar o arquivo'}: "
            "corrija esse erro (ver \"Erros ao executar o seu código\") e rode de novo.")


def explain_missing(module: ModuleResult, sources: list[str] | None = None) -> ModuleResult:
    """Acrescenta à mensagem de cada função não encontrada o porquê."""
    for function in module.functions:
        if function.status == R.MISSING and "\n" not in function.message:
            function.message += "\n" + missing_reason(module, function.function, sources)
    return module


def untouched(module: ModuleResult) -> bool:
    """O notebook como veio: nenhuma função escrita, nenhum erro."""
    return (all(f.status == R.NOT_IMPLEMENTED for f in module.functions)
            and not _real_errors(module))


def module_text(module: ModuleResult, compact: bool = False) -> str:
    """O relatório do módulo. `compact`: um módulo ainda não começado vira uma
    linha só (o primeiro `rna verificar` de todos os módulos)."""
    head = (f"{module.module} — {module.title}: "
            f"{points(module.score)}/{points(module.max_score)} pontos")
    if compact and untouched(module):
        n = len(module.functions)
        return f"{head} — {plural(n, 'função', 'funções')} a escrever, nenhuma começada ainda"
    explain_missing(module)
    parts = [head]
    errors = load_error_lines(module)
    if errors:
        rest = " (as outras células rodaram)" if is_notebook(module) else ""
        parts.append(f"Erros ao executar o seu código{rest}:")
        parts.extend(f"  {line}" for line in errors)
    parts.extend(function_text(f) for f in module.functions)
    return "\n".join(parts)


def gradescope(modules: list[ModuleResult]) -> dict:
    tests = []
    for module in modules:
        load = load_error_lines(module)
        explain_missing(module)
        for function in module.functions:
            output = function_text(function)
            if load and function.score < function.max_points:
                output += "\nErros ao executar o seu código:\n" + "\n".join(load)
            tests.append({
                "name": function.test_name,
                "score": function.score,
                "max_score": function.max_points,
                "status": "passed" if function.score == function.max_points else "failed",
                "output": output,
            })
    return {
        "score": round(sum(m.score for m in modules), 2),
        "max_score": round(sum(m.max_score for m in modules), 2),
        "output": "; ".join(f"{m.module}: {points(m.score)}/{points(m.max_score)}"
                            for m in modules),
        "tests": tests,
    }
