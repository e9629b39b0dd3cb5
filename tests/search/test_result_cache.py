"""Answers kept per index generation are the answers a fresh search gives, and the cache stays bounded."""

from __future__ import annotations

from practice_search.search.engine import SearchEngine, SearchRequest

REQUESTS = [
    SearchRequest(query="roma school"),
    SearchRequest(query="refugee welcome", filters={"country": ["Spain", "Portugal"], "year": ["2018"]}),
    SearchRequest(query="", filters={"topic": ["Education"]}, sort="newest", page=2),
    SearchRequest(query='"young people"', collapse=True),
    SearchRequest(query="zzzqqq", filters={"country": ["Iceland"]}),
]


def _without_timing(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "took_ms"}


def test_cached_answers_equal_fresh_ones(sample_index):
    cached, fresh = SearchEngine(sample_index), SearchEngine(sample_index, cache_size=0)
    for request in REQUESTS * 2:
        assert _without_timing(cached.search(request)) == _without_timing(fresh.search(request))
    assert len(cached._current().results) == len(REQUESTS)
    assert not fresh._current().results


def test_filter_order_does_not_matter_and_answers_are_not_shared(sample_index):
    engine = SearchEngine(sample_index)
    first = engine.search(SearchRequest(query="school", filters={"country": ["Spain"], "topic": ["Education"]}))
    first["total"] = -1
    again = engine.search(SearchRequest(query="school", filters={"topic": ["Education"], "country": ["Spain"]}))
    assert again["total"] > 0
    assert len(engine._current().results) == 1


def test_cache_keeps_only_the_most_recent_answers(sample_index):
    engine = SearchEngine(sample_index, cache_size=3)
    for page in range(1, 6):
        engine.search(SearchRequest(query="community", page=page))
    engine.search(SearchRequest(query="community", page=3))
    kept = [key[3] for key in engine._current().results]
    assert kept == [4, 5, 3]
