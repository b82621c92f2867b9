"""A moldura do comando `rna` em português: a ajuda, o uso e os erros de uso.

O typer (e o click, por baixo dele) escreve "Usage", "Options", "Show this
message and exit." e os erros de uso em inglês, sem catálogo de tradução.
Aqui os comandos do typer ganham um formatador e uma ajuda em português
(`Group` e `Command`, passados ao typer com `cls=`), e `usage_error_text`
escreve os erros de uso; as mensagens que o próprio `rna` levanta já vêm
em português.
"""

from __future__ import annotations

import contextlib
import re

import typer
from typer.core import TyperCommand, TyperGroup

# O click que o typer usa (o pacote click ou a cópia dentro do typer): as
# classes saem da hierarquia de `typer.BadParameter`, que é pública.
_ERRORS = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
ClickException = _ERRORS["ClickException"]
UsageError = _ERRORS["UsageError"]
_Context = TyperCommand.context_class

SECTIONS = {"Arguments": "Argumentos", "Options": "Opções", "Commands": "Comandos"}
HELP_OPTION = "Mostra esta ajuda e sai."
# Nas linhas da ajuda: os tipos dos valores e as marcas que o typer acrescenta.
TERMS = {"<path>": "<caminho>", "<str>": "<texto>", "<int>": "<número>"}
MARKS = {"[required]": "[obrigatório]", "[default: ": "[padrão: "}


def _translate(text: str, words: dict) -> str:
    for english, portuguese in words.items():
        text = text.replace(english, portuguese)
    return text


class Formatter(_Context.formatter_class):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Uso: " if prefix is None else prefix)

    def write_dl(self, rows, *args, **kwargs) -> None:
        rows = [(_translate(term, TERMS), _translate(text, MARKS)) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)

    @contextlib.contextmanager
    def section(self, name: str):
        with super().section(SECTIONS.get(name, name)):
            yield


class Context(_Context):
    formatter_class = Formatter


class _Portuguese:
    context_class = Context

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = "[OPÇÕES]"

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option


class Group(_Portuguese, TyperGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "COMANDO [ARGUMENTOS]..."


class Command(_Portuguese, TyperCommand):
    pass


# Erros de uso que o click monta só com texto em inglês: (padrão, tradução).
_MESSAGES = [
    (r"No such command '(.+)'\.\s*Did you mean (.+)\?",
     "comando desconhecido: {0} (quis dizer {1}?)"),
    (r"No such command '(.+)'\.", "comando desconhecido: {0}"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)", "argumento a mais: {0}"),
    (r"Option '(.+)' requires an argument\.", "a opção {0} precisa de um valor"),
    (r"Option '(.+)' does not take a value\.", "a opção {0} não recebe valor"),
]


# O que os tipos do click dizem de um valor que não converte.
_VALUES = [
    (r"'(.*)' is not a valid (?:int|integer)(?: range)?\.", "'{0}' não é um número inteiro"),
    (r"'(.*)' is not a valid float(?: range)?\.", "'{0}' não é um número"),
    (r"'(.*)' is not a valid boolean\.", "'{0}' não é sim/não (true/false)"),
    (r"'(.*)' is not one of (.*)\.", "'{0}' não é um destes: {1}"),
    (r"(?:File|Directory|Path) '(.*)' does not exist\.", "'{0}' não existe"),
]


def _value_message(text: str) -> str:
    for pattern, portuguese in _VALUES:
        found = re.fullmatch(pattern, text)
        if found:
            return portuguese.format(*found.groups())
    return text


def _message(error) -> str:
    kind = type(error).__name__
    param = getattr(error, "param", None)
    if kind == "MissingParameter" and param is not None:
        if param.param_type_name == "argument":
            return f"falta o argumento {param.human_readable_name}"
        return f"falta a opção {' / '.join(param.opts)}"
    if kind == "NoSuchOption":
        text = f"opção desconhecida: {error.option_name}"
        if error.possibilities:
            text += f" (quis dizer {' ou '.join(sorted(error.possibilities))}?)"
        return text
    if kind == "BadParameter":
        hint = error.param_hint or (param.get_error_hint(error.ctx) if param else None)
        message = _value_message(error.message)
        return f"valor inválido para {hint}: {message}" if hint else message
    for pattern, text in _MESSAGES:
        found = re.fullmatch(pattern, error.message, flags=re.DOTALL)
        if found:
            # As sugestões do typer vêm entre aspas ('verificar', 'dica').
            return text.format(*(g.replace("'", "").replace(", ", " ou ")
                                 for g in found.groups()))
    return error.format_message()


def usage_error_text(error) -> str:
    """O que o `rna` escreve (na saída de erro) para um erro de uso."""
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
        return ctx.get_help()  # `rna` sem comando: a ajuda
    lines = []
    if ctx is not None:
        lines += [ctx.get_usage(), f"Ajuda: {ctx.command_path} --help", ""]
    return "\n".join(lines + [f"Erro: {_message(error)}"])
