"""The facet registry (index/facets.py) is what the index stores, the engine lists and a request may ask."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_search.index.facets import CONTRACT_FACETS, FACET, FACETS, YEAR
from practice_search.index.schema import FACET_SEPARATOR, build_schema, document_for
from practice_search.search.request import BadRequest, SearchRequest

_VALUES = st.one_of(st.integers(1, 9999), st.text(min_size=1, max_size=12))
_ENTRIES = st.lists(st.fixed_dictionaries({"value": _VALUES, "count": st.integers(0, 50),
                                           "selected": st.booleans()}), max_size=30)


def test_every_facet_is_an_indexed_field_and_the_contract_keeps_its_four():
    schema = build_schema()
    assert all(name in schema.names() for name in FACETS)
    assert CONTRACT_FACETS == ("topic", "country", "year", "city")
    assert FACETS == ("topic", "country", "year", "city", "language")


def test_the_index_stores_what_each_facet_reads(corpus_report):
    for practice in corpus_report.practices:
        document = document_for(practice)
        for name, facet in FACET.items():
            stored = [v for v in document[name].split(FACET_SEPARATOR) if v]
            assert stored == facet.values(practice), (practice.id, name)
    assert any(FACET["topic"].values(p) != p.topics for p in corpus_report.practices)  # inferred topics count


@given(_ENTRIES)
def test_plain_facets_list_most_practices_first_then_by_name(entries):
    ordered = FACET["country"].ordered(entries)
    keys = [(-e["count"], str(e["value"]).casefold()) for e in ordered]
    assert keys == sorted(keys) and len(ordered) == len(entries)
    assert FACET["country"].shown_order(ordered) == ordered


@given(_ENTRIES)
def test_years_are_in_time_order_and_newest_first_on_a_page(entries):
    ordered = YEAR.ordered(entries)
    years = [e["value"] for e in ordered if isinstance(e["value"], int)]
    assert years == sorted(years)
    assert all(isinstance(e["value"], int) for e in ordered[:len(years)])  # a value that is no year goes last
    shown = [e["value"] for e in YEAR.shown_order(entries) if isinstance(e["value"], int)]
    assert shown == sorted(years, reverse=True)


@given(st.integers(-50, 20_000))
def test_year_values_are_numbers_in_json_and_checked_in_requests(year):
    assert YEAR.typed(str(year)) == (year if year >= 0 else str(year))
    request = SearchRequest(filters={"year": [str(year)]})
    if year < 1 or year > 9999:
        if year >= 0:
            with pytest.raises(BadRequest):
                request.validate()
    else:
        assert request.validate().filters == {"year": [str(year)]}


def test_engine_lists_each_facet_in_its_kinds_order(engine):
    facets = engine.search(SearchRequest(query="city", filters={"year": ["2019", "nineteen"]}))["facets"]
    for name, facet in FACET.items():
        assert facets[name] == facet.ordered(facets[name]), name
    assert facets["year"][-1]["value"] == "nineteen" and facets["year"][-1]["selected"]
