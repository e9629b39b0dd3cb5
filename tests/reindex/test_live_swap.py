"""A running web app keeps answering through a full rebuild and an incremental update, and follows both."""

from __future__ import annotations

import threading
import time

from reindex_corpus import TOPICS, write_practice

from practice_search.index.incremental import update_index
from practice_search.index.store import IndexStore
from practice_search.web.app import create_app


def test_searches_never_fail_through_rebuild_and_update_and_see_new_content(tmp_path):
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n, words in enumerate(TOPICS):
        write_practice(corpus, f"p{n}", words)
    store = IndexStore(root)
    update_index(store, corpus)
    app = create_app(root)
    seen: list[tuple[int, int, int, str]] = []
    stop = threading.Event()

    def search_loop() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get("/api/search?q=ghent&per_page=50")
            data = response.get_json(silent=True) or {}
            kayak = client.get("/api/search?q=kayak").get_json(silent=True) or {}
            health = client.get("/healthz").get_json(silent=True) or {}
            seen.append((response.status_code, data.get("total", -1), kayak.get("total", -1),
                         health.get("generation", "")))

    worker = threading.Thread(target=search_loop)
    worker.start()
    try:
        _wait_for(lambda: len(seen) > 5)
        write_practice(corpus, "p8", "kayak club")
        full = update_index(store, corpus, full=True)
        _wait_for(lambda: seen[-1][3] == full.generation and seen[-1][2] == 1)

        write_practice(corpus, "p9", "kayak school")
        (corpus / "p0.json").unlink()
        incremental = update_index(store, corpus)
        assert incremental.mode == "incremental" and incremental.generation == full.generation
        _wait_for(lambda: seen[-1][2] == 2)
    finally:
        stop.set()
        worker.join()

    assert {status for status, *_ in seen} == {200}
    assert {total for _, total, _, _ in seen} <= {8, 9}  # never an empty or half-written index
    assert seen[0][1:3] == (8, 0) and seen[-1][1:3] == (9, 2)
    assert {generation for *_, generation in seen} >= {full.generation}


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not pick up the new index"
        time.sleep(0.05)
