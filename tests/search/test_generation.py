"""A new index generation drops every cache of the old one at once.

The engine answers first from one collection, then (same folder, same engine object) from another;
every kind of answer (search, facet counts, duplicates, whole-collection counts, suggestions, batch
ranking, spelling) must then equal what a brand-new engine gives on the new generation. A cache kept
anywhere but the generation object would hand out the old collection's numbers or ids.
"""

from __future__ import annotations

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.search import engine as search_engine
from practice_search.search.engine import SearchEngine, SearchRequest

QUERIES = ["roma school mediators", "refugee", "", "intercultural city", "refugess welcom"]
PREFIXES = ["ro", "anti", "bar", "zur", "sch"]


def _split(practices, how: str):
    if how == "grow":
        return practices[:50], practices
    if how == "shrink":
        return practices, practices[::3]
    return practices[::2], practices[1::2]  # disjoint: no id survives


def _answers(engine: SearchEngine, ids: list[str]) -> dict:
    searches = [{k: v for k, v in engine.search(SearchRequest(query=q, per_page=20)).items() if k != "took_ms"}
                for q in QUERIES]
    return {
        "searches": searches,
        "suggestions": [engine.complete(p, wait=None) for p in PREFIXES],
        "collection": engine.collection(),
        "also": {pid: engine.also(pid) for pid in ids},
        "rank": [engine.rank(q, 30) for q in QUERIES],
        "stats": {k: v for k, v in engine.stats().items() if k != "build"},
    }


@pytest.mark.parametrize("how", ["grow", "shrink", "swap"])
def test_every_answer_follows_a_new_generation(tmp_path, corpus_report, monkeypatch, how):
    monkeypatch.setattr(search_engine, "REFRESH_SECONDS", 0.0)
    before, after = _split(corpus_report.practices, how)
    store = IndexStore(tmp_path)
    build_full(store, before)
    engine = SearchEngine(tmp_path)
    try:
        ids = [p.id for p in corpus_report.practices]
        old = _answers(engine, ids)
        first = engine._current()
        build_full(store, after)
        fresh = SearchEngine(tmp_path)
        try:
            expected = _answers(fresh, ids)
        finally:
            fresh.close()
        got = _answers(engine, ids)
        assert engine._current() is not first
        for kind in expected:
            assert got[kind] == expected[kind], kind
        assert old["stats"] != expected["stats"]
    finally:
        engine.close()
