"""Paths the tests share: the repository and its sample corpus (the tests carry their own data)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
