"""`/api/places` and the map view (`/?view=map`): the city facet's counts, placed on a map.

Counts are checked two ways: against the engine's city facet for the same search, and, for
filter-only searches, against counts made by hand from the parsed records (a practice counts for a
city when every filter but the city filter keeps it: the facet's disjunctive rule).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.model import Practice, Section
from practice_search.web.app import create_app

SEARCHES = [
    "", "q=roma", "q=refugee+welcome", "country=Spain", "country=Portugal&country=Italy", "topic=Refugees&year=2019",
    "q=anti+rumour&city=Barcelona", "year_from=2010&year_to=2014", "language=fr", "topic=Education&city=Lisbon",
]
FILTER_ONLY = [s for s in SEARCHES if "q=" not in s and "year_from" not in s]
PLACE_KEYS = {"city", "country", "lat", "lon", "count"}


def _facet(values: dict, name: str) -> list[str]:
    return values.get(name, [])


def brute_force_city_counts(practices: list[Practice], query: str) -> dict[str, int]:
    """Per city, the practices that pass every filter except the city filter."""
    wanted = parse_qs(query)
    counts: dict[str, int] = {}
    for p in practices:
        values = {"topic": p.topics + p.topics_inferred, "country": p.countries, "city": p.cities,
                  "year": [str(y) for y in p.years], "language": [p.language] if p.language else []}
        if all(set(chosen) & set(values[name]) for name, chosen in wanted.items() if name != "city"):
            for city in set(p.cities):
                counts[city] = counts.get(city, 0) + 1
    return counts


@pytest.mark.parametrize("query", SEARCHES)
def test_places_are_the_city_facet_of_the_same_search(client, query):
    places = client.get(f"/api/places?{query}").json
    facet = client.get(f"/api/search?{query}&per_page=1").json["facets"]["city"]
    assert {p["city"]: p["count"] for p in places} == {e["value"]: e["count"] for e in facet if e["count"]}
    assert len(places) == len({p["city"] for p in places})
    assert [p["count"] for p in places] == sorted((p["count"] for p in places), reverse=True)
    for place in places:
        assert set(place) == PLACE_KEYS
        assert (place["lat"] is None) == (place["lon"] is None)
        if place["lat"] is not None:
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180


@pytest.mark.parametrize("query", FILTER_ONLY)
def test_places_counts_equal_brute_force_over_the_records(client, corpus_report, query):
    places = client.get(f"/api/places?{query}").json
    assert {p["city"]: p["count"] for p in places} == brute_force_city_counts(corpus_report.practices, query)


def test_places_cover_the_whole_result_set_not_one_page(client):
    one = client.get("/api/places?per_page=1&page=3").json
    assert one == client.get("/api/places").json
    assert sum(p["count"] for p in one) > 100


def test_places_sit_in_their_country(client):
    by_city = {p["city"]: p for p in client.get("/api/places").json}
    lisbon, oslo, montreal = by_city["Lisbon"], by_city["Oslo"], by_city["Montreal"]
    assert (lisbon["country"], round(lisbon["lat"]), round(lisbon["lon"])) == ("Portugal", 39, -9)
    assert (oslo["country"], round(oslo["lat"]), round(oslo["lon"])) == ("Norway", 60, 11)
    assert montreal["country"] == "Canada" and montreal["lon"] < -70
    assert by_city["Reykjavík"]["lat"] > 63 and by_city["Turin"]["lon"] == pytest.approx(7.69, abs=0.1)


@pytest.mark.parametrize("query", ["view=maps", "view=", "page=0&view=map", "city=" + "x" * 300])
def test_bad_parameters_are_a_clear_400_or_ignored(client, query):
    response = client.get(f"/api/places?{query}")
    if query == "view=":
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and "error" in response.json


# -- the map page --------------------------------------------------------------
MARKER = re.compile(r'<a class="map__marker[^"]*" href="([^"]+)" aria-label="([^"]+)">')


def _markers(html: str) -> list[tuple[str, str]]:
    return [(unescape(href), unescape(label)) for href, label in MARKER.findall(html)]


@pytest.mark.parametrize("query", ["", "q=roma", "country=Spain&topic=Anti-rumour", "topic=Refugees&year=2019"])
def test_one_marker_per_placed_city_labelled_and_linked_to_its_list(client, query):
    html = client.get(f"/?view=map&{query}").get_data(as_text=True)
    places = [p for p in client.get(f"/api/places?{query}").json if p["lat"] is not None]
    markers = _markers(html)
    assert len(markers) == len(places)
    expected = {f"{p['city']}, {p['country']}: {p['count']} practice{'s' if p['count'] != 1 else ''}" for p in places}
    assert {label for _, label in markers} == expected
    for href, label in markers:
        args = parse_qs(urlsplit(href).query)
        assert args["city"] == [label.split(",")[0]] and "view" not in args
        for name, values in parse_qs(query).items():
            if name != "city":
                assert args[name] == values


def test_map_keeps_the_view_in_every_filter_link_and_form(client):
    html = client.get("/?view=map&q=roma").get_data(as_text=True)
    assert '<input type="hidden" name="view" value="map">' in html
    assert 'href="/?q=roma&amp;view=map">Map</a>' in html or 'aria-current="page">Map</a>' in html
    assert 'href="/?q=roma">List</a>' in html
    chip_free = client.get("/?view=map&country=Spain").get_data(as_text=True)
    assert 'href="/?view=map"' in chip_free  # removing the chip keeps the map
    spain = re.search(r'<path class="map__country shade\d is-selected" d="[^"]+" data-href="([^"]+)"', chip_free)
    assert unescape(spain.group(1)) == "/?view=map"  # clicking Spain again unselects it
    assert 'data-href="/?country=Spain&amp;country=Portugal&amp;view=map"' in chip_free


def test_map_is_svg_with_title_and_description_and_no_inline_script(client):
    html = client.get("/?view=map").get_data(as_text=True)
    assert re.search(r'<svg class="map__svg"[^>]*role="group" aria-labelledby="map-title-europe"', html)
    assert '<title id="map-title-europe">' in html and '<desc id="map-desc-europe">' in html
    assert "<script>" not in html and "style=" not in html
    assert 'id="map-title-world"' in html  # Montreal, Auckland, Haifa... need the world frame


def test_empty_search_on_the_map_shows_the_way_out(client):
    response = client.get("/?view=map&q=roma&country=Iceland&year=2012")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No practices match" in html and "map__marker" not in html


# -- cities GeoNames does not know ----------------------------------------------
def _practice(pid: str, city: str, country: str) -> Practice:
    text = "A welcome desk for newcomers."
    return Practice(id=pid, title=f"Welcome desk {pid}", url=None, summary=text,
                    sections=[Section("Purpose", text)], body=text,
                    cities=[city], countries=[country], topics=["Refugees"], period="2020", start_year=2020,
                    end_year=2020, years=[2020], language="en")


@pytest.fixture(scope="module")
def odd_places_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd-places")
    build_full(IndexStore(root), [
        _practice("a", "Qwertzhausen", "Germany"), _practice("b", "Qwertzhausen", "Germany"),
        _practice("c", "Torino", "Italy"), _practice("d", "ZURICH", "Switzerland"),
        _practice("e", "Reykjavik", "Iceland"), _practice("f", "Nowhere Bay", "Atlantis"),
    ])
    return create_app(root).test_client()


def test_unknown_cities_are_reported_with_null_positions_and_listed_under_the_map(odd_places_client):
    places = {p["city"]: p for p in odd_places_client.get("/api/places").json}
    assert places["Qwertzhausen"] == {"city": "Qwertzhausen", "country": "Germany", "lat": None, "lon": None,
                                      "count": 2}
    assert places["Nowhere Bay"]["lat"] is None and places["Nowhere Bay"]["count"] == 1
    known = [p for p in places.values() if p["lat"] is not None]
    assert {p["country"] for p in known} == {"Italy", "Switzerland", "Iceland"}
    html = odd_places_client.get("/?view=map").get_data(as_text=True)
    unplaced = html.split('id="unplaced-heading"')[1].split("</section>")[0]
    assert "Qwertzhausen, Germany: 2 practices" in unplaced and "Nowhere Bay, Atlantis: 1 practice" in unplaced
    assert len(_markers(html)) == 3


# -- any combination of filters (hypothesis) ---------------------------------------------
FILTER_VALUES = {
    "topic": ["Refugees", "Education", "Roma", "Anti-rumour", "Multilingualism", "Neighbourhood"],
    "country": ["Spain", "Portugal", "Italy", "Germany", "Canada", "Norway", "Atlantis"],
    "year": ["2008", "2012", "2016", "2019", "2023"],
    "language": ["en", "fr", "de"],
    "city": ["Barcelona", "Lisbon", "Oslo", "Montreal"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(sorted(FILTER_VALUES)),
                       st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True), max_size=4))
def test_places_equal_brute_force_for_any_filters(client, corpus_report, chosen):
    query = "&".join(f"{name}={FILTER_VALUES[name][i % len(FILTER_VALUES[name])]}"
                     for name, picks in sorted(chosen.items()) for i in picks)
    places = client.get(f"/api/places?{query}").json
    assert {p["city"]: p["count"] for p in places} == brute_force_city_counts(corpus_report.practices, query)


def test_hostile_city_names_stay_inert_on_the_map_and_the_overview(hostile_client):
    for url in ("/?view=map", "/overview", "/?view=map&q=welcome"):
        html = hostile_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    places = hostile_client.get("/api/places")
    assert b"<script>" not in places.data and any("Evilcity" in p["city"] for p in places.json)
    assert b"<script>" not in hostile_client.get("/overview.json").data
