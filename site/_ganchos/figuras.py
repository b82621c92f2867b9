"""Figuras do site, desenhadas com matplotlib no momento do build.

Este arquivo é um *hook* do MkDocs (veja `hooks:` no `mkdocs.yml`). Em
`on_files` ele desenha cada figura em SVG e a acrescenta ao site com
`File.generated(...)`: nenhuma imagem é gravada em `site/` nem versionada no
git, e a validação `--strict` enxerga as figuras como arquivos do site.

As figuras são determinísticas (backend Agg, `svg.hashsalt` fixo, sem data
nos metadados e dados aleatórios com semente fixa): dois builds geram bytes
idênticos.

Legíveis em qualquer máquina e no celular:
- o texto vira contorno (`svg.fonttype = "path"`): a figura não depende de o
  leitor ter a DejaVu Sans (sem ela, os rótulos caíam numa fonte serifada e
  os índices se desmontavam);
- nenhum texto menor que `MENOR_FONTE_PT` e os números dos eixos com vírgula
  decimal (`FormatadorBR`), ajustados em `svg_de` para todas as figuras;
- cada SVG leva num comentário a sua menor fonte; `on_page_content` dá a cada
  `<img>` de figura a largura mínima em que esse texto fica com
  `MENOR_TEXTO_PX` pixels, e o CSS (extra.css) só a aplica em telas
  estreitas, onde a figura rola de lado em vez de encolher até ficar ilegível.

Para ver uma figura sem construir o site:

    python site/_ganchos/figuras.py /tmp/figuras
"""

from __future__ import annotations

import functools
import io
import math
import re
import sys
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Polygon, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import ScalarFormatter  # noqa: E402

PASTA = "figuras"

AZUL = "#1e88e5"
LARANJA = "#fb8c00"
VERDE = "#43a047"
VERMELHO = "#e53935"
ROXO = "#8e24aa"
CINZA = "#757575"
CORES_NEURONIOS = [AZUL, LARANJA, VERDE, ROXO, VERMELHO]

ESTILO = {
    "svg.hashsalt": "rna-redes-neurais-do-zero",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.formatter.use_locale": False,
    "path.simplify": False,
}

FIGURAS: dict[str, Callable[[], plt.Figure]] = {}


def figura(nome: str):
    """Registra uma função que devolve uma figura; vira `figuras/<nome>.svg`."""

    def registrar(funcao):
        FIGURAS[nome] = funcao
        return funcao

    return registrar


def br(numero: float, casas: int = 2) -> str:
    """Número com vírgula decimal, como se escreve em português."""
    texto = f"{numero:.{casas}f}".rstrip("0").rstrip(".") if casas else f"{numero:.0f}"
    return texto.replace(".", ",").replace("-", "−")


# Menor texto admitido numa figura (pontos) e o tamanho que ele deve ter na
# tela (pixels CSS), mesmo num celular de 390 px.
MENOR_FONTE_PT = 10.0
MENOR_TEXTO_PX = 10.0
_MARCA_FONTE = "<!-- rna: menor-fonte-pt={:.1f} -->"


class FormatadorBR(ScalarFormatter):
    """Números dos eixos com vírgula decimal: 0,5 em vez de 0.5."""

    def __call__(self, x, pos=None):
        return super().__call__(x, pos).replace(".", ",")


def _padronizar(fig: plt.Figure) -> float:
    """Vírgula nos eixos e piso de fonte; devolve a menor fonte da figura."""
    for ax in fig.axes:
        for eixo in (ax.xaxis, ax.yaxis):
            if type(eixo.get_major_formatter()) is ScalarFormatter:
                eixo.set_major_formatter(FormatadorBR())
    fig.canvas.draw()  # cria os rótulos dos eixos, que também são Text
    tamanhos = []
    for texto in fig.findobj(Text):
        if texto.get_visible() and texto.get_text().strip():
            texto.set_fontsize(max(texto.get_fontsize(), MENOR_FONTE_PT))
            tamanhos.append(texto.get_fontsize())
    return min(tamanhos, default=MENOR_FONTE_PT)


def svg_de(funcao: Callable[[], plt.Figure]) -> str:
    with plt.rc_context(ESTILO):
        fig = funcao()
        menor = _padronizar(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    svg = buffer.getvalue()
    inicio = svg.index("<svg")
    return svg[:inicio] + _MARCA_FONTE.format(menor) + "\n" + svg[inicio:]


def largura_legivel_px(svg: str) -> int:
    """Largura (px CSS) em que o menor texto do SVG fica com MENOR_TEXTO_PX."""
    largura_pt = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)[1])
    menor = float(re.search(r"menor-fonte-pt=([\d.]+)", svg)[1])
    return math.ceil(MENOR_TEXTO_PX * largura_pt / menor)


def gerar_todas() -> dict[str, str]:
    return {f"{PASTA}/{nome}.svg": svg_de(funcao) for nome, funcao in sorted(FIGURAS.items())}


# --------------------------------------------------------------------------- #
# Hook do MkDocs
# --------------------------------------------------------------------------- #

_CACHE: dict[str, str] = {}


def on_files(files, config):
    from mkdocs.structure.files import File

    if not _CACHE:
        _CACHE.update(gerar_todas())
    for caminho, conteudo in _CACHE.items():
        files.append(File.generated(config, caminho, content=conteudo))
    return files


_IMG_FIGURA = re.compile(r'<img (?P<antes>[^>]*?)src="(?P<src>(?:\.\./)*{}/(?P<nome>[\w-]+)\.svg)"'.format(PASTA))


def on_page_content(html, page, config, files):
    """Marca cada figura com a largura mínima legível (usada só no celular)."""

    def marcar(m):
        svg = _CACHE.get(f"{PASTA}/{m['nome']}.svg")
        if svg is None:
            return m[0]
        estilo = f"--largura-legivel: {largura_legivel_px(svg)}px"
        return f'<img class="figura-rna" style="{estilo}" {m["antes"]}src="{m["src"]}"'

    return _IMG_FIGURA.sub(marcar, html)


# --------------------------------------------------------------------------- #
# Utilitários de desenho
# --------------------------------------------------------------------------- #


def eixo_limpo(ax):
    ax.set_axis_off()
    ax.set_aspect("equal")


def seta(ax, inicio, fim, cor="black", largura=1.2, estilo="-|>", escala=12, **kw):
    ax.add_patch(
        FancyArrowPatch(
            inicio, fim, arrowstyle=estilo, mutation_scale=escala, color=cor, linewidth=largura, **kw
        )
    )


def no(ax, xy, raio=0.32, cor="white", borda="black", texto=None, tamanho=11, **kw):
    ax.add_patch(Circle(xy, raio, facecolor=cor, edgecolor=borda, linewidth=1.5, zorder=3, **kw))
    if texto is not None:
        ax.text(*xy, texto, ha="center", va="center", fontsize=tamanho, zorder=4)


def clarear(cor: str, fator: float) -> tuple[float, float, float]:
    r, g, b = matplotlib.colors.to_rgb(cor)
    return (r + (1 - r) * fator, g + (1 - g) * fator, b + (1 - b) * fator)


def escurecer(cor: str, fator: float) -> tuple[float, float, float]:
    r, g, b = matplotlib.colors.to_rgb(cor)
    return (r * (1 - fator), g * (1 - fator), b * (1 - fator))


def desenhar_cubos(ax, valores, cor=AZUL, profundidade_visual=0.5, mostrar_valores=True):
    """Desenha um array como cubos em projeção oblíqua.

    O shape é completado à esquerda até (profundidade, linhas, colunas); a
    fatia de índice 0 fica na frente. Cada cubo projeta (x + k·z, −y + k·z) e
    as faces são pintadas de trás para a frente.
    """
    valores = np.asarray(valores)
    while valores.ndim < 3:
        valores = valores[np.newaxis]
    profundidade, linhas, colunas = valores.shape
    k = profundidade_visual
    frente = clarear(cor, 0.55)
    topo = clarear(cor, 0.75)
    lado = clarear(cor, 0.35)

    def p(x, y, z):
        return (x + k * z, -y + k * z)

    for z in range(profundidade - 1, -1, -1):
        for r in range(linhas - 1, -1, -1):
            for c in range(colunas):
                x0, y0 = c, r
                face_frente = [p(x0, y0, z), p(x0 + 1, y0, z), p(x0 + 1, y0 + 1, z), p(x0, y0 + 1, z)]
                face_topo = [p(x0, y0, z), p(x0 + 1, y0, z), p(x0 + 1, y0, z + 1), p(x0, y0, z + 1)]
                face_lado = [p(x0 + 1, y0, z), p(x0 + 1, y0 + 1, z), p(x0 + 1, y0 + 1, z + 1), p(x0 + 1, y0, z + 1)]
                for face, cor_face in ((face_topo, topo), (face_lado, lado), (face_frente, frente)):
                    ax.add_patch(Polygon(face, closed=True, facecolor=cor_face, edgecolor="black", linewidth=1.2))
                if mostrar_valores and z == 0:
                    cx, cy = p(x0 + 0.5, y0 + 0.5, z)
                    ax.text(cx, cy, f"{valores[z, r, c]:g}", ha="center", va="center", fontsize=13)
    largura = colunas + k * profundidade
    altura = linhas + k * profundidade
    ax.set_xlim(-0.6, largura + 0.6)
    ax.set_ylim(-linhas - 0.9, k * profundidade + 0.6)
    eixo_limpo(ax)
    return largura, altura


def grade(ax, valores, origem=(0, 0), cores_linhas=None, cores_colunas=None, tamanho=12, fmt="{:g}", largura_celula=1.0):
    """Desenha uma matriz como grade de células (linha 0 em cima)."""
    valores = np.atleast_2d(np.asarray(valores))
    linhas, colunas = valores.shape
    ox, oy = origem
    for r in range(linhas):
        for c in range(colunas):
            cor = "white"
            if cores_linhas is not None:
                cor = clarear(cores_linhas[r], 0.7)
            if cores_colunas is not None and cores_colunas[c] is not None:
                cor = clarear(cores_colunas[c], 0.7)
            ax.add_patch(
                Rectangle(
                    (ox + c * largura_celula, oy - r - 1), largura_celula, 1,
                    facecolor=cor, edgecolor="black", linewidth=1.2,
                )
            )
            ax.text(
                ox + (c + 0.5) * largura_celula, oy - r - 0.5,
                fmt.format(valores[r, c]).replace(".", ",").replace("-", "−"),
                ha="center", va="center", fontsize=tamanho,
            )


# --------------------------------------------------------------------------- #
# Shape de arrays
# --------------------------------------------------------------------------- #


@figura("shape-vetor")
def _shape_vetor():
    fig, ax = plt.subplots(figsize=(4.2, 2.0))
    desenhar_cubos(ax, np.array([0, 1, 2]), cor=AZUL, profundidade_visual=0.3)
    ax.annotate("", xy=(3, -1.45), xytext=(0, -1.45), arrowprops=dict(arrowstyle="<->", lw=1.2))
    ax.text(1.5, -1.75, "3 elementos", ha="center", va="top")
    ax.set_ylim(-2.3, 0.9)
    ax.set_title("Vetor: shape (3,)")
    return fig


@figura("shape-matriz")
def _shape_matriz():
    fig, ax = plt.subplots(figsize=(5.4, 3.2))
    desenhar_cubos(ax, np.arange(1, 9).reshape(2, 4), cor=VERDE, profundidade_visual=0.3)
    ax.annotate("", xy=(4, -2.45), xytext=(0, -2.45), arrowprops=dict(arrowstyle="<->", lw=1.2))
    ax.text(2, -2.7, "4 colunas", ha="center", va="top")
    ax.annotate("", xy=(-0.35, -2), xytext=(-0.35, 0), arrowprops=dict(arrowstyle="<->", lw=1.2))
    ax.text(-0.55, -1, "2 linhas", ha="right", va="center", rotation=90)
    ax.set_xlim(-1.4, 5.0)
    ax.set_ylim(-3.3, 0.9)
    ax.set_title("Matriz: shape (2, 4)")
    return fig


@figura("shape-tensor")
def _shape_tensor():
    valores = np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.4), gridspec_kw={"width_ratios": [1.1, 1.6]})
    desenhar_cubos(ax1, valores, cor=ROXO, profundidade_visual=0.55)
    ax1.set_title("Tensor: shape (2, 2, 2)")
    ax1.text(1.0, -2.5, "profundidade × linhas × colunas", ha="center", va="top", fontsize=10)
    ax1.set_ylim(-3.0, 1.8)
    for i, dx in enumerate((0, 3.2)):
        grade(ax2, valores[i], origem=(dx, 0), cores_colunas=None)
        ax2.text(dx + 1, 0.35, f"fatia [{i}]", ha="center", va="bottom", fontsize=11)
    ax2.set_xlim(-0.3, 5.6)
    ax2.set_ylim(-2.6, 1.2)
    ax2.text(2.6, -2.35, "as 2 fatias de shape (2, 2)", ha="center", va="top", fontsize=10)
    eixo_limpo(ax2)
    return fig


# --------------------------------------------------------------------------- #
# Estrutura da rede e neurônios
# --------------------------------------------------------------------------- #


def desenhar_rede(ax, camadas, xs=None, conexoes=None, cores=None, raio=0.22, espaco=0.75, cor_linha=CINZA, alfa=0.6):
    """Desenha camadas de nós; devolve as posições de cada nó."""
    if xs is None:
        xs = [2.0 * i for i in range(len(camadas))]
    posicoes = []
    for i, n in enumerate(camadas):
        ys = [(n - 1) / 2 * espaco - j * espaco for j in range(n)]
        posicoes.append([(xs[i], y) for y in ys])
    for i in range(len(camadas) - 1):
        for a, pa in enumerate(posicoes[i]):
            for b, pb in enumerate(posicoes[i + 1]):
                if conexoes is not None and (a, b) not in conexoes[i]:
                    continue
                ax.plot([pa[0], pb[0]], [pa[1], pb[1]], color=cor_linha, lw=1.0, alpha=alfa, zorder=1, solid_capstyle="round")
    for i, camada in enumerate(posicoes):
        for p in camada:
            no(ax, p, raio=raio, cor=(cores[i] if cores else "white"))
    return posicoes


@figura("rede-camadas")
def _rede_camadas():
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    cores = [clarear(AZUL, 0.5), clarear(VERDE, 0.5), clarear(VERDE, 0.5), clarear(LARANJA, 0.4)]
    desenhar_rede(ax, [3, 5, 5, 2], xs=[0, 2.2, 4.4, 6.6], cores=cores)
    ax.text(0, -2.35, "Camada de entrada\n(uma feature por neurônio)", ha="center", va="top", fontsize=10)
    ax.text(3.3, -2.35, "Camadas ocultas", ha="center", va="top", fontsize=10)
    ax.text(6.6, -2.35, "Camada de saída\n(o resultado)", ha="center", va="top", fontsize=10)
    seta(ax, (-1.3, 0), (-0.35, 0))
    ax.text(-1.35, 0.15, "dados", ha="right", va="bottom", fontsize=10)
    seta(ax, (6.95, 0), (7.9, 0))
    ax.text(7.95, 0.15, "previsão", ha="left", va="bottom", fontsize=10)
    ax.set_xlim(-2.2, 9.0)
    ax.set_ylim(-3.2, 2.0)
    eixo_limpo(ax)
    return fig


@figura("neuronio-biologico-e-artificial")
def _neuronio_bio():
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.5, 3.4))
    rng = np.random.default_rng(7)
    # neurônio biológico estilizado
    for ang in np.linspace(2.0, 4.3, 5):
        x1, y1 = 0.45 * math.cos(ang), 0.45 * math.sin(ang)
        x2, y2 = 1.4 * math.cos(ang), 1.4 * math.sin(ang)
        ax1.plot([x1, x2], [y1, y2], color=VERDE, lw=2.2)
        for s in (-0.35, 0.35):
            a2 = ang + s + rng.uniform(-0.1, 0.1)
            ax1.plot([x2, x2 + 0.45 * math.cos(a2)], [y2, y2 + 0.45 * math.sin(a2)], color=VERDE, lw=1.5)
    ax1.add_patch(Circle((0, 0), 0.5, facecolor=clarear(VERDE, 0.5), edgecolor=VERDE, lw=2, zorder=3))
    ax1.add_patch(Circle((0, 0), 0.17, facecolor=VERDE, zorder=4))
    ax1.plot([0.5, 3.4], [0, 0], color=VERDE, lw=3)
    for s in (-0.3, 0.0, 0.3):
        ax1.plot([3.4, 3.8], [0, s], color=VERDE, lw=1.8)
        ax1.add_patch(Circle((3.85, s), 0.07, color=VERDE))
    ax1.text(-2.4, 2.0, "dendritos (recebem sinais)", fontsize=9, ha="left")
    ax1.text(0.35, -0.75, "corpo celular", fontsize=9, ha="left")
    ax1.text(1.9, 0.18, "axônio", fontsize=9, ha="center")
    ax1.text(3.8, -0.7, "sinapses", fontsize=9, ha="center")
    ax1.set_title("Neurônio biológico")
    ax1.set_xlim(-2.6, 4.3)
    ax1.set_ylim(-1.8, 2.3)
    eixo_limpo(ax1)
    # neurônio artificial
    ys = [1.0, 0.0, -1.0]
    for i, y in enumerate(ys):
        no(ax2, (0, y), raio=0.28, cor=clarear(AZUL, 0.6), texto=f"$x_{i + 1}$")
        seta(ax2, (0.3, y), (1.9, 0.1 * y), cor=CINZA)
        ax2.text(1.0, 0.55 * y + 0.2, f"$w_{i + 1}$", fontsize=11, ha="center")
    no(ax2, (2.4, 0), raio=0.5, cor=clarear(LARANJA, 0.5), texto=r"$\Sigma + b$", tamanho=10)
    ax2.add_patch(Rectangle((3.3, -0.35), 0.9, 0.7, facecolor=clarear(VERDE, 0.6), edgecolor="black"))
    ax2.text(3.75, 0, "$f$", ha="center", va="center", fontsize=13)
    seta(ax2, (2.9, 0), (3.3, 0))
    seta(ax2, (4.2, 0), (5.0, 0))
    ax2.text(5.05, 0, "saída", va="center", fontsize=11)
    ax2.text(3.75, -0.6, "ativação", ha="center", va="top", fontsize=9)
    ax2.text(-0.1, -1.55, "entradas", ha="center", va="top", fontsize=10)
    ax2.text(1.5, -1.55, "pesos", ha="center", va="top", fontsize=10)
    ax2.set_title("Neurônio artificial")
    ax2.set_xlim(-0.6, 6.0)
    ax2.set_ylim(-1.9, 1.6)
    eixo_limpo(ax2)
    return fig


@figura("neuronio-pesos")
def _neuronio_pesos():
    entradas = [1, 2, 3, 2.5]
    pesos = [0.2, 0.8, -0.5, 1.0]
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    ys = [1.5, 0.5, -0.5, -1.5]
    for x, w, y in zip(entradas, pesos, ys):
        no(ax, (0, y), raio=0.3, cor=clarear(AZUL, 0.6), texto=br(x, 2))
        seta(ax, (0.32, y), (2.6, y * 0.12), cor=AZUL if w > 0 else VERMELHO, largura=0.8 + 1.6 * abs(w))
        ax.text(1.25, y * 0.6 + 0.12, f"w = {br(w)}", fontsize=10, ha="center",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    no(ax, (3.1, 0), raio=0.5, cor=clarear(LARANJA, 0.5), texto="Σ")
    seta(ax, (3.1, 1.35), (3.1, 0.52))
    ax.text(3.1, 1.45, "viés b = 2", ha="center", va="bottom", fontsize=10)
    seta(ax, (3.62, 0), (4.6, 0))
    ax.text(4.7, 0, "4,8", va="center", fontsize=14, weight="bold")
    ax.text(
        2.4, -2.05,
        "1·0,2 + 2·0,8 + 3·(−0,5) + 2,5·1,0 + 2 = 4,8",
        ha="center", va="top", fontsize=11,
    )
    ax.text(0, 2.05, "entradas", ha="center", fontsize=10)
    ax.set_xlim(-0.7, 5.5)
    ax.set_ylim(-2.6, 2.4)
    eixo_limpo(ax)
    return fig


@figura("camada-pesos")
def _camada_pesos():
    entradas = [1, 2, 3, 2.5]
    pesos = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]])
    saidas = [4.8, 1.21, 2.385]
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10.5, 3.8), gridspec_kw={"width_ratios": [1.2, 1]})
    xe, xn = 0.0, 3.0
    ye = [1.5, 0.5, -0.5, -1.5]
    yn = [1.1, 0.0, -1.1]
    for j, y2 in enumerate(yn):
        for i, y1 in enumerate(ye):
            ax.plot([xe, xn], [y1, y2], color=CORES_NEURONIOS[j], lw=0.6 + 1.8 * abs(pesos[j, i]), alpha=0.75)
    for i, y in enumerate(ye):
        no(ax, (xe, y), raio=0.3, cor="white", texto=br(entradas[i], 2))
    for j, y in enumerate(yn):
        no(ax, (xn, y), raio=0.34, cor=clarear(CORES_NEURONIOS[j], 0.5), texto=f"n{j + 1}")
        seta(ax, (xn + 0.36, y), (xn + 1.1, y))
        ax.text(xn + 1.2, y, br(saidas[j], 3), va="center", fontsize=11)
    ax.text(xe, 2.1, "entradas (4)", ha="center")
    ax.text(xn, 2.1, "neurônios (3)", ha="center")
    ax.text(xn + 1.5, 2.1, "saídas", ha="center")
    ax.set_xlim(-0.6, 5.2)
    ax.set_ylim(-2.1, 2.5)
    eixo_limpo(ax)
    grade(ax2, pesos, origem=(0, 0), cores_linhas=CORES_NEURONIOS[:3], largura_celula=1.25, tamanho=11)
    for j in range(3):
        ax2.text(5.15, -j - 0.5, f"← pesos de n{j + 1}", va="center", fontsize=10, color=escurecer(CORES_NEURONIOS[j], 0.2))
    ax2.text(2.5, 0.35, "weights: shape (3, 4)", ha="center", va="bottom", fontsize=11)
    ax2.text(2.5, -3.3, "uma linha por neurônio,\numa coluna por entrada", ha="center", va="top", fontsize=10)
    ax2.set_xlim(-0.2, 7.8)
    ax2.set_ylim(-4.4, 1.2)
    eixo_limpo(ax2)
    return fig


@figura("pesos-casa")
def _pesos_casa():
    fig, ax = plt.subplots(figsize=(7.2, 3.4))
    no(ax, (0, 0.9), raio=0.38, cor=clarear(AZUL, 0.6), texto="$x_1$", tamanho=13)
    no(ax, (0, -0.9), raio=0.38, cor=clarear(AZUL, 0.6), texto="$x_2$", tamanho=13)
    ax.text(-0.5, 0.9, "tamanho", ha="right", va="center")
    ax.text(-0.5, -0.9, "quartos", ha="right", va="center")
    seta(ax, (0.4, 0.85), (2.95, 0.12), cor=AZUL, largura=6.0, escala=22)
    seta(ax, (0.4, -0.85), (2.95, -0.12), cor=AZUL, largura=3.0, escala=16)
    ax.text(1.6, 0.85, "$w_1 = 100$", ha="center", fontsize=12)
    ax.text(1.6, -0.95, "$w_2 = 50$", ha="center", fontsize=12, va="top")
    no(ax, (3.45, 0), raio=0.5, cor=clarear(LARANJA, 0.5), texto="Σ", tamanho=16)
    seta(ax, (3.45, 1.55), (3.45, 0.52), cor=VERDE, largura=2)
    ax.text(3.45, 1.62, "viés b: valor do terreno", ha="center", va="bottom", fontsize=10)
    seta(ax, (3.97, 0), (5.0, 0), largura=2)
    ax.text(5.1, 0, "preço", va="center", fontsize=12)
    ax.text(2.5, -1.75, r"preço $= 100\,x_1 + 50\,x_2 + b$", ha="center", va="top", fontsize=12)
    ax.set_xlim(-1.8, 6.0)
    ax.set_ylim(-2.3, 2.1)
    eixo_limpo(ax)
    return fig


# --------------------------------------------------------------------------- #
# Produto escalar e transposição
# --------------------------------------------------------------------------- #


@figura("produto-escalar-pares")
def _produto_pares():
    a = [1, 2, 3]
    b = [3, 2, 1]
    fig, ax = plt.subplots(figsize=(6.8, 3.0))
    grade(ax, [a], origem=(0, 2.2), cores_colunas=[AZUL, LARANJA, VERDE])
    grade(ax, [b], origem=(0, 0), cores_colunas=[AZUL, LARANJA, VERDE])
    ax.text(-0.2, 1.7, "a", ha="right", va="center", fontsize=13, style="italic")
    ax.text(-0.2, -0.5, "b", ha="right", va="center", fontsize=13, style="italic")
    produtos = [x * y for x, y in zip(a, b)]
    for i in range(3):
        ax.plot([i + 0.5, i + 0.5], [1.2, 0.0], color=[AZUL, LARANJA, VERDE][i], lw=2, ls=":")
        ax.text(i + 0.5, 0.6, "×", ha="center", va="center", fontsize=13,
                bbox=dict(boxstyle="circle,pad=0.1", fc="white", ec="none"))
    texto = " + ".join(f"{x}·{y}" for x, y in zip(a, b))
    ax.text(3.6, 1.1, "=", fontsize=16, va="center")
    ax.text(4.1, 1.5, texto, fontsize=12, va="center")
    ax.text(4.1, 0.7, " + ".join(str(p) for p in produtos) + f" = {sum(produtos)}", fontsize=12, va="center")
    ax.set_xlim(-0.8, 9.2)
    ax.set_ylim(-1.3, 2.5)
    eixo_limpo(ax)
    return fig


@figura("descasamento-de-shapes")
def _descasamento():
    entradas = [1, 2, 3, 2.5]
    pesos = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]])
    fig, ax = plt.subplots(figsize=(7.6, 3.6))
    grade(ax, np.array(entradas)[:, None], origem=(0, 1.5), cores_linhas=[AZUL] * 4, largura_celula=1.0)
    grade(ax, pesos, origem=(3.0, 1.0), largura_celula=1.3, tamanho=10, cores_colunas=[VERMELHO, None, None, None])
    ax.text(0.5, 1.7, "arr_1\n(4,)", ha="center", va="bottom", fontsize=10)
    ax.text(5.6, 1.2, "arr_2 (3, 4): primeira coluna", ha="center", va="bottom", fontsize=10)
    pares = [(1, 0.2), (2, 0.5), (3, -0.26), (2.5, None)]
    for i, (x, w) in enumerate(pares):
        y0 = 1.5 - i - 0.5
        if w is None:
            ax.text(3.55, -2.5, "?", ha="center", va="center", fontsize=18, color=VERMELHO, weight="bold")
            seta(ax, (1.05, y0), (3.3, -2.5), cor=VERMELHO, largura=1.2)
        else:
            seta(ax, (1.05, y0), (2.95, 1.0 - i - 0.5), cor=CINZA, largura=1.0)
    ax.text(3.8, -3.0, "4 entradas, mas só 3 valores na coluna:\nnão há com quem multiplicar 2,5",
            ha="left", va="top", fontsize=10, color=escurecer(VERMELHO, 0.3))
    ax.set_xlim(-0.5, 9.5)
    ax.set_ylim(-4.2, 2.8)
    eixo_limpo(ax)
    return fig


@figura("transposicao")
def _transposicao():
    pesos = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]])
    cores = [AZUL, LARANJA, VERDE]
    fig, ax = plt.subplots(figsize=(8.6, 3.8))
    grade(ax, pesos, origem=(0, 0), cores_linhas=cores, largura_celula=1.15, tamanho=10)
    grade(ax, pesos.T, origem=(7.0, 0.5), cores_colunas=cores, largura_celula=1.15, tamanho=10)
    ax.text(2.3, 0.3, "W: shape (3, 4)", ha="center", va="bottom")
    ax.text(8.7, 0.8, r"$W^T$: shape (4, 3)", ha="center", va="bottom")
    seta(ax, (4.9, -1.5), (6.7, -1.5), largura=2, escala=18)
    ax.text(5.8, -1.3, "transpor", ha="center", va="bottom")
    ax.text(4.6, -4.0, "as linhas viram colunas (e as colunas viram linhas)", ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.3, 10.9)
    ax.set_ylim(-4.6, 1.4)
    eixo_limpo(ax)
    return fig


# --------------------------------------------------------------------------- #
# Lotes, épocas e a distribuição normal
# --------------------------------------------------------------------------- #


@figura("lotes-e-epocas")
def _lotes_epocas():
    n, tamanho_lote = 12, 4
    rng = np.random.default_rng(3)
    cores_lotes = [AZUL, LARANJA, VERDE]
    fig, ax = plt.subplots(figsize=(9.2, 4.0))
    for e, y in enumerate((2.2, 0.0)):
        ordem = rng.permutation(n)
        ax.text(-0.3, y + 0.45, f"época {e + 1}", ha="right", va="center", fontsize=11, weight="bold")
        for pos, amostra in enumerate(ordem):
            lote = pos // tamanho_lote
            x = pos * 0.62 + lote * 0.35
            ax.add_patch(Rectangle((x, y), 0.55, 0.9, facecolor=clarear(cores_lotes[lote], 0.55), edgecolor="black", lw=1))
            ax.text(x + 0.275, y + 0.45, str(amostra), ha="center", va="center", fontsize=9)
        for lote in range(n // tamanho_lote):
            x0 = lote * (tamanho_lote * 0.62 + 0.35)
            ax.text(x0 + 1.2, y - 0.1, f"lote {lote + 1}", ha="center", va="top", fontsize=9,
                    color=escurecer(cores_lotes[lote], 0.25))
    ax.text(4.15, 3.45, "12 amostras embaralhadas a cada época e divididas em lotes de 4", ha="center", fontsize=10)
    passos = ["propagação\ndireta", "perda", "retro-\npropagação", "atualização\ndos pesos"]
    cx, cy, rx, ry = 11.2, 1.5, 1.75, 1.3
    for i, texto in enumerate(passos):
        ang = math.pi / 2 - i * math.pi / 2
        ax.text(cx + rx * math.cos(ang), cy + ry * math.sin(ang), texto, ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.3", fc=clarear(ROXO, 0.8), ec=ROXO))
    for i in range(4):
        a1 = math.pi / 2 - i * math.pi / 2 - 0.5
        a2 = math.pi / 2 - (i + 1) * math.pi / 2 + 0.5
        seta(ax, (cx + rx * math.cos(a1), cy + ry * math.sin(a1)), (cx + rx * math.cos(a2), cy + ry * math.sin(a2)),
             cor=ROXO, connectionstyle="arc3,rad=-0.35")
    ax.text(cx, cy, "para cada\nlote", ha="center", va="center", fontsize=9)
    ax.set_xlim(-1.6, 13.6)
    ax.set_ylim(-0.7, 3.7)
    eixo_limpo(ax)
    return fig


@figura("distribuicao-normal")
def _distribuicao_normal():
    rng = np.random.default_rng(0)
    amostras = rng.standard_normal(20_000)
    x = np.linspace(-4, 4, 801)
    pdf = np.exp(-x ** 2 / 2) / math.sqrt(2 * math.pi)
    fig, ax = plt.subplots(figsize=(7.6, 3.8))
    for k, cor in ((3, clarear(AZUL, 0.8)), (2, clarear(AZUL, 0.6)), (1, clarear(AZUL, 0.35))):
        m = np.abs(x) <= k
        ax.fill_between(x[m], 0, pdf[m], color=cor, alpha=0.75, lw=0)
    ax.hist(amostras, bins=80, range=(-4, 4), density=True, histtype="step", color=escurecer(CINZA, 0.3),
            lw=1.0, label="histograma de 20.000 valores de randn")
    ax.plot(x, pdf, color="black", lw=1.5, label="densidade normal padrão")
    for k, altura, rotulo in ((1, 0.45, "68 %"), (2, 0.50, "95 %"), (3, 0.55, "99,7 %")):
        ax.annotate("", xy=(k, altura), xytext=(-k, altura), arrowprops=dict(arrowstyle="<->", lw=1.1))
        ax.text(0, altura + 0.005, rotulo, ha="center", va="bottom", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    ax.set_xticks(range(-4, 5))
    ax.set_xticklabels([br(v, 0) for v in range(-4, 5)])
    ax.set_yticks([0, 0.1, 0.2, 0.3, 0.4])
    ax.set_yticklabels(["0", "0,1", "0,2", "0,3", "0,4"])
    ax.set_ylim(0, 0.62)
    ax.set_xlabel("valor (em desvios padrão a partir da média 0)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, frameon=False)
    return fig


# --------------------------------------------------------------------------- #
# Funções de ativação
# --------------------------------------------------------------------------- #


def _grafico_ativacao(f, titulo, ylim, formula, derivada=None):
    x = np.linspace(-5, 5, 1001)
    fig, ax = plt.subplots(figsize=(4.6, 3.1))
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(0, color="black", lw=0.8)
    ax.plot(x, f(x), color=AZUL, lw=2.4, label="função")
    if derivada is not None:
        ax.plot(x, derivada(x), color=LARANJA, lw=1.6, ls="--", label="derivada")
        ax.legend(loc="upper left", fontsize=9, frameon=False)
    ax.set_ylim(*ylim)
    ax.set_title(f"{titulo}:  {formula}", fontsize=11)
    ax.set_xlabel("z (soma ponderada + viés)")
    ticks = ax.get_yticks()
    ax.set_yticks(ticks)
    ax.set_yticklabels([br(t, 2) for t in ticks])
    ax.set_ylim(*ylim)
    ax.set_xticks(range(-4, 5, 2))
    ax.set_xticklabels([br(t, 0) for t in range(-4, 5, 2)])
    return fig


def _sigmoide(x):
    return 1 / (1 + np.exp(-x))


@figura("ativacao-degrau")
def _degrau():
    def degrau(x):
        y = (x > 0).astype(float)
        y[np.argmin(np.abs(x))] = np.nan  # salto vertical
        return y

    return _grafico_ativacao(degrau, "Degrau", (-0.3, 1.3), "1 se z > 0, senão 0")


@figura("ativacao-relu")
def _relu():
    return _grafico_ativacao(lambda x: np.maximum(0, x), "ReLU", (-1.2, 5.2), "max(0, z)")


@figura("ativacao-sigmoide")
def _sigmoide_fig():
    return _grafico_ativacao(_sigmoide, "Sigmoide", (-0.3, 1.3), r"$1/(1+e^{-z})$")


@figura("ativacao-tanh")
def _tanh():
    return _grafico_ativacao(np.tanh, "Tangente hiperbólica", (-1.4, 1.4), "tanh(z)")


@figura("ativacao-softmax")
def _softmax():
    z = np.array([2.0, 1.0, 0.1])
    p = np.exp(z - z.max())
    p /= p.sum()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.0))
    classes = ["classe 0", "classe 1", "classe 2"]
    ax1.bar(classes, z, color=[AZUL, LARANJA, VERDE])
    ax1.set_title("entradas z (logits)", fontsize=11)
    for i, v in enumerate(z):
        ax1.text(i, v + 0.05, br(v, 1), ha="center", va="bottom")
    ax1.set_ylim(0, 2.5)
    ax1.set_yticks([0, 1, 2])
    ax2.bar(classes, p, color=[AZUL, LARANJA, VERDE])
    ax2.set_title("softmax(z): probabilidades (soma 1)", fontsize=11)
    for i, v in enumerate(p):
        ax2.text(i, v + 0.02, br(v, 3), ha="center", va="bottom")
    ax2.set_ylim(0, 0.85)
    ax2.set_yticks([0, 0.2, 0.4, 0.6, 0.8])
    ax2.set_yticklabels(["0", "0,2", "0,4", "0,6", "0,8"])
    fig.tight_layout()
    return fig


@figura("derivadas-ativacoes")
def _derivadas():
    x = np.linspace(-5, 5, 1001)
    fig, axs = plt.subplots(1, 3, figsize=(10.5, 3.0))
    s = _sigmoide(x)
    dados = [
        ("ReLU", np.maximum(0, x), np.where(x > 0, 1.0, 0.0), (-0.5, 3)),
        ("Sigmoide", s, s * (1 - s), (-0.2, 1.2)),
        ("tanh", np.tanh(x), 1 - np.tanh(x) ** 2, (-1.2, 1.2)),
    ]
    for ax, (nome, y, dy, lim) in zip(axs, dados):
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(0, color="black", lw=0.8)
        ax.plot(x, y, color=AZUL, lw=2.2, label=nome)
        ax.plot(x, dy, color=LARANJA, lw=1.8, ls="--", label="derivada")
        ax.set_ylim(*lim)
        ax.set_title(nome, fontsize=13)
        ax.legend(loc="upper left", fontsize=12, frameon=False)
        ticks = ax.get_yticks()
        ax.set_yticks(ticks)
        ax.set_yticklabels([br(t, 2) for t in ticks])
        ax.set_ylim(*lim)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- #
# Camadas densa e esparsa
# --------------------------------------------------------------------------- #


@figura("densa-vs-esparsa")
def _densa_esparsa():
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.6))
    cores = [clarear(AZUL, 0.55), clarear(VERDE, 0.55)]
    desenhar_rede(ax1, [4, 3], xs=[0, 2.4], cores=cores, cor_linha=AZUL, alfa=0.8)
    ax1.set_title("Camada densa: 4 × 3 = 12 conexões", fontsize=11)
    esparsas = [{(0, 0), (1, 0), (2, 1), (3, 2), (1, 2)}]
    desenhar_rede(ax2, [4, 3], xs=[0, 2.4], cores=cores, conexoes=esparsas, cor_linha=LARANJA, alfa=0.9)
    ax2.set_title("Camada esparsa: só 5 conexões", fontsize=11)
    for ax in (ax1, ax2):
        ax.text(0, -1.65, "camada anterior", ha="center", va="top", fontsize=9)
        ax.text(2.4, -1.65, "camada", ha="center", va="top", fontsize=9)
        ax.set_xlim(-0.8, 3.2)
        ax.set_ylim(-2.1, 1.6)
        eixo_limpo(ax)
    return fig


# --------------------------------------------------------------------------- #
# Sobreajuste e subajuste
# --------------------------------------------------------------------------- #


@figura("ajuste-sub-bom-sobre")
def _ajustes():
    rng = np.random.default_rng(11)
    x = np.sort(rng.uniform(0.03, 0.97, 12))
    y = np.sin(2 * np.pi * x) + rng.normal(0, 0.22, x.size)
    xx = np.linspace(0, 1, 400)
    fig, axs = plt.subplots(1, 3, figsize=(10.5, 3.3), sharey=True)
    # Uma cor por papel (padrão, modelo, dados), igual nos três painéis: a
    # legenda única vale para todos.
    for ax, grau, titulo in zip(axs, (1, 3, 9), ("Subajuste", "Bom ajuste", "Sobreajuste")):
        modelo = np.polynomial.polynomial.Polynomial.fit(x, y, grau)
        ax.plot(xx, np.sin(2 * np.pi * xx), color=VERDE, lw=1.8, ls="--", label="padrão real")
        ax.plot(xx, modelo(xx), color=AZUL, lw=2.2, label="modelo")
        ax.scatter(x, y, color="black", s=18, zorder=3, label="dados de treino")
        ax.set_title(f"{titulo}\n(polinômio de grau {grau})", fontsize=12)
        ax.set_ylim(-2.0, 2.0)
        ax.set_xticks([])
        ax.set_yticks([])
    handles, labels = axs[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, -0.1))
    fig.tight_layout()
    return fig


@figura("curvas-de-perda")
def _curvas_perda():
    # Épocas contadas a partir de 0, como na parada antecipada do curso.
    epocas = np.arange(0, 100)
    treino = 0.08 + 1.0 * np.exp(-epocas / 18)
    validacao = 0.25 + 0.85 * np.exp(-epocas / 15) + 0.00008 * epocas ** 2
    melhor = int(epocas[np.argmin(validacao)])
    fig, ax = plt.subplots(figsize=(7.2, 3.6))
    ax.plot(epocas, treino, color=AZUL, lw=2.2, label="perda no treino")
    ax.plot(epocas, validacao, color=VERMELHO, lw=2.2, label="perda na validação")
    ax.axvline(melhor, color=VERDE, ls="--", lw=1.5)
    ax.text(melhor - 1.5, 0.06, f"parada antecipada\n(época {melhor})", color=escurecer(VERDE, 0.3),
            ha="right", va="bottom")
    ax.axvspan(0, 15, color=clarear(LARANJA, 0.8), alpha=0.6, lw=0)
    ax.text(7.5, 1.2, "subajuste", ha="center", color=escurecer(LARANJA, 0.3))
    # O sobreajuste começa onde a validação para de melhorar: no mínimo dela.
    ax.axvspan(melhor, 100, color=clarear(VERMELHO, 0.85), alpha=0.6, lw=0)
    ax.text((melhor + 100) / 2, 1.2, "sobreajuste", ha="center", color=escurecer(VERMELHO, 0.3))
    ax.set_xlabel("época")
    ax.set_ylabel("perda")
    ax.set_ylim(0, 1.32)
    ax.set_xlim(0, 100)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    return fig


# --------------------------------------------------------------------------- #
# Otimização
# --------------------------------------------------------------------------- #


@figura("descida-do-gradiente")
def _descida():
    def perda(w):
        return (w - 2) ** 2 + 0.5

    w = -1.5
    taxa = 0.2
    passos = [w]
    for _ in range(7):
        w = w - taxa * 2 * (w - 2)
        passos.append(w)
    ws = np.linspace(-2, 5, 400)
    fig, ax = plt.subplots(figsize=(6.6, 3.4))
    ax.plot(ws, perda(ws), color=AZUL, lw=2.2, label="perda L(w)")
    pts = np.array(passos)
    ax.plot(pts, perda(pts), "o", color=LARANJA, zorder=3, label="passos do gradiente descendente")
    for a, b in zip(pts[:-1], pts[1:]):
        seta(ax, (a, perda(a)), (b, perda(b)), cor=LARANJA, largura=1.2, connectionstyle="arc3,rad=0.25")
    ax.annotate("mínimo", xy=(2, 0.5), xytext=(3.2, 3.2), arrowprops=dict(arrowstyle="->", lw=1))
    ax.set_xlabel("peso w")
    ax.set_ylabel("perda")
    ax.set_xticks(range(-2, 6))
    ax.set_xticklabels([br(v, 0) for v in range(-2, 6)])
    ax.set_yticks([0, 5, 10, 15])
    ax.legend(loc="upper center", fontsize=9, frameon=False)
    return fig


# --------------------------------------------------------------------------- #
# Módulos 8 e 9: regularização e convolução
# --------------------------------------------------------------------------- #


def _luas(amostras, ruido, semente):
    """As duas luas do Módulo 8 (a moons_data do notebook)."""
    rng = np.random.default_rng(semente)
    t = rng.uniform(0, np.pi, amostras)
    cima = np.c_[np.cos(t), np.sin(t)]
    t = rng.uniform(0, np.pi, amostras)
    baixo = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]
    X = np.r_[cima, baixo] + rng.normal(0.0, ruido, size=(2 * amostras, 2))
    y = np.r_[np.zeros(amostras, dtype=int), np.ones(amostras, dtype=int)]
    return X, y


def _treino_l2(X, y, X_val, y_val, lam, ocultos=128, epocas=300, taxa=0.02):
    """O experimento do Módulo 8: densa → ReLU → densa → softmax, Adam em lote completo."""
    rng = np.random.default_rng(0)
    p = {"w1": 0.1 * rng.standard_normal((2, ocultos)), "b1": np.zeros((1, ocultos)),
         "w2": 0.1 * rng.standard_normal((ocultos, 2)), "b2": np.zeros((1, 2))}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(a) for k, a in p.items()}

    def prever(entradas):
        z1 = entradas @ p["w1"] + p["b1"]
        a1 = np.maximum(0, z1)
        z2 = a1 @ p["w2"] + p["b2"]
        e = np.exp(z2 - z2.max(axis=1, keepdims=True))
        return z1, a1, e / e.sum(axis=1, keepdims=True)

    def perda(probs, rotulos):
        return float(np.mean(-np.log(np.clip(probs[np.arange(len(rotulos)), rotulos], 1e-7, 1 - 1e-7))))

    curvas = ([], [])
    for t in range(1, epocas + 1):
        z1, a1, probs = prever(X)
        curvas[0].append(perda(probs, y))
        curvas[1].append(perda(prever(X_val)[2], y_val))
        d = probs.copy()
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        g = {"w2": a1.T @ d + 2 * lam * p["w2"], "b2": d.sum(axis=0, keepdims=True)}
        da = (d @ p["w2"].T) * (z1 > 0)
        g["w1"] = X.T @ da + 2 * lam * p["w1"]
        g["b1"] = da.sum(axis=0, keepdims=True)
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * g[k]
            v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
            p[k] = p[k] - taxa * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-7)
    return curvas


@figura("regularizacao-curvas")
def _regularizacao_curvas():
    X, y = _luas(20, 0.3, 3)
    X_val, y_val = _luas(100, 0.3, 4)
    fig, axs = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    for ax, lam, titulo in zip(axs, (0.0, 0.002), ("sem regularização", "com L2 (λ = 0,002)")):
        treino, validacao = _treino_l2(X, y, X_val, y_val, lam)
        epocas = np.arange(len(treino))
        ax.plot(epocas, treino, color=AZUL, lw=2, label="perda no treino")
        ax.plot(epocas, validacao, color=VERMELHO, lw=2, label="perda na validação")
        melhor = int(np.argmin(validacao))
        ax.axvline(melhor, color=VERDE, ls="--", lw=1.2)
        ax.text(melhor + 8, 1.05, f"mínimo da\nvalidação\n(época {melhor})", fontsize=12,
                color=escurecer(VERDE, 0.3), va="top")
        ax.set_title(titulo, fontsize=13)
        ax.set_xlabel("época")
        ax.set_ylim(0, 1.15)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticklabels(["0", "0,25", "0,5", "0,75", "1"])
    axs[0].set_ylabel("entropia cruzada")
    handles, labels = axs[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=12, frameon=False,
               bbox_to_anchor=(0.5, -0.1))
    fig.tight_layout()
    return fig


@figura("convolucao-janela")
def _convolucao_janela():
    imagem = np.array([[1, 2, 0, 3], [0, 1, 2, 1], [3, 0, 1, 2], [1, 2, 2, 0]])
    filtro = np.array([[1, 0], [-1, 2]])
    h_out = imagem.shape[0] - filtro.shape[0] + 1
    saida = np.array([[np.sum(imagem[i:i + 2, j:j + 2] * filtro) for j in range(h_out)]
                      for i in range(h_out)])
    i, j = 1, 2  # a posição destacada
    fig, ax = plt.subplots(figsize=(9.4, 3.6))

    def textos(valores):
        return np.array([[br(v, 0) for v in linha] for linha in valores])

    grade(ax, imagem, origem=(0, 4))
    ax.add_patch(Rectangle((j, 4 - i - 2), 2, 2, facecolor=clarear(LARANJA, 0.5), edgecolor=LARANJA,
                           linewidth=3, alpha=0.45))
    ax.text(2, 4.35, "entrada (4×4)", ha="center", fontsize=11)
    ax.text(5.0, 2.0, "⋆", ha="center", va="center", fontsize=26)
    grade(ax, textos(filtro), origem=(6, 3), cores_linhas=[AZUL, AZUL], fmt="{}")
    ax.text(7, 3.35, "filtro (2×2)", ha="center", fontsize=11)
    ax.text(9.0, 2.0, "=", ha="center", va="center", fontsize=22)
    grade(ax, textos(saida), origem=(10, 3.5), fmt="{}")
    ax.add_patch(Rectangle((10 + j, 3.5 - i - 1), 1, 1, facecolor=clarear(LARANJA, 0.5),
                           edgecolor=LARANJA, linewidth=3, alpha=0.45))
    ax.text(11.5, 3.85, "saída (3×3)", ha="center", fontsize=11)
    janela = imagem[i:i + 2, j:j + 2]
    termos = " + ".join(f"{a}·{b}" if b >= 0 else f"{a}·(−{-b})"
                        for a, b in zip(janela.ravel(), filtro.ravel()))
    ax.text(6.5, -1.0, f"posição (1, 2): {termos} = {saida[i, j]}", ha="center", fontsize=11,
            color=escurecer(LARANJA, 0.35))
    ax.set_xlim(-0.3, 13.3)
    ax.set_ylim(-1.5, 4.8)
    eixo_limpo(ax)
    return fig


@figura("max-pooling")
def _max_pooling():
    entrada = np.array([[1, 3, 2, 0], [5, 2, 1, 4], [0, 7, 9, 1], [2, 1, 3, 8]])
    cores = [[AZUL, LARANJA], [VERDE, ROXO]]
    fig, ax = plt.subplots(figsize=(7.6, 3.4))
    saida = np.zeros((2, 2), dtype=int)
    for bi in range(2):
        for bj in range(2):
            bloco = entrada[2 * bi:2 * bi + 2, 2 * bj:2 * bj + 2]
            u, v = np.unravel_index(np.argmax(bloco), bloco.shape)
            saida[bi, bj] = bloco[u, v]
            ax.add_patch(Rectangle((2 * bj, 4 - 2 * bi - 2), 2, 2,
                                   facecolor=clarear(cores[bi][bj], 0.75), edgecolor="none"))
            ax.add_patch(Rectangle((2 * bj + v, 4 - 2 * bi - u - 1), 1, 1,
                                   facecolor=clarear(cores[bi][bj], 0.35), edgecolor="none"))
            ax.add_patch(Rectangle((6 + bj, 3 - bi - 1), 1, 1, facecolor=clarear(cores[bi][bj], 0.35),
                                   edgecolor="none"))
    for r in range(4):
        for c in range(4):
            ax.add_patch(Rectangle((c, 4 - r - 1), 1, 1, facecolor="none", edgecolor="black", lw=1.2))
            peso = "bold" if entrada[r, c] in saida else "normal"
            ax.text(c + 0.5, 4 - r - 0.5, str(entrada[r, c]), ha="center", va="center", fontsize=12,
                    weight=peso)
    for r in range(2):
        for c in range(2):
            ax.add_patch(Rectangle((6 + c, 3 - r - 1), 1, 1, facecolor="none", edgecolor="black", lw=1.2))
            ax.text(6.5 + c, 3 - r - 0.5, str(saida[r, c]), ha="center", va="center", fontsize=12,
                    weight="bold")
    seta(ax, (4.3, 2.0), (5.7, 2.0), largura=1.5)
    ax.text(5.0, 2.35, "máximo de\ncada bloco", ha="center", va="bottom", fontsize=9)
    ax.text(2, 4.3, "entrada (4×4)", ha="center", fontsize=11)
    ax.text(7, 3.3, "saída (2×2)", ha="center", fontsize=11)
    ax.text(4.0, -0.6, "na volta, o gradiente de cada saída vai só para a célula escura do seu bloco",
            ha="center", fontsize=9.5)
    ax.set_xlim(-0.3, 8.3)
    ax.set_ylim(-1.0, 4.7)
    eixo_limpo(ax)
    return fig


# --------------------------------------------------------------------------- #
# Além do básico: GAN e projeto final (módulos 11 e 12)
# --------------------------------------------------------------------------- #


def _digitos_divididos():
    """A divisão do módulo 12: 25 % de cada dígito no teste (semente 0), padronizada."""
    from sklearn.datasets import load_digits

    digitos = load_digits()
    X, y = digitos.data.astype(float), digitos.target.astype(int)
    rng = np.random.default_rng(0)
    teste = np.zeros(len(y), dtype=bool)
    for d in range(10):
        indices = rng.permutation(np.flatnonzero(y == d))
        teste[indices[:round(0.25 * len(indices))]] = True
    media = X[~teste].mean(axis=0)
    desvio = X[~teste].std(axis=0)
    desvio = np.where(desvio == 0, 1.0, desvio)
    return (X[~teste] - media) / desvio, (X[teste] - media) / desvio, y[~teste], y[teste]


def _adam(p, g, m, v, t, taxa, beta1=0.9):
    m = beta1 * m + (1 - beta1) * g
    v = 0.999 * v + 0.001 * g**2
    return p - taxa * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7), m, v


@figura("digitos-exemplos")
def _digitos_exemplos():
    from sklearn.datasets import load_digits

    digitos = load_digits()
    fig, axs = plt.subplots(1, 10, figsize=(10, 1.6))
    for d, ax in enumerate(axs):
        i = int(np.flatnonzero(digitos.target == d)[0])
        ax.imshow(digitos.images[i], cmap="gray_r", vmin=0, vmax=16)
        ax.set_title(str(d))
        ax.axis("off")
    return fig


@functools.lru_cache(maxsize=1)
def _treino_projeto():
    """A rede do projeto final (64-64-10, Adam, 30 épocas): curvas e matriz de confusão."""
    Xtr, Xte, ytr, yte = _digitos_divididos()
    rng = np.random.default_rng(0)
    P = [0.1 * rng.standard_normal((64, 64)), np.zeros((1, 64)),
         0.1 * rng.standard_normal((64, 10)), np.zeros((1, 10))]
    M = [np.zeros_like(p) for p in P]
    V = [np.zeros_like(p) for p in P]
    t, perdas, acuracias = 0, [], []
    for _ in range(30):
        ordem = rng.permutation(len(Xtr))
        perda = acertos = 0.0
        for inicio in range(0, len(Xtr), 32):
            i = ordem[inicio:inicio + 32]
            xb, yb = Xtr[i], ytr[i]
            z1 = xb @ P[0] + P[1]
            a1 = np.maximum(0, z1)
            z2 = a1 @ P[2] + P[3]
            e = np.exp(z2 - z2.max(axis=1, keepdims=True))
            prob = e / e.sum(axis=1, keepdims=True)
            perda += -np.log(np.clip(prob[np.arange(len(i)), yb], 1e-7, 1)).sum()
            acertos += np.sum(prob.argmax(axis=1) == yb)
            dz2 = prob.copy()
            dz2[np.arange(len(i)), yb] -= 1
            dz2 /= len(i)
            dz1 = (dz2 @ P[2].T) * (z1 > 0)
            grads = [xb.T @ dz1, dz1.sum(axis=0, keepdims=True), a1.T @ dz2,
                     dz2.sum(axis=0, keepdims=True)]
            t += 1
            for k in range(4):
                P[k], M[k], V[k] = _adam(P[k], grads[k], M[k], V[k], t, 0.001)
        perdas.append(perda / len(Xtr))
        acuracias.append(acertos / len(Xtr))
    previsto = np.argmax(np.maximum(0, Xte @ P[0] + P[1]) @ P[2] + P[3], axis=1)
    acuracia_teste = float(np.mean(previsto == yte))
    C = np.zeros((10, 10), dtype=int)
    np.add.at(C, (yte, previsto), 1)
    return perdas, acuracias, acuracia_teste, C


@figura("projeto-curvas")
def _projeto_curvas():
    perdas, acuracias, acuracia_teste, _ = _treino_projeto()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.6))
    epocas = np.arange(1, 31)
    ax1.plot(epocas, perdas, color=AZUL, lw=2)
    ax1.set_xlabel("época")
    ax1.set_title("Perda média no treino")
    ax2.plot(epocas, acuracias, color=AZUL, lw=2, label="treino (por época)")
    ax2.axhline(acuracia_teste, color=LARANJA, ls="--", lw=1.8,
                label=f"teste (final): {br(100 * acuracia_teste, 1)} %")
    ax2.set_xlabel("época")
    ax2.set_title("Acurácia")
    ax2.legend(loc="lower right")
    fig.tight_layout()
    return fig


@figura("projeto-confusao")
def _projeto_confusao():
    *_, C = _treino_projeto()
    fig, ax = plt.subplots(figsize=(5.4, 5.0))
    ax.imshow(C, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if C[i, j]:
                ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=11,
                        color="white" if C[i, j] > C.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("classe prevista")
    ax.set_ylabel("classe verdadeira")
    ax.set_title("Matriz de confusão (teste)")
    ax.grid(False)
    for lado in ("top", "right"):
        ax.spines[lado].set_visible(True)
    return fig


@figura("gan-reais-geradas")
def _gan_reais_geradas():
    """A GAN do módulo 11: G = densa, ReLU, densa; D = densa, tanh, densa, sigmoide."""
    reais = np.random.default_rng(0).normal(4.0, 0.5, size=(1000, 1))
    rng = np.random.default_rng(0)
    h = 16
    G = [rng.standard_normal((1, h)), np.zeros((1, h)), 0.1 * rng.standard_normal((h, 1)),
         np.zeros((1, 1))]
    D = [0.5 * rng.standard_normal((1, h)), np.zeros((1, h)), 0.1 * rng.standard_normal((h, 1)),
         np.zeros((1, 1))]
    mG, vG = [np.zeros_like(p) for p in G], [np.zeros_like(p) for p in G]
    mD, vD = [np.zeros_like(p) for p in D], [np.zeros_like(p) for p in D]
    tG = tD = 0

    def gerar(z):
        z1 = z @ G[0] + G[1]
        a1 = np.maximum(0, z1)
        return a1 @ G[2] + G[3], z1, a1

    def discriminar(x):
        a1 = np.tanh(x @ D[0] + D[1])
        return 1 / (1 + np.exp(-(a1 @ D[2] + D[3]))), a1

    def volta_d(ds, x, a1):
        dz1 = (ds @ D[2].T) * (1 - a1**2)
        return [x.T @ dz1, dz1.sum(axis=0, keepdims=True), a1.T @ ds,
                ds.sum(axis=0, keepdims=True)], dz1 @ D[0].T

    perdas_d, perdas_g = [], []
    for passo in range(700):
        taxa = 0.0025 / (1 + 0.0015 * passo)
        for _ in range(3):
            xr = reais[rng.integers(0, len(reais), 64)]
            xf = gerar(rng.standard_normal((64, 1)))[0]
            pr, ar = discriminar(xr)
            pf, af = discriminar(xf)
            gr, _ = volta_d((pr - 1) / 64, xr, ar)
            gf, _ = volta_d(pf / 64, xf, af)
            tD += 1
            for k in range(4):
                D[k], mD[k], vD[k] = _adam(D[k], gr[k] + gf[k], mD[k], vD[k], tD, taxa, 0.5)
        perdas_d.append(-np.mean(np.log(np.clip(pr, 1e-7, 1)))
                        - np.mean(np.log(np.clip(1 - pf, 1e-7, 1))))
        z = rng.standard_normal((64, 1))
        xf, z1, a1 = gerar(z)
        pf, af = discriminar(xf)
        perdas_g.append(-np.mean(np.log(np.clip(pf, 1e-7, 1))))
        _, dx = volta_d((pf - 1) / 64, xf, af)
        dz1 = (dx @ G[2].T) * (z1 > 0)
        grads = [z.T @ dz1, dz1.sum(axis=0, keepdims=True), a1.T @ dx,
                 dx.sum(axis=0, keepdims=True)]
        tG += 1
        for k in range(4):
            G[k], mG[k], vG[k] = _adam(G[k], grads[k], mG[k], vG[k], tG, taxa, 0.5)

    geradas = gerar(np.random.default_rng(1).standard_normal((5000, 1)))[0]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.5, 3.6))
    faixas = np.linspace(1, 7, 61)
    ax1.hist(reais.ravel(), bins=faixas, density=True, color=AZUL, alpha=0.6, label="reais")
    ax1.hist(geradas.ravel(), bins=faixas, density=True, color=LARANJA, alpha=0.6,
             label="geradas")
    ax1.set_title(f"Reais × geradas\n(média {br(float(geradas.mean()))}, "
                  f"desvio {br(float(geradas.std()))})", fontsize=12)
    ax1.legend(fontsize=12)
    ax2.plot(perdas_d, color=AZUL, lw=0.8, alpha=0.85, label="discriminadora $L_D$")
    ax2.plot(perdas_g, color=LARANJA, lw=0.8, alpha=0.85, label="geradora $L_G$")
    for nivel in (2 * np.log(2), np.log(2)):
        ax2.axhline(nivel, color=CINZA, ls="--", lw=1)
    ax2.set_xlabel("passo")
    ax2.set_title("Perdas: oscilam e se acomodam\nem 2 ln 2 e ln 2", fontsize=12)
    ax2.legend(fontsize=12)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- #
# Otimizadores num vale estreito (página Otimização)
# --------------------------------------------------------------------------- #

# Os mesmos números do exemplo da página (conceitos/otimizacao.md): um teste
# confere que a figura e a saída impressa ali contam a mesma história.
VALE_ALVO = np.array([3.0, -1.0])
VALE_ESCALA = np.array([0.1, 10.0])
VALE_INICIO = np.array([-1.0, 1.0])
VALE_PASSOS = 50


def caminhos_otimizadores() -> dict[str, np.ndarray]:
    """Posições de SGD, momento e Adam a cada passo, no vale da página."""

    def gradiente(w):
        return 2 * VALE_ESCALA * (w - VALE_ALVO)

    caminhos = {}
    w = VALE_INICIO.copy()
    pontos = [w]
    for _ in range(VALE_PASSOS):
        w = w - 0.09 * gradiente(w)
        pontos.append(w)
    caminhos["SGD"] = np.array(pontos)
    w, vel = VALE_INICIO.copy(), np.zeros(2)
    pontos = [w]
    for _ in range(VALE_PASSOS):
        vel = 0.9 * vel - 0.02 * gradiente(w)
        w = w + vel
        pontos.append(w)
    caminhos["momento"] = np.array(pontos)
    w, m, v = VALE_INICIO.copy(), np.zeros(2), np.zeros(2)
    pontos = [w]
    for t in range(1, VALE_PASSOS + 1):
        g = gradiente(w)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g ** 2
        w = w - 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-7)
        pontos.append(w)
    caminhos["Adam"] = np.array(pontos)
    return caminhos


@figura("otimizadores-contorno")
def _otimizadores_contorno():
    w1, w2 = np.meshgrid(np.linspace(-1.5, 4.0, 300), np.linspace(-2.9, 1.4, 300))
    perda = VALE_ESCALA[0] * (w1 - VALE_ALVO[0]) ** 2 + VALE_ESCALA[1] * (w2 - VALE_ALVO[1]) ** 2
    fig, ax = plt.subplots(figsize=(7.0, 4.6))
    ax.contour(w1, w2, perda, levels=[0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32], colors=CINZA,
               linewidths=0.8, alpha=0.8)
    estilos = {"SGD": (AZUL, "o", "-"), "momento": (LARANJA, "s", "-"), "Adam": (VERDE, "^", "-")}
    for nome, caminho in caminhos_otimizadores().items():
        cor, marcador, linha = estilos[nome]
        distancia = float(np.linalg.norm(caminho[-1] - VALE_ALVO))
        ax.plot(caminho[:, 0], caminho[:, 1], linha, color=cor, lw=1.6, marker=marcador, ms=3.5,
                label=f"{nome}: a {br(distancia)} do mínimo")
    ax.plot(*VALE_INICIO, "o", color="black", ms=7)
    ax.text(VALE_INICIO[0] + 0.1, VALE_INICIO[1] + 0.15, "início", va="bottom")
    ax.plot(*VALE_ALVO, "*", color=VERMELHO, ms=16, zorder=5)
    ax.text(VALE_ALVO[0] + 0.1, VALE_ALVO[1] - 0.35, "mínimo", color=escurecer(VERMELHO, 0.3),
            ha="left", va="top")
    ax.set_xlabel("$w_1$ (direção suave)")
    ax.set_ylabel("$w_2$ (direção íngreme)")
    ax.set_title(f"{VALE_PASSOS} passos em um vale estreito")
    ax.grid(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1, frameon=False)
    return fig


# --------------------------------------------------------------------------- #
# Diagramas: grafo computacional, RNN, LSTM, CNN e o laço da GAN
# --------------------------------------------------------------------------- #


def caixa(ax, centro, largura, altura, texto, cor, tamanho=12, **kw):
    """Retângulo arredondado com texto no meio (um bloco de diagrama)."""
    from matplotlib.patches import FancyBboxPatch

    x, y = centro
    ax.add_patch(FancyBboxPatch((x - largura / 2, y - altura / 2), largura, altura,
                                boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor=clarear(cor, 0.7), edgecolor=escurecer(cor, 0.2), lw=1.6, zorder=2))
    ax.text(x, y, texto, ha="center", va="center", fontsize=tamanho, zorder=3, **kw)


@figura("grafo-computacional")
def _grafo_computacional():
    fig, ax = plt.subplots(figsize=(8.2, 4.6))
    y_ida = 1.0
    blocos = [
        (0.0, "entrada\n$X$", AZUL),
        (2.6, "densa\n$Z = XW + b$", LARANJA),
        (5.2, "softmax\n$\\hat{Y}$", VERDE),
        (7.8, "entropia\ncruzada $L$", ROXO),
    ]
    for x, texto, cor in blocos:
        caixa(ax, (x, y_ida), 1.9, 1.1, texto, cor)
    for (xa, _, _), (xb, _, _) in zip(blocos[:-1], blocos[1:]):
        seta(ax, (xa + 0.97, y_ida), (xb - 0.97, y_ida), largura=1.6)
    caixa(ax, (2.6, 2.65), 1.3, 0.6, "$W$, $b$", CINZA)
    seta(ax, (2.35, 2.33), (2.35, 1.57), largura=1.4)
    caixa(ax, (7.8, 2.65), 1.9, 0.6, "rótulos $Y$", CINZA)
    seta(ax, (7.8, 2.33), (7.8, 1.57), largura=1.4)
    ax.text(3.9, 1.2, "ida", ha="center", va="bottom", fontsize=12, weight="bold")
    # volta: os gradientes, da perda até a entrada (em vermelho)
    vermelho = escurecer(VERMELHO, 0.1)
    seta(ax, (7.8, 0.43), (2.9, 0.43), cor=vermelho, largura=1.8, connectionstyle="arc3,rad=-0.35")
    ax.text(5.35, -1.05, "$dZ = \\dfrac{\\hat{Y} - Y}{n}$", ha="center", va="center", fontsize=13,
            color=vermelho)
    seta(ax, (2.3, 0.43), (0.3, 0.43), cor=vermelho, largura=1.8, connectionstyle="arc3,rad=-0.4")
    ax.text(1.3, -0.45, "$dX = dZ\\,W^T$", ha="center", va="center", color=vermelho)
    seta(ax, (2.85, 1.57), (2.85, 2.33), cor=vermelho, largura=1.4)
    ax.text(1.85, 2.65, "$dW = X^T dZ$\n$db$ = soma das linhas de $dZ$", ha="right", va="center",
            color=vermelho)
    ax.text(3.9, -1.95, "volta: softmax e entropia cruzada juntas dão um gradiente só, $dZ$",
            ha="center", color=vermelho)
    ax.set_xlim(-1.2, 9.0)
    ax.set_ylim(-2.3, 3.2)
    eixo_limpo(ax)
    return fig


@figura("rnn-desenrolada")
def _rnn_desenrolada():
    fig, ax = plt.subplots(figsize=(8.4, 3.8))
    # a célula compacta, com o laço do estado
    caixa(ax, (0.0, 0.0), 1.2, 1.0, "RNN", AZUL, tamanho=13)
    seta(ax, (0.0, -1.35), (0.0, -0.52), largura=1.5)
    ax.text(0.0, -1.45, "$x_t$", ha="center", va="top", fontsize=13)
    seta(ax, (0.0, 0.52), (0.0, 1.35), largura=1.5)
    ax.text(0.0, 1.45, "$h_t$", ha="center", va="bottom", fontsize=13)
    seta(ax, (0.62, 0.2), (0.62, -0.2), cor=LARANJA, largura=1.8, connectionstyle="arc3,rad=-2.2")
    ax.text(1.35, 0.0, "$h_{t-1}$", color=escurecer(LARANJA, 0.2), fontsize=12, va="center")
    ax.text(2.25, 0.0, "=", fontsize=22, ha="center", va="center")
    # desenrolada em quatro passos
    xs = [4.0, 5.6, 7.2, 8.8]
    seta(ax, (2.8, 0.0), (xs[0] - 0.57, 0.0), cor=LARANJA, largura=1.8)
    ax.text(2.8, 0.12, "$h_0$", fontsize=12, color=escurecer(LARANJA, 0.2), va="bottom")
    for t, x in enumerate(xs, start=1):
        caixa(ax, (x, 0.0), 1.1, 1.0, "RNN", AZUL)
        seta(ax, (x, -1.35), (x, -0.52), largura=1.5)
        ax.text(x, -1.45, f"$x_{t}$", ha="center", va="top", fontsize=13)
        seta(ax, (x, 0.52), (x, 1.35), largura=1.5)
        ax.text(x, 1.45, f"$h_{t}$", ha="center", va="bottom", fontsize=13)
        if t < len(xs):
            seta(ax, (x + 0.57, 0.0), (xs[t] - 0.57, 0.0), cor=LARANJA, largura=1.8)
    ax.text(6.4, -2.25, "os mesmos pesos $W_x$, $W_h$, $b$ em todos os passos", ha="center", fontsize=12)
    ax.set_xlim(-0.8, 9.6)
    ax.set_ylim(-2.5, 2.0)
    eixo_limpo(ax)
    return fig


@figura("lstm-celula")
def _lstm_celula():
    fig, ax = plt.subplots(figsize=(8.6, 5.2))
    y_c, y_portas, y_h = 2.4, -0.4, -1.8
    x_f, x_i, x_g, x_o, x_soma = 1.0, 2.8, 4.6, 6.6, 3.7
    verde = escurecer(VERDE, 0.2)
    # a esteira da memória c, ao longo do topo
    ax.plot([-0.6, 8.6], [y_c, y_c], color=verde, lw=3, zorder=1)
    ax.text(-0.7, y_c, "$c_{t-1}$", ha="right", va="center", fontsize=14)
    seta(ax, (8.2, y_c), (8.7, y_c), cor=verde, largura=3)
    ax.text(8.8, y_c, "$c_t$", ha="left", va="center", fontsize=14)
    for x, simbolo in ((x_f, "×"), (x_soma, "+")):
        no(ax, (x, y_c), raio=0.3, cor="white", texto=simbolo, tamanho=16)
    # as portas, calculadas de [h_{t-1}, x_t]
    portas = [
        (x_f, "σ", "porta de\nesquecimento\n$f$", VERMELHO),
        (x_i, "σ", "porta de\nentrada\n$i$", AZUL),
        (x_g, "tanh", "candidato\n\n$g$", LARANJA),
        (x_o, "σ", "porta de\nsaída\n$o$", ROXO),
    ]
    ax.plot([-0.6, x_o], [y_h, y_h], color=CINZA, lw=2, zorder=1)
    ax.text(-0.7, y_h, "$h_{t-1}$, $x_t$", ha="right", va="center", fontsize=13)
    for x, funcao, nome, cor in portas:
        ax.plot([x, x], [y_h, y_portas - 0.35], color=CINZA, lw=2, zorder=1)
        caixa(ax, (x, y_portas), 0.95, 0.7, funcao, cor, tamanho=13)
        ax.text(x, y_h - 0.2, nome, ha="center", va="top", fontsize=11, color=escurecer(cor, 0.3))
    seta(ax, (x_f, y_portas + 0.37), (x_f, y_c - 0.32), largura=1.5)
    no(ax, (x_soma, 1.1), raio=0.28, cor="white", texto="×", tamanho=15)
    seta(ax, (x_i, y_portas + 0.37), (x_soma - 0.22, 0.92), largura=1.5)
    seta(ax, (x_g, y_portas + 0.37), (x_soma + 0.22, 0.92), largura=1.5)
    seta(ax, (x_soma, 1.4), (x_soma, y_c - 0.32), largura=1.5)
    # saída: h_t = o * tanh(c_t)
    caixa(ax, (7.6, 1.2), 0.95, 0.6, "tanh", LARANJA, tamanho=12)
    ax.plot([7.6, 7.6], [y_c, 1.5], color=verde, lw=2)
    no(ax, (7.6, y_portas), raio=0.28, cor="white", texto="×", tamanho=15)
    seta(ax, (7.6, 0.9), (7.6, y_portas + 0.28), largura=1.5)
    seta(ax, (x_o + 0.48, y_portas), (7.32, y_portas), largura=1.5)
    seta(ax, (7.88, y_portas), (8.7, y_portas), largura=1.8)
    ax.text(8.8, y_portas, "$h_t$", ha="left", va="center", fontsize=14)
    ax.text(4.0, 3.1, "$c_t = f \\odot c_{t-1} + i \\odot g$        $h_t = o \\odot \\tanh(c_t)$",
            ha="center", fontsize=13)
    ax.set_xlim(-2.6, 9.6)
    ax.set_ylim(-3.2, 3.5)
    eixo_limpo(ax)
    return fig


@figura("cnn-pipeline")
def _cnn_pipeline():
    fig, ax = plt.subplots(figsize=(9.0, 3.9))

    def pilha(x, lado, n, cor, rotulo, forma):
        for k in range(n - 1, -1, -1):
            d = 0.12 * k
            ax.add_patch(Rectangle((x + d, -lado / 2 + d), lado, lado, facecolor=clarear(cor, 0.6),
                                   edgecolor=escurecer(cor, 0.3), lw=1.0))
        meio = x + lado / 2 + 0.06 * (n - 1)
        ax.text(meio, lado / 2 + 0.12 * (n - 1) + 0.15, rotulo, ha="center", va="bottom", fontsize=12)
        ax.text(meio, -lado / 2 - 0.2, forma, ha="center", va="top", fontsize=12)
        return x + lado + 0.12 * (n - 1)

    def operacao(x, texto):
        """Seta entre duas etapas, com o nome da operação embaixo; devolve onde a próxima começa."""
        seta(ax, (x + 0.1, 0), (x + 1.2, 0), largura=1.5)
        ax.text(x + 0.65, -0.15, texto, ha="center", va="top", fontsize=11)
        return x + 1.3

    fim = pilha(0.0, 2.2, 1, CINZA, "imagem", "28 × 28")
    fim = pilha(operacao(fim, "conv\n+ ReLU"), 2.0, 4, AZUL, "mapas", "4 × 26 × 26")
    fim = pilha(operacao(fim, "max\npool"), 1.1, 4, VERDE, "reduzidos", "4 × 13 × 13")
    x_vetor = operacao(fim, "achatar")
    for k in range(9):
        ax.add_patch(Rectangle((x_vetor, 1.1 - 0.25 * k), 0.25, 0.25, facecolor=clarear(VERDE, 0.6),
                               edgecolor=escurecer(VERDE, 0.3), lw=0.8))
    ax.text(x_vetor + 0.12, 1.5, "vetor", ha="center", va="bottom", fontsize=12)
    ax.text(x_vetor + 0.12, -1.3, "676", ha="center", va="top", fontsize=12)
    x_classes = operacao(x_vetor + 0.25, "densa +\nsoftmax") + 0.55
    caixa(ax, (x_classes, 0), 1.1, 2.2, "0\n1\n⋮\n9", LARANJA, tamanho=12)
    ax.text(x_classes, 1.5, "classes", ha="center", va="bottom", fontsize=12)
    ax.text(x_classes, -1.3, "10", ha="center", va="top", fontsize=12)
    ax.set_xlim(-0.3, x_classes + 0.8)
    ax.set_ylim(-1.9, 2.1)
    ax.set_aspect("equal")
    eixo_limpo(ax)
    return fig


@figura("gan-laco")
def _gan_laco():
    fig, ax = plt.subplots(figsize=(8.8, 4.8))
    caixa(ax, (0.0, 1.6), 1.5, 0.8, "ruído $z$", CINZA)
    caixa(ax, (2.4, 1.6), 1.7, 1.0, "geradora\n$G$", LARANJA, tamanho=13)
    caixa(ax, (4.9, 1.6), 1.8, 0.8, "falsas $G(z)$", LARANJA)
    caixa(ax, (4.9, -0.4), 1.8, 0.8, "reais $x$", AZUL)
    caixa(ax, (7.7, 0.6), 2.5, 1.0, "discriminadora\n$D$", AZUL, tamanho=13)
    caixa(ax, (7.7, -1.5), 3.4, 0.8, "$D$: chance de ser real", CINZA)
    seta(ax, (0.77, 1.6), (1.53, 1.6), largura=1.5)
    seta(ax, (3.27, 1.6), (3.98, 1.6), largura=1.5)
    seta(ax, (5.82, 1.5), (6.43, 0.85), largura=1.5)
    seta(ax, (5.82, -0.3), (6.43, 0.35), largura=1.5)
    seta(ax, (7.7, 0.08), (7.7, -1.08), largura=1.5)
    # as duas atualizações
    azul = escurecer(AZUL, 0.2)
    laranja = escurecer(LARANJA, 0.25)
    seta(ax, (9.42, -1.4), (8.97, 0.5), cor=azul, largura=2, connectionstyle="arc3,rad=0.6")
    ax.text(9.9, -0.4, "1. passo em $D$\n(reais → 1,\nfalsas → 0)", color=azul, fontsize=12, va="center")
    seta(ax, (5.98, -1.6), (2.4, 1.05), cor=laranja, largura=2, connectionstyle="arc3,rad=-0.35")
    ax.text(1.0, -1.2, "2. passo em $G$\n(o gradiente\natravessa $D$;\nfalsas → 1)", color=laranja,
            fontsize=12, ha="center", va="center")
    ax.set_xlim(-0.9, 11.9)
    ax.set_ylim(-2.2, 2.4)
    eixo_limpo(ax)
    return fig


# --------------------------------------------------------------------------- #
# Uso direto: python site/_ganchos/figuras.py PASTA
# --------------------------------------------------------------------------- #

if __name__ == "__main__":
    destino = Path(sys.argv[1] if len(sys.argv) > 1 else "build/figuras")
    for caminho, conteudo in gerar_todas().items():
        arquivo = destino / caminho
        arquivo.parent.mkdir(parents=True, exist_ok=True)
        arquivo.write_text(conteudo, encoding="utf-8")
        print(arquivo)
