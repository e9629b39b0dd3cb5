"""The optimised paths give exactly what brute force gives: facet counts, match sets, scores."""

from __future__ import annotations

import numpy as np
import pytest

from practice_search.search.engine import SearchRequest
from practice_search.search.facets import top_k
from practice_search.search.query import QueryBuilder, parse

FACET_OF = {
    "topic": lambda p: p.topics + p.topics_inferred,
    "country": lambda p: p.countries,
    "city": lambda p: p.cities,
    "year": lambda p: [str(y) for y in p.years],
    "language": lambda p: [p.language] if p.language else [],
}


def _all_ids(engine, query: str) -> set[str]:
    """Every practice the query matches, by Whoosh's own matcher (results may collapse translations)."""
    gen = engine._current()
    searcher = gen.searcher
    q = QueryBuilder(searcher.reader(), gen.facet_values).build(parse(query))
    docs = searcher.reader().all_doc_ids() if q is None else searcher.docs_for_query(q)
    return {searcher.stored_fields(d)["id"] for d in docs}


def _passes(practice, filters, year_from, year_to, skip):
    for name, values in filters.items():
        if name != skip and not set(FACET_OF[name](practice)) & set(values):
            return False
    if skip != "year" and (year_from is not None or year_to is not None):
        low, high = year_from or 0, year_to or 10_000
        if not any(low <= y <= high for y in practice.years):
            return False
    return True


def _brute_force(practices, matched, filters, year_from, year_to):
    counts = {}
    for name, values_of in FACET_OF.items():
        tally: dict[str, int] = {}
        for p in practices:
            if p.id in matched and _passes(p, filters, year_from, year_to, name):
                for value in set(values_of(p)):
                    tally[value] = tally.get(value, 0) + 1
        counts[name] = tally
    return counts


CASES = [
    ("", {}, None, None),
    ("", {"country": ["Spain"]}, None, None),
    ("rumour", {}, None, None),
    ("rumour", {"country": ["Spain", "Portugal"], "year": ["2018"]}, None, None),
    ("school", {"topic": ["Education"]}, 2015, 2019),
    ("community", {"topic": ["Refugees", "Roma"], "country": ["Germany"], "year": ["2016", "2017"]}, None, None),
    ("", {}, 2020, None),
    ("women employment", {"city": ["Barcelona"]}, None, 2021),
    ('"young people"', {"country": ["United Kingdom"]}, None, None),
]


@pytest.mark.parametrize(("query", "filters", "year_from", "year_to"), CASES)
def test_facet_counts_equal_brute_force(engine, corpus_report, query, filters, year_from, year_to):
    matched = _all_ids(engine, query)  # the strict set: "most of the words" may add partial matches to it
    result = engine.search(SearchRequest(query=query, filters=filters, year_from=year_from, year_to=year_to,
                                         match="all"))
    expected = _brute_force(corpus_report.practices, matched, filters, year_from, year_to)
    for name in ("topic", "country", "city", "year"):
        got = {str(e["value"]): e["count"] for e in result["facets"][name] if e["count"]}
        assert got == expected[name], name


@pytest.mark.parametrize("text", ["rumour", "school mediators", "women employment -roma", "integr*",
                                  "refugee OR migrant", '"young people"', "education health city",
                                  "refugee welcome", "hate speech", '"anti-rumour strategy" roma',
                                  'school -"young people"', "anti-rumour"])
def test_term_arrays_match_whoosh_exactly(engine, text):
    gen = engine._current()
    searcher = gen.searcher
    q = QueryBuilder(searcher.reader(), gen.facet_values).build(parse(text))
    arrays = gen.term_arrays()
    mask, scores = arrays.evaluate(q)
    arrays.evaluate(QueryBuilder(searcher.reader(), gen.facet_values).build(parse("city people")))
    exact = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    assert exact
    assert set(np.flatnonzero(mask).tolist()) == set(exact)  # what a call returns, no later call changes
    for docnum, score in exact.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9)


def test_top_k_orders_by_score_then_docnum():
    docs = np.array([3, 5, 8, 9, 12, 20])
    scores = np.array([1.0, 4.0, 2.0, 4.0, 0.5, 2.0])
    assert top_k(docs, scores, 3).tolist() == [5, 9, 8]
    assert top_k(docs, scores, 10).tolist() == [5, 9, 8, 20, 3, 12]
