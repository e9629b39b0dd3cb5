"""Answers kept per index generation are the answers a fresh search gives, and the cache stays bounded."""

from __future__ import annotations

from practice_search.search.engine import SearchEngine, SearchRequest

REQUESTS = [
    SearchRequest(query="roma school"),
    SearchRequest(query="refugee welcome", filters={"country": ["Spain", "Portugal"], "year": ["2018"]}),
    SearchRequest(query="", filters={"topic": ["Education"]}, sort="newest", page=2),
    SearchRequest(query='"young people"', versions="fold"),
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


def _mutate_every_nested_value(value) -> None:
    """Change every list and dict inside an answer, at every depth, the way careless callers do."""
    if isinstance(value, dict):
        for key in list(value):
            _mutate_every_nested_value(value[key])
            value[key] = "mutated"
        value["added"] = True
    elif isinstance(value, list):
        for item in value:
            _mutate_every_nested_value(item)
        value.append("added")


def test_no_caller_can_change_a_cached_answer_at_any_depth(sample_index):
    engine = SearchEngine(sample_index)
    reference = SearchEngine(sample_index, cache_size=0)
    for request in REQUESTS:
        first = engine.search(request)  # a miss: handed out while it is being cached
        _mutate_every_nested_value(first["results"])
        _mutate_every_nested_value(first["facets"])
        second = engine.search(request)  # a hit
        _mutate_every_nested_value(second)
        third = engine.search(request)
        assert _without_timing(third) == _without_timing(reference.search(request))


def test_a_nested_facet_entry_changed_by_one_caller_is_not_seen_by_the_next(sample_index):
    engine = SearchEngine(sample_index)
    request = SearchRequest(query="school")
    first = engine.search(request)
    count = first["facets"]["country"][0]["count"]
    first["facets"]["country"][0]["count"] = -1
    first["results"][0]["cities"].append("Atlantis")
    again = engine.search(request)
    assert again["facets"]["country"][0]["count"] == count
    assert "Atlantis" not in again["results"][0]["cities"]
