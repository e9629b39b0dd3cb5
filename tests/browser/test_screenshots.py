"""Screenshots of the main pages at desktop and phone widths, for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
PRACTICE = "lisbon-loures-seixal-roma-school-mediators"


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_search_and_practice(page: Page, shots_dir, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/?q=roma+mediators&country=Portugal&country=Romania")
    expect(page.get_by_role("heading", name="Refine results")).to_be_visible()
    page.screenshot(path=str(shots_dir / f"search-{size}.png"), full_page=True)
    page.goto("/?q=anti+rumour+barcelona")
    expect(page.locator(".result-version").first).to_be_visible()
    page.screenshot(path=str(shots_dir / f"versions-{size}.png"), full_page=size == "phone")
    page.goto("/?q=anti+rumour+barcelona&versions=fold")
    expect(page.locator(".also").first).to_be_visible()
    page.screenshot(path=str(shots_dir / f"also-{size}.png"), full_page=size == "phone")
    page.goto("/")
    page.screenshot(path=str(shots_dir / f"home-{size}.png"), full_page=size == "phone")
    page.goto(f"/practice/{PRACTICE}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=str(shots_dir / f"practice-{size}.png"), full_page=True)
    page.goto("/practice/barcelona-strategie-anti-rumeurs")
    page.screenshot(path=str(shots_dir / f"practice-translated-{size}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.goto("/?q=roma&country=Iceland&year=2012")
    expect(page.get_by_role("heading", name=re.compile("No practices match"))).to_be_visible()
    page.screenshot(path=str(shots_dir / f"zero-results-{size}.png"), full_page=True)
    page.goto("/about")
    page.screenshot(path=str(shots_dir / f"about-{size}.png"), full_page=True)
