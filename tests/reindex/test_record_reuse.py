"""Re-reading a changed export: records whose inputs did not change keep their cached practice."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from reindex_corpus import TOPICS

from practice_search.index.incremental import IndexUpdate, update_index
from practice_search.index.parse_cache import CACHE_NAME
from practice_search.index.store import IndexStore
from practice_search.ingest import corpus as ingest_corpus
from practice_search.ingest import language
from practice_search.ingest.corpus import load_corpus


def record(n: int, words: str, extra: str = "") -> dict:
    body = (f"The city of Ghent runs {words} with volunteers from many backgrounds every single week.\n\n"
            f"Evaluation of the {words} showed more trust between residents and the municipality. {extra}")
    return {"id": f"r{n}", "title": f"{words.title()} in Ghent", "body": body.strip(), "countries": ["Belgium"],
            "cities": ["Ghent"], "period": "2019", "language": "en"}


def write_export(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture()
def export(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = folder / "export.jsonl"
    write_export(path, [record(n, words) for n, words in enumerate(TOPICS)])
    return path


@pytest.fixture()
def builds(monkeypatch) -> list[str]:
    """The source of every record normalised from scratch (build_practice is where the language is detected)."""
    seen: list[str] = []
    original = ingest_corpus.build_practice

    def counting(raw, practice_id, source, *args, **kwargs):
        seen.append(source)
        return original(raw, practice_id, source, *args, **kwargs)

    monkeypatch.setattr(ingest_corpus, "build_practice", counting)
    return seen


def run(export: Path, root: Path) -> IndexUpdate:
    store = IndexStore(root)
    with store.lock():
        return update_index(store, export.parent)


def assert_same_as_a_full_parse(export: Path, root: Path) -> None:
    expected = {p.id: p.content_hash for p in load_corpus(export.parent).practices}
    assert IndexStore(root).current().info()["manifest"] == expected


def test_editing_one_record_of_an_export_normalises_only_that_record(export, tmp_path, builds):
    root = tmp_path / "index"
    run(export, root)
    assert len(builds) == len(TOPICS)
    records = [record(n, words) for n, words in enumerate(TOPICS)]
    records[3] = record(3, TOPICS[3], "A new paragraph about zanzibar spices.")
    write_export(export, records)
    builds.clear()

    update = run(export, root)

    assert builds == ["export.jsonl:4"]
    assert (update.mode, update.changed, update.parsed_files) == ("incremental", ["r3"], 1)
    assert_same_as_a_full_parse(export, root)


def test_a_reread_that_changes_no_record_never_loads_the_language_model(export, tmp_path, builds, monkeypatch):
    root = tmp_path / "index"
    run(export, root)
    st = export.stat()
    os.utime(export, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, not edited
    builds.clear()

    def no_model():
        raise AssertionError("the language model was loaded")

    with monkeypatch.context() as patch:
        patch.setattr(language, "_identifier", no_model)
        update = run(export, root)

    assert (update.mode, update.parsed_files, builds) == ("unchanged", 1, [])
    assert_same_as_a_full_parse(export, root)


def test_a_line_inserted_at_the_top_renumbers_every_record_and_matches_a_full_parse(export, tmp_path, builds):
    root = tmp_path / "index"
    run(export, root)
    builds.clear()
    write_export(export, [record(99, "bicycle repair")] + [record(n, words) for n, words in enumerate(TOPICS)])

    update = run(export, root)

    assert len(builds) == len(TOPICS) + 1  # each practice names its line, so every one is new
    assert update.added == ["r99"] and sorted(update.changed) == sorted(f"r{n}" for n in range(len(TOPICS)))
    assert_same_as_a_full_parse(export, root)


def test_sidecar_warnings_of_reused_records_stay_current(export, tmp_path, builds):
    root = tmp_path / "index"
    sidecar = export.parent / "export.meta.json"
    sidecar.write_text(json.dumps({"id": "ignored"}))
    run(export, root)
    builds.clear()

    sidecar.write_text(json.dumps({"id": "ignored", "cities": "Ghent"}))  # wrong type: ignored, with a warning
    warned = run(export, root)
    assert builds == []  # the sidecar changed nothing the records are built from
    assert len([w for w in warned.report.warnings if "wrong type" in w.reason]) == len(TOPICS)
    assert run(export, root).report.warnings == warned.report.warnings  # also from the cache's copy

    sidecar.write_text(json.dumps({"id": "ignored"}))
    assert run(export, root).report.warnings == []
    assert run(export, root).report.warnings == []
    assert builds == []


def test_a_sidecar_that_changes_the_records_reaches_every_one(export, tmp_path, builds):
    root = tmp_path / "index"
    run(export, root)
    builds.clear()
    (export.parent / "export.meta.json").write_text(json.dumps({"topics": ["Education"]}))

    update = run(export, root)

    assert len(builds) == len(TOPICS) and len(update.changed) == len(TOPICS)
    assert all(p.topics == ["Education"] for p in update.report.practices)
    assert_same_as_a_full_parse(export, root)


def test_a_damaged_cache_row_is_parsed_again(export, tmp_path, builds):
    root = tmp_path / "index"
    run(export, root)
    with sqlite3.connect(root / CACHE_NAME) as db:
        db.execute("UPDATE records SET item = '{broken' WHERE n = 2")
    builds.clear()

    update = run(export, root)

    assert update.parsed_files == 1 and len(builds) == len(TOPICS)
    assert update.mode == "unchanged"
    assert_same_as_a_full_parse(export, root)


def test_a_cache_in_the_old_layout_is_emptied_not_misread(export, tmp_path, builds):
    root = tmp_path / "index"
    root.mkdir()
    with sqlite3.connect(root / CACHE_NAME) as db:
        db.execute("CREATE TABLE files (rel TEXT PRIMARY KEY, signature TEXT, items TEXT)")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO files VALUES ('export.jsonl', 'x', '[]')")

    update = run(export, root)

    assert update.parsed_files == 1 and len(builds) == len(TOPICS)
    assert_same_as_a_full_parse(export, root)
