"""A rede de referência contra o PyTorch (CPU), com a mesma arquitetura,
dados, tamanho de lote, inicialização, ordem dos lotes e Adam.

Mede o tempo por época dos dois lado a lado, na mesma execução, e compara as
curvas de perda. Meta (issue 7): razão NumPy/PyTorch ≤ 1,0 nos tamanhos do
curso, e a mesma curva dentro da tolerância.

Os dois rodam em float64 e com uma thread (os tamanhos do curso são pequenos
demais para ganhar com mais; threadpoolctl limita o OpenBLAS do NumPy).

Uso: python bench/rede.py [--epocas 200] [--repeticoes 5]
Precisa do PyTorch (pip install torch==2.13.0); não é dependência do kit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.grading import reference  # noqa: E402


def numpy_training(ref, X, y, epochs, seed=0):
    """A `train_network` da referência de m07 (solutions/m07_lotes)."""
    return ref["train_network"](X, y, epochs=epochs, seed=seed)


def torch_training(X, y, epochs, n_hidden=128, batch_size=64, learning_rate=0.02, seed=0):
    """O mesmo laço em PyTorch: mesmos pesos iniciais e mesma ordem dos lotes,
    tirados do mesmo gerador do NumPy; gradientes pelo autograd."""
    import torch

    rng = np.random.default_rng(seed)
    n_samples, n_inputs = X.shape
    n_classes = int(y.max()) + 1
    params = [
        torch.tensor(0.1 * rng.standard_normal((n_inputs, n_hidden)), requires_grad=True),
        torch.zeros((1, n_hidden), dtype=torch.float64, requires_grad=True),
        torch.tensor(0.1 * rng.standard_normal((n_hidden, n_classes)), requires_grad=True),
        torch.zeros((1, n_classes), dtype=torch.float64, requires_grad=True),
    ]
    optimizer = torch.optim.Adam(params, lr=learning_rate, betas=(0.9, 0.999), eps=1e-7)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    losses = []
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n_samples))
        epoch_loss = 0.0
        for start in range(0, n_samples, batch_size):
            idx = order[start:start + batch_size]
            xb, yb = Xt[idx], yt[idx]
            hidden = torch.relu(xb @ params[0] + params[1])
            logits = hidden @ params[2] + params[3]
            loss = torch.nn.functional.cross_entropy(logits, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item() * len(idx)
        losses.append(epoch_loss / n_samples)
    return losses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epocas", type=int, default=200)
    parser.add_argument("--repeticoes", type=int, default=5)
    args = parser.parse_args()
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    ref = reference("m07_lotes")
    X, y = ref["spiral_data"](100, 3, np.random.default_rng(0))
    numpy_times, torch_times = [], []
    with threadpool_limits(limits=1):
        for _ in range(args.repeticoes):  # intercalados: a mesma carga para os dois
            start = time.perf_counter()
            result = numpy_training(ref, X, y, args.epocas)
            numpy_times.append((time.perf_counter() - start) / args.epocas)
            start = time.perf_counter()
            torch_losses = torch_training(X, y, args.epocas)
            torch_times.append((time.perf_counter() - start) / args.epocas)
    numpy_epoch, torch_epoch = statistics.median(numpy_times), statistics.median(torch_times)
    gap = np.max(np.abs(np.array(result["losses"]) - np.array(torch_losses)))
    print(f"m07: espiral 300 pontos, 2→128 ReLU→3 softmax, lote 64, Adam 0,02, "
          f"{args.epocas} épocas, mediana de {args.repeticoes}")
    print(f"NumPy (referência): {numpy_epoch * 1000:7.3f} ms/época")
    print(f"PyTorch (CPU):      {torch_epoch * 1000:7.3f} ms/época")
    print(f"razão NumPy/PyTorch: {numpy_epoch / torch_epoch:.2f}  (meta: ≤ 1,0)")
    print(f"curvas de perda: maior diferença {gap:.2e} (perda final NumPy "
          f"{result['losses'][-1]:.6f}, PyTorch {torch_losses[-1]:.6f})")


if __name__ == "__main__":
    main()
