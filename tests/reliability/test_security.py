"""Hostile corpus files, end to end: file -> ingest -> index -> every page and export stays inert.

tests/web/test_web_security.py feeds hostile Practice records straight into an index; these tests
start one step earlier, from files on disk, and cover the fields that suite leaves benign (countries,
topics, period, language, sidecar values), CSV formulas in every column, errors and secrets.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import load_corpus
from tests.paths import ROOT
from tests.reliability.conftest import write

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ESCAPED = EVIL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from practice_search.web.app import create_app

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    escaped = ESCAPED.replace('"', "&quot;")
    write(corpus, "evil.html", f"""<html lang="en"><body><a href="/">Back</a><h1>Welcome {escaped}</h1>
        <h3>Purpose</h3><p>Welcome text {escaped} and =HYPERLINK("http://evil.example") here.</p>
        <script>alert('in page')</script><a href="javascript:alert(5)">click</a></body></html>""")
    write(corpus, "evil.meta.json", json.dumps({
        "url": "javascript:alert(3)", "countries": [f"Evilland{EVIL}"], "cities": [f"=cmd|' /C calc'!A0{EVIL}"],
        "topics": [f"Roma{EVIL}"], "period": f"2019 {EVIL}", "language": "x\"><script>alert(6)</script>",
        "summary": f"@SUM(1+1) {EVIL}"}))
    write(corpus, "plain.txt", "Welcome plain practice\n\nPurpose\nA harmless welcome practice for comparison.\n")
    root = tmp_path_factory.mktemp("hostile-index")
    report = load_corpus(corpus)
    assert {p.id for p in report.practices} == {"evil", "plain"}
    build_full(IndexStore(root), report.practices)
    app = create_app(root)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def assert_inert(text: str) -> None:
    lowered = text.lower()
    assert "<script>alert" not in lowered and "<img src=x" not in lowered
    assert 'href="javascript:' not in lowered and "href='javascript:" not in lowered
    assert "><script>alert(6)" not in lowered


def test_stored_fields_from_files_render_inert_on_every_page(hostile_app):
    client = hostile_app.test_client()
    evil = client.get("/api/practice/evil").json
    country, city, topic = evil["countries"][0], evil["cities"][0], evil["topics"][0]
    pages = ["/", "/?q=welcome", "/practice/evil", "/facet/country", "/facet/city", "/facet/topic",
             "/?" + "&".join(f"{k}={v}" for k, v in (("country", country), ("city", city), ("topic", topic))),
             "/?q=" + EVIL, "/about"]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_inert(response.get_data(as_text=True))
    page = client.get("/practice/evil").get_data(as_text=True)
    assert "Evilland&lt;script&gt;" in page  # shown as text, not dropped


def test_feed_json_and_csv_carry_hostile_text_safely(hostile_app):
    client = hostile_app.test_client()
    feed = client.get("/feed.atom?q=welcome").get_data()
    ET.fromstring(feed)
    assert b"<script>" not in feed
    data = client.get("/search.json?q=welcome").get_data(as_text=True)
    assert "<" not in data and ">" not in data  # \u003c escapes: inert even if pasted into HTML
    rows = list(csv.reader(io.StringIO(client.get("/search.csv?q=welcome").get_data().decode("utf-8-sig"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_an_unexpected_error_is_a_plain_500_without_internals(hostile_app):
    from practice_search.search.engine import SearchEngine

    def broken(self, request):
        raise RuntimeError("secret internal detail /etc/passwd")

    client = hostile_app.test_client()
    original = SearchEngine.search
    SearchEngine.search = broken
    try:
        page, api = client.get("/?q=x"), client.get("/api/search?q=x")
    finally:
        SearchEngine.search = original
    assert page.status_code == 500 and api.status_code == 500
    for response in (page, api):
        body = response.get_data(as_text=True)
        assert "secret internal detail" not in body and "Traceback" not in body
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert api.json["status"] == 500


def test_no_debug_mode_anywhere(hostile_app):
    assert hostile_app.debug is False
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "web").glob("*.py"))
    assert not re.search(r"debug\s*=\s*True", source)
    client = hostile_app.test_client()
    assert client.get("/console").status_code == 404  # Werkzeug's debugger console is not mounted


SECRET_PATTERNS = [r"AKIA[0-9A-Z]{16}", r"-----BEGIN [A-Z ]*PRIVATE KEY-----", r"ghp_[A-Za-z0-9]{36}",
                   r"xox[baprs]-[A-Za-z0-9-]{10,}", r"(?i)(secret_key|api_key|password)\s*[=:]\s*['\"][^'\"]{8,}"]


def test_no_secrets_in_tracked_files():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    hits = []
    for name in listed.stdout.splitlines():
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or name.startswith("tests/reliability/"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        hits += [f"{name}: {m.group(0)[:20]}" for pattern in SECRET_PATTERNS for m in re.finditer(pattern, text)]
    assert hits == []
