"""Validators follow every commit, and a 304 is only ever given for a page that would be a 200.

Browsers revalidate with `If-None-Match` (ETag) or, from older caches and proxies, `If-Modified-Since`
alone. After a full rebuild, an incremental update and a rollback, both must give the new page: each
test changes a title and revalidates every kind of URL with the validators it had before.
"""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from practice_search.index.store import IndexStore
from practice_search.web.app import create_app
from tests.reliability.conftest import good_page, run_cli, write

PRACTICE = "alpha-library"
URLS = ["/", "/?q=library", f"/practice/{PRACTICE}", "/api/search?q=library", f"/api/practice/{PRACTICE}",
        "/search.csv?q=library", "/search.json?q=library", "/feed.atom", "/about", "/api/stats"]


@pytest.fixture()
def site(tmp_path, monkeypatch):
    """A three-page corpus, its index and a test client that sees every commit at once."""
    from practice_search.search import engine as search_engine

    monkeypatch.setattr(search_engine, "REFRESH_SECONDS", 0.0)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write(corpus, f"{PRACTICE}.html", good_page("Alpha library language cafés"))
    write(corpus, "beta-mediators.html", good_page("Beta neighbourhood mediators", "Mediators from associations."))
    write(corpus, "gamma-theatre.html", good_page("Gamma library theatre", "A library theatre for every school."))
    assert index_run(corpus, index)["mode"] == "full"
    return corpus, index, create_app(index).test_client()


def index_run(corpus, index, *options: str) -> dict:
    result = run_cli("index", corpus, "--index", index, "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def retitle(corpus, title: str) -> None:
    write(corpus, f"{PRACTICE}.html", good_page(title))


def validators(client) -> dict[str, tuple[str, str]]:
    out = {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = (response.headers["ETag"], response.headers["Last-Modified"])
    return out


def assert_revalidation_gives(client, before: dict[str, tuple[str, str]], title: str) -> None:
    for url, (etag, last_modified) in before.items():
        for headers in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified},
                        {"If-None-Match": etag, "If-Modified-Since": last_modified}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, headers)
            assert response.headers["ETag"] != etag, url
            if url not in ("/about", "/api/stats"):
                assert title in response.get_data(as_text=True), (url, headers)
        # and the new validators work in their turn
        fresh = client.get(url)
        assert client.get(url, headers={"If-None-Match": fresh.headers["ETag"]}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": fresh.headers["Last-Modified"]}).status_code == 304


def test_an_incremental_update_gives_new_validators(site):
    corpus, index, client = site
    before = validators(client)
    retitle(corpus, "Alpha library reading circles")
    assert index_run(corpus, index)["mode"] == "incremental"
    assert_revalidation_gives(client, before, "reading circles")


def test_a_full_rebuild_gives_new_validators(site):
    corpus, index, client = site
    before = validators(client)
    retitle(corpus, "Alpha library storytelling")
    assert index_run(corpus, index, "--full")["mode"] == "full"
    assert_revalidation_gives(client, before, "storytelling")


def test_a_rollback_gives_new_validators_and_never_a_stale_304(site):
    corpus, index, client = site
    retitle(corpus, "Alpha library homework club")
    index_run(corpus, index, "--full")
    before = validators(client)
    assert "homework club" in client.get(f"/practice/{PRACTICE}").get_data(as_text=True)
    result = run_cli("index", "--index", index, "--rollback")
    assert result.exit_code == 0, result.output
    assert_revalidation_gives(client, before, "language cafés")


def test_an_incremental_update_right_after_a_rollback_still_moves_the_date_on(site):
    """Commits in the same second: Last-Modified still increases, or If-Modified-Since would give a 304."""
    corpus, index, client = site
    index_run(corpus, index, "--full")
    stamps = [client.get("/").headers["Last-Modified"]]
    for title in ("Alpha library one", "Alpha library two"):
        retitle(corpus, title)
        assert index_run(corpus, index)["mode"] == "incremental"
        stamps.append(client.get("/").headers["Last-Modified"])
    assert run_cli("index", "--index", index, "--rollback").exit_code == 0
    stamps.append(client.get("/").headers["Last-Modified"])
    index_run(corpus, index, "--full")
    stamps.append(client.get("/").headers["Last-Modified"])
    parsed = [datetime.strptime(s, "%a, %d %b %Y %H:%M:%S GMT") for s in stamps]
    assert parsed == sorted(parsed) and len(set(parsed)) == len(parsed), stamps


FUTURE = format_datetime(datetime.now(UTC) + timedelta(days=365), usegmt=True)
ERRORS = [("/practice/no-such-practice", 404), ("/api/practice/no-such-practice", 404), ("/?page=0", 400),
          ("/api/search?page=0", 400), ("/search.csv?page=0", 400), ("/?q=" + "x" * 600, 400),
          ("/api/search?q=" + "x" * 600, 400), ("/api/search?per_page=1000", 400), ("/?q=library&page=999", 404),
          ("/facet/nope", 404), ("/practice/" + "x" * 400, 404)]


@pytest.mark.parametrize(("url", "status"), ERRORS)
@pytest.mark.parametrize("headers", [{"If-None-Match": "*"}, {"If-Modified-Since": FUTURE},
                                     {"If-None-Match": "*", "If-Modified-Since": FUTURE}])
def test_conditional_requests_never_turn_an_error_into_a_304(client, url, status, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status
    assert response.get_data()
    assert "ETag" not in response.headers


@pytest.mark.parametrize("url", ["/", "/?q=roma", "/api/search?q=roma", "/about"])
def test_if_none_match_star_is_a_304_for_a_page_that_exists(client, url):
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304


def test_the_feed_says_it_was_updated_after_an_incremental_update(site):
    corpus, index, client = site
    updated = re.compile(r"<updated>([^<]+)</updated>")
    before = updated.search(client.get("/feed.atom").get_data(as_text=True)).group(1)
    retitle(corpus, "Alpha library chess club")
    assert index_run(corpus, index)["mode"] == "incremental"
    after = updated.search(client.get("/feed.atom").get_data(as_text=True)).group(1)
    assert after > before


def test_a_commit_dated_in_the_future_is_not_waited_for(site):
    """A clock set back must not hold the indexer until the old date comes round."""
    corpus, index, _ = site
    future = time.time() + 3600
    os.utime(index / "CURRENT", (future, future))
    started = time.monotonic()
    IndexStore(index).await_next_second()
    assert time.monotonic() - started < 0.5
