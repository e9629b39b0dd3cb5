"""Hostile corpus content (<script>, onerror=, javascript:) renders inert on every page and export."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'

PAGES = ["/", "/?q=welcome", "/?q=welcome&city=Evilcity", "/practice/evil-practice", "/practice/formula-practice",
         "/facet/city", "/facet/topic", "/?q=evil&country=Nowhere"]


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert 'href="javascript:' not in html.lower()


def test_every_html_page_escapes_hostile_text(hostile_client):
    for path in PAGES:
        response = hostile_client.get(path)
        assert response.status_code in (200, 404), path
        html = response.get_data(as_text=True)
        assert_inert(html)
    html = hostile_client.get("/practice/evil-practice").get_data(as_text=True)
    assert "Evil title &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Read the original page" not in html  # javascript: URL is not a link


def test_snippets_escape_but_keep_marks(hostile_client):
    html = hostile_client.get("/?q=welcome").get_data(as_text=True)
    assert "<mark>welcome</mark>" in html
    assert "&lt;script&gt;" in html
    assert_inert(html)


def test_feed_and_exports_escape_hostile_text(hostile_client):
    feed = hostile_client.get("/feed.atom?q=welcome").get_data()
    root = ET.fromstring(feed)  # well-formed despite the markup in titles
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(EVIL in (t or "") for t in titles)  # text content, not markup
    assert b"<script>" not in feed
    data = hostile_client.get("/search.json?q=welcome").get_data(as_text=True)
    assert "<script>" not in data and "\\u003cscript\\u003e" in data
    parsed = json.loads(data)
    evil = next(r for r in parsed["results"] if r["id"] == "evil-practice")
    assert evil["title"].startswith("Evil title <script>")  # the data survives, escaped in transit
    assert "<script>" not in evil["snippet"]
    assert hostile_client.get("/search.json").mimetype == "application/json"
    body = hostile_client.get("/search.csv?q=welcome").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["id"] for r in rows} == {"evil-practice", "formula-practice"}


def test_api_practice_is_json_not_html(hostile_client):
    response = hostile_client.get("/api/practice/evil-practice")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json["title"].startswith("Evil title <script>")  # data as is; JSON is not rendered
