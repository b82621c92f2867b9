"""Testes do site do curso (MkDocs Material em site/, configurado em mkdocs.yml).

O que é verificado:
- `mkdocs build --strict` passa (links, âncoras e figuras validados);
- a configuração não busca nada na rede (sem fontes externas, sem repo_url,
  KaTeX local) e está em português;
- todo bloco ```python das páginas roda sozinho e, quando a página mostra a
  saída num bloco "Saída", imprime exatamente essa saída;
- as páginas e âncoras para as quais o corretor aponta existem;
- as figuras são geradas no build, de forma determinística, e nenhuma imagem
  é versionada em site/;
- no Chromium (Playwright): nenhuma requisição sai de 127.0.0.1, nenhum erro
  de rede, de console ou de página, toda fórmula vira KaTeX, toda imagem
  carrega e a busca em português, com ou sem acentos, põe a página certa
  entre os três primeiros resultados, com trechos sem LaTeX cru;
- a leitura leva à prática: cada página de conceito com exercício termina
  com perguntas "Teste-se" e uma caixa que aponta para o seu módulo, o início
  mostra os doze módulos, as abas e o modo escuro existem;
- o plano do curso cobre 12 semanas, os 12 módulos e pesos que somam 100 %;
- as figuras têm o texto em contornos, vírgula decimal, termos em português e,
  a 390 e a 1280 px de tela, nenhum texto menor que 10 px (as novas são
  fotografadas em build/screenshots/figuras/);
- o site aberto do disco (file://) mostra fórmulas e figuras, segue links e
  busca, sem tocar a rede.

Os testes que precisam do Chromium são pulados quando /usr/bin/chromium não
existe, a menos que RNA_EXIGIR_CHROMIUM=1 (a integração contínua), caso em
que falham.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_blocos import LINGUAGENS_PYTHON, blocos_do_arquivo, blocos_python, executar, normalizar  # noqa: E402

RAIZ = Path(__file__).resolve().parents[1]
DOCS = RAIZ / "site"
MKDOCS_YML = RAIZ / "mkdocs.yml"
CHROMIUM = Path("/usr/bin/chromium")
EXIGIR_CHROMIUM = os.environ.get("RNA_EXIGIR_CHROMIUM") == "1"
CAPTURAS = RAIZ / "build" / "screenshots"
ARGS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]

# Páginas e âncoras que o corretor imprime nas mensagens de erro.
ANCORAS_DO_CORRETOR = {
    "conceitos/produto-escalar.md": ["vetor-vetor", "transposicao", "uma-linha-de-pesos-por-neuronio"],
    "conceitos/camada-densa.md": ["layer-dense", "forward"],
    "conceitos/funcoes-de-ativacao.md": ["degrau", "relu", "sigmoide", "tanh", "softmax"],
    "conceitos/perda.md": ["mse", "entropia-cruzada-binaria", "entropia-cruzada-categorica", "acuracia"],
    "conceitos/retropropagacao.md": [
        "regra-da-cadeia", "relu", "sigmoide", "tanh", "camada-densa",
        "softmax-e-entropia-cruzada", "mse", "gradiente-numerico",
    ],
    "conceitos/otimizacao.md": ["sgd", "momento", "adam", "decaimento-da-taxa"],
    "conceitos/lotes-e-epocas.md": ["lotes", "embaralhamento", "treinamento"],
    "modulos/m01_produto_escalar.md": [],
    "modulos/m02_camada_densa.md": [],
    "modulos/m03_ativacoes.md": [],
    "modulos/m04_perda.md": [],
    "modulos/m05_retropropagacao.md": [],
    "modulos/m06_otimizacao.md": [],
    "modulos/m07_lotes.md": [],
}

# Página de conceito -> módulo em que o assunto vira exercício (a caixa
# "Pratique" no fim da página aponta para ele).
MODULO_DO_CONCEITO = {
    "pesos-e-vies": "m01_produto_escalar",
    "shape-de-arrays": "m01_produto_escalar",
    "produto-escalar": "m01_produto_escalar",
    "camada-densa": "m02_camada_densa",
    "camadas-densa-oculta-esparsa": "m02_camada_densa",
    "funcoes-de-ativacao": "m03_ativacoes",
    "perda": "m04_perda",
    "retropropagacao": "m05_retropropagacao",
    "otimizacao": "m06_otimizacao",
    "lotes-e-epocas": "m07_lotes",
    "overfitting-e-underfitting": "m08_regularizacao",
    "regularizacao": "m08_regularizacao",
    "convolucao": "m09_convolucao",
    "recorrentes": "m10_recorrentes",
    "gan": "m11_gan",
    "projeto-final": "m12_projeto",
}
# Páginas de conceito sem exercício próprio (também terminam com "Teste-se").
CONCEITOS_SEM_MODULO = {"o-que-sao-redes-neurais", "funcionamento", "tipos-de-redes", "pre-requisitos"}

# Consultas que um leitor brasileiro digita -> página que deve estar entre os
# três primeiros resultados. Sem acento, com acento, no plural, em inglês e
# palavras que no texto só aparecem entre parênteses.
CONSULTAS_DE_BUSCA = [
    ("retropropagacao", "conceitos/retropropagacao.html"),
    ("retropropagação", "conceitos/retropropagacao.html"),
    ("funcao de ativacao", "conceitos/funcoes-de-ativacao.html"),
    ("funcoes de ativacao", "conceitos/funcoes-de-ativacao.html"),
    ("vies", "conceitos/pesos-e-vies.html"),
    ("convolucao", "conceitos/convolucao.html"),
    ("sobreajuste", "conceitos/overfitting-e-underfitting.html"),
    ("backpropagation", "conceitos/retropropagacao.html"),
    ("otimizacao", "conceitos/otimizacao.html"),
    ("regularizacao", "conceitos/regularizacao.html"),
    ("epocas", "conceitos/lotes-e-epocas.html"),
    ("glossario", "conceitos/glossario.html"),
]

# Páginas fotografadas para inspeção visual (artefatos em build/screenshots/).
PAGINAS_FOTOGRAFADAS = {
    "index.md",
    "conceitos/produto-escalar.md",
    "conceitos/camada-densa.md",
    "conceitos/shape-de-arrays.md",
    "conceitos/funcoes-de-ativacao.md",
    "conceitos/retropropagacao.md",
}


def _paginas() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "_ganchos" not in p.parts)


def _url_da_pagina(pagina: str) -> str:
    """site/conceitos/perda.md -> conceitos/perda.html (use_directory_urls: false)."""
    return pagina[: -len(".md")] + ".html"


def _html_da_pagina(construido: Path, pagina: str) -> Path:
    return construido / _url_da_pagina(pagina)


# --------------------------------------------------------------------------- #
# Build (uma vez por sessão; compartilhado entre os processos do pytest-xdist)
# --------------------------------------------------------------------------- #


def _construir(destino: Path) -> dict:
    ambiente = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(MKDOCS_YML), "-d", str(destino)],
        cwd=RAIZ, capture_output=True, text=True, timeout=600, env=ambiente,
    )
    return {"returncode": r.returncode, "log": r.stdout + r.stderr, "destino": str(destino)}


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> dict:
    trabalhador = os.environ.get("PYTEST_XDIST_WORKER")
    if not trabalhador:
        return _construir(tmp_path_factory.mktemp("rna-site") / "html")
    import fcntl

    base = tmp_path_factory.getbasetemp().parent / "rna-site-compartilhado"
    base.mkdir(exist_ok=True)
    resultado = base / "resultado.json"
    with open(base / "trava", "w") as trava:
        fcntl.flock(trava, fcntl.LOCK_EX)
        if not resultado.exists():
            resultado.write_text(json.dumps(_construir(base / "html")), encoding="utf-8")
    return json.loads(resultado.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def construido(build) -> Path:
    if build["returncode"] != 0:
        pytest.fail("mkdocs build --strict falhou:\n" + build["log"][-4000:])
    return Path(build["destino"])


def test_build_estrito_passa(build):
    assert build["returncode"] == 0, build["log"][-4000:]
    avisos = [linha for linha in build["log"].splitlines() if re.match(r"^(WARNING|ERROR)\b", linha)]
    assert not avisos, "\n".join(avisos)


# --------------------------------------------------------------------------- #
# Configuração e arquivos (sem build)
# --------------------------------------------------------------------------- #


def _config() -> dict:
    import yaml

    class Carregador(yaml.SafeLoader):
        pass

    # mkdocs.yml pode usar tags !ENV / !relative; não usamos, mas não quebre.
    Carregador.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=Carregador)


def test_configuracao_offline_e_em_portugues():
    config = _config()
    assert config["docs_dir"] == "site"
    assert config["theme"]["name"] == "material"
    assert config["theme"]["language"] == "pt-BR"
    assert config["theme"]["font"] is False, "font: false evita buscar fontes do Google"
    assert "repo_url" not in config, "repo_url faria cada página consultar a API do GitHub"
    buscas = [p for p in config["plugins"] if (p == "search" or (isinstance(p, dict) and "search" in p))]
    assert buscas and isinstance(buscas[0], dict) and buscas[0]["search"]["lang"] == "pt"
    for chave in ("extra_javascript", "extra_css"):
        for item in config.get(chave, []):
            caminho = item if isinstance(item, str) else item["path"]
            assert not re.match(r"^(https?:)?//", caminho), f"{chave} aponta para a rede: {caminho}"
            assert (DOCS / caminho).is_file(), f"{chave}: {caminho} não existe em site/"
    texto = MKDOCS_YML.read_text(encoding="utf-8")
    assert "mermaid" not in texto.lower()
    assert "validation" in config


def test_katex_copiado_com_licenca_e_fontes():
    katex = DOCS / "assets" / "katex"
    for arquivo in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "LICENSE"):
        assert (katex / arquivo).is_file(), arquivo
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    fontes_woff2 = set(re.findall(r"url\(fonts/([\w-]+\.woff2)\)", css))
    assert fontes_woff2, "o CSS do KaTeX deveria referenciar fontes woff2"
    faltando = sorted(f for f in fontes_woff2 if not (katex / "fonts" / f).is_file())
    assert not faltando, f"fontes do KaTeX faltando: {faltando}"


def test_nenhuma_imagem_versionada_em_site():
    imagens = [p for p in DOCS.rglob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}]
    assert not imagens, f"as figuras são geradas no build; não versione imagens: {imagens}"


def test_paginas_do_corretor_e_ancoras_nos_fontes():
    for pagina, ancoras in ANCORAS_DO_CORRETOR.items():
        arquivo = DOCS / pagina
        assert arquivo.is_file(), f"falta {arquivo}"
        texto = arquivo.read_text(encoding="utf-8")
        for ancora in ancoras:
            assert re.search(r"^#+ .*\{#" + re.escape(ancora) + r"\}\s*$", texto, re.M), f"{pagina}#{ancora}"


def test_palavra_retropropagacao_na_pagina():
    assert "retropropagação" in (DOCS / "conceitos" / "retropropagacao.md").read_text(encoding="utf-8")


def test_cercas_de_codigo_com_linguagem_conhecida():
    """Todo bloco declara a linguagem; os não executáveis usam text ou bash."""
    permitidas = LINGUAGENS_PYTHON | {"text", "bash"}
    ruins = []
    for arquivo in DOCS.rglob("*.md"):
        for bloco in blocos_do_arquivo(arquivo, DOCS.parent):
            if bloco.linguagem not in permitidas:
                ruins.append(f"{bloco.nome}: '{bloco.linguagem or '(sem linguagem)'}'")
    assert not ruins, "\n".join(ruins)


def test_linhas_de_codigo_cabem_na_pagina():
    """Linhas de até 80 caracteres não precisam de rolagem horizontal."""
    longas = []
    for arquivo in DOCS.rglob("*.md"):
        for bloco in blocos_do_arquivo(arquivo, DOCS.parent):
            for i, linha in enumerate(bloco.codigo.splitlines(), start=1):
                if len(linha) > 80:
                    longas.append(f"{bloco.nome} (+{i}): {len(linha)} caracteres")
    assert not longas, "\n".join(longas)


# --------------------------------------------------------------------------- #
# Blocos de código Python
# --------------------------------------------------------------------------- #

BLOCOS = blocos_python(DOCS)


def test_ha_blocos_python_suficientes():
    assert len(BLOCOS) >= 40


@pytest.mark.parametrize("bloco", BLOCOS, ids=[b.nome.removeprefix("site/") for b in BLOCOS])
def test_bloco_python_roda(bloco, tmp_path):
    r = executar(bloco, tmp_path, tempo_limite=60)
    assert r.returncode == 0, f"{bloco.nome} falhou:\n{r.stderr[-3000:]}"
    assert "Warning" not in r.stderr, f"{bloco.nome} emitiu avisos:\n{r.stderr[-3000:]}"
    if bloco.saida_esperada is not None:
        assert normalizar(r.stdout) == normalizar(bloco.saida_esperada), (
            f"{bloco.nome}: a saída mostrada na página não confere\n"
            f"--- na página ---\n{bloco.saida_esperada}\n--- obtida ---\n{r.stdout}"
        )


def _saidas_de(pagina: str) -> list[str]:
    return [normalizar(b.saida_esperada) for b in BLOCOS if b.nome.startswith(f"site/{pagina}:") and b.saida_esperada]


@pytest.mark.parametrize(
    "pagina, esperado",
    [
        ("conceitos/produto-escalar.md", "10"),
        ("conceitos/produto-escalar.md", "[ 2.8   -1.79   1.885]"),
        ("conceitos/produto-escalar.md", "[4.8   1.21  2.385]"),
        ("conceitos/camada-densa.md", "[[ 0.148296   -0.08397602]"),
        ("conceitos/perda.md", "1.0986"),
    ],
)
def test_numeros_das_notas_nas_saidas_verificadas(pagina, esperado):
    """Os números do curso aparecem em saídas que test_bloco_python_roda confere."""
    assert any(esperado in saida for saida in _saidas_de(pagina)), f"{esperado!r} não aparece nas saídas de {pagina}"


# --------------------------------------------------------------------------- #
# Site construído (sem navegador)
# --------------------------------------------------------------------------- #


class _Coletor(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.recursos: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        atributos = dict(attrs)
        if "id" in atributos:
            self.ids.add(atributos["id"])
        if tag == "script" and atributos.get("src"):
            self.recursos.append((tag, "src", atributos["src"]))
        if tag == "link" and atributos.get("href") and atributos.get("rel") in ("stylesheet", "preload", "icon", "manifest"):
            self.recursos.append((tag, "href", atributos["href"]))
        if tag in ("img", "iframe", "source", "video", "audio") and atributos.get("src"):
            self.recursos.append((tag, "src", atributos["src"]))


def _coletar(html: Path) -> _Coletor:
    coletor = _Coletor()
    coletor.feed(html.read_text(encoding="utf-8"))
    return coletor


def _referencias_no_corretor() -> set[tuple[str, str]]:
    """Pares (página, âncora) citados pelo corretor e pelos módulos (lidos, não importados)."""
    referencias = set()
    arquivos = [a for pasta in ("autograder", "solutions") for a in sorted((RAIZ / pasta).rglob("*.py"))]
    for arquivo in arquivos:
        texto = arquivo.read_text(encoding="utf-8")
        for pagina, ancora in re.findall(r"((?:conceitos|modulos)/[\w-]+\.md)(?:#([\w-]+))?", texto):
            referencias.add((pagina, ancora))
        constante = re.search(r"^PAGE\s*=\s*['\"]([^'\"]+\.md)['\"]", texto, re.M)
        if constante:
            for ancora in re.findall(r"\{PAGE\}#([\w-]+)", texto):
                referencias.add((constante.group(1), ancora))
    return referencias


def test_referencias_do_corretor_existem_no_site(construido):
    referencias = _referencias_no_corretor()
    if not referencias:
        pytest.skip("o corretor ainda não cita páginas do site")
    faltando = []
    for pagina, ancora in sorted(referencias):
        html = _html_da_pagina(construido, pagina)
        if not html.is_file():
            faltando.append(pagina)
        elif ancora and ancora not in _coletar(html).ids:
            faltando.append(f"{pagina}#{ancora}")
    assert not faltando, f"o corretor aponta para páginas ou âncoras que não existem: {faltando}"


def test_ancoras_do_corretor_no_html(construido):
    for pagina, ancoras in ANCORAS_DO_CORRETOR.items():
        html = _html_da_pagina(construido, pagina)
        assert html.is_file(), f"{pagina} não virou {html}"
        ids = _coletar(html).ids
        faltando = [a for a in ancoras if a not in ids]
        assert not faltando, f"{pagina}: âncoras faltando {faltando}"


def test_nenhum_recurso_externo_no_html_e_css(construido):
    externos = []
    for html in construido.rglob("*.html"):
        for tag, atributo, valor in _coletar(html).recursos:
            if re.match(r"^(https?:)?//", valor):
                externos.append(f"{html.relative_to(construido)}: <{tag} {atributo}={valor}>")
    for css in construido.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8")):
            externos.append(f"{css.relative_to(construido)}: url({url})")
    assert not externos, "\n".join(externos[:20])


def _modulo_figuras():
    spec = importlib.util.spec_from_file_location("rna_site_figuras", DOCS / "_ganchos" / "figuras.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def test_figuras_geradas_no_build_e_deterministicas(construido):
    assert not (construido / "_ganchos").exists(), "o hook não deve ser publicado no site"
    geradas = _modulo_figuras().gerar_todas()
    assert len(geradas) >= 15
    for caminho, conteudo in geradas.items():
        no_site = construido / caminho
        assert no_site.is_file(), f"{caminho} não está no site construído"
        assert no_site.read_text(encoding="utf-8") == conteudo, f"{caminho} mudou entre dois processos"
        assert "<dc:date>" not in conteudo
    usadas = set()
    for arquivo in DOCS.rglob("*.md"):
        usadas.update(re.findall(r"figuras/([\w-]+\.svg)", arquivo.read_text(encoding="utf-8")))
    sem_uso = sorted({Path(c).name for c in geradas} - usadas)
    assert not sem_uso, f"figuras geradas e não usadas em nenhuma página: {sem_uso}"


# --------------------------------------------------------------------------- #
# Navegador (Playwright + Chromium do sistema)
# --------------------------------------------------------------------------- #


class _Silencioso(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def servidor(construido):
    manipulador = functools.partial(_Silencioso, directory=str(construido))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manipulador)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _sem_chromium(motivo: str):
    if EXIGIR_CHROMIUM:
        pytest.fail(f"{motivo} (RNA_EXIGIR_CHROMIUM=1 exige os testes no navegador)")
    pytest.skip(motivo)


@pytest.fixture(scope="session")
def navegador():
    if not CHROMIUM.exists():
        _sem_chromium(f"{CHROMIUM} não existe")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _sem_chromium("playwright não está instalado")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS_CHROMIUM)
        yield browser
        browser.close()


class _Vigia:
    """Bloqueia e registra requisições para fora de 127.0.0.1 e coleta erros."""

    def __init__(self, contexto, pagina, origem: str):
        self.origem = urlparse(origem).netloc
        self.externas: list[str] = []
        self.falhas: list[str] = []
        self.erros_console: list[str] = []
        self.erros_pagina: list[str] = []
        contexto.route("**/*", self._rota)
        pagina.on("requestfailed", lambda req: self.falhas.append(f"{req.url} ({req.failure})"))
        pagina.on("response", self._resposta)
        pagina.on("console", lambda msg: msg.type == "error" and self.erros_console.append(msg.text))
        pagina.on("pageerror", lambda exc: self.erros_pagina.append(str(exc)))

    def _rota(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == self.origem:
            route.continue_()
        else:
            self.externas.append(route.request.url)
            route.abort()

    def _resposta(self, resposta):
        if resposta.status >= 400:
            self.falhas.append(f"{resposta.url} -> HTTP {resposta.status}")

    def verificar(self):
        assert not self.externas, f"requisições para fora de 127.0.0.1: {self.externas}"
        assert not self.falhas, f"requisições com falha: {self.falhas}"
        assert not self.erros_console, f"erros no console: {self.erros_console}"
        assert not self.erros_pagina, f"erros de JavaScript: {self.erros_pagina}"


@pytest.fixture
def aba(navegador, servidor):
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    pagina = contexto.new_page()
    vigia = _Vigia(contexto, pagina, servidor)
    yield pagina, vigia
    contexto.close()


_JS_TEXTO_VISIVEL = """() => {
  const conteudo = document.querySelector('.md-content').cloneNode(true);
  conteudo.querySelectorAll('pre, code, .katex').forEach(e => e.remove());
  return conteudo.innerText;
}"""
_JS_TUDO_KATEX = """() => Array.from(document.querySelectorAll('.arithmatex')).every(e => e.querySelector('.katex'))"""
_JS_LATEX_INVALIDO = """() => {
  const erros = [];
  document.querySelectorAll('.katex annotation[encoding="application/x-tex"]').forEach(a => {
    try { katex.renderToString(a.textContent, {throwOnError: true, strict: 'error'}); }
    catch (e) { erros.push(a.textContent + ' -> ' + e.message); }
  });
  return erros;
}"""
_JS_IMAGENS_PRONTAS = """() => Array.from(document.images).every(i => i.complete)"""


@pytest.mark.parametrize("pagina", _paginas())
def test_pagina_no_navegador(aba, servidor, pagina):
    navegador_pagina, vigia = aba
    navegador_pagina.goto(servidor + _url_da_pagina(pagina), wait_until="load")
    navegador_pagina.wait_for_function(_JS_TUDO_KATEX, timeout=15_000)
    navegador_pagina.wait_for_function(_JS_IMAGENS_PRONTAS, timeout=15_000)
    navegador_pagina.wait_for_load_state("networkidle")
    vigia.verificar()

    assert (navegador_pagina.get_attribute("html", "lang") or "").startswith("pt")
    n_formulas = navegador_pagina.locator(".arithmatex").count()
    assert navegador_pagina.locator(".arithmatex .katex").count() >= n_formulas
    assert navegador_pagina.locator(".katex-error").count() == 0, navegador_pagina.locator(".katex-error").first.inner_text()

    latex_invalido = navegador_pagina.evaluate(_JS_LATEX_INVALIDO)
    assert not latex_invalido, "LaTeX que o KaTeX não aceita (com throwOnError):\n" + "\n".join(latex_invalido)

    texto = navegador_pagina.evaluate(_JS_TEXTO_VISIVEL)
    assert "$$" not in texto, "há $$ cru no texto visível"
    for cru in ("\\(", "\\)", "\\[", "\\]", "\\begin{"):
        assert cru not in texto, f"há LaTeX não renderizado ({cru}) no texto visível"

    larguras = navegador_pagina.evaluate("() => Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])")
    quebradas = [src for src, largura in larguras if not largura]
    assert not quebradas, f"imagens que não carregaram: {quebradas}"
    vigia.verificar()

    if pagina in PAGINAS_FOTOGRAFADAS:
        CAPTURAS.mkdir(parents=True, exist_ok=True)
        nome = pagina[: -len(".md")].replace("/", "_").replace("index", "inicio")
        navegador_pagina.screenshot(path=str(CAPTURAS / f"{nome}.png"), full_page=True)


def test_busca_em_portugues_encontra_retropropagacao(aba, servidor):
    navegador_pagina, vigia = aba
    navegador_pagina.goto(servidor, wait_until="load")
    campo = navegador_pagina.locator("input.md-search__input")
    campo.click()
    campo.press_sequentially("retropropagação", delay=40)
    resultado = navegador_pagina.locator(".md-search-result__item a[href*='conceitos/retropropagacao']")
    resultado.first.wait_for(state="visible", timeout=15_000)
    assert resultado.count() >= 1
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    navegador_pagina.screenshot(path=str(CAPTURAS / "busca-retropropagacao.png"))

    # Abrir o resultado usa a navegação instantânea do Material: as fórmulas da
    # nova página precisam ser renderizadas de novo (inscrição em document$).
    resultado.first.click()
    navegador_pagina.wait_for_url("**/conceitos/retropropagacao.html*", timeout=15_000)
    navegador_pagina.locator("h1", has_text="Retropropagação").wait_for(timeout=15_000)
    navegador_pagina.wait_for_function(_JS_TUDO_KATEX, timeout=15_000)
    assert navegador_pagina.locator(".arithmatex .katex").count() >= 10
    vigia.verificar()


def test_busca_sem_acento_acha_a_pagina_certa(aba, servidor):
    """Cada consulta (com ou sem acento) põe a página esperada entre as três primeiras."""
    navegador_pagina, vigia = aba
    navegador_pagina.goto(servidor, wait_until="load")
    campo = navegador_pagina.locator("input.md-search__input")
    falhas, trechos = [], []
    for consulta, esperada in CONSULTAS_DE_BUSCA:
        campo.click()
        campo.fill("")
        campo.press_sequentially(consulta, delay=20)
        try:
            navegador_pagina.wait_for_function(
                _JS_ESPERADA_NOS_TRES_PRIMEIROS, arg=esperada, timeout=8_000
            )
        except Exception:  # noqa: BLE001 - o relatório abaixo diz o que veio
            primeiros = navegador_pagina.evaluate(_JS_TRES_PRIMEIROS)
            falhas.append(f"{consulta!r}: esperava {esperada}, vieram {primeiros}")
        trechos.extend(navegador_pagina.locator(".md-search-result__item").all_inner_texts())
        if consulta == "funcao de ativacao":
            CAPTURAS.mkdir(parents=True, exist_ok=True)
            navegador_pagina.screenshot(path=str(CAPTURAS / "busca-sem-acento.png"))
    assert not falhas, "\n".join(falhas)
    crus = [t[:160] for t in trechos if re.search(r"\\[(\[]|\\frac|\\partial|\\text\{|\$\$", t)]
    assert not crus, "trechos de resultado com LaTeX cru:\n" + "\n".join(crus)
    vigia.verificar()


# Cada item da lista de resultados é uma página (as seções dela vêm dentro).
_JS_TRES_PRIMEIROS = """() => Array.from(document.querySelectorAll('.md-search-result__item'))
  .slice(0, 3).map(item => new URL(item.querySelector('a').href).pathname)"""
_JS_ESPERADA_NOS_TRES_PRIMEIROS = """(esperada) => Array.from(document.querySelectorAll('.md-search-result__item'))
  .slice(0, 3).some(item => new URL(item.querySelector('a').href).pathname.endsWith('/' + esperada))"""


def test_botao_do_modo_escuro_troca_o_esquema(aba, servidor):
    navegador_pagina, vigia = aba
    navegador_pagina.goto(servidor, wait_until="load")
    esquema = lambda: navegador_pagina.get_attribute("body", "data-md-color-scheme")  # noqa: E731
    antes = esquema()
    navegador_pagina.locator("form[data-md-component=palette] label:visible").first.click()
    navegador_pagina.wait_for_function("(antes) => document.body.dataset.mdColorScheme !== antes", arg=antes)
    assert {antes, esquema()} == {"default", "slate"}
    vigia.verificar()


# --------------------------------------------------------------------------- #
# Busca, leitura que leva à prática, abas e plano do curso (sem navegador)
# --------------------------------------------------------------------------- #


def _modulo_busca():
    spec = importlib.util.spec_from_file_location("rna_site_busca", DOCS / "_ganchos" / "busca.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def test_gancho_da_busca_dobra_acentos_e_limpa_formulas():
    busca = _modulo_busca()
    assert busca.para_busca("Funções de ativação e viés") == "Funcoes Funcao de ativacao e vies"
    assert busca.formula_legivel(r"\frac{\partial L}{\partial w_{ij}}") == "∂ L/∂ w_ij"
    assert busca.formula_legivel(r"\text{dvalues}[n, f]") == "dvalues[n, f]"
    assert busca.limpar_texto(r"antes \[x^2\] e \(e^{-z}\) depois") == "antes e e^-z depois"


def test_indice_de_busca_sem_acento_e_sem_latex(construido):
    indice = json.loads((construido / "search" / "search_index.json").read_text(encoding="utf-8"))
    campos = indice["config"]["fields"]
    assert campos["titulo_sem_acento"] == campos["title"]
    assert campos["texto_sem_acento"] == campos["text"]
    por_local = {d["location"]: d for d in indice["docs"]}
    assert por_local["conceitos/retropropagacao.html"]["titulo_sem_acento"] == "Retropropagacao"
    com_latex = [d["location"] for d in indice["docs"] if re.search(r"\\[(\[]|\\frac|\$\$", d["text"])]
    assert not com_latex, f"LaTeX cru no índice de busca: {com_latex[:10]}"
    separador = re.compile(indice["config"]["separator"])
    assert "sobreajuste" in separador.split("treino (sobreajuste).")


def _artigo(construido: Path, pagina: str) -> str:
    html = _html_da_pagina(construido, pagina).read_text(encoding="utf-8")
    return html[html.index("<article"): html.index("</article>")]


@pytest.mark.parametrize("conceito", sorted(MODULO_DO_CONCEITO.keys() | CONCEITOS_SEM_MODULO))
def test_conceito_termina_com_teste_se_e_pratica(construido, conceito):
    artigo = _artigo(construido, f"conceitos/{conceito}.md")
    assert 'id="teste-se"' in artigo, f"{conceito}: falta a seção Teste-se"
    ultima_secao = artigo[artigo.index('id="teste-se"'):]
    assert "<h2" not in ultima_secao, f"{conceito}: Teste-se deve ser a última seção"
    assert ultima_secao.count('<details class="question"') >= 2, f"{conceito}: menos de duas perguntas"
    modulo = MODULO_DO_CONCEITO.get(conceito)
    if modulo is None:
        return
    caixas = re.findall(r'<div class="admonition example">(.*?)</div>', ultima_secao, re.S)
    assert caixas, f"{conceito}: falta a caixa Pratique no fim"
    assert re.search(rf'href="\.\./modulos/{modulo}\.html"', caixas[-1]), f"{conceito}: a caixa não leva a {modulo}"
    depois_da_caixa = ultima_secao[ultima_secao.rindex('<div class="admonition example">'):]
    assert "<details" not in depois_da_caixa, f"{conceito}: a caixa Pratique deve fechar a página"


def test_inicio_mostra_os_doze_modulos(construido):
    modulos = sorted(p.stem for p in (DOCS / "modulos").glob("m[0-9][0-9]_*.md"))
    assert len(modulos) == 12
    artigo = _artigo(construido, "index.md")
    faltando = [m for m in modulos if f'href="modulos/{m}.html"' not in artigo]
    assert not faltando, f"a tabela do início não leva a {faltando}"


def test_m07_nao_se_diz_o_ultimo_modulo():
    texto = (DOCS / "modulos" / "m07_lotes.md").read_text(encoding="utf-8").lower()
    assert "último módulo" not in texto


def test_tipos_de_redes_liga_cnn_rnn_e_gan(construido):
    artigo = _artigo(construido, "conceitos/tipos-de-redes.md")
    for destino in ("convolucao", "recorrentes", "gan"):
        assert f'href="{destino}.html"' in artigo, f"tipos-de-redes não liga {destino}"


def test_termos_consistentes():
    """Portas (não portões) da LSTM, parada antecipada (não early stopping sozinho)."""
    proprias = [p for p in DOCS.rglob("*.md") if p.name not in ("seguranca.md", "desempenho.md")]
    ruins = []
    for arquivo in proprias:
        texto = arquivo.read_text(encoding="utf-8")
        if re.search(r"\bport[õo]es\b", texto, re.I):
            ruins.append(f"{arquivo.relative_to(DOCS)}: portões (use portas)")
    assert not ruins, "\n".join(ruins)
    glossario = (DOCS / "conceitos" / "glossario.md").read_text(encoding="utf-8")
    for termo in ("retropropagação", "backpropagation", "sobreajuste", "overfitting", "viés", "bias", "porta"):
        assert termo in glossario, f"o glossário não traz {termo}"


def test_abas_modo_escuro_e_site_url(construido):
    config = _config()
    assert "navigation.tabs" in config["theme"]["features"]
    paletas = config["theme"]["palette"]
    assert {p["scheme"] for p in paletas} == {"default", "slate"}
    assert all(p.get("toggle", {}).get("name") for p in paletas), "cada paleta precisa do botão de troca"
    assert re.match(r"^https://[\w.-]+/([\w.-]+/)*$", config["site_url"])
    abas = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', (construido / "index.html").read_text(encoding="utf-8"))
    for aba in ("Conceitos", "Exercícios", "Professor"):
        assert aba in abas, f"falta a aba {aba}: {abas}"


def test_site_para_abrir_do_disco_configurado_sem_rede():
    """Plugin offline com o shim do iframe-worker local (senão viria de um CDN)."""
    config = _config()
    assert "offline" in config["plugins"]
    assert config["use_directory_urls"] is False
    polyfills = config["extra"]["polyfills"]
    assert polyfills and all("iframe-worker" in p and not re.match(r"^(https?:)?//", p) for p in polyfills)
    assert all((DOCS / p).is_file() for p in polyfills)
    assert (DOCS / "assets" / "javascripts" / "iframe-worker" / "LICENSE").is_file()
    texto = (DOCS / "conceitos" / "site-local.md").read_text(encoding="utf-8")
    assert "python -m http.server -d site_build" in texto and "site_build/index.html" in texto
    assert config["site_dir"] == "site_build"


def test_plano_do_curso_cobre_semanas_modulos_e_pesos():
    texto = (DOCS / "professor" / "plano-do-curso.md").read_text(encoding="utf-8")

    def secao(ancora):
        inicio = texto.index("{#" + ancora + "}")
        fim = texto.find("\n## ", inicio)
        return texto[inicio: fim if fim > 0 else None]

    objetivos = secao("objetivos")
    for n, modulo in enumerate(sorted(p.stem for p in (DOCS / "modulos").glob("m[0-9][0-9]_*.md")), start=1):
        assert f"[{n}. " in objetivos and f"{modulo}.md" in objetivos, f"sem objetivos para {modulo}"
    horas = [int(h) for h in re.findall(r"\| (\d+) \|$", objetivos, re.M)]
    assert len(horas) == 12 and f"Total: {sum(horas)} horas." in objetivos
    semanas = re.findall(r"^\| (\d+) \|", secao("cronograma"), re.M)
    assert semanas == [str(i) for i in range(1, 13)]
    pesos = re.findall(r"^\| (?!\*\*Total)[^|]+\| ([\d,]+) % \|$", secao("pesos"), re.M)
    assert sum(float(p.replace(",", ".")) for p in pesos) == 100
    erradas = re.findall(r"^\| (\d+) \|", secao("concepcoes-erradas"), re.M)
    assert erradas == [str(i) for i in range(1, 13)]


# --------------------------------------------------------------------------- #
# Figuras: texto em contornos, vírgula decimal, pt-BR e legíveis no celular
# --------------------------------------------------------------------------- #

FIGURAS_NOVAS = {
    "conceitos/retropropagacao.md": ["grafo-computacional"],
    "conceitos/recorrentes.md": ["rnn-desenrolada", "lstm-celula"],
    "conceitos/convolucao.md": ["cnn-pipeline"],
    "conceitos/gan.md": ["gan-laco"],
    "conceitos/otimizacao.md": ["otimizadores-contorno"],
    "conceitos/projeto-final.md": ["projeto-confusao"],
}


@pytest.fixture(scope="module")
def textos_das_figuras() -> dict[str, list[str]]:
    """Todo texto de cada figura, depois dos ajustes que svg_de aplica."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    figuras = _modulo_figuras()
    textos = {}
    for nome, funcao in sorted(figuras.FIGURAS.items()):
        with plt.rc_context(figuras.ESTILO):
            fig = funcao()
            figuras._padronizar(fig)
            textos[nome] = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
            plt.close(fig)
    return textos


def test_figuras_com_texto_em_contornos_e_fonte_minima(construido):
    figuras = _modulo_figuras()
    for svg in (construido / "figuras").glob("*.svg"):
        conteudo = svg.read_text(encoding="utf-8")
        assert "<text" not in conteudo, f"{svg.name}: texto como <text> depende das fontes do leitor"
        menor = float(re.search(r"menor-fonte-pt=([\d.]+)", conteudo)[1])
        assert menor >= figuras.MENOR_FONTE_PT, f"{svg.name}: fonte de {menor} pt"


def test_figuras_com_virgula_decimal_e_em_portugues(textos_das_figuras):
    ruins = []
    for nome, textos in textos_das_figuras.items():
        for texto in textos:
            # fórmulas e separador de milhar (20.000) não contam
            sem_formula = re.sub(r"\$[^$]*\$|\b\d{1,3}(?:\.\d{3})+\b", "", texto)
            if re.search(r"\d\.\d", sem_formula):
                ruins.append(f"{nome}: {texto!r} (use vírgula decimal)")
            if re.search(r"early stopping|overfitting|underfitting|\bloss\b|\bepoch", texto, re.I):
                ruins.append(f"{nome}: {texto!r} (use o termo em português)")
    assert not ruins, "\n".join(ruins)


def test_figuras_novas_nas_paginas():
    for pagina, nomes in FIGURAS_NOVAS.items():
        texto = (DOCS / pagina).read_text(encoding="utf-8")
        for nome in nomes:
            assert f"../figuras/{nome}.svg" in texto, f"{pagina} não mostra {nome}"


def test_comparacao_de_otimizadores_figura_e_texto_conferem():
    """A figura de contorno e a saída da página contam a mesma história."""
    import numpy as np

    figuras = _modulo_figuras()
    caminhos = figuras.caminhos_otimizadores()
    distancias = {nome: float(np.linalg.norm(c[-1] - figuras.VALE_ALVO)) for nome, c in caminhos.items()}
    assert distancias["momento"] < distancias["SGD"] / 3
    assert distancias["Adam"] < distancias["SGD"] / 3
    saidas = "\n".join(_saidas_de("conceitos/otimizacao.md"))
    for nome, distancia in distancias.items():
        assert re.search(rf"^{nome}:\s+a {distancia:.2f} do mínimo$", saidas, re.M), (
            f"a página não mostra {nome} a {distancia:.2f} do mínimo, como a figura"
        )


def test_curvas_de_perda_sobreajuste_comeca_no_minimo_da_validacao():
    import matplotlib.pyplot as plt
    import numpy as np

    figuras = _modulo_figuras()
    with plt.rc_context(figuras.ESTILO):
        fig = figuras.FIGURAS["curvas-de-perda"]()
        ax = fig.axes[0]
        validacao = next(linha for linha in ax.get_lines() if linha.get_label() == "perda na validação")
        minimo = float(validacao.get_xdata()[int(np.argmin(validacao.get_ydata()))])
        faixas = sorted(p.get_x() for p in ax.patches if hasattr(p, "get_x"))
        plt.close(fig)
    assert minimo in faixas, f"a faixa de sobreajuste deveria começar na época {minimo}: {faixas}"


_JS_FIGURAS_NA_TELA = """() => Array.from(document.querySelectorAll('img.figura-rna')).map(i => ({
  src: i.getAttribute('src'), largura: i.getBoundingClientRect().width }))"""


@pytest.mark.parametrize("largura_tela", [1280, 390])
def test_figuras_legiveis_e_fotografadas(navegador, servidor, construido, largura_tela):
    """Em cada página, o menor texto de cada figura tem pelo menos 10 px na tela.

    As figuras novas são fotografadas em build/screenshots/figuras/ (artefatos).
    """
    figuras = _modulo_figuras()
    paginas = sorted(p for p in _paginas() if "figuras/" in (DOCS / p).read_text(encoding="utf-8"))
    novas = {n for nomes in FIGURAS_NOVAS.values() for n in nomes}
    pasta = CAPTURAS / "figuras"
    pasta.mkdir(parents=True, exist_ok=True)
    contexto = navegador.new_context(viewport={"width": largura_tela, "height": 900}, locale="pt-BR")
    pagina_web = contexto.new_page()
    vigia = _Vigia(contexto, pagina_web, servidor)
    pequenas = []
    try:
        for pagina in paginas:
            pagina_web.goto(servidor + _url_da_pagina(pagina), wait_until="load")
            pagina_web.wait_for_function(_JS_IMAGENS_PRONTAS, timeout=15_000)
            pagina_web.wait_for_load_state("networkidle")
            # a figura larga rola dentro do parágrafo; a página não rola de lado
            largura_pagina = pagina_web.evaluate("() => document.documentElement.scrollWidth")
            if largura_pagina > largura_tela:
                pequenas.append(f"{pagina}: a página inteira tem {largura_pagina} px")
            for figura in pagina_web.evaluate(_JS_FIGURAS_NA_TELA):
                nome = Path(figura["src"]).stem
                svg = (construido / "figuras" / f"{nome}.svg").read_text(encoding="utf-8")
                largura_pt = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)[1])
                menor_pt = float(re.search(r"menor-fonte-pt=([\d.]+)", svg)[1])
                menor_px = figura["largura"] * menor_pt / largura_pt
                if menor_px < figuras.MENOR_TEXTO_PX - 0.05:
                    pequenas.append(f"{pagina} {nome}: {menor_px:.1f} px a {largura_tela} px de tela")
                if nome in novas:
                    imagem = pagina_web.locator(f"img[src$='/{nome}.svg']").first
                    imagem.scroll_into_view_if_needed()
                    imagem.screenshot(path=str(pasta / f"{nome}-{largura_tela}px.png"))
        vigia.verificar()
    finally:
        contexto.close()
    assert not pequenas, "texto de figura pequeno demais:\n" + "\n".join(pequenas)
    assert {p.name for p in pasta.glob(f"*-{largura_tela}px.png")} >= {f"{n}-{largura_tela}px.png" for n in novas}


def test_site_aberto_do_disco(navegador, construido):
    """Aberto como file://, sem servidor: fórmulas, figuras, links e busca funcionam."""
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    pagina = contexto.new_page()
    externas, erros = [], []

    def rota(route):
        if urlparse(route.request.url).scheme in ("http", "https"):
            externas.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    contexto.route("**/*", rota)
    pagina.on("pageerror", lambda exc: erros.append(str(exc)))
    pagina.on("console", lambda msg: msg.type == "error" and erros.append(msg.text))
    try:
        pagina.goto((construido / "index.html").as_uri(), wait_until="load")
        pagina.locator(".md-content a[href='conceitos/retropropagacao.html']").first.click()
        pagina.wait_for_url("**/conceitos/retropropagacao.html*", timeout=15_000)
        pagina.wait_for_function(_JS_TUDO_KATEX, timeout=15_000)
        pagina.wait_for_function(_JS_IMAGENS_PRONTAS, timeout=15_000)
        larguras = pagina.evaluate("() => Array.from(document.images).map(i => i.naturalWidth)")
        assert larguras and all(larguras), "figura que não carregou do disco"
        campo = pagina.locator("input.md-search__input")
        campo.click()
        campo.press_sequentially("convolucao", delay=20)
        pagina.locator(".md-search-result__item a[href*='conceitos/convolucao.html']").first.wait_for(
            state="visible", timeout=15_000
        )
    finally:
        contexto.close()
    assert not externas, f"requisições para a rede: {externas}"
    assert not erros, f"erros no navegador: {erros}"


def _paginas_do_nav(item) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, list):
        return [p for sub in item for p in _paginas_do_nav(sub)]
    return [p for valor in item.values() for p in _paginas_do_nav(valor)]


def test_abas_separam_conceitos_exercicios_e_professor():
    abas = {titulo: _paginas_do_nav(conteudo) for item in _config()["nav"] for titulo, conteudo in item.items()}
    conceitos = {p for p in abas["Conceitos"] if p.startswith("conceitos/")}
    assert conceitos == {p for p in _paginas() if p.startswith("conceitos/")}
    assert abas["Exercícios"] == ["modulos/index.md", "modulos/baixar.md"] + sorted(
        p for p in _paginas() if re.match(r"modulos/m\d\d_", p)
    ), "os módulos, em ordem, na aba Exercícios"
    assert all(p.startswith("professor/") for p in abas["Professor"])
    assert "professor/plano-do-curso.md" in abas["Professor"]


@pytest.mark.parametrize(
    "pagina, proxima",
    [
        ("conceitos/produto-escalar.md", "camada-densa.html"),
        ("modulos/m07_lotes.md", "m08_regularizacao.html"),
        ("modulos/m11_gan.md", "m12_projeto.html"),
    ],
)
def test_proxima_pagina_segue_a_trilha(construido, pagina, proxima):
    html = _html_da_pagina(construido, pagina).read_text(encoding="utf-8")
    seguinte = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', html)
    assert seguinte and seguinte[1] == proxima, f"{pagina}: próxima é {seguinte and seguinte[1]}"


# --------------------------------------------------------------------------- #
# Baixar os exercícios: a edição do aluno vem com o site
# --------------------------------------------------------------------------- #


def test_pagina_de_download_aponta_para_a_edicao_do_aluno(construido):
    import zipfile

    pagina = (construido / "modulos" / "baixar.html").read_text(encoding="utf-8")
    alvos = re.findall(r'href="\.\./(downloads/[^"]+)"', pagina)
    rodas = [a for a in alvos if a.endswith(".whl")]
    assert rodas and "downloads/notebooks.zip" in alvos
    for alvo in set(alvos):
        assert (construido / alvo).is_file(), alvo
    with zipfile.ZipFile(construido / rodas[0]) as roda:
        nomes = roda.namelist()
    assert "autograder/edicao.json" in nomes
    assert not [n for n in nomes if "/professor/" in n]
    with zipfile.ZipFile(construido / "downloads" / "notebooks.zip") as notebooks:
        assert len([n for n in notebooks.namelist() if n.endswith(".ipynb")]) == 12
    for sistema in ("Linux e macOS", "Windows"):
        assert sistema in pagina
