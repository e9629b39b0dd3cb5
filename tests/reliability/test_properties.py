"""Properties over arbitrary input (hypothesis): total, deterministic, and consistent with brute force."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.ingest.html_page import parse_html
from practice_search.ingest.periods import parse_period
from practice_search.ingest.raw import NotAPractice
from practice_search.ingest.text_page import parse_text
from practice_search.search.engine import BadRequest, SearchRequest
from practice_search.search.query import MAX_QUERY_CHARS, QueryTooLong, facet_key, parse
from tests.helpers import matching_ids

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FACET_OF = {"topic": ("topics", "topics_inferred"), "country": ("countries",), "city": ("cities",),
            "year": ("years",), "language": ("language",)}
PERIOD_LIKE = r"(since |ongoing |-|–| )*((19|20)\d\d[-/ ]?){0,3}"
SYNTAX = ['"', "-", "*", ":", "OR", "(", ")", "title:", "city:", "year:", "topic:", "~", "|", " ", " ", "\u202e"]


def facet_values(practice, facet: str) -> set[str]:
    out: set[str] = set()
    for attribute in FACET_OF[facet]:
        value = getattr(practice, attribute)
        out |= {str(v) for v in value} if isinstance(value, list) else ({str(value)} if value else set())
    return out


def keys(values) -> set[str]:
    """Filter values match case- and accent-insensitively, as the engine documents."""
    return {facet_key(str(v)) for v in values if str(v).strip()}


@pytest.fixture(scope="module")
def stored(engine):
    """Every record as the index stores it, read back through the engine."""
    ids, page, total = [], 1, 1
    while len(ids) < total:
        result = engine.search(SearchRequest(versions="all", sort="title", per_page=100, page=page))
        ids += [r["id"] for r in result["results"]]
        total, page = result["total"], page + 1
    return [engine.get(i) for i in ids]


@pytest.fixture(scope="module")
def vocabulary(stored):
    return {facet: sorted({v for p in stored for v in facet_values(p, facet)}) for facet in FACET_OF}


def queries(words: list[str]):
    """Queries built from real words, syntax characters and arbitrary text."""
    piece = st.one_of(st.sampled_from(words), st.sampled_from(SYNTAX), st.text(max_size=8))
    return st.one_of(st.text(max_size=60), st.lists(piece, max_size=8).map(" ".join))


def filters(vocabulary):
    def facet(name):
        known = st.sampled_from(vocabulary[name]) if vocabulary[name] else st.nothing()
        return st.lists(st.one_of(known, known, st.text(max_size=10)), max_size=3)

    return st.fixed_dictionaries({}, optional={name: facet(name) for name in FACET_OF})


@FAST
@given(text=st.text(max_size=MAX_QUERY_CHARS + 100))
def test_the_parser_never_raises_except_for_length(text):
    if len(text) > MAX_QUERY_CHARS:
        with pytest.raises(QueryTooLong):
            parse(text)
    else:
        assert parse(text) == parse(text)


@SLOW
@given(data=st.data())
def test_search_is_total_and_results_respect_the_filters(engine, stored, vocabulary, data):
    words = sorted({w for p in stored[:40] for w in p.title.split()})
    query = data.draw(queries(words))
    chosen = data.draw(filters(vocabulary))
    sort = data.draw(st.sampled_from(["relevance", "newest", "oldest", "title"]))
    try:
        result = engine.search(SearchRequest(versions="all", query=query, filters=chosen, sort=sort, per_page=100))
    except BadRequest:
        assert len(query) > MAX_QUERY_CHARS
        return
    by_id = {p.id: p for p in stored}
    matched = matching_ids(engine, query)
    wanted = {f: keys(v) for f, v in chosen.items() if keys(v)}
    allowed = {i for i in matched if all(keys(facet_values(by_id[i], f)) & w for f, w in wanted.items())}
    got = {r["id"] for r in result["results"]}
    assert got <= allowed
    assert result["total"] == len(allowed) or result["relaxed"]


@SLOW
@given(data=st.data())
def test_facet_counts_equal_brute_force_over_stored_records(engine, stored, vocabulary, data):
    words = sorted({w for p in stored[:40] for w in p.title.split()})
    query = data.draw(st.one_of(st.just(""), st.sampled_from(words)))
    chosen = {f: v for f, v in data.draw(filters(vocabulary)).items() if f != "language"}
    request = SearchRequest(versions="all", query=query, filters=chosen)
    if any(y.strip().isdecimal() and not 1 <= int(y) <= 9999 for y in chosen.get("year", [])):
        with pytest.raises(BadRequest, match="year"):  # no such year: the request is refused, never a 500
            engine.search(request)
        return
    result = engine.search(request)
    by_id = {p.id: p for p in stored}
    matched = matching_ids(engine, query)
    for facet in ("topic", "country", "year", "city"):
        others = {f: keys(v) for f, v in chosen.items() if f != facet and keys(v)}
        pool = [by_id[i] for i in matched if all(keys(facet_values(by_id[i], f)) & w for f, w in others.items())]
        expected: dict[str, int] = {}
        for practice in pool:
            for value in facet_values(practice, facet):
                expected[value] = expected.get(value, 0) + 1
        got = {str(v["value"]): v["count"] for v in result["facets"][facet] if v["count"]}
        assert got == expected, facet


@FAST
@given(text=st.one_of(st.none(), st.text(max_size=80), st.from_regex(PERIOD_LIKE)), year=st.integers(1990, 2100))
def test_period_parsing_is_total_consistent_and_deterministic(text, year):
    period = parse_period(text, current_year=year)
    assert period == parse_period(text, current_year=year)
    if period.years:
        assert period.years == list(range(period.start_year, period.end_year + 1))
        assert period.start_year <= period.end_year


TAGS = ["div", "p", "span", "h1", "h2", "h3", "ul", "li", "a", "dl", "dt", "dd", "table", "tr", "td", "aside",
        "script", "nav", "strong", "section", "article"]


@st.composite
def markup(draw):
    """Random, often broken, HTML: nested and unclosed tags, portal labels, stray text."""
    parts = draw(st.lists(st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(["Back", "Filter by", "Reset Filter", "Purpose", "Topics: Roma; Refugees", "Country: Spain",
                         "Period: 2019-2021", "Read more", '<ul class="tags"><li>Roma</li></ul>', "&amp;", "<!--",
                         "<br>", "<![CDATA[x]]>", "\x00"]),
        st.text(max_size=20)), max_size=40))
    return "".join(parts)


@FAST
@given(page=st.one_of(markup(), st.text(max_size=300), st.binary(max_size=300)))
def test_html_parser_is_total_and_deterministic(page):
    outcome = _outcome(parse_html, page)
    assert outcome == _outcome(parse_html, page)


@FAST
@given(page=st.one_of(st.text(max_size=400), st.lists(st.sampled_from(
    ["Back", "Title line", "", "Purpose", "Spain Barcelona 2019", "Topics: Roma", "Filter by", "- item", "| a | b |",
     "A long sentence that has more than eight words in it for sure."]), max_size=30).map("\n".join)))
def test_text_parser_is_total_and_deterministic(page):
    outcome = _outcome(parse_text, page)
    assert outcome == _outcome(parse_text, page)


def _outcome(parser, page):
    """A RawPage, or the NotAPractice reason: anything else fails the test."""
    try:
        return parser(page)
    except NotAPractice as exc:
        return str(exc)


def test_every_practice_is_found_by_its_exact_title_and_its_id(engine, stored):
    missing = []
    for practice in stored:
        phrase = '"' + practice.title.replace('"', " ") + '"'
        ids = {r["id"] for r in engine.search(SearchRequest(versions="all", query=phrase, per_page=100))["results"]}
        if practice.id not in ids:
            missing.append(practice.title)
        assert engine.get(practice.id).title == practice.title
    assert missing == []
