"""Near-duplicate groups are found at index time, kept through incremental updates, and bounded in cost."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

import practice_search.ingest.dedupe as dedupe
from practice_search.index.incremental import update_index
from practice_search.index.store import IndexStore
from practice_search.ingest.model import Practice
from practice_search.search import duplicates as search_duplicates
from practice_search.search.engine import SearchEngine
from tests.paths import CORPUS

PAGES = ("barcelona-anti-rumour-strategy", "barcelona-strategie-anti-rumeurs", "barcelona-espai-avinyo",
         "amadora-anti-rumour-agents", "antwerp-anti-rumour-ambassadors")


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for page in PAGES:
        shutil.copy(CORPUS / "pages" / f"{page}.html", folder)
    return folder


def also(root, practice_id: str, monkeypatch) -> list[str]:
    """The `also` ids a fresh engine gives, failing if it had to read every stored record."""
    monkeypatch.setattr(search_duplicates, "_stored_practices", _no_scan)
    engine = SearchEngine(root)
    try:
        return [link["id"] for link in engine.also(practice_id)]
    finally:
        engine.close()


def _no_scan(reader):
    raise AssertionError("the groups should come from build.json")


def test_groups_are_stored_at_index_time_and_survive_an_incremental_update(corpus, tmp_path, monkeypatch):
    store = IndexStore(tmp_path / "index")
    update_index(store, corpus)
    links = store.current().info()["duplicates"]
    assert [link["id"] for link in links["barcelona-anti-rumour-strategy"]] == ["barcelona-strategie-anti-rumeurs"]
    assert links["barcelona-strategie-anti-rumeurs"][0] == {
        "id": "barcelona-anti-rumour-strategy", "title": "Barcelona Anti-Rumour Strategy", "language": "en",
        "relation": "translation"}

    unrelated = corpus / "amadora-anti-rumour-agents.html"
    unrelated.write_text(unrelated.read_text().replace("a dense municipality", "a lively municipality"))
    update = update_index(store, corpus)
    assert update.mode == "incremental" and update.changed == ["amadora-anti-rumour-agents"]
    assert also(store.root, "barcelona-anti-rumour-strategy", monkeypatch) == ["barcelona-strategie-anti-rumeurs"]

    (corpus / "barcelona-strategie-anti-rumeurs.html").unlink()
    update = update_index(store, corpus)
    assert update.mode == "incremental" and update.deleted == ["barcelona-strategie-anti-rumeurs"]
    assert also(store.root, "barcelona-anti-rumour-strategy", monkeypatch) == []
    assert store.current().info()["duplicates"] == {}


def test_an_index_without_stored_groups_still_collapses(corpus, tmp_path):
    store = IndexStore(tmp_path / "index")
    update_index(store, corpus)
    generation = store.current()
    generation.write_info({k: v for k, v in generation.info().items() if k != "duplicates"})
    engine = SearchEngine(store.root)
    try:
        assert [link["id"] for link in engine.also("barcelona-strategie-anti-rumeurs")] == [
            "barcelona-anti-rumour-strategy"]
    finally:
        engine.close()


def test_a_crowded_city_is_compared_by_fingerprint_not_pair_by_pair(monkeypatch):
    crowd = [Practice(id=f"p{n}", title=f"Practice {n}", body=f"Started in {2000 + n % 20} with {n} people and {n * 7} "
                      "volunteers.", cities=["Lyon"], countries=["France"], language="en") for n in range(400)]
    original = crowd[17]
    translation = replace(original, id="p17-fr", title="Pratique 17", language="fr",
                          body="Lancée en 2017 avec 17 personnes et 119 bénévoles.")
    compared = []
    real = dedupe._relation
    monkeypatch.setattr(dedupe, "_relation", lambda a, b: compared.append(1) or real(a, b))
    found = dedupe.near_duplicates([*crowd, translation])
    assert found == {"p17": [dedupe.Relation("p17-fr", "translation")],
                     "p17-fr": [dedupe.Relation("p17", "translation")]}
    assert len(compared) < 400 * dedupe.BLOCK_CAP
