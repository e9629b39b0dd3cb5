"""The HTML pages, driven through Flask's test client over the sample index."""

from __future__ import annotations

import re
from html import unescape

import pytest

PRACTICE = "lisbon-loures-seixal-roma-school-mediators"


def text(response) -> str:
    return response.get_data(as_text=True)


def checked_values(html: str, facet: str) -> set[str]:
    found = re.findall(rf'name="{facet}" value="([^"]*)" form="search-form" checked', html)
    return {unescape(v) for v in found}


def facet_count(html: str, facet: str, value: str) -> int | None:
    """The count shown next to one facet value in the sidebar."""
    pattern = (rf'name="{facet}" value="{re.escape(value)}"[^>]*>\s*<label[^>]*>'
               rf'<span class="facet__name">[^<]*</span> <span class="facet__count">(\d+)</span>')
    match = re.search(pattern, html)
    return int(match.group(1)) if match else None


def test_home_lists_all_practices_with_facets(client, engine):
    response = client.get("/")
    html = text(response)
    assert response.status_code == 200
    from practice_search.search.engine import SearchRequest

    # every page, a practice's translations and republished copies listed right under it
    total = engine.search(SearchRequest())["total"]
    assert total == engine.stats()["documents"]
    assert f"{total:,} practices" in html
    for legend in ("Topic", "Country", "Year", "City", "Language"):
        assert f'<legend class="facet__title">{legend}</legend>' in html
    assert 'role="search"' in html and '<label class="searchbox__label" for="q">' in html
    assert html.count('class="result"') + html.count('class="result-version"') == 10


def test_search_shows_query_snippets_and_section_links(client):
    html = text(client.get("/?q=roma+school+mediators"))
    assert "<mark>Roma</mark>" in html
    assert f'/practice/{PRACTICE}#section-1' in html
    assert "Read this in “Purpose”" in html
    assert 'value="roma school mediators"' in html


def test_search_page_reads_no_record_again_to_name_sections(app, client, monkeypatch):
    engine = app.extensions["engine"]
    monkeypatch.setattr(engine, "get", lambda practice_id: pytest.fail(f"read {practice_id} again"))
    html = text(client.get("/?q=roma+school+mediators"))
    assert "Read this in “Purpose”" in html


def test_ticking_two_countries_is_an_or_and_counts_are_disjunctive(client, engine):
    from practice_search.search.engine import SearchRequest

    spain = engine.search(SearchRequest(filters={"country": ["Spain"]}, versions="all"))["total"]
    portugal = engine.search(SearchRequest(filters={"country": ["Portugal"]}, versions="all"))["total"]
    both = engine.search(SearchRequest(filters={"country": ["Spain", "Portugal"]}, versions="all"))["total"]
    assert max(spain, portugal) < both <= spain + portugal
    shown = engine.search(SearchRequest(filters={"country": ["Spain", "Portugal"]}))["total"]
    html = text(client.get("/?country=Spain&country=Portugal"))
    assert f"<strong id=\"results-heading\">{shown} practices</strong>" in html
    assert checked_values(html, "country") == {"Spain", "Portugal"}
    # disjunctive: the country counts ignore the country filter itself (and count pages, not groups)
    assert facet_count(html, "country", "Spain") == spain
    italy = engine.search(SearchRequest(filters={"country": ["Italy"]}, versions="all"))["total"]
    assert facet_count(html, "country", "Italy") == italy
    # chips with remove links that keep the other value
    assert 'href="/?country=Portugal"' in html and 'href="/?country=Spain"' in html
    assert "Country: Spain" in html and "Clear all" in html


def test_selected_value_with_no_results_stays_visible(client):
    html = text(client.get("/?q=roma&country=Iceland"))
    assert facet_count(html, "country", "Iceland") == 0
    assert "Iceland" in checked_values(html, "country")


def test_unknown_facet_value_is_shown_selected_and_gives_zero(client):
    response = client.get("/?country=Atlantis&country=Atlantis")
    html = text(response)
    assert response.status_code == 200
    assert "0 practices" in html and checked_values(html, "country") == {"Atlantis"}
    assert "Country: Atlantis" in html


def test_zero_results_name_the_filter_to_drop(client, engine):
    from practice_search.search.engine import SearchRequest

    alone = engine.search(SearchRequest(query="roma", filters={"year": ["2012"]}))["total"]
    html = text(client.get("/?q=roma&year=2012&country=Iceland"))
    assert "No practices match" in html
    assert re.search(rf"Removing <strong>Country Iceland</strong> gives <a href=\"[^\"]+\">{alone} practices?</a>",
                     html)


def test_year_chart_bars_are_links_and_range_filters(client, engine):
    from practice_search.search.engine import SearchRequest

    html = text(client.get("/"))
    assert re.search(r'<a class="yearchart__bar h\d+" href="/\?year=2019"', html)
    ranged = engine.search(SearchRequest(year_from=2010, year_to=2011))["total"]
    html = text(client.get("/?year_from=2011&year_to=2010"))
    assert f"{ranged} practices" in html
    assert "Active: 2010–2011" in html


def test_did_you_mean_and_relaxed_notice(client, engine):
    from practice_search.search.engine import SearchRequest

    misspelt = engine.search(SearchRequest(query="mediatrs"))
    assert misspelt["corrected"] == misspelt["suggestion"] == "mediators"
    html = text(client.get("/?q=mediatrs"))
    assert 'Showing results for <strong class="corrected"><em>mediators</em></strong>' in html
    two = text(client.get("/?q=roma+mediatrs"))
    assert 'Showing results for <strong class="corrected">roma <em>mediators</em></strong>' in two
    assert 'search instead for <a href="/?q=mediatrs&amp;spell=0">mediatrs</a>' in html
    as_typed = text(client.get("/?q=mediatrs&spell=0"))
    assert "Showing results for" not in as_typed
    assert 'Did you mean <a href="/?q=mediators"><strong>mediators</strong></a>' in as_typed
    relaxed = engine.search(SearchRequest(query="roma zzqqxx"))
    html = text(client.get("/?q=roma+zzqqxx"))
    assert relaxed["relaxed"] == ("No practice contains all of your words" in html)


def test_sort_per_page_and_pagination_links(client, engine):
    from practice_search.search.engine import SearchRequest

    pages = engine.search(SearchRequest(per_page=20))["pages"]
    html = text(client.get("/?sort=title&per_page=20&page=2"))
    assert '<option value="title" selected>' in html and '<option value="20" selected>' in html
    assert 'href="/?sort=title&amp;per_page=20" aria-label="First page"' in html
    assert f'href="/?sort=title&amp;per_page=20&amp;page={pages}" aria-label="Last page"' in html
    assert 'aria-current="page" aria-label="Page 2"' in html
    titles = [unescape(t) for t in re.findall(r'<h3 class="result__title"><a [^>]+>([^<]+)</a>', html)]
    expected = engine.search(SearchRequest(sort="title", per_page=20, page=2))["results"]
    assert titles == [r["title"] for r in expected if not r["version_of"]]  # versions are rows of their own


def test_page_past_the_end_is_a_friendly_404(client):
    response = client.get("/?page=1000000000")
    assert response.status_code == 404
    assert "There is no page 1000000000" in text(response)


def test_topic_tags_add_a_filter_to_the_current_search(client):
    html = text(client.get("/?q=roma&country=Portugal"))
    assert 'class="tag" href="/?q=roma&amp;topic=Roma&amp;country=Portugal"' in html


def test_practice_page(client, engine):
    practice = engine.get(PRACTICE)
    response = client.get(f"/practice/{PRACTICE}")
    html = text(response)
    assert response.status_code == 200
    assert f'<h1 class="practice__title" lang="{practice.language}">{practice.title}</h1>' in html  # its own language
    for n, section in enumerate(practice.sections, 1):
        assert f'id="section-{n}-heading">{section.heading}</h2>' in html
    assert practice.url is None and "Read the original page" not in html  # sample practices have no address
    assert 'href="/?country=Portugal"' in html and 'href="/?city=Lisbon"' in html and 'href="/?topic=Roma"' in html
    similar = engine.similar(PRACTICE)
    assert len(similar) == 5
    for other in similar:
        assert f'href="/practice/{other["id"]}"' in html


def test_inferred_topics_are_marked_as_suggested(hostile_client):
    html = text(hostile_client.get("/practice/evil-practice"))
    assert "Suggested topics" in html and 'class="tag tag--suggested"' in html


def test_unknown_practice_is_a_styled_404(client):
    response = client.get("/practice/no-such-thing")
    assert response.status_code == 404
    assert "Page not found" in text(response) and 'class="site-header"' in text(response)
    assert client.get("/practice/" + "x" * 5000).status_code == 404


def test_about_page_explains_the_corpus_and_reindexing(client):
    html = text(client.get("/about"))
    assert "illustrative text written for this project" in html
    assert "practices index" in html and "live site" in html


def test_facet_page_lists_every_value_and_keeps_the_other_filters(client, engine):
    cities = engine.stats()["facets"]["city"]
    html = text(client.get("/facet/city?country=Spain&q=roma"))
    assert '<input type="hidden" name="country" value="Spain">' in html
    assert '<input type="hidden" name="q" value="roma">' in html
    all_html = text(client.get("/facet/city"))
    assert all_html.count('name="city"') == len(cities)
    assert client.get("/facet/nonsense").status_code == 404


def test_server_error_is_a_styled_500(sample_index, monkeypatch):
    from practice_search.web.app import create_app

    app = create_app(sample_index)
    engine = app.extensions["engine"]

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "search", broken)
    client = app.test_client()
    response = client.get("/?q=x")
    assert response.status_code == 500
    assert "Something went wrong" in text(response) and "boom" not in text(response)
    api = client.get("/api/search?q=x")
    assert api.status_code == 500 and api.json["status"] == 500


def test_missing_index_is_a_503_not_a_traceback(tmp_path):
    from practice_search.web.app import create_app

    client = create_app(tmp_path / "nothing").test_client()
    assert client.get("/").status_code == 503
    assert "not ready" in text(client.get("/"))
    response = client.get("/api/search")
    assert response.status_code == 503 and "error" in response.json


def test_unreadable_index_is_a_503_that_says_how_to_rebuild(tmp_path, corpus_report):
    from click.testing import CliRunner

    from practice_search.cli import main
    from practice_search.index.build import build_full
    from practice_search.index.store import IndexStore
    from practice_search.web.app import create_app

    generation = build_full(IndexStore(tmp_path / "index"), corpus_report.practices[:3])
    for toc in generation.path.glob("*.toc"):
        toc.write_bytes(b"\x00 written by some other version \x00")
    client = create_app(tmp_path / "index").test_client()
    page = client.get("/")
    assert page.status_code == 503 and "practices index --full" in text(page)
    assert client.get("/api/search?q=roma").status_code == 503
    result = CliRunner().invoke(main, ["search", "roma", "--index", str(tmp_path / "index")])
    assert result.exit_code != 0 and "practices index --full" in result.output
    assert "Traceback" not in result.output


def test_page_says_how_many_hold_every_word_and_marks_where_partial_matches_start(client, engine):
    from practice_search.search.engine import SearchRequest

    query = "refugee housing tenants"
    result = engine.search(SearchRequest(query=query, per_page=50))
    assert 0 < result["total_all_words"] < result["total"] and not result["relaxed"]
    html = text(client.get("/?q=refugee+housing+tenants&per_page=50"))
    every = result["total_all_words"]
    assert f"{every} practice{'s' if every != 1 else ''} contain{'s' if every == 1 else ''} every word" in html
    assert f"the other {result['total'] - every} contain most of them" in html
    assert 'href="/?q=refugee+housing+tenants&amp;match=all&amp;per_page=50"' in html
    items = re.findall(r'<li class="result(?:-version)?( result--partial-start)?">', html)
    assert len(items) == len(result["results"])
    assert [bool(mark) for mark in items].index(True) == every, "the divider sits before the first partial match"
    assert html.count("result__divider") == 1
    strict = text(client.get("/?q=refugee+housing+tenants&match=all"))
    assert "Only practices that contain every word" in strict and "result--partial-start" not in strict
    assert f"{every} practice" in strict


def test_api_reports_match_mode_and_bad_match_is_a_400(client):
    data = client.get("/api/search?q=refugee+housing+tenants&match=all").get_json()
    assert data["match"] == "all" and data["total"] == data["total_all_words"]
    assert client.get("/api/search?q=x&match=some").status_code == 400
