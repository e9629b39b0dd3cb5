"""A translated or republished practice: its versions listed right under it (the default), folded into
links (versions=fold, collapse=1) or ranked as separate pages (versions=all, collapse=0)."""

from __future__ import annotations

import re

from practice_search.web.display import also_label, language_name

ENGLISH = "barcelona-anti-rumour-strategy"
FRENCH = "barcelona-strategie-anti-rumeurs"


def text(response) -> str:
    return response.get_data(as_text=True)


def result_ids(html: str) -> list[str]:
    return re.findall(r'<h3 class="result__title"><a href="/practice/([^"]+)"', html)


def version_ids(html: str) -> list[str]:
    return re.findall(r'<li class="result-version">\s*<p class="result-version__title">'
                      r'[^<]*: <a href="/practice/([^"]+)"', html)


def test_a_translation_is_listed_right_under_its_practice(client):
    html = text(client.get("/?q=anti+rumour+barcelona"))
    ids = result_ids(html)
    assert ids.count(ENGLISH) == 1 and FRENCH not in ids and FRENCH in version_ids(html)
    english = html.index(f'<h3 class="result__title"><a href="/practice/{ENGLISH}"')
    french = html.index(f'Also in French: <a href="/practice/{FRENCH}" lang="fr" hreflang="fr">'
                        "Stratégie anti-rumeurs de Barcelone</a>")
    following = [html.index(f'href="/practice/{i}"', english + 1) for i in ids[ids.index(ENGLISH) + 1:]]
    assert english < french < min(following, default=len(html))
    assert html.count(f'href="/practice/{FRENCH}"') == 1  # listed under it, not also linked from it


def test_fold_keeps_one_hit_with_an_also_link(client):
    for switch in ("versions=fold", "collapse=1"):
        html = text(client.get(f"/?q=anti+rumour+barcelona&{switch}"))
        ids = result_ids(html)
        assert ids.count(ENGLISH) == 1 and FRENCH not in ids and not version_ids(html)
        assert (f'Also in French: <a href="/practice/{FRENCH}" lang="fr" hreflang="fr">'
                "Stratégie anti-rumeurs de Barcelone</a>") in html
        assert '<input type="hidden" name="versions" value="fold">' in html


def test_all_lists_every_page_and_keeps_itself_in_links(client):
    for switch in ("versions=all", "collapse=0"):
        html = text(client.get(f"/?q=anti+rumour+barcelona&{switch}"))
        ids = result_ids(html)
        assert ENGLISH in ids and FRENCH in ids and not version_ids(html)
        assert f'Also in English: <a href="/practice/{ENGLISH}" lang="en" hreflang="en">' in html
        assert '<input type="hidden" name="versions" value="all">' in html
        assert 'href="/search.json?q=anti+rumour+barcelona&amp;versions=all"' in html
    assert 'name="versions"' not in text(client.get("/?q=anti+rumour+barcelona"))


def test_api_search_groups_by_default(client):
    url = "/api/search?q=anti+rumour+barcelona&match=all"
    grouped, folded, separate = (client.get(url + extra).json for extra in ("", "&versions=fold", "&collapse=0"))
    assert grouped["versions"] == "group" and folded["versions"] == "fold" and separate["versions"] == "all"
    assert grouped["total"] == folded["total"] == separate["total"] - 1  # practices, not pages
    ids = [r["id"] for r in grouped["results"]]
    assert ids.index(FRENCH) == ids.index(ENGLISH) + 1
    english = grouped["results"][ids.index(ENGLISH)]
    french = grouped["results"][ids.index(FRENCH)]
    assert english["version_of"] is None and french["version_of"] == ENGLISH
    assert english["also"] == [{"id": FRENCH, "title": "Stratégie anti-rumeurs de Barcelone",
                                "language": "fr", "relation": "translation"}]
    assert FRENCH not in {r["id"] for r in folded["results"]}
    assert {r["id"] for r in separate["results"]} == set(ids)


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
    response = client.get("/api/search?versions=some")
    assert response.status_code == 400 and "unknown versions 'some'" in response.json["error"].lower()


def test_also_labels():
    assert also_label({"relation": "translation", "language": "fr"}) == "Also in French"
    assert also_label({"relation": "translation", "language": "es"}, page=True) == "Also available in Spanish"
    assert also_label({"relation": "translation", "language": "xx"}) == "Also in xx"
    assert also_label({"relation": "translation", "language": ""}) == "Also published as"
    assert also_label({"relation": "republished", "language": "en"}) == "Also published as"
    assert language_name("pt") == "Portuguese" and language_name(None) == ""
