"""One practice, one hit: a translated or republished practice is one result linking its other versions."""

from __future__ import annotations

import re

from practice_search.web.display import also_label, language_name

ENGLISH = "barcelona-anti-rumour-strategy"
FRENCH = "barcelona-strategie-anti-rumeurs"


def text(response) -> str:
    return response.get_data(as_text=True)


def result_ids(html: str) -> list[str]:
    return re.findall(r'<h3 class="result__title"><a href="/practice/([^"]+)"', html)


def test_a_translated_practice_is_one_hit_with_an_also_link(client):
    html = text(client.get("/?q=anti+rumour+barcelona"))
    ids = result_ids(html)
    assert ids.count(ENGLISH) == 1 and FRENCH not in ids
    assert (f'Also in French: <a href="/practice/{FRENCH}" lang="fr" hreflang="fr">'
            "Stratégie anti-rumeurs de Barcelone</a>") in html


def test_collapse_0_lists_every_page_and_keeps_itself_in_links(client):
    html = text(client.get("/?q=anti+rumour+barcelona&collapse=0"))
    ids = result_ids(html)
    assert ENGLISH in ids and FRENCH in ids
    assert f'Also in English: <a href="/practice/{ENGLISH}" lang="en" hreflang="en">' in html
    assert '<input type="hidden" name="collapse" value="0">' in html
    assert 'href="/search.json?q=anti+rumour+barcelona&amp;collapse=0"' in html
    assert 'name="collapse"' not in text(client.get("/?q=anti+rumour+barcelona"))


def test_api_search_collapses_by_default(client):
    collapsed = client.get("/api/search?q=anti+rumour+barcelona&match=all").json
    separate = client.get("/api/search?q=anti+rumour+barcelona&match=all&collapse=0").json
    assert separate["total"] == collapsed["total"] + 1
    english = next(r for r in collapsed["results"] if r["id"] == ENGLISH)
    assert english["also"] == [{"id": FRENCH, "title": "Stratégie anti-rumeurs de Barcelone",
                                "language": "fr", "relation": "translation"}]
    assert FRENCH not in {r["id"] for r in collapsed["results"]}


def test_a_language_filter_shows_that_languages_version(client):
    ids = result_ids(text(client.get("/?q=barcelona&language=fr")))
    assert FRENCH in ids and ENGLISH not in ids


def test_practice_page_links_the_other_versions(client):
    french = text(client.get(f"/practice/{FRENCH}"))
    assert (f'Also available in English: <a href="/practice/{ENGLISH}" lang="en" hreflang="en">'
            "Barcelona Anti-Rumour Strategy</a>") in french
    english = text(client.get(f"/practice/{ENGLISH}"))
    assert f'Also available in French: <a href="/practice/{FRENCH}"' in english
    assert "Also available in" not in text(client.get("/practice/lisbon-loures-seixal-roma-school-mediators"))


def test_collapse_switch_values(client):
    assert client.get("/?collapse=false").status_code == 200
    response = client.get("/api/search?collapse=maybe")
    assert response.status_code == 400 and "collapse must be 1 or 0" in response.json["error"].lower()


def test_also_labels():
    assert also_label({"relation": "translation", "language": "fr"}) == "Also in French"
    assert also_label({"relation": "translation", "language": "es"}, page=True) == "Also available in Spanish"
    assert also_label({"relation": "translation", "language": "xx"}) == "Also in xx"
    assert also_label({"relation": "translation", "language": ""}) == "Also published as"
    assert also_label({"relation": "republished", "language": "en"}) == "Also published as"
    assert language_name("pt") == "Portuguese" and language_name(None) == ""
