"""A tiny synthetic corpus shared by the benchmark-harness tests."""

from __future__ import annotations

import pytest

from practice_search.ingest.synth import synthesise


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory, corpus_report):
    folder = tmp_path_factory.mktemp("synth-tiny")
    synthesise(40, folder, seed=7, sample=corpus_report.practices)
    return folder
