"""The map view and the overview in Chromium: links that filter, zoom, axe at desktop and phone widths."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import WIDTHS, assert_accessible

MARKER_NAME = re.compile(r"^[^,]+, [^:]+: \d+ practices?$")


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _total(page: Page) -> int:
    return int(re.match(r"([\d,]+)", page.locator("#results-heading").inner_text()).group(1).replace(",", ""))


def test_markers_are_named_links_and_a_city_opens_its_practices(page: Page):
    page.goto("/?view=map&q=roma")
    markers = page.locator(".map__marker")
    expect(markers.first).to_be_attached()
    names = [markers.nth(i).get_attribute("aria-label") for i in range(markers.count())]
    assert names and all(MARKER_NAME.match(n) for n in names)
    lisbon = page.get_by_role("link", name=re.compile(r"^Lisbon, Portugal: \d+ practices?$"))
    count = int(re.search(r"(\d+) practices?$", lisbon.get_attribute("aria-label")).group(1))
    lisbon.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"city=Lisbon"))
    assert _query(page)["q"] == ["roma"] and "view" not in _query(page)
    expect(page.get_by_role("link", name=re.compile("City: Lisbon"))).to_be_visible()
    assert 1 <= _total(page) <= count  # the facet counts every page; the list folds translations together


def test_a_mouse_click_on_a_circle_sets_the_city_filter(page: Page):
    page.goto("/?view=map&country=Spain")
    top = page.locator(".map__marker").last  # drawn last: never under another circle
    city = top.get_attribute("aria-label").split(",")[0]
    top.click()
    expect(page).to_have_url(re.compile(r"city="))
    assert _query(page)["city"] == [city] and _query(page)["country"] == ["Spain"]


def test_zoom_buttons_hover_and_country_click(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?view=map")
    svg = page.locator("svg[data-map]").first
    full = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").first.click()
    zoomed = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert zoomed[2] < float(full.split()[2])
    page.get_by_role("button", name="Show the whole map").first.click()
    assert [float(v) for v in svg.get_attribute("viewBox").split()] == pytest.approx([float(v) for v in full.split()])
    marker = svg.locator(".map__marker").last
    marker.hover()
    expect(page.locator(".map__tip").first).to_have_text(marker.get_attribute("aria-label"))
    norway = page.locator(".map__country[data-href]", has=page.locator("title", has_text=re.compile("^Norway:")))
    norway.first.dispatch_event("click")
    expect(page).to_have_url(re.compile(r"country=Norway"))
    assert _query(page)["view"] == ["map"]


def test_overview_figures_open_the_matching_search(page: Page):
    page.goto("/overview")
    expect(page.get_by_role("heading", name="Overview of the collection")).to_be_visible()
    cell = page.locator(".heatmap td a").nth(10)
    number = int(cell.inner_text())
    cell.click()
    expect(page.locator("#results-heading")).to_be_visible()
    # a figure counts practices, so its search lists each practice once (versions folded under it)
    assert _total(page) == number and set(_query(page)) == {"topic", "year", "versions"}
    assert _query(page)["versions"] == ["fold"]
    page.go_back()
    bar = page.get_by_role("link", name=re.compile(r"^Portugal: \d+ practices$"))
    number = int(re.search(r"(\d+) practices$", bar.get_attribute("aria-label")).group(1))
    bar.click()
    expect(page).to_have_url(re.compile(r"country=Portugal"))
    assert _total(page) == number
    page.go_back()
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Search").click()
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Overview").click()
    expect(page).to_have_url(re.compile(r"/overview$"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/?view=map", "/?view=map&q=roma&country=Portugal", "/overview"])
def test_no_serious_accessibility_violations(page: Page, path, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto(path)
    assert_accessible(page, WIDTHS[width])


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_map_and_overview(page: Page, shots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto("/?view=map")
    expect(page.locator(".map__marker").first).to_be_attached()
    page.screenshot(path=str(shots_dir / f"map-{width}.png"), full_page=True)
    page.goto("/?view=map&q=refugees&country=Germany&country=Italy")
    page.screenshot(path=str(shots_dir / f"map-filtered-{width}.png"), full_page=width == "phone")
    page.goto("/overview")
    expect(page.locator(".heatmap")).to_be_visible()
    page.screenshot(path=str(shots_dir / f"overview-{width}.png"), full_page=True)
