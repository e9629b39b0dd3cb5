"""Flask test clients over the sample index, and over a tiny index full of hostile content."""

from __future__ import annotations

import pytest

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.model import Practice, Section
from practice_search.web.app import create_app

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture(scope="session")
def app(sample_index):
    return create_app(sample_index)


@pytest.fixture()
def client(app):
    return app.test_client()


def hostile_practices() -> list[Practice]:
    evil = Practice(
        id="evil-practice",
        title=f"Evil title {EVIL}",
        url="javascript:alert(3)",
        summary=f"Summary with {EVIL} inside",
        sections=[Section(f"Heading {EVIL}", f"Body text about welcome {EVIL} and javascript:alert(4)."),
                  Section("Process", "=HYPERLINK(\"http://evil.example\") more welcome text")],
        body=f"Body text about welcome {EVIL} and javascript:alert(4). =HYPERLINK(\"http://evil.example\")",
        cities=[f"Evilcity{EVIL}"], countries=["Spain"], topics=["Refugees"],
        topics_inferred=[f"Topic {EVIL}"], period="2019", start_year=2019, end_year=2019, years=[2019],
        language="en",
    )
    formula = Practice(
        id="formula-practice", title="=1+2 welcome formula", url="https://example.org/ok",
        summary="+SUM(A1) @cmd -1 welcome", sections=[Section("Purpose", "A welcome centre for newcomers.")],
        body="A welcome centre for newcomers.", cities=["@Town"], countries=["-Land"], topics=["Refugees"],
        period="2020", start_year=2020, end_year=2020, years=[2020], language="en",
    )
    return [evil, formula]


@pytest.fixture(scope="session")
def hostile_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-index")
    build_full(IndexStore(root), hostile_practices())
    return create_app(root).test_client()
