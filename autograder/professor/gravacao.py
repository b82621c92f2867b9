"""Grava, de cada módulo, o que as verificações públicas precisam para
corrigir sem a referência (ver `autograder/gravado.py`), e as entradas das
buscas ocultas (só para o professor, em `professor/ocultas/`).

A gravação corrige a própria referência, num processo novo por módulo (o
hypothesis guarda estado entre buscas do mesmo processo), com um oráculo que
anota cada chamada à referência. Depois roda cada modelo de erro conhecido
em todas as entradas em que a referência daquela função foi chamada. A
tabela resultante é tudo o que a edição do aluno sabe.

O arquivo é determinístico (mesmas fontes, mesmos bytes); um teste do kit
grava de novo e compara com o que está no repositório.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from .. import gravado
from ..oracle import Oracle, key, mistake_name
from ..wire import Unsupported, encode
from . import busca
from .referencia import LiveOracle, solution_path

PACKAGE = Path(__file__).resolve().parents[1]
# Tudo o que decide as entradas e os valores gravados, além do arquivo de
# verificações, dos modelos de erro e da solução do módulo.
_SOURCES = ("gravado.py", "oracle.py", "strategies.py", "professor/busca.py",
            "professor/gravacao.py")


@functools.cache
def _hypothesis_version() -> str:
    # Pelos metadados do pacote: importar o hypothesis custa ~0,1 s, e a
    # correção de um código certo nem precisa dele.
    from importlib.metadata import version

    return version("hypothesis")


def fingerprint(module: str) -> str:
    digest = hashlib.sha256()
    files = [PACKAGE / name for name in _SOURCES] + [
        PACKAGE / "checks" / f"{module}.py",
        PACKAGE / "professor" / "modelos" / f"{module}.py",
        solution_path(module),
    ]
    for path in files:
        if path.exists():
            digest.update(path.read_bytes())
    # A versão do hypothesis decide a sequência sorteada (ela fica fixa no
    # pyproject.toml); a do NumPy, só os últimos dígitos dos valores.
    digest.update(f"hypothesis {_hypothesis_version()}".encode())
    return digest.hexdigest()[:16]


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
    if isinstance(a, np.random.Generator):  # o `rng` do contrato: pelo estado
        return a.bit_generator.state == b.bit_generator.state and repr(a) == repr(b)
    return a == b


def _result(function, args, kwargs):
    """O valor gravado de uma chamada: o resultado, ou a exceção levantada."""
    try:
        with np.errstate(all="ignore"):
            value = function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    except Exception as exc:  # noqa: BLE001 - um modelo de erro pode não se aplicar
        return {"__levantou__": f"{type(exc).__name__}: {exc}"[:200]}
    try:
        return encode(value)
    except Unsupported as exc:
        return {"__levantou__": f"valor que não se grava: {exc}"}


class RecordingOracle(Oracle):
    """A referência de verdade, anotando cada chamada (nome, args, kwargs)."""

    def __init__(self, live: LiveOracle):
        self.live = live
        self.calls: dict[str, tuple] = {}  # chave -> (nome, args, kwargs)

    def __getitem__(self, name: str):
        function = self.live[name]
        if not callable(function):
            return function

        def recorded(*args, **kwargs):
            call_key = key(name, args, kwargs)
            self.calls.setdefault(call_key, (name, copy.deepcopy(args), copy.deepcopy(kwargs)))
            return function(*args, **kwargs)

        return recorded

    def mistakes(self, function: str):
        return self.live.mistakes(function)


def _grade_reference(module: str, oracle, hidden: bool):
    from ..grading import grade_cells
    from ..submission import load_cells

    path = solution_path(module)
    return grade_cells(module, load_cells(path), str(path), hidden=hidden, oracle=oracle)


def table(module: str, oracle: RecordingOracle) -> tuple[dict, dict]:
    """A tabela (chave -> valor) e as mensagens dos erros, das chamadas anotadas."""
    from ..engine import curve_input
    from ..grading import spec

    live = oracle.live
    module_spec = spec(module)
    for check in module_spec.checks:
        if check.plot_range is not None:  # o gráfico do notebook
            oracle[check.name](curve_input(check))
        # Casos com o valor do texto do curso não chamam a referência, mas os
        # erros conhecidos são procurados neles também.
        for case in check.cases:
            if case.raises is None:
                with contextlib.suppress(Exception):
                    oracle[check.name](*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    # Chamadas que só acontecem quando o aluno erra (ex.: os jeitos errados
    # de numerical_gradient): os modelos do módulo as listam.
    from .referencia import _models

    for name, args, kwargs in getattr(_models(module), "RECORD_CALLS", []):
        with contextlib.suppress(Exception):
            oracle[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))
    values = {k: _result(live[name], args, kwargs) for k, (name, args, kwargs)
              in oracle.calls.items()}
    messages = {}
    for check in module_spec.checks:
        known = live.mistakes(check.name)
        if not known:
            continue
        messages[check.name] = [m.message for m in known]
        inputs = [(args, kwargs) for name, args, kwargs in oracle.calls.values()
                  if name == check.name]
        for index, mistake in enumerate(known):
            model_name = mistake_name(check.name, index)
            for args, kwargs in inputs:
                values[key(model_name, args, kwargs)] = _result(mistake.model, args, kwargs)
    return dict(sorted(values.items())), messages


def write_json_gz(target: Path, data: dict):
    """Grava `data` em JSON comprimido, sempre com os mesmos bytes para os
    mesmos dados, e de uma vez (um arquivo pela metade nunca fica no lugar)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"
    buffer = io.BytesIO()
    # mtime=0 e sem nome de arquivo: os mesmos dados dão os mesmos bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as file:
        file.write(text.encode("utf-8"))
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(buffer.getvalue())
    os.replace(temporary, target)


def record_here(module: str, public_target: Path, hidden_target: Path):
    """Grava neste processo (ver `generate`, que chama isto num processo novo)."""
    import numpy

    recording = RecordingOracle(LiveOracle(module))
    with busca.record() as searches:
        result = _grade_reference(module, recording, hidden=False)
        if result.score != result.max_score:
            raise RuntimeError(f"a referência de {module} não tirou a nota máxima "
                               f"({result.score}/{result.max_score})")
        public = searches["publicas"]
        hidden_result = _grade_reference(module, LiveOracle(module), hidden=True)
        if hidden_result.score != hidden_result.max_score:
            raise RuntimeError(f"a referência de {module} perdeu pontos nos testes ocultos")
        hidden = searches["ocultas"]
    values, messages = table(module, recording)
    stamp = fingerprint(module)
    write_json_gz(public_target, {
        "impressao_digital": stamp,
        "numpy": numpy.__version__,
        "buscas": {k: v for k, v in sorted(public.items()) if v is not None},
        "tabela": values,
        "erros": messages,
    })
    write_json_gz(hidden_target, {
        "impressao_digital": stamp,
        "buscas": {k: v for k, v in sorted(hidden.items()) if v is not None},
    })


def generate(module: str, public_target: Path | None = None,
             hidden_target: Path | None = None) -> list[Path]:
    """Grava o módulo num processo novo (o hypothesis guarda estado entre
    buscas do mesmo processo: a sequência de um módulo mudaria conforme os que
    vieram antes). O pacote vem desta cópia do kit, instalada ou não."""
    public_target = public_target or gravado.path(module)
    hidden_target = hidden_target or busca.HIDDEN_FOLDER / f"{module}.json.gz"
    code = ("import sys; from autograder.professor.gravacao import record_here; "
            "from pathlib import Path; record_here(sys.argv[1], Path(sys.argv[2]), "
            "Path(sys.argv[3]))")
    package_parent = str(PACKAGE.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (package_parent, os.environ.get("PYTHONPATH")) if p))
    done = subprocess.run([sys.executable, "-c", code, module, str(public_target),
                           str(hidden_target)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"falhou ao gravar {module}:\n{done.stderr}")
    gravado.load.cache_clear()
    busca._stored_hidden.cache_clear()
    busca._public_is_fresh.cache_clear()
    return [public_target, hidden_target]
