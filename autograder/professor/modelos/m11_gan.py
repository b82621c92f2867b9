"""Os modelos dos erros conhecidos de m11_gan (só na edição do professor)."""

from __future__ import annotations

import numpy as np

from ...checks.m11_gan import (  # noqa: F401
    EPS,
)
from ...spec import Mistake


def _f(x):
    return np.asarray(x, dtype=float)


def _clip(p, eps=EPS):
    return np.clip(_f(p), eps, 1 - eps)


def _log(p, eps=EPS, log=np.log):
    with np.errstate(divide="ignore", invalid="ignore"):
        return log(_clip(p, eps)) if eps else log(_f(p))


def _d_loss(r, f, eps=EPS, log=np.log, reduce=np.mean):
    with np.errstate(divide="ignore", invalid="ignore"):
        one_minus = 1 - _clip(f, eps) if eps else 1 - _f(f)
        return float(-reduce(_log(r, eps, log)) - reduce(log(one_minus)))


NO_CLIP = ("log sem clip: log(0) dá −inf. Corte antes do logaritmo com "
           "np.clip(p, 1e-7, 1 - 1e-7) e guarde o resultado numa variável")


DISCRIMINATOR_MISTAKES = [
    Mistake(NO_CLIP, lambda r, f: _d_loss(r, f, eps=0)),
    Mistake("o corte deve ser np.clip(p, 1e-7, 1 - 1e-7), como no módulo 4 (você usou "
            "outro limite)", lambda r, f: _d_loss(r, f, eps=1e-8)),
    Mistake("o corte deve ser np.clip(p, 1e-7, 1 - 1e-7), como no módulo 4 (você usou "
            "outro limite)", lambda r, f: _d_loss(r, f, eps=1e-15)),
    Mistake("o sinal está trocado: a perda é −mean(log D(x)) − mean(log(1 − D(G(z)))), "
            "um número ≥ 0", lambda r, f: -_d_loss(r, f)),
    Mistake("real e falso estão trocados: as reais têm rótulo 1 (−log D(x)) e as falsas "
            "rótulo 0 (−log(1 − D(G(z))))", lambda r, f: _d_loss(f, r)),
    Mistake("você somou em vez de tirar a média: use np.mean em cada parte",
            lambda r, f: _d_loss(r, f, reduce=np.sum)),
    Mistake("você tirou uma média só de tudo junto: são duas médias, uma das N reais e "
            "outra das M falsas, somadas",
            lambda r, f: float(-np.mean(np.concatenate([_log(r).ravel(),
                                                        np.log(1 - _clip(f)).ravel()])))),
    Mistake("você dividiu a soma das duas partes por 2: a perda é a soma das duas médias, "
            "sem o fator 1/2", lambda r, f: 0.5 * _d_loss(r, f)),
    Mistake("faltou a parte das falsas: −mean(log(1 − D(G(z))))",
            lambda r, f: float(-np.mean(_log(r)))),
    Mistake("faltou a parte das reais: −mean(log D(x))",
            lambda r, f: float(-np.mean(np.log(1 - _clip(f))))),
    Mistake("para as falsas o rótulo é 0: a parcela é −log(1 − D(G(z))), não −log D(G(z))",
            lambda r, f: float(-np.mean(_log(r)) - np.mean(_log(f)))),
    Mistake("use o logaritmo natural, np.log (você usou log10 ou log2)",
            lambda r, f: _d_loss(r, f, log=np.log10)),
    Mistake("use o logaritmo natural, np.log (você usou log10 ou log2)",
            lambda r, f: _d_loss(r, f, log=np.log2)),
]


GENERATOR_MISTAKES = [
    Mistake("essa é a perda saturante, mean(log(1 − D(G(z)))): no começo do treino ela "
            "fica plana e a geradora não aprende. Use a não saturante, −mean(log D(G(z)))",
            lambda f: float(np.mean(np.log(1 - _clip(f))))),
    Mistake("−mean(log(1 − D(G(z)))) é a parte das falsas na perda da discriminadora; a "
            "geradora quer o contrário: −mean(log D(G(z)))",
            lambda f: float(-np.mean(np.log(1 - _clip(f))))),
    Mistake("o sinal está trocado: a perda não saturante é −mean(log D(G(z))), um número "
            "≥ 0", lambda f: float(np.mean(_log(f)))),
    Mistake(NO_CLIP, lambda f: float(-np.mean(_log(f, eps=0)))),
    Mistake("o corte deve ser np.clip(p, 1e-7, 1 - 1e-7), como no módulo 4 (você usou "
            "outro limite)", lambda f: float(-np.mean(_log(f, eps=1e-8)))),
    Mistake("você somou em vez de tirar a média: use np.mean",
            lambda f: float(-np.sum(_log(f)))),
    Mistake("use o logaritmo natural, np.log (você usou log10 ou log2)",
            lambda f: float(-np.mean(_log(f, log=np.log10)))),
    Mistake("use o logaritmo natural, np.log (você usou log10 ou log2)",
            lambda f: float(-np.mean(_log(f, log=np.log2)))),
]


MISTAKES = {
    'discriminator_loss': DISCRIMINATOR_MISTAKES,
    'generator_loss': GENERATOR_MISTAKES,
}
