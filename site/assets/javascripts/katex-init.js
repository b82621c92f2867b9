/* Renderiza as fórmulas marcadas por pymdownx.arithmatex (modo generic) com o
 * KaTeX copiado para assets/katex (npm katex 0.19.1). Nada vem da rede.
 * Inscrito em document$ do Material para rodar a cada página carregada,
 * inclusive na navegação instantânea. Aberto do disco (file://), o Material
 * não emite document$: aí a página é renderizada assim que o HTML carrega. */
function renderizarFormulas() {
  var formulas = document.querySelectorAll(".arithmatex");
  for (var i = 0; i < formulas.length; i++) {
    if (formulas[i].querySelector(".katex")) {
      continue; // já renderizada
    }
    renderMathInElement(formulas[i], {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true }
      ],
      throwOnError: false
    });
  }
}

document$.subscribe(renderizarFormulas);

if (location.protocol === "file:") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderizarFormulas);
  } else {
    renderizarFormulas();
  }
}
