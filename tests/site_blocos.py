"""Extrai os blocos de código das páginas do site (usado por test_site.py).

Regras do site:
- todo bloco ```python (ou ```py / ```python3) é um programa completo que roda
  sozinho com numpy/matplotlib;
- um bloco ```text title="Saída" logo depois dele (só linhas em branco entre
  os dois) é a saída esperada, comparada com o stdout do programa.

Uso direto (mostra a saída de cada bloco, útil ao escrever páginas):

    python tests/site_blocos.py site/conceitos/camada-densa.md
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

LINGUAGENS_PYTHON = {"python", "py", "python3"}
_ABERTURA = re.compile(r"^(?P<recuo>[ \t]*)(?P<cerca>`{3,}|~{3,})[ \t]*(?P<ling>[\w+-]*)(?P<resto>.*)$")


@dataclass
class Bloco:
    arquivo: Path
    linha: int  # linha da cerca de abertura (1 = primeira)
    linguagem: str
    atributos: str
    codigo: str
    saida_esperada: str | None = None

    @property
    def nome(self) -> str:
        return f"{self.arquivo.as_posix()}:{self.linha}"


def blocos_do_arquivo(arquivo: Path, raiz: Path | None = None) -> list[Bloco]:
    linhas = arquivo.read_text(encoding="utf-8").splitlines()
    nome = arquivo.relative_to(raiz) if raiz else arquivo
    blocos: list[Bloco] = []
    fim_anterior = -10
    i = 0
    while i < len(linhas):
        m = _ABERTURA.match(linhas[i])
        if not m:
            i += 1
            continue
        recuo, cerca = m["recuo"], m["cerca"]
        fechamento = re.compile(rf"^{re.escape(recuo)}{re.escape(cerca[0])}{{{len(cerca)},}}[ \t]*$")
        j = i + 1
        while j < len(linhas) and not fechamento.match(linhas[j]):
            j += 1
        corpo = [linha[len(recuo):] if linha.startswith(recuo) else linha.lstrip() for linha in linhas[i + 1 : j]]
        bloco = Bloco(nome, i + 1, m["ling"].lower(), m["resto"].strip(), textwrap.dedent("\n".join(corpo)) + "\n")
        anterior = blocos[-1] if blocos else None
        entre = linhas[fim_anterior + 1 : i]
        if (
            anterior is not None
            and anterior.linguagem in LINGUAGENS_PYTHON
            and bloco.linguagem == "text"
            and re.search(r'title="Saída"', bloco.atributos)
            and all(not t.strip() for t in entre)
        ):
            anterior.saida_esperada = bloco.codigo
        blocos.append(bloco)
        fim_anterior = j
        i = j + 1
    return blocos


def blocos_python(pasta: Path) -> list[Bloco]:
    todos: list[Bloco] = []
    for arquivo in sorted(pasta.rglob("*.md")):
        todos.extend(b for b in blocos_do_arquivo(arquivo, pasta.parent) if b.linguagem in LINGUAGENS_PYTHON)
    return todos


def normalizar(texto: str) -> str:
    return "\n".join(linha.rstrip() for linha in texto.strip().splitlines())


def executar(bloco: Bloco, pasta_trabalho: Path, tempo_limite: float = 60) -> subprocess.CompletedProcess:
    ambiente = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-"],
        input=bloco.codigo,
        capture_output=True,
        text=True,
        timeout=tempo_limite,
        cwd=pasta_trabalho,
        env=ambiente,
    )


if __name__ == "__main__":
    import tempfile

    for caminho in sys.argv[1:]:
        for bloco in blocos_do_arquivo(Path(caminho)):
            if bloco.linguagem not in LINGUAGENS_PYTHON:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                r = executar(bloco, Path(tmp))
            estado = "OK" if r.returncode == 0 else f"ERRO {r.returncode}"
            confere = ""
            if bloco.saida_esperada is not None:
                confere = " saída confere" if normalizar(r.stdout) == normalizar(bloco.saida_esperada) else " SAÍDA DIFERENTE"
            print(f"--- {bloco.nome} [{estado}]{confere}")
            print(r.stdout, end="")
            if r.returncode:
                print(r.stderr)
