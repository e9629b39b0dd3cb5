"""Every page in each interface language: chosen from lang= or Accept-Language, kept in every link,
no English interface text left, facet values and numbers localized, and the JSON API unchanged."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.web.display import format_built
from practice_search.web.i18n import TRANSLATIONS, UI_LANGUAGES, number, parse_lang

PRACTICE = "/practice/lisbon-loures-seixal-roma-school-mediators"
PAGES = ["/", "/?q=roma&country=Portugal", "/?q=roma&view=map", "/?q=zzqqxx", "/?q=roma&country=Iceland&year=2012",
         PRACTICE, "/facet/country", "/about", "/overview", "/practice/no-such-practice", "/?page=0",
         "/?q=roma+school+mediators+bicycle", "/?q=roma+school+mediators&match=all", "/?q=mediatrs+roma"]
TRANSLATED = [code for code in UI_LANGUAGES if code != "en"]
_HREF = re.compile(r'<a [^>]*href="([^"]+)"')
MACHINE = ("/static/", "/api/", "/search.", "/feed.", "/overview.json", "/opensearch")


def _english_sentences(language: str) -> list[str]:
    """Interface sentences whose translation differs: none may appear as such on a translated page."""
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    return [m.id for m in catalogue if isinstance(m.id, str) and m.id != m.string and len(m.id) >= 14
            and "%(" not in m.id and "<" not in m.id]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _status(path: str) -> int:
    return 404 if "no-such" in path else 400 if "page=0" in path else 200


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_the_language_with_no_english_left(client, path, language):
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang={language}")
    assert response.status_code == _status(path)
    html = response.get_data(as_text=True)
    assert re.search(rf'<html lang="{language}"', html)
    text = " ".join(_text(html).split())
    leaked = [s for s in _english_sentences(language) if s in text]
    assert leaked == []
    assert response.headers["Content-Language"] == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_link_and_form_keeps_the_language(client, language):
    for path in ("/?q=roma", "/?q=roma&view=map", PRACTICE, "/overview", "/facet/topic", "/about"):
        html = client.get(f"{path}{'&' if '?' in path else '?'}lang={language}").get_data(as_text=True)
        html = re.sub(r'<details class="langswitch">.*?</details>', "", html, flags=re.S)  # the other languages
        pages = [unescape(h) for h in _HREF.findall(html) if h.startswith("/") and not h.startswith(MACHINE)]
        assert pages
        for href in pages:
            wanted = parse_qs(urlsplit(href).query).get("lang")
            assert wanted == [language], (path, href)
        forms = re.findall(r"<form [^>]*>.*?</form>", html, flags=re.S)
        for form in forms:
            if 'method="get"' in form:
                assert f'name="lang" value="{language}"' in form, path


def test_the_switcher_offers_this_page_in_each_language(client):
    html = client.get("/?q=roma&country=Portugal&lang=de").get_data(as_text=True)
    for code, name in UI_LANGUAGES.items():
        link = re.search(rf'<a href="([^"]+)" lang="{code}" hreflang="{code}"[^>]*>{name}</a>', html)
        assert link, code
        assert parse_qs(urlsplit(unescape(link.group(1))).query) == {"q": ["roma"], "country": ["Portugal"],
                                                                      "lang": [code]}
    assert re.search(r'lang="de" hreflang="de" aria-current="true">Deutsch<', html)


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, fr;q=0.9, en;q=0.8", "fr"), ("de-AT", "de"), ("pt-BR,pt;q=0.9", "pt"), ("es", "es"),
    ("it-IT,it;q=0.8,en-US;q=0.5", "it"), ("nl-NL, nl;q=0.9", "en"), ("ja, pt;q=0.4", "pt"), ("", "en"),
])
def test_accept_language_chooses_the_language(client, header, expected):
    response = client.get("/?q=roma", headers={"Accept-Language": header})
    assert f'<html lang="{expected}"' in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers.get("Vary", "")
    # a negotiated language is not written into the links: the same URL shows each reader their own language
    outside_switcher = re.sub(r'<details class="langswitch">.*?</details>', "", response.get_data(as_text=True),
                              flags=re.S)
    assert "lang=" not in "".join(_HREF.findall(outside_switcher))


def test_lang_in_the_url_wins_and_a_bad_one_is_a_clear_400(client):
    html = client.get("/?q=roma&lang=it", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="it"' in html
    bad = client.get("/about?lang=klingon", headers={"Accept-Language": "fr"})
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert '<html lang="fr"' in page and "Cette recherche n’a pas pu être lue" in page and "klingon" in page
    assert client.get("/api/search?q=roma&lang=xx").json["error"].startswith("Unknown language")


@given(st.text(max_size=12))
@settings(max_examples=200, deadline=None)
def test_any_lang_value_is_a_language_or_a_bad_request(raw):
    from practice_search.search.request import BadRequest
    try:
        code = parse_lang(raw)
    except BadRequest:
        return
    assert code in UI_LANGUAGES


def test_a_page_validator_depends_on_the_language(client):
    english = client.get("/?q=roma", headers={"Accept-Language": "en"})
    german = client.get("/?q=roma", headers={"Accept-Language": "de"})
    assert english.headers["ETag"] != german.headers["ETag"]
    again = client.get("/?q=roma", headers={"Accept-Language": "de", "If-None-Match": german.headers["ETag"]})
    assert again.status_code == 304
    stale = client.get("/?q=roma", headers={"Accept-Language": "de", "If-None-Match": english.headers["ETag"]})
    assert stale.status_code == 200


@pytest.mark.parametrize("path", ["/api/search?q=roma&country=Portugal", "/api/places?q=roma", "/overview.json",
                                  f"/api/practice/{PRACTICE.rsplit('/', 1)[1]}", "/api/stats",
                                  "/api/suggest?q=lis"])
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_json_api_is_the_same_in_every_language(client, path, language):
    def body(response):
        data = response.json
        if isinstance(data, dict):
            data.pop("took_ms", None)
        return data
    plain = body(client.get(path))
    assert body(client.get(f"{path}{'&' if '?' in path else '?'}lang={language}")) == plain
    assert body(client.get(path, headers={"Accept-Language": language})) == plain


@pytest.mark.parametrize("language", TRANSLATED)
def test_exports_are_the_same_in_every_language(client, language):
    plain = client.get("/search.csv?q=roma").get_data()
    assert client.get(f"/search.csv?q=roma&lang={language}").get_data() == plain
    assert client.get("/search.csv?q=roma", headers={"Accept-Language": language}).get_data() == plain


def test_facet_values_are_shown_in_the_language_but_filter_by_their_canonical_name(client):
    html = client.get("/?country=Italy&topic=Anti-rumour&lang=fr").get_data(as_text=True)
    assert re.search(r'name="country" value="Italy"[^>]*checked>\s*<label[^>]*><span class="facet__name">Italie<', html)
    assert re.search(r'name="topic" value="Anti-rumour"[^>]*checked>\s*<label[^>]*><span class="facet__name">'
                     r'Anti-rumeurs<', html)
    assert "Pays\u00a0: Italie" in html  # the chip
    german = client.get(f"{PRACTICE}?lang=de").get_data(as_text=True)
    assert re.search(r'href="/\?country=Portugal&amp;lang=de">Portugal</a>', german)
    assert re.search(r'href="/\?language=en&amp;lang=de">Englisch</a>', german)
    spanish = client.get("/overview?lang=es").get_data(as_text=True)
    assert re.search(r'href="/\?country=Germany&amp;versions=fold&amp;lang=es">Alemania</a>', spanish)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "12,345"), ("fr", "12\u202f345"), ("de", "12.345"), ("it", "12.345"), ("es", "12.345"),
    ("pt", "12.345"),
])
def test_numbers_are_written_the_languages_way(app, language, expected):
    with app.test_request_context(f"/?lang={language}"):
        assert number(12345) == expected
        assert number(7) == "7"


def test_dates_are_written_the_languages_way(app):
    built = datetime(2026, 12, 4, 18, 13, 55, tzinfo=UTC).isoformat().replace("+00:00", "Z")
    expected = {"en": "Dec 4, 2026", "fr": "4 déc. 2026", "de": "04.12.2026", "it": "4 dic 2026",
                "es": "4 dic 2026", "pt": "4 de dez. de 2026"}
    for language, start in expected.items():
        with app.test_request_context(f"/?lang={language}"):
            assert format_built(built).startswith(start), (language, format_built(built))
            assert "18:13:55" in format_built(built).replace("6:13:55\u202fPM", "18:13:55")


def test_counts_and_plurals_on_the_page(client):
    assert re.search(r'<strong id="results-heading">\d+ Praxisbeispiele</strong>',
                     client.get("/?q=roma&lang=de").get_data(as_text=True))
    french = client.get("/?q=zzqqxx&lang=fr").get_data(as_text=True)
    assert "0 pratique<" in french  # French: singular for zero
    portuguese = client.get("/?q=zzqqxx&lang=pt").get_data(as_text=True)
    assert "0 práticas<" in portuguese


def test_content_keeps_its_own_language_inside_a_translated_page(client, engine):
    """Screen readers switch voice for the practice's text: the page is French, the practice English."""
    practice = engine.get(PRACTICE.rsplit("/", 1)[1])
    html = client.get(f"{PRACTICE}?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert f'<h1 class="practice__title" lang="{practice.language}">' in html
    assert f'<article class="practice__body" aria-labelledby="practice-summary-heading" lang="{practice.language}">' \
        in html
    assert '<h2 class="visually-hidden" id="practice-summary-heading" lang="fr">La pratique</h2>' in html
    results = client.get("/?q=roma&lang=de").get_data(as_text=True)
    assert re.search(r'<h3 class="result__title"><a href="/practice/[^"]+" lang="en">', results)
