"""`/overview` and `/overview.json`: every number equals a count made by hand over the parsed records,
and the total of the search its link opens.

By hand: a practice's translations and republished copies (the index's duplicate groups, rebuilt
here from ingest.dedupe's links with a union-find) count once, as the search's results do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.dedupe import duplicate_links
from practice_search.ingest.model import Practice, Section
from practice_search.web.app import create_app


@pytest.fixture(scope="module")
def overview(app) -> dict:
    return app.test_client().get("/overview.json").json


@pytest.fixture(scope="module")
def by_hand(corpus_report) -> dict:
    return brute_force(corpus_report.practices)


def brute_force(practices: list[Practice]) -> dict:
    parent = {p.id: p.id for p in practices}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            pid = parent[pid]
        return pid

    for pid, links in duplicate_links(practices).items():
        for link in links:
            parent[root(link["id"])] = root(pid)
    sets: dict[tuple, set[str]] = defaultdict(set)
    for p in practices:
        unit = root(p.id)
        years = set(p.years)
        sets[("all",)].add(unit)
        for topic in set(p.topics + p.topics_inferred):
            sets[("topic", topic)].add(unit)
            for year in years:
                sets[("topic-year", topic, year)].add(unit)
        for country in set(p.countries):
            sets[("country", country)].add(unit)
        for city in set(p.cities):
            sets[("city", city)].add(unit)
        if p.language:
            sets[("language", p.language)].add(unit)
        if years:
            sets[("started", min(years))].add(unit)
    return {key: len(units) for key, units in sets.items()} | {("pages",): len(practices)}


def test_totals(overview, by_hand):
    assert overview["practices"] == by_hand[("all",)] < overview["pages"] == by_hand[("pages",)]


def test_topics_by_year_equal_brute_force(overview, by_hand):
    assert {row["topic"] for row in overview["topics_by_year"]} == {k[1] for k in by_hand if k[0] == "topic"}
    for row in overview["topics_by_year"]:
        assert row["count"] == by_hand[("topic", row["topic"])]
        for cell in row["years"]:
            assert cell["count"] == by_hand[("topic-year", row["topic"], cell["year"])] > 0
    recent = {cell["year"] for row in overview["topics_by_year"] for cell in row["years"]}
    shown = {(k[1], k[2]) for k in by_hand if k[0] == "topic-year" and k[2] in recent}
    assert shown == {(row["topic"], cell["year"]) for row in overview["topics_by_year"] for cell in row["years"]}


@pytest.mark.parametrize("figure, key, kind", [("countries", "country", "country"), ("cities", "city", "city"),
                                               ("languages", "language", "language"),
                                               ("started_per_year", "year", "started")])
def test_bar_charts_equal_brute_force(overview, by_hand, figure, key, kind):
    bars = overview[figure]
    assert bars and all(bar["count"] == by_hand[(kind, bar[key])] for bar in bars)
    everything = {k[1]: n for k, n in by_hand.items() if k[0] == kind}
    if figure == "cities":  # the most active ones, and no city left out has more
        assert len(bars) == min(15, len(everything))
        assert min(bar["count"] for bar in bars) >= max(n for c, n in everything.items()
                                                         if c not in {b["city"] for b in bars})
    else:
        assert {bar[key] for bar in bars} == set(everything)


def _figures(overview: dict) -> list[tuple[str, int]]:
    out = [(row["url"], row["count"]) for row in overview["topics_by_year"]]
    out += [(cell["url"], cell["count"]) for row in overview["topics_by_year"] for cell in row["years"]]
    out += [(row["before"]["url"], row["before"]["count"]) for row in overview["topics_by_year"] if row["before"]]
    for figure in ("started_per_year", "countries", "cities", "languages"):
        out += [(bar["url"], bar["count"]) for bar in overview[figure]]
    return out


def test_every_figure_links_to_a_search_with_that_total(client, overview):
    figures = _figures(overview)
    assert len(figures) > 300
    for url, count in figures:
        assert url.startswith("/?")
        assert client.get(url.replace("/?", "/api/search?", 1) + "&per_page=1").json["total"] == count, url


def test_page_shows_the_same_numbers_as_its_twin(client, overview):
    html = client.get("/overview").get_data(as_text=True)
    links = dict((unescape(href), int(n)) for href, n in re.findall(r'<a href="([^"]+)"[^>]*>(\d+)</a>', html))
    for row in overview["topics_by_year"]:
        for cell in row["years"]:
            assert links[cell["url"]] == cell["count"]
    bar_links = re.findall(r'<a class="chart__bar" href="([^"]+)" aria-label="([^"]+)">', html)
    expected = [(bar["url"], bar["count"]) for f in ("started_per_year", "countries", "cities", "languages")
                for bar in overview[f]]
    assert [(unescape(h), int(re.search(r"(\d+) practices?$", unescape(label)).group(1))) for h, label in bar_links] \
        == expected


def test_charts_are_labelled_svg_with_a_table_of_their_numbers(client):
    html = client.get("/overview").get_data(as_text=True)
    charts = re.findall(r'<svg class="chart__svg[^"]*"[^>]*role="group" aria-labelledby="([\w-]+)-title" '
                        r'aria-describedby="\1-desc"', html)
    assert charts == ["started-chart", "countries-chart", "cities-chart", "languages-chart"]
    for chart in charts:
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
        figure = html.split(f'<figure class="chart" id="{chart}">')[1].split("</figure>")[0]
        assert "<details" in figure and "<table" in figure
    assert '<table class="heatmap">' in html and "<script>" not in html


def test_overview_is_in_the_site_navigation(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/overview">Overview</a>' in html
    assert '<a href="/overview" aria-current="page">Overview</a>' in client.get("/overview").get_data(as_text=True)


# -- arbitrary small collections (hypothesis) ------------------------------------------------
TOPICS = ["Refugees", "Education", "Roma", "Culture, Leisure and Heritage"]
PLACES = [("Barcelona", "Spain"), ("Lisbon", "Portugal"), ("Turin", "Italy"), ("Oslo", "Norway")]


@st.composite
def collections(draw) -> list[Practice]:
    practices = []
    for i in range(draw(st.integers(1, 14))):
        start = draw(st.one_of(st.none(), st.integers(1998, 2024)))
        end = None if start is None else draw(st.integers(start, 2026))
        places = draw(st.lists(st.sampled_from(PLACES), max_size=2, unique=True))
        words = draw(st.lists(st.sampled_from(["welcome", "school", "market", "theatre"]), min_size=1, max_size=3))
        text = f"Practice number {i} about {' and '.join(words)}."
        practices.append(Practice(
            id=f"p{i}", title=f"Practice {i}", url=None, summary=text, sections=[Section("Purpose", text)],
            body=text, cities=[c for c, _ in places], countries=list(dict.fromkeys(k for _, k in places)),
            topics=draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True)),
            period="" if start is None else f"{start}-{end}", start_year=start, end_year=end,
            years=[] if start is None else list(range(start, end + 1)),
            language=draw(st.sampled_from(["en", "fr", "it"]))))
    return practices


@settings(max_examples=8, deadline=None)
@given(collections())
def test_overview_equals_brute_force_on_any_collection(tmp_path_factory, practices):
    root = tmp_path_factory.mktemp("overview")
    build_full(IndexStore(root), practices)
    data = create_app(root).test_client().get("/overview.json").json
    expected = brute_force(practices)
    assert data["practices"] == expected[("all",)] and data["pages"] == len(practices)
    for row in data["topics_by_year"]:
        assert row["count"] == expected[("topic", row["topic"])]
        assert all(cell["count"] == expected[("topic-year", row["topic"], cell["year"])] for cell in row["years"])
    assert {bar["year"]: bar["count"] for bar in data["started_per_year"]} == \
        {k[1]: n for k, n in expected.items() if k[0] == "started"}
    assert {bar["country"]: bar["count"] for bar in data["countries"]} == \
        {k[1]: n for k, n in expected.items() if k[0] == "country"}
    assert {bar["language"]: bar["count"] for bar in data["languages"]} == \
        {k[1]: n for k, n in expected.items() if k[0] == "language"}


def test_an_empty_index_has_an_overview_and_a_map_with_nothing_on_them(tmp_path):
    build_full(IndexStore(tmp_path), [])
    client = create_app(tmp_path).test_client()
    data = client.get("/overview.json").json
    assert (data["practices"], data["topics_by_year"], data["countries"], data["started_per_year"]) == (0, [], [], [])
    assert "nothing to count" in client.get("/overview").get_data(as_text=True)
    assert client.get("/api/places").json == []
    assert client.get("/?view=map").status_code == 200
