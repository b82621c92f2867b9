"""Textos vindos do código do aprendiz, prontos para um terminal, um arquivo
ou um JSON.

Uma mensagem de exceção, um `print` ou o nome de um arquivo enviado pode ter
surrogates sozinhos ("\\ud800", que não existem em UTF-8 e derrubam a escrita),
sequências de escape do terminal (apagar a tela, mudar o título, esconder
texto) e caracteres de controle bidirecionais (que invertem o que se lê).
`clean` troca cada um por um símbolo visível; nada mais muda.
"""

from __future__ import annotations

import re

# ESC seguido de uma sequência CSI/OSC/... inteira, depois qualquer controle
# solto (C0 menos \t e \n, DEL, C1), surrogates e controles bidirecionais.
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def clean(text: str, limit: int | None = None) -> str:
    """`text` sem surrogates, escapes nem controles (cada um vira "�")."""
    if not isinstance(text, str):
        text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    text = text.replace("\r\n", "\n")
    text = _ESCAPE.sub("\ufffd", text)
    return _UNSAFE.sub("\ufffd", text)


def clean_tree(value):
    """`clean` em todo texto de um dado (dicionários, listas)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_tree(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean_tree(v) for k, v in value.items()}
    return value
