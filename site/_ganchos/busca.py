"""Busca em português: acentos opcionais e trechos sem LaTeX cru.

Hook do MkDocs (veja `hooks:` no `mkdocs.yml`). O plugin de busca do Material
(lunr) não dobra acentos: "retropropagacao" não encontra "retropropagação".
Como o lunr.js não translitera (mkdocs/mkdocs#2128), este hook reescreve o
índice depois do plugin de busca (`on_post_build`, que roda depois dos plugins
com a mesma prioridade):

- cada documento ganha os campos `titulo_sem_acento` e `texto_sem_acento`
  (mesmos pesos de título e texto) com o texto sem diacríticos; o cliente do
  Material indexa todos os campos listados em `config.fields`, e a consulta
  sem acento passa a casar com eles;
- nesses campos, cada plural em -ões ganha também o singular em -ao
  ("funcoes" -> "funcoes funcao"): a busca só completa prefixos, e
  "funcao" não é prefixo de "funcoes";
- as fórmulas do texto, que o trecho do resultado mostraria cruas
  (`\\(\\frac{\\partial L}{\\partial w}\\)`), viram texto legível (∂L/∂w); as
  fórmulas em bloco saem do trecho.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

CAMPOS_SEM_ACENTO = {"title": "titulo_sem_acento", "text": "texto_sem_acento"}

# Comandos do LaTeX que têm um símbolo Unicode equivalente.
SIMBOLOS = {
    "partial": "∂", "sum": "Σ", "prod": "Π", "cdot": "·", "times": "×",
    "nabla": "∇", "infty": "∞", "leq": "≤", "geq": "≥", "neq": "≠",
    "approx": "≈", "to": "→", "rightarrow": "→", "leftarrow": "←", "in": "∈",
    "odot": "⊙", "log": "log", "exp": "exp", "max": "max", "min": "min",
    "tanh": "tanh", "sigma": "σ", "alpha": "α", "beta": "β", "gamma": "γ",
    "delta": "δ", "epsilon": "ε", "eta": "η", "lambda": "λ", "mu": "μ",
    "theta": "θ", "rho": "ρ", "tau": "τ", "Delta": "Δ", "Sigma": "Σ",
    "ldots": "…", "dots": "…", "cdots": "…", "top": "ᵀ", "mathbb": "",
}

_BLOCO = re.compile(r"\\\[.*?\\\]|\$\$.*?\$\$", re.S)
_EM_LINHA = re.compile(r"\\\((.*?)\\\)", re.S)
_FRACAO = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_TEXTO = re.compile(r"\\(?:text|mathrm|mathbf|boldsymbol|operatorname|mathit)\{([^{}]*)\}")
_INDICE = re.compile(r"([_^])\{([^{}]*)\}")
_COMANDO = re.compile(r"\\([A-Za-z]+)")
_PLURAL_OES = re.compile(r"\b(\w+)oes\b")


def sem_acento(texto: str) -> str:
    """'Retropropagação' -> 'Retropropagacao' (tira só os diacríticos)."""
    return "".join(c for c in unicodedata.normalize("NFD", texto) if not unicodedata.combining(c))


def para_busca(texto: str) -> str:
    """Texto do campo sem acento: sem diacríticos e com o singular de -ões."""
    return _PLURAL_OES.sub(r"\1oes \1ao", sem_acento(texto))


def formula_legivel(latex: str) -> str:
    """LaTeX curto -> texto para o trecho do resultado: \\frac{a}{b} -> a/b."""
    anterior = None
    while anterior != latex:  # frações e \text aninhados saem de dentro para fora
        anterior = latex
        latex = _FRACAO.sub(r"\1/\2", latex)
        latex = _TEXTO.sub(r"\1", latex)
        latex = _INDICE.sub(r"\1\2", latex)
    latex = _COMANDO.sub(lambda m: SIMBOLOS.get(m[1], ""), latex)
    latex = latex.replace("\\,", " ").replace("\\;", " ").replace("\\!", "").replace("\\", "")
    latex = re.sub(r"[{}]", "", latex)
    return re.sub(r"\s+", " ", latex).strip()


def limpar_texto(texto: str) -> str:
    texto = _BLOCO.sub(" ", texto)
    texto = _EM_LINHA.sub(lambda m: formula_legivel(m[1]), texto)
    return re.sub(r"[ \t]{2,}", " ", texto)


def reescrever_indice(indice: dict) -> dict:
    campos = indice["config"]["fields"]
    for original, novo in CAMPOS_SEM_ACENTO.items():
        campos[novo] = dict(campos.get(original, {"boost": 1.0}))
    for doc in indice["docs"]:
        doc["text"] = limpar_texto(doc.get("text", ""))
        for original, novo in CAMPOS_SEM_ACENTO.items():
            dobrado = para_busca(doc.get(original, ""))
            if dobrado != doc.get(original, ""):
                doc[novo] = dobrado
    return indice


def on_post_build(config, **kwargs):
    caminho = Path(config["site_dir"]) / "search" / "search_index.json"
    if not caminho.is_file():
        return
    indice = json.loads(caminho.read_text(encoding="utf-8"))
    caminho.write_text(json.dumps(reescrever_indice(indice), ensure_ascii=False), encoding="utf-8")
