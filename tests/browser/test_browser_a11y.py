"""axe-core in the browser: no serious or critical accessibility violations, at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.accessibility import WIDTHS, assert_accessible

PAGES = [
    "/",
    "/?q=roma+mediators&country=Portugal&country=Romania&sort=newest",
    "/?q=roma&country=Iceland&year=2012",
    "/?q=mediatrs",
    "/?q=refugee+housing+tenants&per_page=20",  # the every-word notice and the partial-match divider
    "/practice/lisbon-loures-seixal-roma-school-mediators",
    "/facet/city",
    "/about",
    "/practice/does-not-exist",
    "/?page=0",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page: Page, path, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto(path)
    assert_accessible(page, WIDTHS[width])
