"""Roda as verificações de um módulo contra o processo do aprendiz.

A referência e as verificações ficam neste processo; cada chamada a uma
função do aprendiz é um pedido ao `LearnerProcess`, com dados simples.
"""

from __future__ import annotations

import copy
import re
import time
import warnings
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from . import edicao
from . import results as R
from .compare import Difference, NamedCause, compare
from .oracle import NotRecorded
from .results import Failure, FunctionResult, TestResult
from .sandbox import LearnerCrashed, LearnerProcess
from .spec import FunctionCheck
from .wire import encode

HIDDEN_TEST = "entradas geradas ocultas"
MAX_HINTS = 2


class Abort(Exception):
    """Para de corrigir esta função (não implementada, ausente, quebrou)."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Outcome:
    value: object = None
    args_after: list = field(default_factory=list)
    error: dict | None = None  # exceção levantada pelo código do aprendiz
    calls: list = field(default_factory=list)
    handle: int | None = None


def function_arg(name: str, *params) -> dict:
    """Um argumento-função (ex.: para numerical_gradient), criado no processo do aprendiz."""
    return {"__fn__": name, "params": encode(list(params))}


class Learner:
    """Fachada para chamar o código do aprendiz com dados simples."""

    def __init__(self, process: LearnerProcess):
        self.process = process
        self.aborted: Abort | None = None
        # a primeira resposta de cada função que devolveu um dicionário (um
        # treino), para o gráfico das perdas
        self.returned: dict = {}

    def _send(self, payload: dict) -> dict:
        if self.aborted is not None:
            raise self.aborted
        return self._guard(lambda: self.process.request(payload))

    def call(self, name: str, *args, seed: int | None = 0, keep: bool = False,
             handle: int | None = None, **kwargs) -> Outcome:
        answer = self._send(_call_payload(name, args, kwargs, seed, keep, handle))
        outcome = self._outcome(name, answer, args)
        if isinstance(outcome.value, dict):
            self.returned.setdefault(name, outcome.value)
        return outcome

    def calls(self, name: str, examples):
        """(args, kwargs, Outcome) de cada exemplo (args, kwargs), em ordem.

        Os pedidos saem adiantados, tantos quantos couberem na janela do
        processo (`LearnerProcess.send`): o aprendiz emenda uma chamada na
        outra sem esperar o corretor, que julga as respostas enquanto isso.
        O prazo de cada chamada conta de quando o aprendiz ficou livre para
        ela (a resposta anterior chegou). Quem parar de ler no meio (uma
        falha) deve fechar o gerador; as respostas a caminho são descartadas.
        """
        if self.aborted is not None:
            raise self.aborted
        examples = iter(examples)
        waiting = None  # um exemplo que não coube na janela
        flight = deque()  # (exemplo, pedido enviado, hora do envio)
        free_since = 0.0
        try:
            while True:
                while True:
                    if waiting is None:
                        example = next(examples, None)
                        if example is None:
                            break
                        waiting = example, _call_payload(name, *example)
                    example, payload = waiting
                    sent = self._guard(lambda: self.process.send(payload, window=True))
                    if sent is None:
                        break
                    waiting = None
                    flight.append((example, sent, time.monotonic()))
                if not flight:
                    return
                (args, kwargs), sent, sent_at = flight.popleft()
                started = max(sent_at, free_since)
                answer = self._guard(lambda: self.process.receive(sent, started))
                free_since = time.monotonic()
                yield args, kwargs, self._outcome(name, answer, args)
        finally:
            for _, sent, sent_at in flight:
                try:
                    self.process.receive(sent, max(sent_at, free_since))
                    free_since = time.monotonic()
                except LearnerCrashed:
                    break  # o processo fechou; o próximo pedido recomeça um novo

    def _guard(self, action):
        try:
            return action()
        except LearnerCrashed as exc:
            self.aborted = Abort(R.BROKEN, exc.reason)
            raise self.aborted from None

    def _outcome(self, name: str, answer: dict, args) -> Outcome:
        """O resultado de uma resposta já validada e decodificada pelo
        processo (`sandbox._validate`)."""
        if answer.get("missing"):
            self.aborted = Abort(R.MISSING, f"a função `{name}` não foi encontrada no seu código")
            raise self.aborted
        if not answer["ok"]:
            error = answer["error"]
            if error["type"] == "NotImplementedError":
                self.aborted = Abort(R.NOT_IMPLEMENTED, "não implementado")
                raise self.aborted
            return Outcome(error=error)
        changed = answer.get("args_changed", {})
        return Outcome(
            value=answer.get("result"),
            # um argumento intacto é o próprio objeto enviado
            args_after=[changed.get(i, arg) for i, arg in enumerate(args)],
            calls=answer.get("calls", []),
            handle=answer.get("handle"),
        )

    def attr(self, handle: int, name: str) -> Outcome:
        answer = self._send({"op": "attr", "handle": handle, "name": name})
        if not answer["ok"]:
            return Outcome(error=answer["error"])
        return Outcome(value=answer["result"])

    def reset(self):
        self._send({"op": "reset"})


def _call_payload(name, args, kwargs, seed=0, keep=False, handle=None) -> dict:
    payload = {
        "op": "call",
        "fn": name,
        "args": [_encode_arg(a) for a in args],
        "kwargs": {k: _encode_arg(v) for k, v in kwargs.items()},
        "keep": keep,
    }
    if seed is not None:  # None: continua a sequência aleatória atual
        payload["seed"] = seed
    if handle is not None:
        payload["handle"] = handle
    return payload


def _encode_arg(value):
    if isinstance(value, dict) and "__fn__" in value:
        return value
    return encode(value)


def error_text(error: dict) -> str:
    text = f"{error['type']}: {error['message']}" if error["message"] else error["type"]
    frames = error.get("frames") or []
    if frames:
        last = frames[-1]
        text += f" (linha {last['line']}, em `{last['function']}`: `{last['code']}`)"
    return text


def error_hint(error: dict) -> str | None:
    """O erro de Python ou NumPy explicado em português, com a causa provável."""
    message = error["message"] or ""
    kind = error["type"]
    if kind == "NameError" and re.search(r"name '(np|numpy)' is not defined", message):
        return ("falta `import numpy as np` (na primeira célula do notebook ou no alto "
                "do arquivo); num notebook, rode essa célula antes")
    if kind == "NameError":
        found = re.search(r"name '(\w+)' is not defined", message)
        name = found.group(1) if found else "esse nome"
        return (f"`{name}` não existe quando esta linha roda: um erro de digitação, "
                "uma variável criada só em outra função, ou (num notebook) uma célula "
                "que ainda não foi executada")
    if kind == "AttributeError" and re.search(r"numpy' has no attribute '(int|float|bool|object)'",
                                              message):
        return ("`np.int`, `np.float` e parecidos foram removidos do NumPy: use `int`, "
                "`float` (do Python) ou `np.int64`, `np.float64`")
    if kind == "TypeError" and "only integer scalar arrays can be converted" in message:
        return ("um array foi usado onde se espera um número inteiro, como em "
                "`np.max(0, z)`: o segundo argumento de np.max é o eixo. Para comparar "
                "elemento a elemento, use `np.maximum(0, z)`")
    if kind == "ValueError" and "truth value of an array" in message:
        return ("um array foi usado como verdadeiro/falso (num `if`, em `max(0, z)` ou "
                "`and`/`or`): o Python não sabe se vale para todos os elementos. Para o "
                "máximo elemento a elemento use `np.maximum(0, z)`; para condições, "
                "`np.where` ou uma máscara como `z > 0`")
    if "not aligned" in message or "matmul" in message or "mismatch in its core dimension" in message:
        return (
            "as formas não combinam no produto: confira a ordem dos operandos "
            "de np.dot e se os pesos precisam ser transpostos"
        )
    if "could not be broadcast" in message:
        return "formas incompatíveis numa operação elemento a elemento (broadcasting)"
    if error["type"] == "AxisError":
        return ("eixo inexistente: para a última dimensão de um array de qualquer "
                "forma, use axis=-1")
    if error["type"] == "IndexError":
        return "índice fora do lugar: confira os eixos e o tamanho de cada dimensão"
    if error["type"] == "RecursionError":
        return "a função chama a si mesma sem parar"
    return None


# ---------------------------------------------------------------------------


class Searches:
    """De onde vêm as entradas geradas de uma função.

    `public` dá a lista de entradas (args, kwargs) de uma busca pública; a
    edição do aluno só tem as gravadas (`gravado.RecordedSearches`), a do
    professor também as sorteia (`professor.busca`). `hidden` roda o teste
    oculto e devolve a falha (ou None); só a edição do professor o tem.
    """

    has_hidden = False

    def public(self, grader: "FunctionGrader", strategy, label: str) -> list:
        raise NotImplementedError

    def hidden(self, grader: "FunctionGrader", strategy, evaluate, label: str):
        raise NotImplementedError


def confirmed(hint: NamedCause, others: list) -> str:
    """Uma dica que nomeia uma causa só fica se a mesma causa explica cada
    exemplo que falhou (`others`: as dicas deles), com o `k` de cada um
    contando a mesma coisa; senão, fica o que se vê ("o resultado é 2× o
    esperado"). Sempre um texto simples."""
    counts = set(hint.counts)
    for other in others:
        if not isinstance(other, NamedCause) or other.cause != hint.cause:
            return hint.observed
        counts &= set(other.counts)
    return hint.narrowed(counts)


class FunctionGrader:
    """Corrige uma função: casos fixos, referência em entradas geradas,
    propriedades, testes escritos à mão e, na edição do professor, o teste oculto.

    Todas as entradas geradas de uma busca são avaliadas (da menor para a
    maior); a falha mostrada é a da menor entrada que falha, e o diagnóstico
    usa tudo o que a função devolveu. Os testes que usam a mesma estratégia
    avaliam a mesma chamada do aprendiz. Os valores esperados e as saídas dos
    erros conhecidos vêm do oráculo (`oracle.py`), seja qual for a edição.
    """

    def __init__(self, module: str, check: FunctionCheck, learner: Learner, oracle,
                 searches: Searches, hidden: bool = True):
        self.module = module
        self.check = check
        self.learner = learner
        self.oracle = oracle
        self.searches = searches
        self.hidden = hidden and searches.has_hidden
        self._failing: list = []  # (args, kwargs, recebido) que falharam
        self._failing_hints: list = []  # a dica genérica de cada um deles
        self._passing: list = []  # (args, kwargs, recebido) que passaram
        self._shown: dict = {}  # id(falha) -> (args, kwargs, recebido) que ela mostra

    @property
    def values_failed(self) -> bool:
        """Se a função já deu algum valor errado nos testes que rodaram (o
        oculto roda por último: a busca dele o consulta)."""
        return bool(self._failing)

    def _tests(self):
        """(nome, tipo, estratégia ou None, avaliador) na ordem do relatório.

        O tipo diz como o teste pesa na nota (ver `results.FunctionResult.score`):
        VALUES mostra trabalho (valores certos); CONDITION (propriedades, não
        modificar as entradas) qualquer função que não faz nada também cumpre,
        então só tira pontos quando falha."""
        check = self.check
        tests = []
        if check.cases:
            tests.append(("casos do curso", R.VALUES, None, self._fixed_cases))
        if check.strategy is not None and check.compare_to_reference:
            tests.append(("referência em entradas geradas", R.VALUES, check.strategy,
                          self._against_reference))
        if check.strategy is not None and check.check_inputs_unchanged:
            tests.append(("não modifica as entradas", R.CONDITION, check.strategy,
                          self._inputs_unchanged))
        for prop in check.properties:
            tests.append((prop.name, R.CONDITION,
                          check.strategy if prop.strategy is None else prop.strategy,
                          lambda a, k, o, p=prop: self._property(p, a, k, o)))
        for custom in check.custom:
            tests.append((custom.name, custom.kind, None,
                          lambda c=custom: c.run(self.learner, self.oracle)))
        if self.hidden and check.strategy is not None and check.compare_to_reference:
            tests.append((HIDDEN_TEST, R.VALUES, check.strategy, self._against_reference))
        return tests

    def run(self) -> FunctionResult:
        check = self.check
        result = FunctionResult(self.module, check.name, check.points, check.page)
        tests = self._tests()
        self.learner.aborted = None
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                failures = self._run_all(tests)
            except Abort as abort:
                result.status = abort.status
                result.message = abort.message
                return result
        result.tests = [TestResult(name, failures[name] is None, failures[name], kind)
                        for name, kind, _, _ in tests]
        passed = sum(t.passed for t in result.tests)
        if passed < len(result.tests):
            result.status = R.PARTIAL if passed else R.FAILED
            result.curve = self._curve()
            result.losses = self._losses()
        return result

    def _losses(self):
        """As séries de perda que o treino do aprendiz devolveu (a primeira
        resposta da função com elas), para o gráfico do notebook."""
        keys = self.check.loss_keys
        value = self.learner.returned.get(self.check.name)
        if not keys or not isinstance(value, dict):
            return None
        series = {}
        for key in keys:
            try:
                values = np.asarray(value.get(key), dtype=float)
            except (TypeError, ValueError):
                continue
            if values.ndim == 1 and values.size >= 2:
                series[key] = values
        return series or None

    def _curve(self):
        """Esperado × recebido num intervalo, para o gráfico do notebook."""
        if self.check.plot_range is None:
            return None
        x = curve_input(self.check)
        try:
            outcome = self._call((x.copy(),), {})
            with np.errstate(all="ignore"):
                expected = np.asarray(self._expected((x,), {}), dtype=float)
        except (Abort, NotRecorded):
            return None
        received = outcome.value
        if outcome.error is not None or not isinstance(received, np.ndarray) \
                or received.shape != x.shape:
            return None
        return x, expected, received.astype(float)

    def _run_all(self, tests) -> dict:
        failures = {}
        # Tudo o que a função do aprendiz devolveu, em todos os testes, serve
        # de evidência para o diagnóstico, que por isso vem no fim.
        self._failing, self._failing_hints, self._passing, self._shown = [], [], [], {}
        for name, _, strategy, evaluate in tests:
            if name in failures:
                continue
            if strategy is None:
                failures[name] = evaluate()
            elif name == HIDDEN_TEST:
                failures[name] = self.searches.hidden(self, strategy, evaluate, "")
            else:
                # Os testes com a mesma estratégia avaliam as mesmas chamadas.
                group = [(n, ev) for n, _, s, ev in tests
                         if s is strategy and n != HIDDEN_TEST and n not in failures]
                label = "" if strategy is self.check.strategy else name
                examples = self.searches.public(self, strategy, label)
                found = self.evaluate_examples(examples, [ev for _, ev in group])
                failures.update({n: f for (n, _), f in zip(group, found)})
        graded = edicao.graded(self.module)
        for failure in failures.values():
            if failure is not None and isinstance(failure.generic_hint, NamedCause):
                failure.generic_hint = confirmed(failure.generic_hint,
                                                 self._failing_hints[-25:])
            self._diagnose(failure)
            if graded and failure is not None:
                # Modo avaliado: só as dicas gerais (forma, escala), nunca as
                # que dizem o código; a entrada e esperado × recebido ficam.
                failure.hints = [failure.generic_hint] if failure.generic_hint else []
        return failures

    def evaluate_examples(self, examples, evaluators) -> list:
        """Avalia cada exemplo com cada avaliador; para cada avaliador, a falha
        do primeiro exemplo que falha (os exemplos vêm do menor para o maior)."""
        found = [None] * len(evaluators)
        outcomes = self.learner.calls(self.check.name, examples)
        try:
            for args, kwargs, outcome in outcomes:
                for i, evaluate in enumerate(evaluators):
                    failure = evaluate(args, kwargs, outcome)
                    if found[i] is None:
                        found[i] = failure
        finally:
            outcomes.close()
        return found

    def evaluate(self, evaluators, args, kwargs) -> Failure | None:
        """Uma entrada só, parando na primeira falha (a busca que encolhe)."""
        outcome = self._call(args, kwargs)
        for evaluate in evaluators:
            failure = evaluate(args, kwargs, outcome)
            if failure is not None:
                return failure
        return None

    # -- evidências --------------------------------------------------------
    def _ref(self):
        return self.oracle[self.check.name]

    def _named(self, args, kwargs):
        names = self.check.params
        pairs = [(names[i] if i < len(names) else f"arg{i}", a) for i, a in enumerate(args)]
        return pairs + list(kwargs.items())

    def _expected(self, args, kwargs):
        return self._ref()(*copy.deepcopy(args), **copy.deepcopy(kwargs))

    def _compare(self, args, kwargs, expected, received) -> Difference | None:
        if self.check.comparator is not None:
            return self.check.comparator(args, kwargs, expected, received)
        # As entradas vão junto: uma dica só nomeia uma causa que elas
        # confirmem (ex.: "faltou dividir por n" só quando n é o das entradas).
        return compare(expected, received, rtol=self.check.rtol, atol=self.check.atol,
                       exact_type=type(expected), inputs=self._named(args, kwargs))

    def _mismatch(self, args, kwargs, expected, diff: Difference, received) -> Failure:
        # O diagnóstico vem depois (ver `_diagnose`), com todos os exemplos
        # que falharam: uma entrada mínima como [0.0] casa com vários erros.
        self._failing.append((args, kwargs, received))
        self._failing_hints.append(diff.hint)
        failure = Failure(diff.message, self._named(args, kwargs), expected, received,
                          has_values=True, generic_hint=diff.hint)
        self._shown[id(failure)] = (args, kwargs, received)
        return failure

    def _diagnose(self, failure: Failure | None):
        """Nomeia o erro conhecido que explica todos os exemplos que falharam.

        Só vale para falhas de comparação (`_mismatch`); um teste escrito à mão
        (Custom) traz as próprias dicas. Mostra no máximo MAX_HINTS, na ordem
        da especificação: numa entrada mínima, erros parecidos empatam.
        """
        if failure is None or not failure.has_values:
            return
        # Um erro conhecido explica a função do aprendiz se o seu modelo dá o
        # que ela deu em tudo o que se viu: nos exemplos que falharam e também
        # nos que passaram (que descartam modelos parecidos só na entrada mínima).
        generic = [failure.generic_hint] if failure.generic_hint else []
        shown = self._shown.get(id(failure))
        if shown is None:  # um teste escrito à mão com valores: a dica é a dele
            failure.hints = failure.hints or generic
            return
        # O exemplo que a falha mostra entra sempre: o erro nomeado tem de
        # explicar o que o aprendiz lê, mesmo com mais de 25 que falharam.
        seen = [shown] + self._failing[-25:] + self._passing[-25:]
        hints = list(dict.fromkeys(
            m.message for m in self.oracle.mistakes(self.check.name)
            if all(self._matches(m, a, k, r) for a, k, r in seen)
        ))[:MAX_HINTS]
        failure.hints = hints or failure.hints or generic

    def _matches(self, mistake, args, kwargs, received) -> bool:
        try:
            modelled = mistake.model(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception:  # noqa: BLE001 - o modelo do erro pode não se aplicar
            return False
        # Igual ao modelo, valor a valor; ou igual pela régua da própria
        # função, quando ela tem comparador (ex.: a ordem dos índices não importa).
        if compare(modelled, received, rtol=self.check.rtol, atol=self.check.atol) is None:
            return True
        if self.check.comparator is None:
            return False
        try:
            return self.check.comparator(args, kwargs, modelled, received) is None
        except Exception:  # noqa: BLE001 - a saída do modelo pode não servir ao comparador
            return False

    def _raised(self, args, kwargs, error) -> Failure:
        hint = error_hint(error)
        return Failure(
            f"sua função levantou {error_text(error)}",
            self._named(args, kwargs),
            hints=[hint] if hint else [],
        )

    def _call(self, args, kwargs) -> Outcome:
        return self.learner.call(self.check.name, *args, **kwargs)

    def _judge(self, args, kwargs, outcome, expected=None, raises=None) -> Failure | None:
        if raises is not None:
            if outcome.error is None:
                return Failure(
                    f"sua função deveria levantar {raises.__name__} nesta entrada, "
                    "mas devolveu um valor",
                    self._named(args, kwargs),
                    received=outcome.value,
                )
            if outcome.error["type"] != raises.__name__:
                return Failure(
                    f"sua função deveria levantar {raises.__name__}, mas levantou "
                    f"{error_text(outcome.error)}",
                    self._named(args, kwargs),
                )
            return None
        if outcome.error is not None:
            return self._raised(args, kwargs, outcome.error)
        diff = self._compare(args, kwargs, expected, outcome.value)
        if diff is not None:
            return self._mismatch(args, kwargs, expected, diff, outcome.value)
        self._passing.append((args, kwargs, outcome.value))
        return None

    def _fixed_cases(self) -> Failure | None:
        for case in self.check.cases:
            expected = case.expected
            if expected is None and case.raises is None:
                expected = self._expected(case.args, case.kwargs)
            outcome = self._call(case.args, case.kwargs)
            failure = self._judge(case.args, case.kwargs, outcome, expected, case.raises)
            if failure is not None:
                if case.note:
                    failure.title = f"{case.note}: {failure.title}"
                return failure
        return None

    def _against_reference(self, args, kwargs, outcome):
        return self._judge(args, kwargs, outcome, self._expected(args, kwargs))

    def _inputs_unchanged(self, args, kwargs, outcome):
        if outcome.error is not None:
            # Uma função que só levanta exceções não ganha este teste de graça.
            return self._raised(args, kwargs, outcome.error)
        for (name, before), after in zip(self._named(args, {}), outcome.args_after):
            if isinstance(before, (np.ndarray, list)) and compare(before, after, rtol=0, atol=0):
                return Failure(
                    f"sua função modificou o argumento `{name}` (a entrada deve "
                    "ficar como estava: trabalhe numa cópia, sem operações "
                    "in-place como `+=` ou `x[...] = ` no próprio argumento)",
                    self._named(args, kwargs),
                )
        return None

    def _property(self, prop, args, kwargs, outcome):
        if prop.raises is not None:
            return self._judge(args, kwargs, outcome, raises=prop.raises)
        if outcome.error is not None:
            return self._raised(args, kwargs, outcome.error)
        if prop.uses_reference:
            message = prop.check(args, kwargs, outcome.value, self.oracle)
        else:
            message = prop.check(args, kwargs, outcome.value)
        if message:
            return Failure(message, self._named(args, kwargs), received=outcome.value)
        return None



def planned_tests(module: str, check: FunctionCheck, hidden: bool) -> list[tuple[str, str]]:
    """(nome, tipo) de cada teste de uma função, na ordem do relatório, sem
    rodar nada (o plugin do pytest e o Gradescope listam as verificações antes)."""

    class Plan(Searches):
        has_hidden = hidden

    grader = FunctionGrader(module, check, learner=None, oracle=None, searches=Plan(),
                            hidden=hidden)
    return [(name, kind) for name, kind, *_ in grader._tests()]


def curve_input(check: FunctionCheck) -> np.ndarray:
    """Os pontos do gráfico esperado × recebido de uma função elemento a elemento."""
    return np.linspace(*check.plot_range, 201)
