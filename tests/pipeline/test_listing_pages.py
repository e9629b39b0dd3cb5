"""Listing pages, saved as HTML or text, in the current and older dated layouts: never a practice, always facts."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.cli import main
from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.listing import listing_items, text_listing_items
from practice_search.ingest.text_utils import slugify
from tests.crawl.icc_fixture_site import FixtureSite

TITLES = ["Shared Values", "OXLO - Oslo Extra Large", "An Anti-Racism Cockpit", "Festival delle Culture",
          "The Inclusive Employer", "Participatory Budget", "Tachles: Arab-Jewish Youth Club", "Mescla’t",
          "Fargespil (Kaleidoscope)", "Welcome Desk for Newcomers"]
PLACES = [("Spain", "Barcelona"), ("Portugal", "Lisbon Loures"), ("Norway", "Oslo"), ("Italy", "Turin"),
          ("United Kingdom", "Camden"), ("Germany", "Berlin")]
PERIODS = ["2019-2021", "21 June 2018", "8 December 2020", "Since 2016", "2nd half 2021", "permanent", ""]
LABELS = ["Back", "Voltar", "Indietro", "Retour", "Zurück zur Übersicht", "Atzealdea", "Takaisin", "戻る"]
READ_MORE = ["Read More", "Read more »", "En savoir plus", "Leer más", "Ler mais", ""]
BODY = ("The city opened a welcome desk where newcomers get advice in their own language, and volunteers "
        "from many communities accompany them to the services they need in their first months there. ") * 2


def test_html_listings_of_the_portal_are_listings_and_detail_pages_are_not():
    site = FixtureSite()
    for start in (0, 3, 6):
        items = listing_items(site.listing(start))
        assert [i.title for i in items][:3] == [p.title for p in site.practices[start:start + 3]]
    for practice in site.practices:
        assert listing_items(site.detail(practice)) is None


items = st.lists(st.tuples(st.sampled_from(TITLES), st.sampled_from(PLACES), st.sampled_from(PERIODS),
                           st.sampled_from(READ_MORE)), min_size=2, max_size=8, unique_by=lambda t: t[0])


def _text_listing(entries, intro: bool, sidebar: bool) -> str:
    lines = ["Intercultural cities: good practice examples",
             "To get acquainted with cities' good practices, browse the list or filter it.", ""] if intro else []
    for title, (country, cities), period, more in entries:
        lines += [title, f"{country} {cities} {period}".strip(), "A short teaser about what the city did.",
                  *([more] if more else []), ""]
    if sidebar:
        lines += ["Filter by", "Topic", "Education", "Roma", "Refugees", "Country", "Spain", "Norway", "Year", "2019"]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=items, intro=st.booleans(), sidebar=st.booleans())
def test_text_listings_in_current_and_dated_layouts(entries, intro, sidebar):
    found = text_listing_items(_text_listing(entries, intro, sidebar))
    assert found is not None
    assert [i.title for i in found] == [e[0] for e in entries]
    for item, (_, (country, _cities), period, _) in zip(found, entries, strict=True):
        assert item.countries == [country]
        assert (item.period or "") == period
        assert not any(c[0].isdigit() for c in item.cities)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(related=st.lists(st.tuples(st.sampled_from(TITLES), st.sampled_from(PLACES), st.sampled_from(PERIODS),
                                  st.sampled_from(READ_MORE)), min_size=2, max_size=3, unique_by=lambda t: t[0]),
       body=st.sampled_from([BODY, "The desk opened in 2019.", "Volunteers help."]),
       back=st.sampled_from([*LABELS, "Template for collection of Good practices >>"]))
def test_a_detail_page_with_related_practices_is_no_listing(related, body, back):
    text = "\n".join([back, "Shared Streets", "2019", "", "Purpose", body, "", "Impact", body, "",
                      "Related practices", "", _text_listing(related, False, False)])
    assert text_listing_items(text) is None
    html = (f"<html><body><a href='/gp'>{back}</a><h1>Shared Streets</h1><h3>Purpose</h3>"
            f"<p>{body}</p><h3>Impact</h3><p>{body}</p><div class='related'>"
            + "".join(f"<div><h4><a href='/web/icc/-/{slugify(t)}'>{t}</a></h4><p>{c} {p}</p>"
                      f"<a href='/web/icc/-/{slugify(t)}'>Read More</a></div>" for t, (c, _x), p, _m in related)
            + "</div></body></html>")
    assert listing_items(html) is None


def test_the_sample_corpus_has_no_listing(corpus_report):
    assert corpus_report.listings == []


def test_listings_in_a_corpus_are_reported_never_indexed_and_give_their_facts(tmp_path):
    site = FixtureSite()
    (tmp_path / "good-practice.html").write_text(site.listing(0), encoding="utf-8")
    for practice in site.practices[:2]:
        (tmp_path / f"{practice.slug}.html").write_text(site.detail(practice), encoding="utf-8")
    (tmp_path / "older-listing.txt").write_text(_text_listing(
        [("Welcome Desk for Newcomers", ("Spain", "Barcelona"), "21 June 2018", "Read More"),
         ("Shared Values", ("Portugal", "Lisbon"), "8 December 2020", "")], True, True), encoding="utf-8")
    (tmp_path / "welcome-desk-for-newcomers.txt").write_text(f"{BODY}\n\n{BODY}\n", encoding="utf-8")
    report = load_corpus(tmp_path, current_year=2026)
    assert report.rejected == []
    assert sorted(p.id for p in report.practices) == ["amadora-anti-rumour-agents", "lublin-together-against-hate",
                                                      "welcome-desk-for-newcomers"]
    by_id = {p.id: p for p in report.practices}
    assert by_id["amadora-anti-rumour-agents"].cities == ["Amadora", "Lisbon", "Loures"]
    assert by_id["lublin-together-against-hate"].countries == ["Poland"]
    desk = by_id["welcome-desk-for-newcomers"]
    assert (desk.title, desk.cities, desk.period, desk.years) == ("Welcome Desk for Newcomers", ["Barcelona"],
                                                                  "21 June 2018", [2018])
    assert {x.source: x.items for x in report.listings} == {"good-practice.html": 3, "older-listing.txt": 2}

    result = CliRunner().invoke(main, ["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["indexed"] == 3 and summary["rejected"] == []
    assert {x["source"] for x in summary["listings"]} == {"good-practice.html", "older-listing.txt"}
    assert summary["title_sources"]["listing"] == 1


junk = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(["<div>", "</div>", "<h3>", "Filter by", "<span>Filter by</span>", "Reset Filter",
                              "<a href='/web/icc/-/x'>", "</a>", "<aside>", "Spain Barcelona 2019", "<p>", "\x00",
                              "<li>", "Read More", "<!--", "-->", "<table><tr><td>"]), max_size=40)
    .map(lambda parts: "".join(parts).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=junk)
def test_parse_listing_never_shows_a_traceback(tmp_path_factory, page):
    path = tmp_path_factory.mktemp("listing") / "page.html"
    path.write_bytes(page)
    for extra in ([], ["--json"]):
        result = CliRunner().invoke(main, ["parse-listing", str(path), *extra])
        assert result.exit_code in (0, 1)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


def test_an_incremental_update_follows_a_changed_listing(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    site = FixtureSite()
    practice = site.practices[0]
    (corpus / f"{practice.slug}.html").write_text(site.detail(practice), encoding="utf-8")
    (corpus / "good-practice.html").write_text(site.listing(0), encoding="utf-8")

    def show() -> dict:
        assert CliRunner().invoke(main, ["index", str(corpus), "--index", str(index), "-q"]).exit_code == 0
        result = CliRunner().invoke(main, ["show", practice.slug, "--index", str(index), "--json"])
        return json.loads(result.stdout)

    assert show()["cities"] == ["Amadora", "Lisbon", "Loures"]
    site.practices[0].line = "Portugal Seixal 2019-2021"
    (corpus / "good-practice.html").write_text(site.listing(0), encoding="utf-8")
    assert show()["cities"] == ["Seixal"]


def test_parse_listing_reads_a_text_listing(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text(_text_listing([("Shared Values", ("Spain", "Barcelona"), "21 June 2018", "Read More"),
                                   ("Participatory Budget", ("Norway", "Oslo"), "permanent", "")], True, True),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["parse-listing", str(path), "--json"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)["items"]
    assert [(i["title"], i["cities"], i["period"]) for i in items] == [
        ("Shared Values", ["Barcelona"], "21 June 2018"), ("Participatory Budget", ["Oslo"], "permanent")]


# What listing pages print around their items: result counts and pagination, in the interface languages.
COUNTS = ["Showing 1-20 of 360 results", "Showing 21 - 40 of 360", "360 results", "Affichage de 1 à 20 sur 360",
          "Resultados 1-20 de 360", "Risultati 1-20 di 360", "Ergebnisse 1 - 20 von 360", ""]
PAGINATION = [["Page 2 of 10"], ["« Previous", "1", "2", "3", "…", "18", "Next »"], ["Page 1 sur 18", "Suivant »"],
              ["‹ Anterior", "Siguiente ›"], ["1 2 3 4 5 … 18 »"], ["Seite 2 von 18", "Weiter »"], []]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=items, count=st.sampled_from(COUNTS), paging=st.sampled_from(PAGINATION),
       where=st.sampled_from(["top", "bottom", "both"]), as_html=st.booleans())
def test_listings_with_result_counts_and_pagination_are_listings(tmp_path_factory, entries, count, paging, where,
                                                                 as_html):
    folder = tmp_path_factory.mktemp("paged")
    top = [count] + (paging if where in ("top", "both") else [])
    bottom = paging if where in ("bottom", "both") else []
    if as_html:
        link = "https://www.coe.int/en/web/interculturalcities/-/{}"
        body = "".join(
            f"<div class='item'><h3><a href='{link.format(slugify(title))}'>{title}</a></h3>"
            f"<p>{country} {cities} {period}</p><p>A short teaser about what the city did.</p>"
            f"<a href='{link.format(slugify(title))}'>Read More</a></div>"
            for title, (country, cities), period, _more in entries)
        page = (f"<html><body><p>{top[0]}</p>{_pager(top[1:])}<div class='results'>{body}</div>{_pager(bottom)}"
                "</body></html>")
        (folder / "good-practice.html").write_text(page, encoding="utf-8")
    else:
        text = "\n".join([*top, "", _text_listing(entries, True, False), "", *bottom])
        (folder / "good-practice.txt").write_text(text, encoding="utf-8")
    report = load_corpus(folder, current_year=2026)
    assert report.practices == [] and report.rejected == []
    assert [x.items for x in report.listings] == [len(entries)]
    found = listing_items(page) if as_html else text_listing_items(text)
    assert [i.title for i in found] == [e[0] for e in entries]
    assert [i.countries for i in found] == [[e[1][0]] for e in entries]


def _pager(parts: list[str]) -> str:
    return "<ul class='pager'>" + "".join(f"<li><a href='?start={i}'>{x}</a></li>" for i, x in enumerate(parts)) + \
        "</ul>"
