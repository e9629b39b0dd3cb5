"""axe-core in the browser: no serious or critical accessibility violations, at desktop and phone widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

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
WIDTHS = {"desktop": 1280, "phone": 375}
_axe = Axe()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page: Page, path, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto(path)
    results = _axe.run(page)
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()[:4000]
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
