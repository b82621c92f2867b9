"""Relatórios em português: texto (terminal e notebook) e o documento JSON no
formato do Gradescope (`score`, `tests` com `name`, `score`, `max_score`, `output`)."""

from __future__ import annotations

from . import results as R
from .results import Failure, FunctionResult, ModuleResult

STATUS_TEXT = {
    R.NOT_IMPLEMENTED: "não implementado",
    R.MISSING: "função não encontrada",
    R.BROKEN: "o seu código quebrou o processo de correção",
    R.GRADER_ERROR: "erro do próprio corretor (não é culpa sua; avise o professor)",
}
MAX_VALUE_CHARS = 600


def page_path(page: str) -> str:
    """O arquivo do site (no repositório) e a âncora da seção."""
    return f"site/{page}"


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
    else:
        text = repr(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[:MAX_VALUE_CHARS] + " …"
    return text


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def failure_lines(failure: Failure) -> list[str]:
    lines = [failure.title]
    if failure.inputs:
        lines.append("menor entrada que falha:")
        for name, value in failure.inputs:
            lines.append(_indent(f"{name} = {format_value(value)}", "    "))
    if failure.has_values:
        lines.append(_indent(f"esperado: {format_value(failure.expected)}", ""))
        lines.append(_indent(f"recebido: {format_value(failure.received)}", ""))
    for hint in failure.hints:
        lines.append(f"provável erro: {hint}")
    return lines


def function_text(result: FunctionResult) -> str:
    """Todo o retorno de uma função, em texto corrido."""
    head = f"{result.test_name}: {points(result.score)}/{points(result.max_points)}"
    if result.status in STATUS_TEXT:
        lines = [f"{head} — {STATUS_TEXT[result.status]}"]
        if result.status != R.NOT_IMPLEMENTED and result.message:
            lines.append(f"  {result.message}")
        if result.status == R.NOT_IMPLEMENTED:
            lines.append("  apague `raise NotImplementedError()` e escreva a função.")
    else:
        lines = [head]
        for test in result.tests:
            mark = "✔" if test.passed else "✘"
            lines.append(f"  {mark} {test.name}")
            if test.failure is not None:
                lines.extend(_indent(line, "      ") for line in failure_lines(test.failure))
    if result.score < result.max_points:
        lines.append(f"  leia: {page_path(result.page)}")
    return "\n".join(lines)


def load_error_lines(module: ModuleResult) -> list[str]:
    lines = []
    for error in module.load_errors:
        where = f"linha {error['line']}" if "line" in error else ""
        frames = error.get("frames") or []
        if frames and not where:
            where = f"linha {frames[-1]['line']}"
        cell = f"célula de código {error['cell'] + 1}" if "cell" in error else ""
        place = ", ".join(p for p in (cell, where) if p)
        code = error.get("code") or (frames[-1]["code"] if frames else "")
        text = f"{error['type']}: {error['message']}" if error["message"] else error["type"]
        lines.append(f"{place}: {text}" + (f"  →  {code}" if code else ""))
    return lines


def module_text(module: ModuleResult) -> str:
    parts = [f"{module.module} — {module.title}: "
             f"{points(module.score)}/{points(module.max_score)} pontos"]
    errors = load_error_lines(module)
    if errors:
        parts.append("Erros ao executar o seu código (as outras células rodaram):")
        parts.extend(f"  {line}" for line in errors)
    parts.extend(function_text(f) for f in module.functions)
    return "\n".join(parts)


def gradescope(modules: list[ModuleResult]) -> dict:
    tests = []
    for module in modules:
        load = load_error_lines(module)
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
