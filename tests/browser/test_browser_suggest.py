"""The search box's suggestions in a real Chromium: a WAI-ARIA 1.2 combobox over /api/suggest.

Keyboard (Down, Up, Enter, Escape), mouse, the polite count announcement, no layout shift, axe at
desktop and phone widths, and the box working exactly as before when JavaScript is off.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import WIDTHS, assert_accessible


@pytest.fixture(scope="module", autouse=True)
def full_suggestions(live_server):
    """The server reads titles and phrases in the background on the first keystroke: wait until it has."""
    deadline = time.monotonic() + 60
    while json.loads(urlopen(f"{live_server}/api/suggest?q=a").read())["partial"]:
        assert time.monotonic() < deadline, "suggestions were never built"
        time.sleep(0.1)


@pytest.fixture()
def page(page: Page):
    """No console errors (a CSP violation or a script error would show up here)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == []


def suggestions_for(page: Page, prefix: str) -> list[dict]:
    response = page.request.get("/api/suggest", params={"q": prefix})
    assert response.ok
    return response.json()["suggestions"]


def type_into_box(page: Page, text: str) -> None:
    box = page.get_by_role("combobox", name="Search practices")
    box.fill("")
    box.press_sequentially(text, delay=30)


def open_list(page: Page, prefix: str) -> list[dict]:
    expected = suggestions_for(page, prefix)
    assert expected, f"the sample corpus should complete {prefix!r}"
    type_into_box(page, prefix)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(len(expected))
    return expected


def test_type_arrow_down_and_enter_opens_the_first_suggestion(page: Page):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search practices")
    expect(box).to_have_attribute("aria-expanded", "false")
    expected = open_list(page, "anti-r")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "q-suggestions")
    options = page.get_by_role("option")
    for i, item in enumerate(expected):
        expect(options.nth(i)).to_contain_text(item["text"])
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{len(expected)} suggestions?\b"))
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))  # nothing chosen by itself

    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(box).to_be_focused()
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(expected[0]["url"]) + "$"))


def test_up_wraps_to_the_last_down_back_to_the_first_and_escape_closes(page: Page):
    page.goto("/")
    expected = open_list(page, "rom")
    box = page.get_by_role("combobox", name="Search practices")
    options = page.get_by_role("option")
    box.press("ArrowUp")
    expect(options.nth(len(expected) - 1)).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.nth(len(expected) - 1)).to_have_attribute("aria-selected", "false")
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    expect(box).to_have_value("rom")  # Escape closed the list, it did not clear the box
    box.press("ArrowDown")  # opens again on the same suggestions
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()


def test_enter_without_choosing_searches_what_was_typed(page: Page):
    page.goto("/")
    open_list(page, "roma sch")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=roma\+sch$"))


def test_a_click_on_a_topic_filters_by_it(page: Page):
    page.goto("/")
    expected = open_list(page, "refu")
    topic = next(item for item in expected if item["kind"] == "topic")
    page.get_by_role("option", name=re.compile(rf"^{re.escape(topic['text'])}\b.*Topic")).click()
    expect(page).to_have_url(re.compile(re.escape(topic["url"]) + "$"))
    assert parse_qs(urlsplit(page.url).query) == {"topic": [topic["text"]]}


def test_a_phrase_is_searched_with_the_filters_already_chosen(page: Page):
    page.goto("/?country=Portugal")
    expected = open_list(page, "medi")
    phrase = next(i for i, item in enumerate(expected) if item["kind"] == "phrase")
    box = page.get_by_role("combobox", name="Search practices")
    for _ in range(phrase + 1):
        box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"country=Portugal"))
    assert parse_qs(urlsplit(page.url).query) == {"q": [expected[phrase]["text"]], "country": ["Portugal"]}


def test_accents_and_case_do_not_matter_and_the_match_is_marked(page: Page):
    page.goto("/")
    expected = open_list(page, "ZÜR")
    assert expected[0]["text"] == "Zurich"
    expect(page.get_by_role("option").first.locator("mark")).to_have_text("Zur")


def test_opening_the_list_moves_nothing_on_the_page(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?q=roma")
    layout = page.locator(".layout")
    before = layout.bounding_box()
    open_list(page, "inter")
    assert layout.bounding_box() == before
    listbox = page.get_by_role("listbox", name="Suggestions").bounding_box()
    field = page.get_by_role("combobox", name="Search practices").bounding_box()
    assert listbox["y"] >= field["y"] + field["height"] and listbox["x"] == field["x"]


@pytest.mark.parametrize("width", WIDTHS)
def test_open_list_has_no_serious_accessibility_violations(page: Page, shots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto("/")
    open_list(page, "anti")
    page.get_by_role("combobox", name="Search practices").press("ArrowDown")
    page.screenshot(path=str(shots_dir / f"suggest-{width}.png"))
    assert_accessible(page, WIDTHS[width])


def test_without_javascript_the_box_is_the_plain_search_form(browser: Browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/")
        box = page.get_by_role("searchbox", name="Search practices")
        expect(box).not_to_have_attribute("role", "combobox")
        expect(page.get_by_role("listbox")).to_have_count(0)
        box.fill("anti-r")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/\?q=anti-r(&collapse=1)?$|/\?q=anti-r&"))
        assert parse_qs(urlsplit(page.url).query)["q"] == ["anti-r"]
    finally:
        context.close()
