"""GET /api/suggest: the JSON shape, where each suggestion leads, limits, hostile input and headers."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.search.complete import KINDS, MAX_PREFIX, MAX_SUGGESTIONS, normalise, normalise_prefix

FACET_KINDS = ("topic", "country", "city")


@pytest.fixture(autouse=True)
def full_suggestions(app):
    """The app's engine reads titles and phrases in the background on the first keystroke: wait for them."""
    assert app.extensions["engine"].complete("a", wait=None)["partial"] is False


def suggest(client, q: str, **params):
    return client.get("/api/suggest?" + urlencode({"q": q, **params}))


@pytest.mark.parametrize("prefix", ["anti", "a", "zur", "rumour", "roma sch", "ROMA", "inter", "me", "lisb"])
def test_shape_and_limits(client, prefix):
    response = suggest(client, prefix)
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.json
    assert set(data) == {"query", "suggestions", "partial"} and data["query"] == prefix and data["partial"] is False
    assert 1 <= len(data["suggestions"]) <= MAX_SUGGESTIONS
    for item in data["suggestions"]:
        assert set(item) in ({"text", "kind", "count", "url"}, {"text", "kind", "count", "url", "id"})
        assert item["kind"] in KINDS and isinstance(item["count"], int) and item["count"] >= 1
        assert item["url"].startswith("/") and not item["url"].startswith("//")
        words = normalise(item["text"]).split()
        typed = normalise_prefix(prefix).split()[0]
        assert any(w.startswith(typed) for w in words)


def test_facet_suggestions_filter_and_their_count_is_the_facet_count(client):
    for item in suggest(client, "r").json["suggestions"] + suggest(client, "sp").json["suggestions"]:
        if item["kind"] not in FACET_KINDS:
            continue
        url = urlsplit(item["url"])
        assert url.path == "/" and parse_qs(url.query) == {item["kind"]: [item["text"]]}
        facets = client.get(f"/api/search?{url.query}").json["facets"][item["kind"]]
        assert {"value": item["text"], "count": item["count"], "selected": True} in facets


def test_a_practice_title_opens_the_practice(client):
    item = next(i for i in suggest(client, "roma school").json["suggestions"] if i["kind"] == "practice")
    assert item["url"] == f"/practice/{item['id']}"
    page = client.get(f"/api/practice/{item['id']}")
    assert page.status_code == 200 and page.json["title"] == item["text"]


def test_a_phrase_is_searched(client):
    item = next(i for i in suggest(client, "medi").json["suggestions"] if i["kind"] == "phrase")
    assert parse_qs(urlsplit(item["url"]).query) == {"q": [item["text"]]}
    assert client.get(item["url"]).status_code == 200


def test_accents_and_case(client):
    assert suggest(client, "ZÜR").json["suggestions"] == suggest(client, "zur").json["suggestions"]
    assert suggest(client, "Zur").json["suggestions"][0]["text"] == "Zurich"


@pytest.mark.parametrize("limit", ["1", "3", "8"])
def test_limit(client, limit):
    assert len(suggest(client, "a", limit=limit).json["suggestions"]) == int(limit)


@pytest.mark.parametrize("limit", ["0", "9", "-1", "x", "", "1e3", "٣"])
def test_bad_limit_is_a_400(client, limit):
    response = suggest(client, "a", limit=limit)
    assert response.status_code == 400 and response.json["status"] == 400 and "limit" in response.json["error"].lower()


@pytest.mark.parametrize("query", ["", "q=", "q=%20%20", "q=%00%01%02", "q=%E2%80%8B", "q=%ED%A0%80", "q=%FF%FE",
                                   "q=" + "%C3%A9" * MAX_PREFIX, "q=--%2F%2F..", "q=a&q=b", "q=<script>"])
def test_nothing_to_complete_or_garbage_gives_an_answer(client, query):
    response = client.get(f"/api/suggest?{query}")
    assert response.status_code == 200 and isinstance(response.json["suggestions"], list)
    assert len(response.json["suggestions"]) <= MAX_SUGGESTIONS


def test_too_long_a_prefix_is_a_400(client):
    response = client.get("/api/suggest?q=" + quote("é" * (MAX_PREFIX + 1)))
    assert response.status_code == 400 and "at most" in response.json["error"]
    assert client.get("/api/suggest?q=" + "a" * 100_000).status_code in (400, 414)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.text(st.characters(exclude_categories=("Cs",)), max_size=MAX_PREFIX + 20))
def test_any_text_gives_suggestions_or_a_400_never_a_server_error(client, prefix):
    response = suggest(client, prefix)
    assert response.status_code == (400 if len(prefix) > MAX_PREFIX else 200)
    if response.status_code == 200:
        assert len(response.json["suggestions"]) <= MAX_SUGGESTIONS


def test_the_headers_of_the_other_api_routes(client):
    first = suggest(client, "anti")
    headers = first.headers
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in headers["Cache-Control"] and headers["ETag"]
    assert 'search;dur=' in headers["Server-Timing"]
    again = client.get("/api/suggest?q=anti", headers={"If-None-Match": headers["ETag"]})
    assert again.status_code == 304
    assert suggest(client, "antw").headers["ETag"] != headers["ETag"]


def test_a_partial_answer_is_never_kept_by_a_cache(sample_index, monkeypatch):
    from practice_search.search import complete as complete_module
    from practice_search.web.app import create_app

    gate = threading.Event()
    real_build = complete_module._from_practices
    monkeypatch.setattr(complete_module, "_from_practices", lambda *args: gate.wait(30) and real_build(*args))
    client = create_app(sample_index).test_client()
    try:
        early = client.get("/api/suggest?q=zur")
        assert early.status_code == 200 and early.json["partial"] is True
        assert [s["text"] for s in early.json["suggestions"]] == ["Zurich"]
        assert "ETag" not in early.headers and "no-store" in early.headers["Cache-Control"]
    finally:
        gate.set()
    client.application.extensions["engine"].complete("a", wait=None)
    later = client.get("/api/suggest?q=zur")
    assert later.json["partial"] is False and later.headers["ETag"]


def test_the_search_box_points_at_the_route(client):
    html = client.get("/").get_data(as_text=True)
    assert 'data-suggest="/api/suggest"' in html
    assert 'role="combobox"' not in html  # the script makes it a combobox: without it, a plain search box
