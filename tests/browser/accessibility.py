"""The accessibility check every browser test shares: axe-core finds no serious or critical violation,
and the page never scrolls sideways at the width it is shown."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WIDTHS = {"desktop": 1280, "phone": 375}
_axe = Axe()


def assert_accessible(page: Page, width: int) -> None:
    results = _axe.run(page)
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()[:4000]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
