"""Dados que o curso usa e que vêm com o kit (sem baixar nada)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def load_digits():
    """(X, y): as 1797 imagens de 8 × 8 pixels (float, tons de 0 a 16, uma
    imagem por linha) e os dígitos (int), os mesmos de
    `sklearn.datasets.load_digits()` (ver LICENCA.md)."""
    import numpy as np

    data = np.loadtxt(FOLDER / "digits.csv.gz", delimiter=",")
    return data[:, :-1], data[:, -1].astype(int)
