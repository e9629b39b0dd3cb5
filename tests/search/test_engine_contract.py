"""corpus -> index -> search -> facets -> show, checked against brute force over the records."""

from __future__ import annotations

import itertools
import re

import pytest

from practice_search.search.engine import BadRequest, SearchRequest
from tests.helpers import matching_ids

CONTRACT_KEYS = {"query", "filters", "sort", "match", "total", "total_all_words", "page", "per_page", "pages",
                 "relaxed", "suggestion", "corrected", "results", "facets", "took_ms"}
RESULT_KEYS = {"id", "title", "url", "cities", "countries", "topics", "years", "period", "summary", "snippet", "score"}
FACET_OF = {"topic": "topics", "country": "countries", "city": "cities", "year": "years"}


def values(practice, facet):
    """A practice's values for a facet; inferred topics count in the topic facet too."""
    found = {str(v) for v in getattr(practice, FACET_OF[facet])}
    return found | set(practice.topics_inferred) if facet == "topic" else found


def brute_force(practices, matched, filters):
    """Disjunctive counts by definition: query + every OTHER facet's filters."""
    counts = {}
    for facet in FACET_OF:
        others = {f: set(map(str, v)) for f, v in filters.items() if f != facet and v}
        pool = [p for p in practices if p.id in matched
                and all(values(p, f) & wanted for f, wanted in others.items())]
        counts[facet] = {}
        for p in pool:
            for v in values(p, facet):
                counts[facet][v] = counts[facet].get(v, 0) + 1
    return counts


def test_contract_shape(engine):
    result = engine.search(SearchRequest(query="anti rumour", filters={"country": ["Spain"]}))
    assert set(result) >= CONTRACT_KEYS
    assert result["filters"] == {"topic": [], "country": ["Spain"], "year": [], "city": []}
    assert result["total"] >= 2 and result["pages"] == -(-result["total"] // 10)
    for hit in result["results"]:
        assert set(hit) >= RESULT_KEYS
        assert "Spain" in hit["countries"]
        assert hit["snippet"]
    assert {"topic", "country", "year", "city"} <= set(result["facets"])
    spain = next(v for v in result["facets"]["country"] if v["value"] == "Spain")
    assert spain["selected"] is True
    assert all(isinstance(v["value"], int) for v in result["facets"]["year"])


@pytest.mark.parametrize(("query", "filters"), [
    ("", {}),
    ("", {"country": ["Spain", "Portugal"]}),
    ("refugees", {"country": ["Germany", "Norway"], "year": ["2019"]}),
    ("school", {"topic": ["Education"], "city": ["Lisbon", "Bergen"]}),
    ("anti rumour", {"country": ["Spain"]}),
    ("women", {"topic": ["Gender equality and Intersectionality", "Roma"], "year": ["2018", "2021"]}),
])
def test_disjunctive_counts_equal_brute_force(engine, corpus_report, query, filters):
    result = engine.search(SearchRequest(query=query, filters=filters, versions="all"))
    matched = matching_ids(engine, query)
    expected = brute_force(corpus_report.practices, matched, filters)
    for facet in FACET_OF:
        got = {str(v["value"]): v["count"] for v in result["facets"][facet] if v["count"]}
        assert got == expected[facet], facet
    allowed = [p for p in corpus_report.practices if p.id in matched
               and all(values(p, f) & set(v) for f, v in filters.items())]
    assert result["total"] == len(allowed)


def test_values_within_a_facet_or_and_across_facets_and(engine, corpus_report):
    spain = engine.search(SearchRequest(filters={"country": ["Spain"]}))["total"]
    portugal = engine.search(SearchRequest(filters={"country": ["Portugal"]}))["total"]
    both = engine.search(SearchRequest(filters={"country": ["Spain", "Portugal"]}))["total"]
    overlap = sum({"Spain", "Portugal"} <= set(p.countries) for p in corpus_report.practices)
    assert both == spain + portugal - overlap
    narrowed = engine.search(SearchRequest(filters={"country": ["Spain"], "topic": ["Anti-rumour"]}))["total"]
    assert 0 < narrowed < spain


def test_filter_values_match_case_and_accent_insensitively(engine):
    a = engine.search(SearchRequest(filters={"city": ["portimao"]}))
    b = engine.search(SearchRequest(filters={"city": ["Portimão"]}))
    assert a["total"] == b["total"] >= 1
    assert a["filters"]["city"] == ["Portimão"]


def test_selected_unknown_value_stays_visible_with_zero(engine):
    result = engine.search(SearchRequest(filters={"country": ["Atlantis"]}))
    assert result["total"] == 0
    assert {"value": "Atlantis", "count": 0, "selected": True} in result["facets"]["country"]


def test_all_words_required_then_relaxed(engine):
    strict = engine.search(SearchRequest(query="roma school mediators"))
    assert strict["relaxed"] is False and strict["total"] >= 1
    relaxed = engine.search(SearchRequest(query="roma qwxzv"))
    assert relaxed["relaxed"] is True and relaxed["total"] >= 1


def test_query_language(engine, corpus_report):
    phrase = engine.search(SearchRequest(query='"welcome desk"', per_page=100))
    assert phrase["total"] >= 5
    without = engine.search(SearchRequest(query="rumour -barcelona", per_page=100))
    ids = {r["id"] for r in without["results"]}
    assert not any("Barcelona" in p.cities for p in corpus_report.practices if p.id in ids)
    either = engine.search(SearchRequest(query="Bergen OR Portimão", per_page=100))
    assert {c for r in either["results"] for c in r["cities"]} >= {"Bergen", "Portimão"}
    by_country = engine.search(SearchRequest(query="country:spain", per_page=100, versions="all"))
    assert by_country["total"] == sum("Spain" in p.countries for p in corpus_report.practices)
    by_year = engine.search(SearchRequest(query="year:2012", versions="all"))
    assert by_year["total"] == sum(2012 in p.years for p in corpus_report.practices)
    prefix = engine.search(SearchRequest(query="mediat* language:en"))
    assert prefix["total"] >= engine.search(SearchRequest(query="mediation language:en"))["total"]  # no translations


@pytest.mark.parametrize("query", ['"unbalanced', "title:", "::::", "*", "a*", "-", "OR", "((()))", "?" * 500,
                                   "field:value other:", '"" "" ""', "\x00\x1f", "😀 Zürich", "שלום", "' OR 1=1 --",
                                   "<script>alert(1)</script>"])
def test_any_input_gives_results_or_nothing_never_an_exception(engine, query):
    result = engine.search(SearchRequest(query=query))
    assert result["total"] >= 0
    for hit in result["results"]:
        assert "<script>" not in hit["snippet"]


def test_too_long_queries_and_bad_parameters_are_bad_requests(engine):
    for request in (SearchRequest(query="x" * 501), SearchRequest(sort="random"), SearchRequest(page=0),
                    SearchRequest(per_page=1000), SearchRequest(filters={"colour": ["red"]})):
        with pytest.raises(BadRequest):
            engine.search(request)


def test_sorts_and_pagination(engine, corpus_report):
    newest = engine.search(SearchRequest(sort="newest", per_page=100))
    ends = [max(r["years"]) if r["years"] else 0 for r in newest["results"]]
    dated = [e for e in ends if e]
    assert dated == sorted(dated, reverse=True)
    oldest = engine.search(SearchRequest(sort="oldest", per_page=100))
    starts = [min(r["years"]) for r in oldest["results"] if r["years"]]
    assert starts == sorted(starts)
    titles = [r["title"].casefold() for r in engine.search(SearchRequest(sort="title", per_page=100))["results"]
              if not r["version_of"]]  # a practice's other versions follow it
    assert titles == sorted(titles)
    pages = [engine.search(SearchRequest(sort="title", page=n, per_page=7))["results"] for n in (1, 2, 3)]
    ids = [r["id"] for r in itertools.chain(*pages)]
    assert len(ids) == len(set(ids)) == 21  # every page listed counts towards per_page
    beyond = engine.search(SearchRequest(page=10**9, versions="all"))
    assert beyond["results"] == [] and beyond["total"] == len(corpus_report.practices)


def test_snippets_are_escaped_and_marked(engine):
    result = engine.search(SearchRequest(query="mediators"))
    assert any("<mark>" in r["snippet"].lower() for r in result["results"])
    for hit in result["results"]:
        stripped = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


def test_spelling_suggestion(engine):
    assert engine.search(SearchRequest(query="imigrants"))["suggestion"] == "immigrants"
    assert engine.search(SearchRequest(query="immigrants"))["suggestion"] is None


def test_zero_results_name_the_filter_to_drop(engine):
    result = engine.search(SearchRequest(query="refugees", filters={"country": ["Iceland"], "year": ["2012"]}))
    if result["total"]:
        pytest.skip("the corpus happens to have such a practice")
    assert result["recovery"], "a zero-result page must say which filter to drop"
    for option in result["recovery"]:
        (facet, value), = option["drop"].items()
        rest = {f: v for f, v in {"country": ["Iceland"], "year": ["2012"]}.items() if f != facet}
        assert engine.search(SearchRequest(query="refugees", filters=rest))["total"] == option["total"]


def test_show_and_similar(engine):
    practice = engine.get("barcelona-anti-rumour-strategy")
    assert practice.title and practice.cities == ["Barcelona"] and practice.sections
    similar = engine.similar("barcelona-anti-rumour-strategy")
    assert 1 <= len(similar) <= 5
    assert "barcelona-anti-rumour-strategy" not in {s["id"] for s in similar}
    assert engine.get("no-such-practice") is None


def test_year_range_overlaps_active_years(engine, corpus_report):
    result = engine.search(SearchRequest(year_from=2010, year_to=2011, versions="all"))
    expected = sum(any(2010 <= y <= 2011 for y in p.years) for p in corpus_report.practices)
    assert result["total"] == expected


def test_relaxed_results_hold_most_of_the_words(engine):
    """No practice holds all three words: every practice holding two of them (n-1 of 3) comes in and, being
    fewer than two pages, those holding one follow; none is flagged as holding every word."""
    result = engine.search(SearchRequest(query="Lisbon mediators qqqzzx", per_page=100, versions="all"))
    assert result["relaxed"] is True and result["total_all_words"] == 0

    def words(practice) -> int:
        text = practice.body.casefold()
        return int("lisbon" in text or "Lisbon" in practice.cities) + int(re.search(r"\bmediat", text) is not None)

    held = {p.id: words(p) for p in engine.practices()}
    ids = [hit["id"] for hit in result["results"]]
    assert {i for i, n in held.items() if n == 2} <= set(ids)
    assert len(ids) > sum(n == 2 for n in held.values())  # (one word may also match as a translation or synonym)
    assert not any(hit["all_words"] for hit in result["results"])


def test_only_exclusions_browse_the_rest_newest_first(engine):
    everything = engine.search(SearchRequest(versions="all"))
    roma = engine.search(SearchRequest(query="roma", versions="all"))
    rest = engine.search(SearchRequest(query="-roma", per_page=100, versions="all"))
    assert rest["total"] == everything["total"] - roma["total"]
    assert [r["id"] for r in rest["results"][:10]] == [
        r["id"] for r in engine.search(SearchRequest(query="-roma", sort="newest", versions="all"))["results"]]
