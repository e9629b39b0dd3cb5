"""Paths the tests share: the repository, its sample corpus, and ../shared (evaluation data)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
