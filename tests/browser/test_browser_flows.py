"""The issue's scenarios in a real Chromium: search, facets, chips, sort, pages, practices, back, keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from practice_search.search.engine import SearchRequest


@pytest.fixture()
def page(page: Page):
    """Every page must load without console errors (a CSP violation would show up here)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == []


def count_of(page: Page) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0].replace(",", ""))


def facet_count(page: Page, facet: str, value: str) -> int:
    item = page.locator(f'.facet__item:has(input[name="{facet}"][value="{value}"])')
    return int(item.locator(".facet__count").inner_text())


def test_search_from_the_box(page: Page, engine):
    page.goto("/")
    page.get_by_label("Search practices").fill("roma mediators")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=roma\+mediators$"))
    expected = engine.search(SearchRequest("roma mediators", versions="fold"))["total"]
    assert count_of(page) == expected
    expect(page.locator(".result__snippet mark").first).to_be_visible()


def test_tick_two_countries_then_remove_a_chip(page: Page, engine):
    page.goto("/?q=intercultural")
    spain_before = facet_count(page, "country", "Spain")
    page.get_by_role("checkbox", name=re.compile(r"^Spain \d+$")).check()  # submits by itself
    expect(page).to_have_url(re.compile(r"country=Spain"))
    spain_pages = engine.search(SearchRequest("intercultural", {"country": ["Spain"]}, versions="all"))["total"]
    spain_only = engine.search(SearchRequest("intercultural", {"country": ["Spain"]}, versions="fold"))["total"]
    assert count_of(page) == spain_only and spain_pages == spain_before  # facet counts count pages
    page.get_by_role("checkbox", name=re.compile(r"^Portugal \d+$")).check()
    expect(page).to_have_url(re.compile(r"country=Spain&country=Portugal"))
    both = engine.search(SearchRequest("intercultural", {"country": ["Spain", "Portugal"]}, versions="fold"))["total"]
    assert count_of(page) == both > spain_only
    assert facet_count(page, "country", "Spain") == spain_before  # disjunctive: own facet unchanged
    expect(page.get_by_role("checkbox", name=re.compile(r"^Spain \d+$"))).to_be_checked()
    # the keyboard focus comes back to the box that was ticked
    expect(page.get_by_role("checkbox", name=re.compile(r"^Portugal \d+$"))).to_be_focused()

    page.get_by_role("link", name="Country: Spain (remove filter)").click()
    expect(page).to_have_url(re.compile(r"/\?q=intercultural&country=Portugal$"))
    expect(page.get_by_role("link", name="Country: Spain (remove filter)")).to_have_count(0)
    page.get_by_role("link", name="Clear all").first.click()
    expect(page).to_have_url(re.compile(r"/\?q=intercultural$"))


def test_change_sort_and_paginate(page: Page, engine):
    page.goto("/")
    page.get_by_label("Sort").select_option("title")
    expect(page).to_have_url(re.compile(r"sort=title"))
    expected = engine.search(SearchRequest(sort="title", versions="fold"))
    titles = page.locator(".result__title a").all_inner_texts()
    assert titles == [r["title"] for r in expected["results"]]

    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"sort=title&page=2$"))
    expect(page.locator('.pagination [aria-current="page"]')).to_have_text("2")
    second = engine.search(SearchRequest(sort="title", page=2, versions="fold"))
    assert page.locator(".result__title a").first.inner_text() == second["results"][0]["title"]
    page.get_by_role("link", name="Last page").click()
    expect(page.locator(".pagination__status")).to_have_text(f"Page {expected['pages']} of {expected['pages']}")
    page.get_by_role("link", name="First page").click()
    expect(page).to_have_url(re.compile(r"/\?sort=title$"))
    page.get_by_label("Show").select_option("50")
    expect(page.locator(".result")).to_have_count(50)  # practices; their other versions come along under them
    assert page.locator(".result-version").count() > 0


def test_open_practice_follow_similar_and_go_back(page: Page, engine):
    page.goto("/?q=roma&country=Portugal")
    first = page.locator(".result__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    practice_url = page.url
    similar = page.get_by_role("region", name="Similar practices").get_by_role("link")
    expect(similar).to_have_count(5)
    other = similar.first.inner_text()
    similar.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other)

    page.go_back()
    expect(page).to_have_url(practice_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?q=roma&country=Portugal$"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Portugal \d+$"))).to_be_checked()
    expect(page.get_by_label("Search practices")).to_have_value("roma")


def test_a_translation_is_listed_under_its_practice_and_links_back(page: Page):
    page.goto("/?q=anti+rumour+barcelona")
    titles = page.locator(".result__title a").all_inner_texts()
    assert titles.count("Barcelona Anti-Rumour Strategy") == 1
    assert "Stratégie anti-rumeurs de Barcelone" not in titles  # not a practice of its own
    result = page.locator(".result", has_text="Barcelona Anti-Rumour Strategy")
    expect(result.locator(".also")).to_have_count(0)  # the version is listed, not linked twice
    version = result.locator("xpath=following-sibling::li[1]")
    expect(version).to_have_class("result-version")
    expect(version.locator(".result-version__title")).to_have_text(
        "Also in French: Stratégie anti-rumeurs de Barcelone")
    version.get_by_role("link", name="Stratégie anti-rumeurs de Barcelone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stratégie anti-rumeurs de Barcelone")
    page.get_by_role("link", name="Barcelona Anti-Rumour Strategy").click()
    expect(page).to_have_url(re.compile(r"/practice/barcelona-anti-rumour-strategy$"))


def test_snippet_links_to_its_section(page: Page):
    page.goto("/?q=roma+school+mediators")
    page.get_by_role("link", name=re.compile(r"^Read this in “Purpose”")).first.click()
    expect(page).to_have_url(re.compile(r"#section-1$"))
    expect(page.locator("#section-1-heading")).to_be_in_viewport()


def test_keyboard_only_search_and_filter(page: Page):
    page.goto("/about")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.goto("/")
    page.keyboard.press("/")
    expect(page.get_by_label("Search practices")).to_be_focused()
    page.keyboard.type("refugees")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=refugees"))
    # Tab forward to the first topic checkbox, then tick it with the space bar
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "topic":
            break
    value = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"topic="))
    expect(page.locator(f'input[name="topic"][value="{value}"]')).to_be_checked()
    expect(page.locator(f'input[name="topic"][value="{value}"]')).to_be_focused()
    # focus is visible: the focused element draws an outline
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_long_facet_lists_narrow_by_typing(page: Page):
    page.goto("/")
    box = page.get_by_label("Narrow the city list")
    box.fill("bar")
    visible = page.locator('#facet-city .facet__item:visible .facet__name').all_inner_texts()
    assert visible and all("bar" in v.lower() for v in visible)
    assert "Barcelona" in visible


def test_everything_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/?q=intercultural")
    page.get_by_role("checkbox", name=re.compile(r"^Spain \d+$")).check()
    expect(page).to_have_url(re.compile(r"/\?q=intercultural$"))  # nothing happens by itself
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"q=intercultural&country=Spain"))
    page.locator("#facet-city summary").click()
    expect(page.locator("#facet-city .facet__more .facet__item").first).to_be_visible()
    page.get_by_role("link", name="All cities on one page").click()
    expect(page.get_by_role("heading", name="Choose cities")).to_be_visible()
    context.close()
