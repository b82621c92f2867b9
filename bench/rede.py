"""As redes de referência contra o PyTorch (CPU): a de m07 (espiral) e a de
m12 (dígitos), cada uma com a mesma arquitetura, dados, tamanho de lote,
inicialização, ordem dos lotes e Adam nos dois lados.

Mede o tempo por época dos dois lado a lado, na mesma execução (as execuções
de NumPy e PyTorch se alternam, para que os dois sofram a mesma carga da
máquina), e compara as curvas. Meta (issue 7): razão NumPy/PyTorch ≤ 1,0
nos tamanhos do curso, e a mesma curva dentro da tolerância (1e-8).

Os hiperparâmetros (n_hidden, epochs, batch_size, learning_rate) são os
valores padrão das assinaturas de `train_network` (m07) e `train_classifier`
(m12) nas soluções: o que o notebook e o corretor usam, sem cópia aqui.
Épocas: m12 treina as do próprio notebook (a curva comparada é a inteira);
m07 treina as do notebook até no máximo 200. Não é pelo tempo (as 500 de m07
levam menos de um segundo), é pela comparação: com o passo grande de m07
(hoje Adam 0,04), o treino amplifica os arredondamentos. A própria
referência, com X multiplicado por 1 + 1e-15, muda a curva em 1,4e-7 perto
da época 400, então nenhuma outra implementação fica a 1e-8 dela ali; até a
época 200 as duas curvas ficam a ~1e-12. `--epocas N` troca as duas por N.

O lado PyTorch refaz o trabalho da referência em cada época: a perda
registrada com o mesmo corte das probabilidades em [1e-7, 1 − 1e-7] e, em
m12, a acurácia de treino contada nos lotes. Os dois rodam em float64 e com
uma thread (os tamanhos do curso são pequenos demais para ganhar com mais).

Uso: python bench/rede.py [--epocas N] [--repeticoes 5]
Sai com 1 se alguma curva diferir mais que a tolerância.
Precisa do PyTorch (pip install torch==2.13.0); não é dependência do kit.
"""

from __future__ import annotations

import os

# Uma thread no NumPy: o OpenBLAS lê estas variáveis quando é carregado, então
# elas vêm antes do `import numpy` (o PyTorch fica com set_num_threads(1)).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import inspect  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.checks.m12_projeto import digits_data  # noqa: E402
from autograder.professor.referencia import reference  # noqa: E402

TOLERANCE = 1e-8
HYPERPARAMETERS = ("n_hidden", "epochs", "batch_size", "learning_rate")
# A referência corta as probabilidades em [1e-7, 1 − 1e-7] antes do log; como
# −log é decrescente, é o mesmo que cortar a perda de cada amostra nesta faixa.
LOSS_MIN, LOSS_MAX = -math.log(1 - 1e-7), -math.log(1e-7)


@dataclass
class Network:
    """Uma rede do curso: a função de treino da referência e os seus dados."""

    name: str
    data: str  # descrição dos dados, para o cabeçalho
    train: object  # a função da referência
    X: np.ndarray
    y: np.ndarray
    defaults: dict  # os hiperparâmetros padrão da assinatura
    curves: tuple  # as curvas que a referência devolve e o PyTorch refaz
    max_epochs: int | None = None  # teto para as épocas padrão (ver a docstring)


def signature_defaults(function) -> dict:
    """Os hiperparâmetros padrão da função, lidos da assinatura: mudam com o
    notebook sem que este arquivo precise mudar."""
    parameters = inspect.signature(function).parameters
    return {name: parameters[name].default for name in HYPERPARAMETERS}


def course_networks() -> list[Network]:
    m07 = reference("m07_lotes")
    X, y = m07["spiral_data"](100, 3, np.random.default_rng(0))
    m12 = reference("m12_projeto")
    X_train, _, y_train, _ = digits_data(m12)  # a divisão e a padronização do corretor
    return [
        Network("m07", f"espiral de {len(X)} pontos", m07["train_network"], X, y,
                signature_defaults(m07["train_network"]), ("losses",), max_epochs=200),
        Network("m12", f"dígitos, {len(X_train)} imagens de treino padronizadas",
                m12["train_classifier"], X_train, y_train,
                signature_defaults(m12["train_classifier"]), ("losses", "accuracies")),
    ]


def numpy_training(network: Network, hyper: dict) -> dict:
    """A função de treino da referência, com os hiperparâmetros explícitos."""
    return network.train(network.X, network.y, **hyper, seed=0)


def torch_training(X, y, n_hidden, epochs, batch_size, learning_rate, seed=0,
                   count_correct=False):
    """O mesmo laço em PyTorch: mesmos pesos iniciais e mesma ordem dos lotes,
    tirados do mesmo gerador do NumPy e na mesma ordem; gradientes pelo
    autograd. Devolve a perda média de cada época e, com `count_correct`
    (só quando a referência também conta: m12), a acurácia de treino."""
    import torch

    rng = np.random.default_rng(seed)
    n_samples, n_inputs = X.shape
    n_classes = int(y.max()) + 1
    params = [  # a ordem dos sorteios é a da referência: weights1, depois weights2
        torch.tensor(0.1 * rng.standard_normal((n_inputs, n_hidden)), requires_grad=True),
        torch.zeros((1, n_hidden), dtype=torch.float64, requires_grad=True),
        torch.tensor(0.1 * rng.standard_normal((n_hidden, n_classes)), requires_grad=True),
        torch.zeros((1, n_classes), dtype=torch.float64, requires_grad=True),
    ]
    # eps=1e-7 como o `_adam_step` da referência (o padrão do PyTorch é 1e-8).
    optimizer = torch.optim.Adam(params, lr=learning_rate, betas=(0.9, 0.999), eps=1e-7)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    losses, accuracies = [], []
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n_samples))
        epoch_loss, correct = 0.0, 0
        for start in range(0, n_samples, batch_size):
            idx = order[start:start + batch_size]
            xb, yb = Xt[idx], yt[idx]
            logits = torch.relu(xb @ params[0] + params[1]) @ params[2] + params[3]
            per_sample = torch.nn.functional.cross_entropy(logits, yb, reduction="none")
            # O gradiente é o da entropia cruzada sem corte (como na referência);
            # só a perda registrada passa pelo corte.
            epoch_loss += per_sample.detach().clamp(LOSS_MIN, LOSS_MAX).mean().item() * len(idx)
            if count_correct:
                # Contada antes do passo, como na referência (o argmax dos
                # logits é o das probabilidades: a softmax é crescente).
                correct += int((logits.argmax(dim=1) == yb).sum())
            optimizer.zero_grad()
            per_sample.mean().backward()
            optimizer.step()
        losses.append(epoch_loss / n_samples)
        accuracies.append(correct / n_samples)
    return {"losses": losses, "accuracies": accuracies if count_correct else None}


def timed(function, epochs) -> tuple[float, dict]:
    """(segundos por época, resultado)."""
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) / epochs, result


def run_pair(network: Network, hyper: dict) -> dict:
    """Uma execução de cada lado, uma logo depois da outra."""
    numpy_time, numpy_result = timed(lambda: numpy_training(network, hyper), hyper["epochs"])
    count_correct = "accuracies" in network.curves
    torch_time, torch_result = timed(
        lambda: torch_training(network.X, network.y, **hyper, count_correct=count_correct),
        hyper["epochs"])
    return {"numpy": (numpy_time, numpy_result), "torch": (torch_time, torch_result)}


def bench_epochs(network: Network, override: int | None) -> int:
    """As épocas medidas: as de --epocas, ou as do notebook até o teto da rede."""
    if override:
        return override
    return min(network.defaults["epochs"], network.max_epochs or network.defaults["epochs"])


def benchmark(networks, epochs, repetitions) -> dict:
    """Medianas do tempo por época e as curvas de cada lado, por rede."""
    hypers = {n.name: {**n.defaults, "epochs": bench_epochs(n, epochs)} for n in networks}
    for network in networks:
        # Aquecimento fora da medida: a primeira chamada do PyTorch (e do
        # NumPy) paga inicializações preguiçosas que não são custo de época.
        run_pair(network, {**hypers[network.name], "epochs": 1})
    times = {(n.name, side): [] for n in networks for side in ("numpy", "torch")}
    last = {}
    # Intercalados por repetição: as duas redes e os dois lados sofrem a
    # mesma carga da máquina.
    for _ in range(repetitions):
        for network in networks:
            last[network.name] = run_pair(network, hypers[network.name])
            for side, (seconds, _) in last[network.name].items():
                times[network.name, side].append(seconds)
    return {
        n.name: {
            "hyper": hypers[n.name],
            **{side: (statistics.median(times[n.name, side]), last[n.name][side][1])
               for side in ("numpy", "torch")},
        }
        for n in networks
    }


def curve_gap(a, b) -> tuple[float, int]:
    """(maior diferença absoluta entre duas curvas, época em que ela ocorre);
    infinita se os tamanhos diferem, NaN se algum lado deu NaN."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return math.inf, 0
    if not a.size:
        return 0.0, 0
    gaps = np.abs(a - b)
    if np.isnan(gaps).any():
        return math.nan, int(np.flatnonzero(np.isnan(gaps))[0]) + 1
    worst = int(np.argmax(gaps))
    return float(gaps[worst]), worst + 1


def br(value, spec) -> str:
    """Um número no formato brasileiro (vírgula decimal)."""
    return format(value, spec).replace(".", ",")


def report(network: Network, measured: dict, repetitions: int) -> list[str]:
    """Imprime o bloco da rede; devolve os problemas (curvas fora da tolerância)."""
    hyper = measured["hyper"]
    numpy_epoch, numpy_result = measured["numpy"]
    torch_epoch, torch_result = measured["torch"]
    n_inputs, n_classes = network.X.shape[1], int(network.y.max()) + 1
    # Linhas de até 80 caracteres: a saída aparece na página Desempenho do site.
    print(f"{network.name}: {network.data}, {n_inputs}→{hyper['n_hidden']} ReLU→"
          f"{n_classes} softmax,")
    print(f"  lote {hyper['batch_size']}, Adam {br(hyper['learning_rate'], 'g')}, "
          f"{hyper['epochs']} épocas (o notebook usa {network.defaults['epochs']}), "
          f"mediana de {repetitions}")
    print(f"  NumPy (referência):  {br(numpy_epoch * 1000, '8.3f')} ms/época")
    print(f"  PyTorch (CPU):       {br(torch_epoch * 1000, '8.3f')} ms/época")
    print(f"  razão NumPy/PyTorch: {br(numpy_epoch / torch_epoch, '.2f')}  (meta: ≤ 1,0)")
    problems = []
    names = {"losses": "perda", "accuracies": "acurácia"}
    for key in network.curves:
        ours, theirs = numpy_result[key], torch_result[key]
        gap, epoch = curve_gap(ours, theirs)
        print(f"  curvas de {names[key]}: diferença máxima {br(gap, '.1e')}")
        print(f"    valor final: NumPy {br(ours[-1], '.6g')}, PyTorch {br(theirs[-1], '.6g')}")
        if not gap <= TOLERANCE:  # `not <=` também pega NaN
            problems.append(f"{network.name}: as curvas de {names[key]} diferem "
                            f"{br(gap, '.1e')} na época {epoch} "
                            f"(tolerância {br(TOLERANCE, '.0e')})")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epocas", type=int, default=None,
                        help="épocas das duas redes (padrão: as do notebook de cada uma)")
    parser.add_argument("--repeticoes", type=int, default=5)
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("Precisa do PyTorch: pip install torch==2.13.0 (não é dependência do kit).")

    torch.set_num_threads(1)
    networks = course_networks()
    results = benchmark(networks, args.epocas, args.repeticoes)
    problems = []
    for network in networks:
        problems += report(network, results[network.name], args.repeticoes)
    for problem in problems:
        print(f"FALHA: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
