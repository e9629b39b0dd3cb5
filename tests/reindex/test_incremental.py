"""Incremental indexing, generations, rollback, crashes and concurrent indexers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from reindex_corpus import TOPICS, write_practice

from practice_search.cli import main
from practice_search.index.incremental import update_index
from practice_search.index.store import Generation, IndexStore
from practice_search.ingest.corpus import load_corpus
from practice_search.search.engine import SearchEngine, SearchRequest


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, words in enumerate(TOPICS):
        write_practice(folder, f"p{n}", words)
    return folder


def index(corpus: Path, root: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(root), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def ids_for(root: Path, query: str) -> list[str]:
    """The practices holding every word (match=all: "most of the words" would add partial matches)."""
    engine = SearchEngine(root)
    try:
        return sorted(r["id"] for r in engine.search(SearchRequest(query=query, per_page=100, match="all"))["results"])
    finally:
        engine.close()


def test_add_change_delete_then_index_reflects_exactly_that(corpus, tmp_path):
    root = tmp_path / "index"
    first = index(corpus, root)
    assert first["mode"] == "full" and first["documents"] == len(TOPICS)

    write_practice(corpus, "p8", "seed library")
    write_practice(corpus, "p1", "anti rumour cafes", ["Now also a podcast about zanzibar spices."])
    (corpus / "p2.json").unlink()
    update = index(corpus, root)

    assert update["mode"] == "incremental"
    assert (update["added"], update["changed"], update["deleted"]) == (["p8"], ["p1"], ["p2"])
    assert update["parsed_files"] == 2 and update["cached_files"] == len(TOPICS) - 2
    assert update["generation"] == first["generation"]  # written into the live generation
    assert ids_for(root, "seed library") == ["p8"]
    assert ids_for(root, "zanzibar") == ["p1"]
    assert ids_for(root, "welcome desk") == []
    assert ids_for(root, "ghent") == sorted(["p0", "p1", "p3", "p4", "p5", "p6", "p7", "p8"])
    info = IndexStore(root).current().info()
    assert set(info["manifest"]) == {"p0", "p1", "p3", "p4", "p5", "p6", "p7", "p8"}

    again = index(corpus, root)
    assert again["mode"] == "unchanged" and again["parsed_files"] == 0


def test_incremental_result_equals_a_full_parse(corpus, tmp_path):
    root = tmp_path / "index"
    index(corpus, root)
    write_practice(corpus, "p3", "youth council", ["A second paragraph that changes the text."])
    index(corpus, root)
    expected = {p.id: p.content_hash for p in load_corpus(corpus).practices}
    assert IndexStore(root).current().info()["manifest"] == expected


def test_new_boilerplate_is_stripped_from_practices_already_indexed(corpus, tmp_path):
    root = tmp_path / "index"
    banner = "Subscribe to the intercultural cities newsletter for monthly news from member cities."
    for n in range(4):
        write_practice(corpus, f"p{n}", TOPICS[n], [banner])
    first = index(corpus, root)
    assert first["boilerplate_added"] == 0
    assert ids_for(root, "newsletter") == ["p0", "p1", "p2", "p3"]  # 4 of 8 pages: not yet boilerplate (min 5)

    write_practice(corpus, "p4", TOPICS[4], [banner])
    update = index(corpus, root)

    assert update["boilerplate_added"] == 1
    assert sorted(update["changed"]) == ["p0", "p1", "p2", "p3"]  # re-stripped though their files did not change
    assert update["parsed_files"] == 1  # p4, whose text is the same once the banner is stripped
    assert ids_for(root, "newsletter") == []
    expected = {p.id: p.content_hash for p in load_corpus(corpus).practices}
    assert IndexStore(root).current().info()["manifest"] == expected


def test_full_rebuild_switches_generation_and_rollback_restores_it(corpus, tmp_path):
    root = tmp_path / "index"
    one = index(corpus, root)["generation"]
    write_practice(corpus, "p9", "bicycle repair")
    two = index(corpus, root, "--full")["generation"]
    assert two != one and ids_for(root, "bicycle") == ["p9"]
    three = index(corpus, root, "--full")["generation"]
    generations = sorted(p.name for p in root.glob("gen-*"))
    assert generations == sorted([two, three])  # the oldest one is removed

    result = CliRunner().invoke(main, ["index", "--index", str(root), "--rollback"])
    assert result.exit_code == 0 and two in result.output
    assert IndexStore(root).current().name == two


def test_an_index_from_an_older_version_is_rebuilt_in_full(corpus, tmp_path):
    root = tmp_path / "index"
    old = index(corpus, root)["generation"]
    for toc in (root / old).glob("*.toc"):  # what a schema pickled by other code looks like to Whoosh
        toc.write_bytes(b"\x80\x04not a schema this version can read")
    result = index(corpus, root)
    assert result["mode"] == "full" and "unreadable" in result["reason"]
    assert result["generation"] != old
    assert len(ids_for(root, "")) == len(TOPICS)


def test_crash_between_commit_and_manifest_is_recovered_from_the_index(corpus, tmp_path, monkeypatch):
    root = tmp_path / "index"
    index(corpus, root)
    write_practice(corpus, "p9", "bicycle repair")

    def crash(self, info):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Generation, "write_info", crash)
        with pytest.raises(KeyboardInterrupt):
            update_index(IndexStore(root), corpus)
    assert ids_for(root, "bicycle") == ["p9"]  # the commit itself landed
    assert "p9" not in IndexStore(root).current().info()["manifest"]  # build.json is behind
    assert index(corpus, root)["mode"] == "unchanged"  # the index, not the stale build.json, decides


def test_a_second_indexer_waits_then_gives_up_with_a_clear_message(corpus, tmp_path):
    root = tmp_path / "index"
    index(corpus, root)
    with IndexStore(root).lock():
        result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(root), "--wait", "0.3"])
    assert result.exit_code == 1
    assert "another indexer is running" in result.output
    assert "Traceback" not in result.output


CRASHING_BUILD = """
import sys, time
from pathlib import Path
from practice_search.index.incremental import update_index
from practice_search.index.store import IndexStore

from practice_search.ingest.progress import Progress

marker = Path(sys.argv[3])
class Stall(Progress):
    def phase(self, name, total=0, total_bytes=0, unit="records"):
        self.name, self.done = name, 0
    def advance(self, items=1, nbytes=0):
        self.done += items
        if self.name == "indexing" and self.done == 3:
            marker.write_text("writing")
            time.sleep(60)
update_index(IndexStore(sys.argv[2]), sys.argv[1], full=sys.argv[4] == "full", progress=Stall())
"""


@pytest.mark.parametrize("mode", ["full", "incremental"])
def test_kill_9_mid_build_keeps_the_old_index_and_the_next_run_recovers(corpus, tmp_path, mode):
    root = tmp_path / "index"
    live = index(corpus, root)["generation"]
    for n in range(5):
        write_practice(corpus, f"new{n}", f"compost workshop {n}")
    marker = tmp_path / "marker"
    process = subprocess.Popen([sys.executable, "-c", CRASHING_BUILD, str(corpus), str(root), str(marker), mode],
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the build subprocess ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert IndexStore(root).current().name == live
    assert ids_for(root, "welcome desk") == ["p2"]  # the old index still answers
    assert ids_for(root, "compost") == []

    recovered = index(corpus, root, "--wait", "1")  # the dead process's lock is gone
    assert ids_for(root, "compost") == [f"new{n}" for n in range(5)]
    assert sorted(p.name for p in root.glob("gen-*")) == sorted({live, recovered["generation"]})
