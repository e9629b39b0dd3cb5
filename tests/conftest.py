"""Shared fixtures: the sample corpus, ingested once and indexed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import is_sample_corpus, load_corpus
from practice_search.search.engine import SearchEngine
from tests.paths import CORPUS


@pytest.fixture(scope="session")
def corpus_report():
    """The whole sample corpus, parsed (read-only: do not mutate the records)."""
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, corpus_report) -> Path:
    """An index folder built from the sample corpus, shared by the session (read-only)."""
    root = tmp_path_factory.mktemp("sample-index")
    build_full(IndexStore(root), corpus_report.practices, {"sample": is_sample_corpus(CORPUS)})
    return root


@pytest.fixture(scope="session")
def engine(sample_index) -> SearchEngine:
    return SearchEngine(sample_index)
