"""The unpacked language model cache: same answers as the packaged model, and never a reason to fail."""

from __future__ import annotations

import numpy as np
import pytest

from practice_search.ingest import language
from practice_search.ingest.corpus import load_corpus
from tests.paths import CORPUS


@pytest.fixture()
def model_cache(tmp_path, monkeypatch):
    """A private cache folder; the process-wide identifier is reloaded before and after the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    yield language.model_cache_folder()
    language._identifier.cache_clear()


@pytest.fixture(scope="module")
def packaged():
    """The identifier unpacked from py3langid's own model file: the reference."""
    return language._from_package()


def sample_texts(corpus_report) -> list[str]:
    return [f"{p.title}\n{p.body}"[:5000] for p in corpus_report.practices]


def fresh_identifier():
    language._identifier.cache_clear()
    return language._identifier()


def test_the_cached_model_answers_exactly_like_the_packaged_one(model_cache, corpus_report, packaged):
    assert not model_cache.exists()
    first = fresh_identifier()
    assert (model_cache / "nextmove.npy").is_file()
    cached = fresh_identifier()
    assert isinstance(cached.tk_nextmove, memoryview)  # really read back from the cache
    texts = sample_texts(corpus_report)
    assert {packaged.classify(t)[0] for t in texts} == {"en", "fr", "de", "it", "es", "pt"}
    for text in texts:
        assert cached.classify(text) == packaged.classify(text) == first.classify(text)


def test_detected_languages_of_the_sample_corpus_are_unchanged(model_cache, monkeypatch):
    fresh_identifier()
    fresh_identifier()  # from the cache
    with_cache = [(p.id, p.language) for p in load_corpus(CORPUS).practices]
    monkeypatch.setattr(language, "model_cache_folder", lambda: None)
    language._identifier.cache_clear()
    assert with_cache == [(p.id, p.language) for p in load_corpus(CORPUS).practices]


def test_a_second_load_does_not_unpack_the_packaged_model(model_cache, monkeypatch, packaged):
    language._write_cache(packaged, model_cache)

    def unpack():
        raise AssertionError("the packaged model was unpacked again")

    monkeypatch.setattr(language, "_from_package", unpack)
    fresh_identifier()
    assert language.detect_language("Die Stadt bietet jede Woche Sprachkurse für neue Nachbarn an.") == "de"


@pytest.mark.parametrize("damage", ["truncate", "empty", "out_of_bounds", "classes"])
def test_a_damaged_cache_is_replaced_and_answers_stay_the_same(model_cache, damage, corpus_report, packaged):
    language._write_cache(packaged, model_cache)
    assert language._from_cache(model_cache) is not None
    if damage == "truncate":
        path = model_cache / "nextmove.npy"
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "empty":
        (model_cache / "row.npy").write_bytes(b"")
    elif damage == "out_of_bounds":
        output = np.load(model_cache / "output.npy")
        output[7] = 10**8  # a feature number past the end of the table
        np.save(model_cache / "output.npy", output)
    else:
        (model_cache / "classes.json").write_text('{"not": "a list"}')
    assert language._from_cache(model_cache) is None
    repaired = fresh_identifier()
    assert language._from_cache(model_cache) is not None
    for text in sample_texts(corpus_report)[:20]:
        assert repaired.classify(text) == packaged.classify(text)


def test_an_unwritable_cache_location_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    language._identifier.cache_clear()
    try:
        assert language.detect_language("Le quartier organise chaque semaine un café des langues.") == "fr"
    finally:
        language._identifier.cache_clear()
