"""The URL state and display helpers on their own, plus a fuzz test that no query string gives a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from practice_search.search.engine import BadRequest
from practice_search.web.display import bar_level, safe_url, text_blocks, year_span
from practice_search.web.export import neutralise
from practice_search.web.params import SearchState


def state(query: str) -> SearchState:
    from urllib.parse import parse_qsl

    return SearchState.from_args(MultiDict(parse_qsl(query, keep_blank_values=True)))


def test_state_round_trips_through_its_url():
    s = state("q=roma&country=Spain&country=Portugal&year_from=2010&sort=title&per_page=20&page=3")
    assert s.url() == "/?q=roma&country=Spain&country=Portugal&year_from=2010&sort=title&per_page=20&page=3"
    assert state(s.url()[2:]) == s


def test_links_change_one_thing_and_restart_at_page_one():
    s = state("q=roma&country=Spain&page=3")
    assert s.with_value("country", "Italy") == "/?q=roma&country=Spain&country=Italy"
    assert s.without_value("country", "Spain") == "/?q=roma"
    assert s.with_value("country", "Spain") == "/?q=roma&country=Spain"
    assert s.at_page(4) == "/?q=roma&country=Spain&page=4"
    assert s.only_year(2012) == "/?q=roma&country=Spain&year=2012"
    assert state("year=2012").only_year(2012) == "/"
    assert s.without_filters() == "/?q=roma"
    assert s.with_query("rome") == "/?q=rome&country=Spain"
    separate = state("q=roma&collapse=0")  # the older switch, read as versions=all
    assert separate.versions == separate.to_request().versions == "all"
    assert separate.with_value("country", "Spain") == "/?q=roma&country=Spain&versions=all"
    assert state("q=roma&versions=fold").with_value("country", "Spain") == "/?q=roma&country=Spain&versions=fold"


def test_defaults_and_blanks_stay_out_of_urls():
    s = state("q=&year_from=&year_to=&sort=relevance&per_page=10&page=1&country=&versions=")
    assert s == SearchState() and s.url() == "/"
    assert state("collapse=1").url() == "/?versions=fold"  # the older switch, named as it is now


def test_reversed_range_is_swapped_and_whitespace_collapsed():
    s = state("year_from=2020&year_to=2010&q=%20roma%20%20school%20")
    assert (s.year_from, s.year_to, s.query) == (2010, 2020, "roma school")


@pytest.mark.parametrize("query", ["page=0", "per_page=101", "sort=x", "page=%D9%A1", "year_to=10000", "collapse=2"])
def test_bad_values_raise_bad_request(query):
    with pytest.raises(BadRequest):
        state(query)


def test_safe_url_keeps_only_web_links():
    assert safe_url("https://www.coe.int/en/web/x") == "https://www.coe.int/en/web/x"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil", "http://", None, ""):
        assert safe_url(bad) is None


def test_text_blocks_gather_bullets_into_lists():
    blocks = text_blocks("Intro.\n\n- one\n\n- two\n\nMiddle.\n\n• a\n• b")
    assert blocks == [("para", "Intro."), ("list", ["one", "two"]), ("para", "Middle."), ("list", ["a", "b"])]


def test_text_blocks_turn_pipe_rows_into_a_table():
    blocks = text_blocks("Year | Pupils\n\n2019 | 310\n\n2020 | 345\n\nAfter.")
    assert blocks == [("table", [["Year", "Pupils"], ["2019", "310"], ["2020", "345"]]), ("para", "After.")]


def test_small_helpers():
    assert year_span([2019, 2018, 2021]) == "2018–2021" and year_span([2020]) == "2020" and year_span([]) == ""
    assert bar_level(0, 10) == 0 and bar_level(1, 100) == 1 and bar_level(100, 100) == 12
    assert neutralise("=SUM(A1)") == "'=SUM(A1)" and neutralise("-1") == "'-1" and neutralise("ok") == "ok"


KEYS = st.sampled_from(["q", "topic", "country", "year", "city", "language", "sort", "page", "per_page",
                        "year_from", "year_to", "collapse", "x"])
VALUES = st.one_of(st.text(max_size=30), st.integers(-10, 10**12).map(str), st.sampled_from(["", "title", "2019"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(KEYS, VALUES), max_size=6))
def test_no_query_string_gives_a_server_error(client, pairs):
    query = urlencode(pairs)
    for path in ("/", "/api/search"):
        assert client.get(f"{path}?{query}").status_code in (200, 400, 404)
