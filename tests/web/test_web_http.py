"""HTTP behaviour: validators tied to the index generation, timing, security headers, static caching."""

from __future__ import annotations

import re

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.web.app import create_app

PAGES = ["/", "/?q=roma", "/practice/lisbon-loures-seixal-roma-school-mediators", "/about", "/api/search?q=roma",
         "/api/practice/lisbon-loures-seixal-roma-school-mediators", "/search.csv", "/feed.atom"]


@pytest.mark.parametrize("path", PAGES)
def test_etag_and_304(client, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304


def test_etag_differs_per_url(client):
    assert client.get("/?q=roma").headers["ETag"] != client.get("/?q=school").headers["ETag"]


def test_new_generation_changes_the_etag(tmp_path, corpus_report, monkeypatch):
    from practice_search.search import engine as search_engine

    monkeypatch.setattr(search_engine, "REFRESH_SECONDS", 0.0)
    store = IndexStore(tmp_path)
    build_full(store, corpus_report.practices[:5])
    client = create_app(tmp_path).test_client()
    before = client.get("/")
    build_full(store, corpus_report.practices[:6])
    after = client.get("/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert "6 practices" in after.get_data(as_text=True)


def test_server_timing_reports_the_search(client):
    header = client.get("/?q=roma").headers["Server-Timing"]
    assert re.search(r'search;dur=[\d.]+;desc="Search"', header) and "app;dur=" in header


@pytest.mark.parametrize("path", ["/", "/about", "/nope", "/api/search", "/?page=0"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(client):
    for path in ("/", "/?q=roma&country=Spain", "/practice/lisbon-loures-seixal-roma-school-mediators", "/about"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert " style=" not in html and "<style" not in html
        assert "http://" not in html.split("<body>")[0].replace("http://localhost", "")  # no CDN in <head>


def test_static_files_are_fingerprinted_and_cached_long(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', html).group(1)
    js = re.search(r'src="(/static/app\.[0-9a-f]{10}\.js)"', html).group(1)
    for url in (css, js):
        response = client.get(url)
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
    plain = client.get("/static/app.css")
    assert plain.status_code == 200 and "max-age=300" in plain.headers["Cache-Control"]
    assert client.get("/static/app.0000000000.css").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/favicon.ico").status_code == 301
