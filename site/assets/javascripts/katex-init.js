/* Renderiza as fórmulas marcadas por pymdownx.arithmatex (modo generic) com o
 * KaTeX copiado para assets/katex (npm katex 0.19.1). Nada vem da rede.
 * Inscrito em document$ do Material para rodar a cada página carregada,
 * inclusive na navegação instantânea. */
document$.subscribe(function () {
  var formulas = document.querySelectorAll(".arithmatex");
  for (var i = 0; i < formulas.length; i++) {
    renderMathInElement(formulas[i], {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true }
      ],
      throwOnError: false
    });
  }
});
