"""The interface languages in Chromium: the header's switcher, the language kept across navigation and in
the URL, Accept-Language honoured, the script's own words translated, and axe clean in French and German."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import WIDTHS, assert_accessible

PRACTICE = "/practice/lisbon-loures-seixal-roma-school-mediators"


def _switch_to(page: Page, name: str) -> None:
    page.locator(".langswitch summary").click()
    page.get_by_role("navigation", name=re.compile(r"^(Language|Langue|Lingua|Idioma|Sprache|Língua)$")) \
        .get_by_role("link", name=name).click()


def test_switching_language_on_the_search_page_keeps_it_across_pages(page: Page, shots_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?q=roma&country=Portugal")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _switch_to(page, "Français")
    expect(page).to_have_url(re.compile(r"[?&]lang=fr\b"))
    expect(page).to_have_url(re.compile(r"country=Portugal"))            # the search itself is unchanged
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Affiner les résultats")).to_be_visible()
    expect(page.locator(".chip").first).to_contain_text("Pays\u00a0: Portugal")
    page.locator(".langswitch summary").click()
    page.screenshot(path=str(shots_dir / "i18n_search_fr_switcher_1280.png"))
    page.locator(".langswitch summary").click()

    page.locator(".result__title a").first.click()                       # a practice keeps the language
    expect(page).to_have_url(re.compile(r"/practice/[^?]+\?lang=fr$"))
    expect(page.get_by_role("heading", name="Détails")).to_be_visible()

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Vue d’ensemble").click()
    expect(page).to_have_url(re.compile(r"/overview\?lang=fr$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vue d’ensemble de la collection")
    _switch_to(page, "Deutsch")                                           # switch again on the overview
    expect(page).to_have_url(re.compile(r"/overview\?lang=de$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Überblick über die Sammlung")
    page.screenshot(path=str(shots_dir / "i18n_overview_de_1280.png"), full_page=True)

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Suchen").click()
    page.get_by_label("Praxisbeispiele suchen").fill("Italia")           # the form carries lang too
    page.get_by_label("Praxisbeispiele suchen").press("Enter")
    expect(page).to_have_url(re.compile(r"q=Italia.*lang=de|lang=de.*q=Italia"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ Praxisbeispiele?$"))
    expect(page.locator(".result__meta").first).to_contain_text("Italien")  # CLDR's German name, shown


def test_switching_on_a_practice_page_at_phone_width(page: Page, shots_dir):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(PRACTICE)
    _switch_to(page, "Português")
    expect(page).to_have_url(re.compile(r"\?lang=pt$"))
    expect(page.get_by_role("heading", name="Práticas semelhantes")).to_be_visible()
    topic = page.locator(".practice__topics .tag").first
    expect(topic).to_have_attribute("href", re.compile(r"topic=[A-Z][A-Za-z%+-]+&lang=pt"))
    page.screenshot(path=str(shots_dir / "i18n_practice_pt_375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize(("locale", "lang", "label"), [("it-IT", "it", "Cerca pratiche"),
                                                       ("de-CH", "de", "Praxisbeispiele suchen"),
                                                       ("nl-NL", "en", "Search practices")])
def test_the_browsers_language_is_honoured(browser: Browser, base_url, locale, lang, label):
    context = browser.new_context(locale=locale, base_url=base_url)
    page = context.new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_label(label)).to_be_visible()
    assert "lang=" not in page.url
    context.close()


def test_the_scripts_own_words_follow_the_language(page: Page):
    page.goto("/?lang=es")
    box = page.get_by_label("Buscar prácticas")
    box.fill("lis")
    expect(page.get_by_role("listbox", name="Sugerencias")).to_be_visible()
    expect(page.locator("[role=status]").first).to_contain_text("sugerencia")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"lang=es"))                     # a suggestion keeps the language
    page.goto("/?q=roma&view=map&lang=de")
    expect(page.get_by_role("button", name="Vergrößern").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/?q=roma&country=Portugal&lang=fr", f"{PRACTICE}?lang=fr", "/overview?lang=de",
                                  "/?q=roma&view=map&lang=de", "/about?lang=fr", "/facet/country?lang=de",
                                  "/?q=zzqqxx&lang=de", "/practice/no-such-practice?lang=fr"])
def test_translated_pages_are_accessible(page: Page, path, width, shots_dir):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", re.search(r"lang=(\w+)", path).group(1))
    page.locator(".langswitch summary").click()                          # with the menu open, too
    assert_accessible(page, WIDTHS[width])
    if path.startswith("/?q=roma&country") or path.startswith("/overview"):
        name = re.sub(r"\W+", "_", path.strip("/?"))[:40]
        page.screenshot(path=str(shots_dir / f"i18n_{name}_{WIDTHS[width]}.png"))
