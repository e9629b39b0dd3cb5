"""Sample data cannot mislead: no official-looking address, and a banner / flag while samples are indexed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from practice_search.index.incremental import update_index
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import SAMPLE_MARKER
from practice_search.web.app import create_app
from tests.paths import CORPUS

BANNER = "Illustrative samples."
SAMPLE_IDS = Path(__file__).parents[1] / "corpus" / "data" / "sample_ids.txt"


def test_no_sample_practice_has_an_address_and_ids_are_unchanged(corpus_report):
    assert [p.id for p in corpus_report.practices if p.url] == []
    # the ids before the addresses were removed (tests/corpus/data/sample_ids.txt): links into the index survive
    assert sorted(p.id for p in corpus_report.practices) == SAMPLE_IDS.read_text(encoding="utf-8").split()


@pytest.mark.parametrize("path", ["/", "/?q=roma", "/practice/barcelona-anti-rumour-strategy", "/about",
                                  "/facet/city", "/no-such-page"])
def test_every_page_of_a_sample_index_shows_the_banner(client, path):
    assert BANNER in client.get(path).get_data(as_text=True)


def test_the_api_says_sample(client):
    assert client.get("/api/stats").get_json()["sample"] is True
    assert client.get("/healthz").get_json()["sample"] is True


def test_an_index_of_real_pages_has_no_banner_and_keeps_its_original_link(hostile_client):
    assert hostile_client.get("/api/stats").get_json()["sample"] is False
    assert hostile_client.get("/healthz").get_json()["sample"] is False
    html = hostile_client.get("/practice/formula-practice").get_data(as_text=True)
    assert BANNER not in html and "Read the original page" in html


def test_sampleness_comes_from_the_folder_marker_not_its_name(tmp_path):
    """Copied under any name the sample stays a sample; once its marker goes, the next index run says so."""
    folder = tmp_path / "crawled-pages"
    shutil.copytree(CORPUS, folder)
    store = IndexStore(tmp_path / "ix")
    with store.lock(5):
        update_index(store, folder)
    client = create_app(store.root).test_client()
    assert client.get("/healthz").get_json()["sample"] is True

    notes = folder / "CORPUS.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(SAMPLE_MARKER, ""), encoding="utf-8")
    with store.lock(5):
        assert update_index(store, folder).mode == "unchanged"  # same texts: only build.json is rewritten
    client = create_app(store.root).test_client()
    assert client.get("/healthz").get_json()["sample"] is False
    assert BANNER not in client.get("/").get_data(as_text=True)

    (tmp_path / "elsewhere").mkdir()
    shutil.copytree(CORPUS, tmp_path / "elsewhere" / "corpus")
    notes = tmp_path / "elsewhere" / "corpus" / "CORPUS.md"
    notes.unlink()  # a folder called corpus/ without the marker is not a sample
    other = IndexStore(tmp_path / "ix2")
    with other.lock(5):
        update_index(other, tmp_path / "elsewhere" / "corpus")
    assert create_app(other.root).test_client().get("/healthz").get_json()["sample"] is False
