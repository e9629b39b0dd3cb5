"""One practice, one hit: translations collapse, with 'also' links both ways."""

from __future__ import annotations

from practice_search.ingest.dedupe import near_duplicates
from practice_search.search.engine import SearchRequest

PAIRS = {
    ("barcelona-anti-rumour-strategy", "barcelona-strategie-anti-rumeurs"),
    ("bradford-peoples-library", "bradford-peoples-library-it"),
    ("braga-bragaincoming-programme", "braga-bragaincoming-programme-es"),
    ("montreal-public-spaces-positive-interaction", "montreal-public-spaces-positive-interaction-fr"),
    ("oslo-mediation-panel-discrimination", "oslo-mediation-panel-discrimination-pt"),
    ("strasbourg-foreign-residents-council", "strasbourg-foreign-residents-council-de"),
    ("stuttgart-parent-mentors-in-day-care", "stuttgart-elternmentoren-in-kitas"),
}


def test_every_translation_in_the_sample_corpus_and_nothing_else(corpus_report):
    found = near_duplicates(corpus_report.practices)
    pairs = {tuple(sorted((pid, r.other))) for pid, rels in found.items() for r in rels}
    assert pairs == {tuple(sorted(p)) for p in PAIRS}
    assert all(r.relation == "translation" for rels in found.values() for r in rels)


def test_same_title_in_other_cities_is_not_a_duplicate(corpus_report):
    found = near_duplicates(corpus_report.practices)
    assert "cardiff-welcome-desk-for-newcomers" not in found


def test_a_republished_page_is_a_duplicate(corpus_report):
    from dataclasses import replace

    original = next(p for p in corpus_report.practices if p.id == "lyon-anti-rumour-campaign")
    copy = replace(original, id="lyon-anti-rumour-campaign-2", title=original.title + " (2019)")
    found = near_duplicates([original, copy])
    assert found["lyon-anti-rumour-campaign"][0].relation == "republished"


def test_search_shows_one_hit_with_also_links(engine):
    result = engine.search(SearchRequest(query="anti-rumour", per_page=50, versions="fold"))
    ids = [hit["id"] for hit in result["results"]]
    assert "barcelona-anti-rumour-strategy" in ids and "barcelona-strategie-anti-rumeurs" not in ids
    hit = result["results"][ids.index("barcelona-anti-rumour-strategy")]
    assert hit["also"] == [{"id": "barcelona-strategie-anti-rumeurs", "title": "Stratégie anti-rumeurs de Barcelone",
                            "language": "fr", "relation": "translation"}]
    assert result["total"] == len(set(ids))


def test_the_matching_language_version_is_the_hit(engine):
    results = engine.search(SearchRequest(query="Kitas Stuttgart", versions="fold"))["results"]
    ids = [hit["id"] for hit in results]
    assert len([i for i in ids if i.startswith("stuttgart")]) == 1
    german = engine.search(SearchRequest(query="Elternmentoren Kitas", versions="fold"))["results"]
    assert german[0]["id"] == "stuttgart-elternmentoren-in-kitas"
    request = SearchRequest(query="Barcelona", filters={"language": ["fr"]}, versions="fold")
    french = engine.search(request)["results"]
    assert [hit["id"] for hit in french] == ["barcelona-strategie-anti-rumeurs"]


def test_without_collapse_every_page_is_a_hit_but_carries_also(engine):
    results = engine.search(SearchRequest(query="Stuttgart", versions="all"))["results"]
    ids = [hit["id"] for hit in results]
    assert "stuttgart-parent-mentors-in-day-care" in ids and "stuttgart-elternmentoren-in-kitas" in ids
    assert all(hit["also"] for hit in results if hit["id"].startswith("stuttgart"))


def test_practice_record_lists_its_other_versions(engine):
    assert engine.also("oslo-mediation-panel-discrimination-pt")[0]["id"] == "oslo-mediation-panel-discrimination"
    assert engine.also("paris-participatory-budget") == []
    assert engine.also("no-such-id") == []
