"""HTML and text pages: the practice is kept, the portal chrome is not."""

import pytest

from practice_search.ingest.html_page import parse_html
from practice_search.ingest.normalise import build_practice
from practice_search.ingest.raw import NotAPractice
from practice_search.ingest.text_page import parse_text
from practice_search.ingest.topics import topic_names

SIDEBAR_HTML = (
    "<div class='filters'><h3>Filter by</h3><h4>Topic</h4><ul>"
    + "".join(f"<li><a href='#'>{t}</a></li>" for t in topic_names())
    + "</ul><h4>Countries</h4><ul><li>Spain</li><li>Norway</li></ul><h4>Year</h4><ul><li>2015</li></ul>"
    "<a href='#'>Reset Filter</a></div>"
)

PORTAL_PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Shared Streets - Intercultural Cities</title>
<link rel="canonical" href="https://example.org/-/shared-streets"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/gp">Good practice</a></li></ul></nav>
<div class="intro"><h2>Intercultural cities: good practice examples</h2>
<p>Diversity is a resource, and this intro repeats on every page of the portal site.</p>
<p><a href="/t">Template for collection of Good practices &gt;&gt;</a></p></div>
<div class="content"><a href="/gp">Back</a>
<h1>Shared Streets</h1>
<p class="meta">Spain Getxo Bilbao 2019 - ongoing</p>
<p><strong>Purpose</strong></p><p>Neighbours meet on closed streets every month.</p>
<p><strong>Process:</strong> Residents plan the days with mediators.</p>
<ul><li>Street tables</li><li>Games</li></ul>
<h3>Impact</h3><table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2020</td><td>800</td></tr></table>
<div class="asset-tags">Topic: <a>Neighbourhood</a> <a>Culture, Leisure and Heritage</a></div>
</div>{SIDEBAR_HTML}<footer><p>© Council of Europe</p></footer></body></html>"""

DETAIL_PAGE = """<html lang="de"><body><header><a href="/">Logo</a></header>
<main><article><a href="/list">Zurück</a><h1>Interkulturelle Elternarbeit</h1>
<p><em>Ein Projekt für Familien</em></p><p>2018-2020</p>
<p>Purpose: Eltern aus vielen Herkunftsländern lernen die Schule kennen.</p>
<p>Impact: Über 300 Familien nahmen teil, viele wurden selbst Elternbegleiter.</p>
</article></main></body></html>"""

TEXT_PAGE = """Skip to main content
Council of Europe
Home
Intercultural cities: good practice examples

A repeated introduction about diversity that appears on every portal page.

Template for collection of Good practices >>

Back

Neighbours at the table

Concept
The City of Turin invites residents of Barriera di Milano to cook together every Friday.

Foundation
Turin started the dinners after tensions between long-standing and new residents.

Progress
- 40 dinners in the first year
- 1,200 guests

Filter by

Topic
Anti-rumour
Roma
Refugees
Countries
Spain
Italy
Year
2019
Reset Filter
"""


def test_portal_html_keeps_practice_and_drops_chrome():
    page = parse_html(PORTAL_PAGE)
    assert page.title == "Shared Streets"
    assert page.meta_line == "Spain Getxo Bilbao 2019 - ongoing"
    assert page.url == "https://example.org/-/shared-streets"
    assert [s.heading for s in page.sections] == ["Purpose", "Process", "Impact"]
    assert page.sections[1].text == "Residents plan the days with mediators.\n\n- Street tables\n\n- Games"
    assert "2020 | 800" in page.sections[2].text
    assert page.topics == ["Neighbourhood", "Culture, Leisure and Heritage"]
    practice = build_practice(page, "shared-streets", "x.html", current_year=2026)
    assert practice.cities == ["Getxo", "Bilbao"] and practice.countries == ["Spain"]
    assert practice.years[0] == 2019 and practice.ongoing
    for chrome in ("Filter by", "Reset Filter", "repeats on every page", "Template", "Home", "Council of Europe",
                   "Anti-rumour", "Norway"):
        assert chrome not in practice.body


def test_detail_page_with_translated_back_link_and_inline_labels():
    page = parse_html(DETAIL_PAGE)
    assert page.title == "Interkulturelle Elternarbeit"
    assert page.meta_line == "2018-2020"
    assert [s.heading for s in page.sections] == ["", "Purpose", "Impact"]
    practice = build_practice(page, "eltern", "x.html", current_year=2026)
    assert practice.years == [2018, 2019, 2020]
    assert practice.language == "de"
    assert practice.cities == [] and practice.topics == []


def test_text_rendering_finds_title_sections_and_places_in_prose():
    page = parse_text(TEXT_PAGE)
    assert page.title == "Neighbours at the table"
    assert [s.heading for s in page.sections] == ["Concept", "Foundation", "Progress"]
    assert page.topics == []
    practice = build_practice(page, "turin-dinners", "x.txt", current_year=2026)
    assert practice.cities == ["Turin"] and practice.countries == ["Italy"]
    assert practice.topics == [], "the sidebar's vocabulary is not the practice's topics"
    assert "repeated introduction" not in practice.body
    assert "Filter by" not in practice.body and "Reset Filter" not in practice.body
    assert "- 1,200 guests" in practice.sections[2].text


@pytest.mark.parametrize("markup", ["<html><body><p>No headings at all.</p></body></html>", "", "<h1></h1>"])
def test_html_without_a_title_is_not_a_practice(markup):
    with pytest.raises(NotAPractice):
        parse_html(markup)


def test_text_without_content_is_not_a_practice():
    with pytest.raises(NotAPractice):
        parse_text("Back\n\nOnly a title\n\nFilter by\nTopic\nRoma\nReset Filter\n")


def test_a_hard_wrapped_rendering_is_read_as_if_unwrapped():
    import textwrap

    from practice_search.ingest.text_page import unwrap

    title = "Anti-rumour agents and cultural activities to welcome newcomers in Amadora"
    body = ("All three cities had seen a rise in hostile comments on municipal media pages and supported from the "
            "start. They reached many people, often "
            "directed at workers and students whose numbers had grown quickly since 2014. Municipal equality "
            "officers reported that staff moderating these pages felt helpless and alone.")
    toolbar = "ZMNIEJSZ ROZMIAR TEKSTU ZWIĘKSZ ROZMIAR TEKSTU DRUKUJ STRONĘ DRUKUJ DO PDF"
    page = "\n".join(["Back", "", title, "Portugal Amadora 2016-2018", "", toolbar, "", "Purpose", "", body, "",
                      "Impact", "", body, ""])
    wrapped = "\n".join(textwrap.fill(line, 72) if line else "" for line in page.split("\n"))
    assert wrapped != page
    lines = unwrap(wrapped.split("\n"))
    assert title in lines and "Portugal Amadora 2016-2018" in lines and toolbar in lines and body in lines
    parsed = parse_text(wrapped)
    assert parsed.title == title and parsed.meta_line == "Portugal Amadora 2016-2018"
    assert [s.text for s in parsed.sections] == [body, body] and "PDF" not in wrapped.split(body)[0][-3:]
    assert unwrap(page.split("\n")) == page.split("\n")  # long lines: nothing to unwrap


@pytest.mark.parametrize("meta", ["New Zealand Australia South Korea Auckland Ballarat Melton Ansan Desde 2015",
                                  "Portugal Amadora Lisbon Loures Santa Maria da Feira Setúbal Cascais 2019-2021"])
def test_a_hard_wrapped_meta_line_is_read_whole(meta):
    import textwrap

    body = ("Volunteers from many communities accompany newcomers to the services they need in their first "
            "months, and the city trains them every spring. ") * 3
    page = "\n".join(["Back", "", "Welcome Desk", meta, "", "Purpose", "", body, "", "Impact", "", body])
    wrapped = "\n".join(textwrap.fill(line, 60) if line else "" for line in page.split("\n"))
    assert meta not in wrapped
    assert parse_text(wrapped).meta_line == meta
