"""JSON API, exports, Atom feed, OpenSearch and health check."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from practice_search.search.engine import SearchRequest

ATOM = "{http://www.w3.org/2005/Atom}"
CONTRACT_KEYS = {"query", "filters", "sort", "total", "page", "per_page", "pages", "relaxed", "suggestion",
                 "results", "facets", "took_ms"}
RESULT_KEYS = {"id", "title", "url", "cities", "countries", "topics", "years", "period", "summary", "snippet", "score"}


def test_api_search_is_the_json_contract(client, engine):
    response = client.get("/api/search?q=roma&country=Portugal&sort=relevance&per_page=5")
    data = response.json
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert set(data) >= CONTRACT_KEYS
    assert set(data["filters"]) >= {"topic", "country", "year", "city"}
    assert data["filters"]["country"] == ["Portugal"]
    assert set(data["results"][0]) >= RESULT_KEYS
    expected = engine.search(SearchRequest("roma", {"country": ["Portugal"]}, per_page=5))
    assert data["total"] == expected["total"]
    assert [r["id"] for r in data["results"]] == [r["id"] for r in expected["results"]]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_api_practice_and_unknown_id(client):
    data = client.get("/api/practice/lisbon-loures-seixal-roma-school-mediators").json
    assert data["id"] == "lisbon-loures-seixal-roma-school-mediators"
    assert len(data["similar"]) == 5 and {"id", "title", "cities", "countries"} <= set(data["similar"][0])
    assert data["also"] == []
    french = client.get("/api/practice/barcelona-strategie-anti-rumeurs").json
    assert french["also"] == [{"id": "barcelona-anti-rumour-strategy", "title": "Barcelona Anti-Rumour Strategy",
                               "language": "en", "relation": "translation"}]
    missing = client.get("/api/practice/nope")
    assert missing.status_code == 404 and missing.json == {"error": "no practice with id 'nope'", "status": 404}


def test_api_stats_and_healthz(client, engine):
    stats = client.get("/api/stats").json
    assert stats["documents"] == engine.stats()["documents"]
    health = client.get("/healthz").json
    assert health["status"] == "ok" and health["generation"] == engine.generation()
    assert health["documents"] == stats["documents"]


def test_csv_export_has_every_page_in_order(client, engine):
    response = client.get("/search.csv?country=Spain&sort=title")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    spain = SearchRequest(filters={"country": ["Spain"]}, sort="title")
    expected = list(engine.export(spain))
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert len(rows) == engine.search(spain)["total"] > 10 and any(r["version_of"] for r in rows)
    for before, row in zip(rows, rows[1:], strict=False):  # a version follows its practice (or a version of it)
        if row["version_of"]:
            assert row["version_of"] in (before["id"], before["version_of"])
    assert rows[0]["page_url"].endswith(f"/practice/{rows[0]['id']}")


def test_json_export_spans_pages(client, engine):
    data = client.get("/search.json").json
    total = engine.search(SearchRequest())["total"]
    assert data["total"] == total == data["exported"] == len(data["results"]) == engine.stats()["documents"]
    assert data["truncated"] is False
    assert len({r["id"] for r in data["results"]}) == total


def test_exports_follow_versions_and_the_feed_folds_them(client, engine):
    pages = engine.stats()["documents"]
    everything = client.get("/search.json?collapse=0").json
    assert everything["total"] == everything["exported"] == pages
    folded = client.get("/search.csv?versions=fold").get_data().decode("utf-8-sig").splitlines()
    assert len(folded) - 1 == engine.search(SearchRequest(versions="fold"))["total"] < pages
    assert len(client.get("/search.csv").get_data().decode("utf-8-sig").splitlines()) - 1 == pages
    assert len(client.get("/search.csv?collapse=0").get_data().decode("utf-8-sig").splitlines()) - 1 == pages
    feed_ids = [e.find(f"{ATOM}link").get("href").rsplit("/", 1)[1]
                for e in ET.fromstring(client.get("/feed.atom?q=anti+rumour+barcelona").get_data())
                .findall(f"{ATOM}entry")]
    assert "barcelona-anti-rumour-strategy" in feed_ids and "barcelona-strategie-anti-rumeurs" not in feed_ids


def test_export_is_capped(engine):
    rows = list(engine.export(SearchRequest(), limit=7))
    assert len(rows) == 7


def test_csv_cells_that_look_like_formulas_are_neutralised(hostile_client):
    body = hostile_client.get("/search.csv?q=welcome").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    formula = next(r for r in rows if r["id"] == "formula-practice")
    assert formula["title"] == "'=1+2 welcome formula"
    assert formula["summary"].startswith("'+SUM")
    assert formula["cities"] == "'@Town" and formula["countries"] == "'-Land"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_atom_feed_is_newest_first(client, engine):
    response = client.get("/feed.atom?topic=Roma")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())
    entries = root.findall(f"{ATOM}entry")
    expected = engine.search(SearchRequest(filters={"topic": ["Roma"]}, sort="newest", per_page=50, versions="fold"))
    assert [e.find(f"{ATOM}link").get("href").rsplit("/", 1)[1] for e in entries] == \
        [r["id"] for r in expected["results"]]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    assert "Topic: Roma" in root.find(f"{ATOM}title").text


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    root = ET.fromstring(response.get_data())
    templates = [u.get("template") for u in root.findall("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert "http://localhost/?q={searchTerms}" in templates
    assert 'rel="search"' in client.get("/").get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/search?per_page=1000000")
    assert response.status_code == 400
    assert json.loads(response.get_data()) == {"error": "Per_page must be between 1 and 100.", "status": 400}
