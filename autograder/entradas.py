"""As entradas geradas: como o hypothesis as sorteia e a cópia gravada delas.

Com `derandomize` (ou uma semente fixa) e sem banco de exemplos, a busca do
hypothesis sorteia sempre a mesma sequência de entradas enquanto a função do
aprendiz passa. Sortear custa ~2 ms por exemplo, dez vezes mais que chamar o
aprendiz, e era quase todo o tempo de `rna verificar`. Por isso `rna gerar`
grava essa sequência em `autograder/entradas/<módulo>.json` (corrigindo a
própria referência), e a correção a repete: se tudo passa, a nota é a mesma
que a busca daria, sem sortear nada; se algo falha, a busca de verdade roda
para encolher o contraexemplo.

Tudo o que decide quais entradas saem está aqui, nas estratégias
(`strategies.py`) e no arquivo de verificações do módulo: a impressão digital
desses três arquivos fica gravada com as entradas, e uma cópia velha (alguém
mudou uma estratégia e não rodou `rna gerar`) é ignorada, com a busca de
verdade no lugar. Um teste exige que as cópias do repositório estejam em dia.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from .worker import Unsupported, decode, encode

# Os testes ocultos (que a versão do aprendiz do notebook não roda) buscam com
# outra semente fixa e um terço dos exemplos.
HIDDEN_SEED = 20240607

FOLDER = Path(__file__).resolve().parent / "entradas"
_SOURCES = ("entradas.py", "strategies.py")


def search_plan(max_examples: int, hidden: bool) -> tuple[int, int]:
    """(semente, número de exemplos) de uma busca."""
    if hidden:
        return HIDDEN_SEED, max(10, max_examples // 3)
    return 0, max_examples


@functools.cache
def hypothesis_settings(hidden: bool):
    """As configurações das buscas de verdade. Dentro de uma função porque
    importar o hypothesis custa ~0,1 s, e repetir as entradas gravadas
    dispensa o hypothesis."""
    from hypothesis import HealthCheck, Phase, Verbosity, settings

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
    # Os ocultos usam a semente fixa de `search_plan` no lugar da derivada.
    return settings(visible, derandomize=False) if hidden else visible


def key(function: str, strategy_label: str, seed: int, examples: int) -> str:
    """Uma busca é definida pela estratégia, pela semente e pelo número de
    exemplos; não pelos testes que avaliam o resultado (vários testes podem
    repetir a mesma sequência)."""
    return f"{function}|{strategy_label}|{seed}|{examples}"


def fingerprint(module: str) -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in [here / name for name in _SOURCES] + [here / "checks" / f"{module}.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def path(module: str) -> Path:
    return FOLDER / f"{module}.json"


# -- leitura ------------------------------------------------------------------

_recording: dict | None = None  # buscas sendo gravadas por `record`


@functools.cache
def _stored(module: str) -> dict:
    try:
        data = json.loads(path(module).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("impressao_digital") != fingerprint(module):
        return {}
    return data.get("buscas", {})


def stored(module: str, search_key: str):
    """Um iterador das entradas (args, kwargs) gravadas para esta busca, ou
    None se não há cópia em dia (então a busca de verdade roda)."""
    if _recording is not None:
        return None
    examples = _stored(module).get(search_key)
    if examples is None:
        return None
    # Decodificadas a cada uso: cada busca recebe objetos novos.
    return (decode(example) for example in examples)


# -- gravação -----------------------------------------------------------------


def begin(search_key: str):
    """Chamado no início de cada busca de verdade: grava a sequência dela do
    começo (uma busca repetida não dobra a gravação)."""
    if _recording is not None:
        _recording[search_key] = []


def note(search_key: str, args: tuple, kwargs: dict):
    """Chamado pela busca de verdade a cada entrada sorteada; só grava
    durante `record`."""
    if _recording is None:
        return
    examples = _recording.get(search_key)
    if examples is None:
        return
    example = (tuple(args), dict(kwargs))
    try:
        encoded = encode(example)
    except Unsupported:
        encoded = None
    # Só vale repetir o que volta idêntico (tipos, dtypes, bits): um escalar
    # NumPy, por exemplo, voltaria como float do Python.
    if encoded is None or not identical(decode(encoded), example):
        _recording[search_key] = None
        return
    examples.append(encoded)


@contextlib.contextmanager
def record():
    """Grava as entradas de todas as buscas feitas dentro do bloco."""
    global _recording
    previous, _recording = _recording, {}
    try:
        yield _recording
    finally:
        _recording = previous


def generate(module: str) -> Path:
    """Corrige a referência com as buscas de verdade, num processo novo, e
    grava as entradas que elas sortearam.

    Processo novo porque o hypothesis guarda estado entre buscas do mesmo
    processo: a sequência de um módulo mudaria conforme os que vieram antes.
    """
    code = f"from autograder.entradas import _generate_here; _generate_here({module!r})"
    # O pacote vem desta cópia do kit, instalada ou não.
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (package_parent, os.environ.get("PYTHONPATH")) if p))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"falhou ao gravar as entradas de {module}:\n{done.stderr}")
    _stored.cache_clear()
    return path(module)


def _generate_here(module: str):
    from .grading import grade_file, solution_path

    with record() as searches:
        result = grade_file(module, solution_path(module))
    if result.score != result.max_score:
        raise RuntimeError(f"a referência de {module} não tirou a nota máxima "
                           f"({result.score}/{result.max_score})")
    data = {"impressao_digital": fingerprint(module), "buscas": dict(sorted(searches.items()))}
    target = path(module)
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def identical(a, b) -> bool:
    """Mesmo tipo e mesmo valor, bit a bit, em toda a estrutura."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, float):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    return a == b
