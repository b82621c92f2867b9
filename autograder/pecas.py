"""As peças dos treinos: o que a célula «As suas peças» traz dos módulos anteriores.

Os treinos (m07, m08, m11, m12) usam a camada densa, as ativações, a perda, as
retropropagações e o Adam que o aprendiz escreveu antes, copiados para a
célula «As suas peças». Se uma delas ficou de fora, o treino levanta
`NameError` no meio do laço; a dica diz qual peça falta, onde ela vai e de
que módulo ela vem, em vez da explicação genérica de um nome inexistente.
"""

from __future__ import annotations

import re

from .results import Failure

# As classes do livro (NNFS) que fazem o papel das funções corrigidas: o
# aprendiz pode colar qualquer das duas formas. O módulo é o da função
# corrigida que cada classe faz.
BOOK_CLASSES = {
    "Activation_ReLU": "m03_ativacoes",
    "Activation_Softmax": "m03_ativacoes",
    "Activation_Sigmoid": "m03_ativacoes",
    "Activation_Tanh": "m03_ativacoes",
    "Loss": "m04_perda",
    "Loss_CategoricalCrossentropy": "m04_perda",
    "Activation_Softmax_Loss_CategoricalCrossentropy": "m05_retropropagacao",
    "Optimizer_Adam": "m06_otimizacao",
}


def piece_module(name: str, module: str) -> str | None:
    """O módulo anterior a `module` de onde vem a peça `name`, ou None."""
    from .grading import MODULES, spec  # só quando falta um nome: importa as verificações

    earlier = [m for m in MODULES if m < module]
    if BOOK_CLASSES.get(name) in earlier:
        return BOOK_CLASSES[name]
    return next((m for m in earlier if any(c.name == name for c in spec(m).checks)), None)


def missing_piece_hint(error: dict, module: str) -> str | None:
    """A dica de um `NameError` de uma peça dos módulos anteriores, ou None."""
    if error.get("type") != "NameError":
        return None
    found = re.search(r"name '(\w+)' is not defined", error.get("message") or "")
    origin = found and piece_module(found.group(1), module)
    if not origin:
        return None
    from .grading import spec

    number = int(origin[1:3])
    return (f"falta a peça `{found.group(1)}`, do módulo {number} ({spec(origin).title}): "
            "copie a sua versão para a célula «As suas peças» (ou escreva-a lá) e rode "
            "essa célula antes do treino")


def training_raised(call: str, inputs, error: dict, module: str) -> Failure:
    """A falha de um treino que levantou uma exceção, com a peça que falta (se
    for isso) ou a explicação do próprio erro. A dica fica também no modo
    avaliado (`generic_hint`): dizer qual peça falta não dá o código."""
    from .engine import error_hint, error_text

    hint = missing_piece_hint(error, module) or error_hint(error)
    return Failure(f"`{call}` levantou {error_text(error)}", list(inputs),
                   hints=[hint] if hint else [], generic_hint=hint)
