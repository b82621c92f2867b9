"""As buscas do hypothesis: só na edição do professor.

Públicas: com a semente pública (`gravado.PUBLIC_SEED`) e sem banco de
exemplos, o hypothesis sorteia sempre a mesma sequência de entradas; ela fica
gravada em `autograder/gravado/` e a correção só a repete. Aqui ela é
sorteada quando não há cópia em dia (alguém mudou uma estratégia e não rodou
`rna gerar`) e quando `rna gerar` grava.

Ocultas: outra semente (a do professor, ver `hidden_seed`) e um terço dos
exemplos; as entradas ficam em `professor/ocultas/` (nunca na edição do
aluno). Quando uma falha e a parte pública da função passou, a busca de
verdade roda para encolher o contraexemplo, como o hypothesis faz, com um
número fixo de chamadas ao aprendiz (`SHRINK_CALLS`).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
from pathlib import Path

from .. import gravado
from ..engine import FunctionGrader, Searches
from ..strategies import build
from ..wire import Unsupported, decode, encode

HIDDEN_FOLDER = Path(__file__).resolve().parent / "ocultas"
# A semente das buscas ocultas. O kit é aberto, então quem quer entradas que
# ninguém possa reproduzir escolhe a sua em RNA_SEMENTE_OCULTA (as gravadas
# deixam de valer e a busca sorteia na hora).
DEFAULT_HIDDEN_SEED = 20240607


def hidden_seed() -> int:
    raw = os.environ.get("RNA_SEMENTE_OCULTA", "")
    return int(raw) if raw.strip().isdigit() else DEFAULT_HIDDEN_SEED


def hidden_examples(max_examples: int) -> int:
    return max(10, max_examples // 3)


@functools.cache
def hypothesis_settings(hidden: bool):
    """As configurações das buscas. Dentro de uma função porque importar o
    hypothesis custa ~0,1 s, e repetir as entradas gravadas dispensa o hypothesis."""
    from hypothesis import HealthCheck, Phase, Verbosity, settings

    from ..strategies import private_storage

    private_storage()  # os caches do hypothesis fora da pasta atual
    visible = settings(
        database=None,  # nada guardado entre execuções: a nota não muda
        derandomize=True,  # mesma semente sempre, em qualquer máquina
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        verbosity=Verbosity.quiet,
    )
    # Os ocultos usam a semente de `hidden_seed` no lugar da derivada.
    return settings(visible, derandomize=False) if hidden else visible


@contextlib.contextmanager
def _strategy_constants_only():
    """O hypothesis mistura nas entradas números tirados do código-fonte dos
    módulos "locais" carregados (os deste pacote, instalado editável): um
    literal novo em qualquer módulo mudaria as entradas sorteadas, e as
    gravadas deixariam de se reproduzir. Aqui elas dependem só da estratégia,
    da semente e da versão do hypothesis (fixada; ver `gravacao.fingerprint`)."""
    from hypothesis.internal.conjecture import providers

    original, empty = providers._get_local_constants, providers.Constants()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def _kwargs_strategy(check, strategy):
    # Os argumentos nomeados só acompanham a estratégia da própria função;
    # uma propriedade com estratégia própria gera tudo o que precisa.
    if check.kwargs_strategy is None or strategy is not check.strategy:
        from hypothesis import strategies as st

        return st.just({})
    return check.kwargs_strategy


def draw(check, strategy, seed: int, examples: int, hidden: bool) -> list:
    """A sequência de entradas (args, kwargs) que a busca sortearia com uma
    função que sempre passa."""
    from hypothesis import Phase, given, settings
    from hypothesis import seed as with_seed

    drawn = []

    @settings(hypothesis_settings(hidden), max_examples=examples,
              phases=(Phase.explicit, Phase.generate))
    @with_seed(seed)
    @given(build(strategy), build(_kwargs_strategy(check, strategy)))
    def search(args, kwargs):
        drawn.append((tuple(args), dict(kwargs)))

    with _strategy_constants_only():
        search()
    return drawn


class _Found(Exception):
    """Levantada dentro do hypothesis para ele encolher a entrada."""

    def __init__(self, failure):
        super().__init__(failure.title)
        self.failure = failure


class _Spent(BaseException):
    """Levantada dentro do hypothesis quando a busca gastou as suas chamadas.
    Uma BaseException: o hypothesis toma qualquer Exception por falha (e a
    encolheria); esta ele deixa passar, e a busca para ali."""


# Quantas chamadas ao aprendiz uma busca que encolhe pode fazer (as do
# sorteio e as do encolhimento). Cada uma é uma ida e volta ao processo do
# aluno mais o sorteio do hypothesis (de 5 a 35 ms): sem limite, o lstm_step
# do m10 com um erro chegava a 300 chamadas, mais de 3 s. Com 30, a maioria
# das buscas termina antes (a relu encolhe até [1.] em 19). Um número de
# chamadas, nunca um tempo: a mesma submissão mostra sempre a mesma entrada.
SHRINK_CALLS = 30


def shrink(grader: FunctionGrader, strategy, evaluate, seed: int, examples: int, hidden: bool):
    """A busca de verdade: acha uma entrada que falha e a encolhe, com no
    máximo SHRINK_CALLS chamadas ao aprendiz. Gastas as chamadas, fica a
    menor (`gravado.size`) das falhas achadas até ali."""
    from hypothesis import given, settings
    from hypothesis import seed as with_seed
    from hypothesis.errors import Flaky

    from ..results import Failure

    spent = 0
    smallest = None

    @settings(hypothesis_settings(hidden), max_examples=examples)
    @with_seed(seed)
    @given(build(strategy), build(_kwargs_strategy(grader.check, strategy)))
    def search(args, kwargs):
        nonlocal spent, smallest
        if spent >= SHRINK_CALLS:
            raise _Spent
        spent += 1
        failure = grader.evaluate([evaluate], tuple(args), dict(kwargs))
        if failure is not None:
            if smallest is None or _size(failure) < _size(smallest):
                smallest = failure
            raise _Found(failure)

    try:
        with _strategy_constants_only():
            search()
    except _Found as found:
        return found.failure
    except _Spent:
        return smallest
    except Flaky:
        return Failure(
            "sua função deu resultados diferentes para a mesma entrada "
            "(ela depende de algo aleatório ou de estado guardado entre chamadas?)"
        )
    return None


def _size(failure) -> tuple:
    """O tamanho da entrada de uma falha (o mesmo `gravado.size` que escolhe
    a menor entrada pública que falha)."""
    return gravado.size([value for _, value in failure.inputs])


# -- entradas gravadas --------------------------------------------------------

_recording: dict | None = None  # buscas sendo gravadas por `record`


@contextlib.contextmanager
def record():
    """Sorteia de verdade (sem as cópias gravadas) e guarda as sequências de
    todas as buscas feitas dentro do bloco: {"publicas": {...}, "ocultas": {...}}."""
    global _recording
    previous, _recording = _recording, {"publicas": {}, "ocultas": {}}
    try:
        yield _recording
    finally:
        _recording = previous


def _note(kind: str, search: str, examples: list):
    if _recording is None:
        return
    from .gravacao import identical  # a gravação importa este módulo

    encoded = []
    for example in examples:
        try:
            value = encode(example)
        except Unsupported:
            value = None
        # Só vale gravar o que volta idêntico (tipos, dtypes, bits): um escalar
        # NumPy, por exemplo, voltaria como float do Python.
        if value is None or not identical(decode(value), example):
            _recording[kind][search] = None
            return
        encoded.append(value)
    _recording[kind][search] = encoded


@functools.cache
def _stored_hidden(module: str) -> dict:
    try:
        with gzip.open(HIDDEN_FOLDER / f"{module}.json.gz", "rt", encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError):
        return {}
    from .gravacao import fingerprint

    if not isinstance(data, dict) or data.get("impressao_digital") != fingerprint(module):
        return {}
    return data.get("buscas", {})


@functools.cache
def _public_is_fresh(module: str) -> bool:
    from .gravacao import fingerprint

    return gravado.load(module).get("impressao_digital") == fingerprint(module)


def _encoding(example) -> str | None:
    try:
        return json.dumps(encode(example), sort_keys=True)
    except Unsupported:
        return None


def _public_encodings(module: str, function: str) -> set:
    """As entradas públicas da função (as gravadas, ou as desta gravação)."""
    searches = (_recording or {}).get("publicas") or gravado.load(module).get("buscas", {})
    return {json.dumps(example, sort_keys=True)
            for search, examples in searches.items() if search.startswith(f"{function}|")
            for example in examples or []}


def prepare(module: str) -> None:
    """Lê agora as entradas gravadas do módulo, públicas e ocultas."""
    _public_is_fresh(module)
    _stored_hidden(module)


class TeacherSearches(Searches):
    has_hidden = True

    def __init__(self, module: str):
        self.module = module

    def public(self, grader, strategy, label: str) -> list:
        check = grader.check
        search = gravado.search_key(check.name, label, gravado.PUBLIC_SEED, check.max_examples)
        if _recording is None and _public_is_fresh(self.module):
            found = gravado.examples(self.module, search)
            if found is not None:
                return found
        drawn = draw(check, strategy, gravado.PUBLIC_SEED, check.max_examples, hidden=False)
        _note("publicas", search, drawn)
        return sorted(drawn, key=gravado.size)

    def hidden(self, grader, strategy, evaluate, label: str):
        check = grader.check
        seed, count = hidden_seed(), hidden_examples(check.max_examples)
        search = gravado.search_key(check.name, label, seed, count)
        stored = None if _recording is not None else _stored_hidden(self.module).get(search)
        if stored is not None:
            examples = [decode(example) for example in stored]
        else:
            # Uma entrada que a edição do aluno já traz não é oculta: fica de fora.
            shown = _public_encodings(self.module, check.name)
            examples = [e for e in draw(check, strategy, seed, count, hidden=True)
                        if _encoding(e) not in shown]
            _note("ocultas", search, examples)
        public_failed = grader.values_failed
        (failure,) = grader.evaluate_examples(sorted(examples, key=gravado.size), [evaluate])
        if failure is None or public_failed:
            # Com a parte pública já errada, o aprendiz vê a menor entrada
            # pública que falha: encolher a oculta não lhe diria mais nada e
            # custaria uma busca (a nota é a mesma). Fica a menor das gravadas.
            return failure
        # A busca acha a mesma falha e a encolhe. Se não achar (uma função que
        # muda de resposta, ou as chamadas acabaram antes) ou só achar uma
        # maior, fica a menor das gravadas.
        shrunk = shrink(grader, strategy, evaluate, seed, count, hidden=True)
        return failure if shrunk is None or _size(failure) < _size(shrunk) else shrunk
