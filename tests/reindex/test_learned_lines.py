"""Lines that repeat across the collection are learned at line level and kept with the index."""

from __future__ import annotations

import json
from pathlib import Path

from practice_search.index.incremental import update_index
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import load_corpus
from practice_search.search.engine import SearchEngine, SearchRequest

# Chrome in words no rule knows (a toolbar and a banner of an interface language the data lacks): only
# repetition across pages can tell it is the site's, not a practice's.
TOOLBAR = "Nyomtatható változat"
BANNER = "Hírlevél feliratkozás"


def write_page(folder: Path, n: int, chrome: bool, glued: bool = False) -> None:
    """A text page; with `glued`, the toolbar sits right above the first paragraph (read as its heading)."""
    lines = ["Back", "", f"Street festival number {n}", "", "Purpose", "", *([TOOLBAR] if glued else []),
             f"Residents of district {n} plan a street festival with the library and local shops every summer.",
             ""]
    if chrome:
        lines += [*([] if glued else [TOOLBAR, ""]), BANNER, ""]
    lines += ["Impact", "", f"About {100 + n} neighbours took part and {n + 3} new associations were founded.", ""]
    (folder / f"festival-{n}.txt").write_text("\n".join(lines), encoding="utf-8")


def ids_matching(root: Path, query: str) -> list[str]:
    engine = SearchEngine(root)
    try:
        return sorted(r["id"] for r in engine.search(SearchRequest(query=query, per_page=100))["results"])
    finally:
        engine.close()


def test_short_repeated_lines_are_learned_and_headings_kept(tmp_path):
    for n in range(10):
        write_page(tmp_path, n, chrome=n < 6, glued=n < 3)
    practices = load_corpus(tmp_path, current_year=2026).practices
    assert len(practices) == 10
    for practice in practices:
        assert TOOLBAR not in practice.body and BANNER not in practice.body
        assert TOOLBAR not in practice.summary and "street festival" in practice.summary
        assert [s.heading for s in practice.sections if s.heading] == ["Purpose", "Impact"]
        assert "street festival" in practice.body and "new associations" in practice.body


def test_an_update_too_small_to_learn_from_uses_what_the_full_build_learned(tmp_path):
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n in range(10):
        write_page(corpus, n, chrome=n < 6)
    first = update_index(IndexStore(root), corpus, current_year=2026)
    assert first.mode == "full"
    learned = set(IndexStore(root).current().info()["boilerplate"])
    assert {"nyomtathato valtozat", "hirlevel feliratkozas"} <= learned

    for path in corpus.iterdir():
        if path.name != "festival-1.txt":
            path.unlink()
    update = update_index(IndexStore(root), corpus, current_year=2026)
    assert [p.id for p in update.report.practices] == ["festival-1"]
    assert ids_matching(root, "feliratkozás") == [] and ids_matching(root, "festival") == ["festival-1"]
    assert set(IndexStore(root).current().info()["boilerplate"]) == learned


def test_a_corpus_large_enough_learns_afresh(tmp_path):
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n in range(10):
        write_page(corpus, n, chrome=n < 6)
    update_index(IndexStore(root), corpus, current_year=2026)
    for n in range(10):
        write_page(corpus, n, chrome=False)
    (corpus / "note.json").write_text(json.dumps({"id": "note", "title": "A note", "body": TOOLBAR}))
    update = update_index(IndexStore(root), corpus, current_year=2026)
    assert IndexStore(root).current().info()["boilerplate"] == []
    assert "note" in {p.id for p in update.report.practices}
    assert ids_matching(root, "nyomtatható") == ["note"]
