"""The crawler end to end against a local copy of the portal (tests/crawl/icc_fixture_site.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from icc_fixture_site import FixtureSite, serve

from practice_search.cli import main
from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.crawl import STATE_FILE, CrawlError, CrawlOptions, _retry_after, crawl

FAST = CrawlOptions(delay=0, backoff=0.01, timeout=0.5, contact="ops@example.org")
FETCHED = {"amadora-anti-rumour-agents", "lublin-together-against-hate", "camden-old-address",
           "oslo-flaky-server", "bergen-slow-page", "escaped-file"}


@pytest.fixture()
def site():
    site = FixtureSite()
    server = serve(site)
    yield site
    server.shutdown()
    server.server_close()


def test_first_crawl_fetches_every_practice_and_reports_each_failure(site, tmp_path):
    out = tmp_path / "crawl"
    summary = crawl(site.listing_url(), out, FAST)

    assert summary.listing_pages == 5  # 4 pages; the first is reached twice: bare and as ?_gp_start=0
    assert set(summary.new) == FETCHED
    failed = {f["slug"]: f["reason"] for f in summary.failed}
    assert set(failed) == {"gone-practice", "annual-report", "huge-page"}
    assert "HTTP 404" in failed["gone-practice"]
    assert "not an HTML page (application/pdf)" in failed["annual-report"]
    assert "too large" in failed["huge-page"]
    skipped = {s["url"].rsplit("/", 1)[-1]: s["reason"] for s in summary.skipped}
    assert skipped == {"private-draft": "disallowed by robots.txt", "elsewhere": "on another site"}
    assert not site.requested("/-/private")
    assert site.hits["/en/web/interculturalcities/-/oslo-flaky-server"] == 2  # 500, then retried
    assert site.hits["/en/web/interculturalcities/-/bergen-slow-page"] == 2  # timed out, then retried


def test_files_hold_the_page_and_the_listing_facts(site, tmp_path):
    out = tmp_path / "crawl"
    crawl(site.listing_url(), out, FAST)

    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == sorted([f"{s}.html" for s in FETCHED] + [f"{s}.meta.json" for s in FETCHED])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crawl"]  # nothing escaped the folder
    meta = json.loads((out / "amadora-anti-rumour-agents.meta.json").read_text())
    assert meta["countries"] == ["Portugal"]
    assert meta["cities"] == ["Amadora", "Lisbon", "Loures"]
    assert meta["period"] == "2019-2021"
    assert meta["teaser"] == "Residents trained to answer rumours about newcomers."
    assert meta["url"].endswith("/-/amadora-anti-rumour-agents")
    assert meta["listing_url"].startswith(site.listing_url())
    assert meta["etag"] and meta["last_modified"] and meta["fetched_at"]
    camden = json.loads((out / "camden-old-address.meta.json").read_text())  # named as listed, before the redirect
    assert (camden["countries"], camden["cities"], camden["period"]) == (["United Kingdom"], ["Camden"], None)
    assert camden["url"].endswith("/-/camden-intercultural-mediation")


def test_requests_are_identified_and_stay_on_the_host(site, tmp_path):
    crawl(site.listing_url(), tmp_path / "crawl", FAST)
    agents = {headers.get("User-Agent") for _, headers in site.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert "PracticeSearchBot" in agent and "ops@example.org" in agent
    assert all(path.startswith("/") for path, _ in site.requests)


def test_crawled_folder_ingests_with_places_from_the_listing(site, tmp_path):
    out = tmp_path / "crawl"
    crawl(site.listing_url(), out, FAST)
    report = load_corpus(out)
    practices = {p.id: p for p in report.practices}
    assert set(practices) == FETCHED
    amadora = practices["amadora-anti-rumour-agents"]
    assert amadora.cities == ["Amadora", "Lisbon", "Loures"] and amadora.countries == ["Portugal"]
    assert amadora.start_year == 2019 and amadora.end_year == 2021
    assert amadora.summary == "Residents trained to answer rumours about newcomers."
    assert "template for collection" not in amadora.body.lower()
    assert "Filter by" not in amadora.body


def test_recrawl_uses_conditional_get_and_rewrites_only_what_changed(site, tmp_path):
    out = tmp_path / "crawl"
    crawl(site.listing_url(), out, FAST)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    site.requests.clear()
    site.practices[1].body = "Rewritten: teachers and librarians now train together."  # lublin detail page
    site.practices[0].teaser = "A new teaser on the listing only."  # amadora listing facts

    summary = crawl(site.listing_url(), out, FAST)

    assert set(summary.changed) == {"lublin-together-against-hate", "amadora-anti-rumour-agents"}
    assert set(summary.unchanged) == FETCHED - set(summary.changed)
    assert not summary.new
    assert all(h.get("If-None-Match") for h in site.requested("/-/camden-old-address"))
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    rewritten = {name for name in before if after.get(name) != before[name] and not name.startswith(".")}
    assert rewritten == {"lublin-together-against-hate.html", "lublin-together-against-hate.meta.json",
                         "amadora-anti-rumour-agents.meta.json"}
    assert "librarians" in (out / "lublin-together-against-hate.html").read_text()
    assert json.loads((out / "amadora-anti-rumour-agents.meta.json").read_text())["teaser"] == \
        "A new teaser on the listing only."


def test_an_interrupted_crawl_resumes_without_refetching(site, tmp_path):
    out = tmp_path / "crawl"
    out.mkdir()
    (out / STATE_FILE).write_text(json.dumps({"start_url": site.listing_url(), "finished": False,
                                              "done": ["amadora-anti-rumour-agents"]}))
    summary = crawl(site.listing_url(), out, FAST)
    assert summary.resumed == ["amadora-anti-rumour-agents"]
    assert not site.requested("/-/amadora-anti-rumour-agents")
    assert json.loads((out / STATE_FILE).read_text())["finished"] is True
    site.requests.clear()
    again = crawl(site.listing_url(), out, FAST)  # the finished run is not resumed
    assert not again.resumed and site.requested("/-/amadora-anti-rumour-agents")


def test_a_start_url_robots_forbid_is_refused(site, tmp_path):
    with pytest.raises(CrawlError, match="robots.txt"):
        crawl(f"{site.url}/en/web/interculturalcities/-/private-draft", tmp_path / "crawl", FAST)
    with pytest.raises(CrawlError, match="not an http"):
        crawl("file:///etc/passwd", tmp_path / "crawl", FAST)


def test_retry_after_accepts_seconds_and_dates():
    assert _retry_after("7") == 7.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_cli_update_crawls_then_indexes_and_search_finds_it(site, tmp_path):
    out, index = tmp_path / "crawl", tmp_path / "index"
    runner = CliRunner()
    args = ["update", site.listing_url(), "--out", str(out), "--index", str(index), "--delay", "0",
            "--backoff", "0.01", "--timeout", "0.5", "--contact", "ops@example.org", "--json"]
    result = runner.invoke(main, args)
    assert result.exit_code == 4, result.output  # some pages failed; the rest is indexed
    data = json.loads(result.output)
    assert set(data["crawl"]["new"]) == FETCHED
    assert data["index"]["mode"] == "full" and data["index"]["documents"] == len(FETCHED)

    found = runner.invoke(main, ["search", "--index", str(index), "--country", "Portugal", "--json"])
    assert [r["id"] for r in json.loads(found.output)["results"]] == ["amadora-anti-rumour-agents"]

    site.practices[1].body = "Rewritten: teachers and librarians now train together."
    again = json.loads(runner.invoke(main, args).output)
    assert again["crawl"]["changed"] == ["lublin-together-against-hate"]
    assert again["index"]["mode"] == "incremental" and again["index"]["changed"] == ["lublin-together-against-hate"]
    found = runner.invoke(main, ["search", "librarians", "--index", str(index), "--json"])
    assert [r["id"] for r in json.loads(found.output)["results"]] == ["lublin-together-against-hate"]


def test_parse_listing_reads_a_saved_page(tmp_path):
    page = tmp_path / "listing.html"
    page.write_text(FixtureSite().listing(0), encoding="utf-8")
    result = CliRunner().invoke(main, ["parse-listing", str(page), "--base-url", "https://www.coe.int/en/web/x",
                                       "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["items"][0]
    assert first["slug"] == "amadora-anti-rumour-agents"
    assert first["url"] == "https://www.coe.int/en/web/interculturalcities/-/amadora-anti-rumour-agents"
    assert (first["countries"], first["cities"], first["period"]) == (["Portugal"], ["Amadora", "Lisbon", "Loures"],
                                                                      "2019-2021")
    assert [i["slug"] for i in data["items"]] == ["amadora-anti-rumour-agents", "lublin-together-against-hate",
                                                  "camden-old-address"]
    assert any("_gp_start=3" in url for url in data["next_pages"])
    assert all("Filter by" not in i["teaser"] for i in data["items"])


def test_detail_slugs_are_sanitised():
    from practice_search.ingest.listing import detail_slug

    assert detail_slug("https://h/en/web/x/-/Anti%20Rumour%C3%A3o") == "anti-rumourao"
    assert detail_slug("https://h/en/web/x/-/..%2F..%2Fetc%2Fpasswd") == "etc-passwd"
    assert detail_slug("https://h/en/web/x/-/..") is None
    assert detail_slug("https://h/en/web/x/good-practice") is None
