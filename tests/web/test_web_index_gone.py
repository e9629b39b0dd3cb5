"""The index folder removed or broken under a running app: every route answers a clear 503, never a 500."""

from __future__ import annotations

import shutil
import time

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.search import engine as search_engine
from practice_search.web.app import create_app

PRACTICE_ROUTES = ["/practice/{id}", "/api/practice/{id}"]
ROUTES = ["/", "/?q=school", "/?q=school&country=Spain", "/about", "/facet/country", "/api/search?q=school",
          "/api/stats", "/search.csv?q=school", "/search.json", "/feed.atom", "/healthz", *PRACTICE_ROUTES]


def remove_everything(root):
    shutil.rmtree(root)


def remove_the_live_generation(root):
    shutil.rmtree(IndexStore(root).current().path)


def empty_the_live_generation(root):
    for path in IndexStore(root).current().path.iterdir():
        path.unlink()


def point_current_nowhere(root):
    (root / "CURRENT").write_text("gen-that-never-was\n")


def make_current_a_folder(root):
    (root / "CURRENT").unlink()
    (root / "CURRENT").mkdir()


BREAKAGES = [remove_everything, remove_the_live_generation, empty_the_live_generation, point_current_nowhere,
             make_current_a_folder]


@pytest.fixture()
def live(tmp_path, corpus_report, monkeypatch):
    monkeypatch.setattr(search_engine, "REFRESH_SECONDS", 0.0)
    root = tmp_path / "index"
    build_full(IndexStore(root), corpus_report.practices[:20])
    client = create_app(root).test_client()
    practice = corpus_report.practices[0].id
    for route in ROUTES:  # warm: searcher, caches and result cache all in use
        assert client.get(route.format(id=practice)).status_code == 200, route
    return root, client, practice


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_every_route_answers_503_when_the_index_goes_away(live, breakage):
    root, client, practice = live
    breakage(root)
    for route in ROUTES:
        response = client.get(route.format(id=practice))
        assert response.status_code == 503, (route, response.status_code, response.get_data(as_text=True)[:300])
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "TypeError" not in body
        if route.startswith(("/api/", "/healthz", "/search.")) or route == "/feed.atom":
            assert response.json["status"] == 503 and "index" in response.json["error"]
        else:
            assert "The search index is not ready" in body
        assert response.headers["Retry-After"]


def test_the_app_recovers_when_an_index_is_built_again(live, corpus_report):
    root, client, practice = live
    remove_everything(root)
    assert client.get("/healthz").status_code == 503
    build_full(IndexStore(root), corpus_report.practices[:20])
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/practice/{practice}").status_code == 200


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_with_the_usual_refresh_period_no_route_ever_answers_500(tmp_path, corpus_report, breakage):
    """Right after the removal a worker may still answer from files it holds open; after that, only 503."""
    root = tmp_path / "index"
    build_full(IndexStore(root), corpus_report.practices[:20])
    client = create_app(root).test_client()
    practice = corpus_report.practices[0].id
    for route in ROUTES:
        client.get(route.format(id=practice))
    breakage(root)
    for route in ROUTES:
        assert client.get(route.format(id=practice)).status_code in (200, 503), route
    time.sleep(search_engine.REFRESH_SECONDS + 0.1)
    for _ in range(2):  # and it stays so: no alternating between the old generation and 503
        for route in ROUTES:
            assert client.get(route.format(id=practice)).status_code == 503, route
