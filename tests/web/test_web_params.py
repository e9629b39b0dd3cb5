"""Bad parameters give 200, 400 or 404 with a readable message, never a 500."""

from __future__ import annotations

import pytest

BAD = [
    ("sort=loudest", 400),
    ("page=0", 400),
    ("page=-1", 400),
    ("page=abc", 400),
    ("page=1e3", 400),
    ("page=" + "9" * 5000, 400),
    ("per_page=1000000", 400),
    ("per_page=0", 400),
    ("year_from=twenty", 400),
    ("year_from=0", 400),
    ("year_to=100000", 400),
    ("q=" + "a" * 600, 400),
    ("country=" + "x" * 300, 400),
    ("&".join(f"city=c{n}" for n in range(150)), 400),
    ("collapse=sometimes", 400),
    ("topics=Education", 400),
    ("unknown=1&another=2", 400),
]
FINE = [
    "page=1000000000",
    "country=Spain&country=Spain&country=spain",
    "country=Nowhere&topic=Nothing",
    "q=roma&utm_source=newsletter&fbclid=abc",
    "q=%ff%fe%00",
    "q=%C3%28",
    "q=" + "%22" * 20,
    "q=(((",
    "q=OR+AND+NOT",
    "q=*",
    "q=-",
    "q=title:",
    "year=abc",
    "year_from=2020&year_to=2010",
    "language=xx",
    "q=%E2%80%AE%F0%9F%92%A9",
    "per_page=100&page=2",
    "collapse=0",
    "collapse=OFF",
    "year=%C2%B2",  # a superscript two: a digit to str.isdigit, yet no number int() can read
    "year=%D9%A3",  # an Arabic-Indic three: a decimal digit, read as the year 3
]


@pytest.mark.parametrize(("query", "status"), BAD)
def test_bad_parameters_are_400_with_a_message(client, query, status):
    html = client.get("/?" + query)
    assert html.status_code == status
    assert "That search could not be read" in html.get_data(as_text=True)
    api = client.get("/api/search?" + query)
    assert api.status_code == status
    assert api.json["status"] == status and api.json["error"]
    for path in ("/search.csv", "/search.json", "/feed.atom"):
        assert client.get(f"{path}?{query}").status_code == status


@pytest.mark.parametrize("query", FINE)
def test_odd_but_harmless_parameters_never_500(client, query):
    for path in ("/", "/api/search", "/search.csv", "/search.json", "/feed.atom", "/facet/city"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 404), (path, query, response.status_code)


def test_non_utf8_path_and_methods(client):
    assert client.get("/practice/%ff%fe").status_code == 404
    assert client.get("/api/practice/%ff%fe").status_code == 404
    assert client.post("/").status_code == 405
    assert client.post("/api/search").json["status"] == 405


def test_duplicate_values_collapse(client):
    data = client.get("/api/search?country=Spain&country=Spain").json
    assert data["filters"]["country"] == ["Spain"]


@pytest.mark.parametrize(("typo", "meant"), [("topics", "topic"), ("Country", "country"), ("perpage", "per_page"),
                                             ("yearfrom", "year_from"), ("query", "q"), ("sorting", "sort")])
def test_an_unknown_parameter_is_named_with_the_closest_known_one(client, typo, meant):
    api = client.get(f"/api/search?{typo}=x")
    assert api.status_code == 400
    assert api.json["error"] == f"Unknown parameter {typo!r}; did you mean {meant!r}?"
    page = client.get(f"/?{typo}=x")
    assert page.status_code == 400
    assert f"did you mean {meant!r}?".replace("'", "&#39;") in page.get_data(as_text=True)


def test_a_name_like_no_parameter_lists_them_all(client):
    error = client.get("/api/search?zzz=1").json["error"]
    assert error.startswith("Unknown parameter 'zzz'; the parameters are: q, topic, country, year, city")
