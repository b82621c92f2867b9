"""Hook do MkDocs: a edição do aluno (a roda e os notebooks) entra no site,
em downloads/, construída a cada build pelo mesmo `rna pacote-aluno` (nada é
baixado de fora). A página "Baixar os exercícios" usa o nome da roda."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
PASTA = "downloads"
MARCA = "@RODA@"

_EDICAO: dict[str, bytes] = {}


def _construir() -> dict[str, bytes]:
    if not _EDICAO:
        sys.path.insert(0, str(RAIZ))
        from autograder.professor.pacote_aluno import build, course_graded_modules

        with tempfile.TemporaryDirectory(prefix="rna-site-") as tmp:
            edicao = build(Path(tmp), course_graded_modules())
            _EDICAO[edicao.wheel.name] = edicao.wheel.read_bytes()
            _EDICAO["notebooks.zip"] = edicao.zip.read_bytes()
    return _EDICAO


def nome_da_roda() -> str:
    return next(nome for nome in _construir() if nome.endswith(".whl"))


def on_files(files, config):
    from mkdocs.structure.files import File

    for nome, conteudo in _construir().items():
        files.append(File.generated(config, f"{PASTA}/{nome}", content=conteudo))
    return files


def on_page_markdown(markdown, page, config, files):
    return markdown.replace(MARCA, nome_da_roda()) if MARCA in markdown else markdown
