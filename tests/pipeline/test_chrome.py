"""Chrome recognised by what it is: the facet sidebar by its vocabulary, other chrome by its kind."""

import pytest

from practice_search.ingest.chrome import chrome_mask, classify, clean_lines
from practice_search.ingest.html_page import parse_html
from practice_search.ingest.text_page import parse_text

BODY = ("Neighbours meet on closed streets every month, and the city lends them tables, chairs and games "
        "so that long-standing and new residents get to know each other.")


def test_sidebar_header_of_two_text_nodes_does_not_crash_the_html_parser():
    page = f"""<html><body><a href='/gp'>Back</a><h1>Shared Streets</h1><p>{BODY}</p>
    <div class='panel'><h3>Filter by<span class='sr-only'>Filter by</span></h3>
    <ul><li>Spain</li><li>Italy</li><li>Japan</li><li>Austria</li><li>Norway</li><li>Poland</li></ul>
    <a>Reset Filter</a></div></body></html>"""
    parsed = parse_html(page)
    assert parsed.title == "Shared Streets"
    text = " ".join(s.text for s in parsed.sections)
    assert "Neighbours meet" in text
    assert "Japan" not in text and "Filter" not in text


def test_doubled_sidebar_header_inside_one_container_is_removed_once():
    page = f"""<html><body><h1>Shared Streets</h1><p>{BODY}</p>
    <section><div><p>Filter by</p><p>Filter by</p></div><p>Topic</p><p>Education</p><p>Roma</p><p>Refugees</p>
    <p>Countries</p><p>Spain</p><p>Italy</p><p>Reset Filter</p></section></body></html>"""
    text = " ".join(s.text for s in parse_html(page).sections)
    assert "Neighbours meet" in text and "Refugees" not in text and "Reset" not in text


@pytest.mark.parametrize("header", ["Filter by", "Filtrer par", "Filtra per", "Suodata", "", "Refine the list"])
def test_text_sidebar_is_found_whatever_its_header_says(header):
    lines = [header, "Thème", "Éducation (4)", "Roms (2)", "Pays", "Autriche", "Japon", "Luxembourg", "Année",
             "2018", "2019", "2020", "Réinitialiser"]
    mask = chrome_mask(["Title", "", BODY, "", *lines])
    assert mask[:3] == [False, False, False]
    assert all(mask[4 + i] for i, line in enumerate(lines) if line and line != "Refine the list")


def test_items_run_together_on_one_line_are_a_sidebar():
    line = ("Filter by Topic Anti-rumour Education Roma Refugees Countries Austria Japan Luxembourg Year 2015 2016 "
            "2017 Reset Filter")
    assert classify(line).kind == "packed"
    assert chrome_mask([BODY, line]) == [False, True]


def test_prose_that_names_countries_and_topics_is_kept():
    prose = ("Partners from Spain, Italy, Portugal, France, Germany and Greece shared their experience of "
             "Education and Refugees work.")
    lines = ["Title", prose, "Partners", "Spain", "Italy", "2019", BODY]
    assert chrome_mask(lines) == [False] * len(lines)


def test_a_period_line_next_to_a_sidebar_is_not_part_of_it():
    lines = ["Shared Streets", "2019", "Topic", "Education", "Roma", "Refugees", "Anti-rumour", "Housing and urban "
             "planning", "Country", "Spain", "Italy", BODY]
    mask = chrome_mask(lines)
    assert mask[:2] == [False, False] and all(mask[2:11]) and not mask[11]


def test_a_practice_own_facts_list_is_not_a_sidebar():
    lines = ["Country", "Denmark", "City", "Aarhus", "Period", "2021 (ongoing since 2017)", "Topics",
             "Welcoming and social integration", "Business and Employment", "International outlook", BODY]
    assert chrome_mask(lines) == [False] * len(lines)


@pytest.mark.parametrize("line", [
    "Diminuer la taille du texte", "Augmenter la taille du texte", "Imprimer la page", "Imprimer en PDF",
    "Schrift vergrößern Seite drucken", "Share this page", "Social media", "Read More", "Read more about Amadora »",
    "Leggi di più", "Council of Europe, Avenue de l'Europe, F-67075 Strasbourg Cedex",
    "Home > Good practice > Shared Streets", "This website uses cookies to improve your experience.",
])
def test_other_chrome_lines(line):
    assert chrome_mask([BODY, line, BODY]) == [False, True, False]


def test_related_practice_block_goes_whole():
    lines = [BODY, "", "Related practices", "Anti-rumour agents", "Portugal Amadora 2019-2021",
             "Volunteers answer rumours about migrants in cafés.", "Read More"]
    assert chrome_mask(lines) == [False, False, True, True, True, True, True]


def test_read_more_glued_to_a_paragraph_is_cut():
    assert clean_lines([BODY + " Read more about the network »"]) == [BODY]


def test_text_page_with_sidebar_between_title_and_body_keeps_the_body():
    text = "\r\n".join(["Back", "Shared Streets", "2019 - ongoing", "Filtrer par", "Thème", "Éducation", "Roms",
                       "Pays", "Autriche", "Japon", "Année", "2019", "2020", "2021", "", "Purpose", BODY])
    page = parse_text(text)
    body = " ".join(f"{s.heading} {s.text}" for s in page.sections)
    assert "Neighbours meet" in body
    assert "Japon" not in body and "Roms" not in body


def test_a_read_more_link_under_the_meta_line_leaves_title_and_meta_alone():
    lines = ["Back", "Welcome centre for new residents", "Denmark Aarhus 2021 (ongoing since 2017)",
             "Read more about Stuttgart »", "Purpose", BODY]
    assert chrome_mask(lines) == [False, False, False, True, False, False]


def test_the_address_footer_takes_its_own_lines_only():
    lines = ["Council of Europe", "Avenue de l'Europe F-67075 Strasbourg Cedex", "France", "Tel. +33 (0)3 88 41 20 00",
             "Zurück", "Welcome centre for new residents", "Denmark Aarhus 2021", "Purpose", BODY]
    assert chrome_mask(lines) == [True, True, True, True, False, False, False, False, False]


def test_a_title_block_between_two_halves_of_a_sidebar_is_kept():
    first = ["Topic", *("Education", "Roma", "Refugees", "Anti-rumour", "Multilingualism"), "Year",
             "2015 2016 2017 2018 2019 2020"]
    second = ["Filtres actifs", "Pays", "Autriche Japon Luxembourg Norvège Suisse Grèce"]
    lines = [*first, "", "Retour", "", "Local Forum for Religious Diversity", "", "2012 onwards", "", *second, BODY]
    mask = chrome_mask(lines)
    kept = [line for line, chrome in zip(lines, mask, strict=True) if not chrome and line]
    assert kept == ["Retour", "Local Forum for Religious Diversity", "2012 onwards", BODY]


@pytest.mark.parametrize("line", ["Filtres actifs", "Suodata", "Inicio / Buenas prácticas / Mediation panel against "
                                  "discrimination in housing, work and public services for residents of Oslo"])
def test_a_filter_header_or_a_breadcrumb_alone_is_chrome(line):
    assert chrome_mask([BODY, line, BODY]) == [False, True, False]


@pytest.mark.parametrize("line", ["Read more about the project in the city's annual report, which lists every partner.",
                                  "- Spain", "Partners in 12 cities"])
def test_body_lines_that_look_like_chrome_are_kept(line):
    assert chrome_mask([BODY, line, BODY]) == [False, False, False]


def test_counts_printed_bare_or_bracketed_and_bulleted_items():
    lines = ["• Education 12", "• Roma [3]", "• Refugees (7)", "• Anti-rumour 2", "• Multilingualism 9",
             "Countries", "Spain 4", "Italy 1"]
    assert chrome_mask([BODY, *lines]) == [False] + [True] * len(lines)


def test_a_short_list_of_countries_just_before_the_sidebar_stays_in_the_body():
    body_list = ["The partners came from three countries:", "- Spain", "- Italy", "- Greece"]
    sidebar = ["Thema", "Bildung", "Roma", "Geflüchtete", "Anti-rumour", "Education", "Länder", "Spanien",
               "Italien", "Japan", "Jahr", "2019", "2020", "2021"]
    mask = chrome_mask([*body_list, "", *sidebar])
    assert mask == [False] * 5 + [True] * len(sidebar)


def test_the_address_footer_never_takes_a_list_of_countries_before_it():
    lines = [BODY, "- Spain", "- Italy", "- Greece", "Council of Europe", "Avenue de l'Europe F-67075 Strasbourg Cedex",
             "France"]
    assert chrome_mask(lines) == [False] * 4 + [True] * 3


def test_chrome_between_the_meta_line_and_a_read_more_link_is_no_teaser():
    lines = ["Zurück", "Welcome centre for new residents", "Denmark Aarhus 2021 (ongoing since 2017)",
             "Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "Alle akzeptieren",
             "Ablehnen", "Read more about Stuttgart »", "Purpose", BODY]
    assert chrome_mask(lines) == [False, False, False, True, True, True, True, False, False]


def test_counts_on_lines_of_their_own_and_glyph_buttons():
    sidebar = ["Topic", "Education", "12", "Roma", "3", "Refugees", "7", "Anti-rumour", "2", "Multilingualism", "9",
               "Year", "2023", "4", "2024", "7"]
    toolbar = "A- A+ DIMINUER LA TAILLE DU TEXTE AUGMENTER LA TAILLE DU TEXTE IMPRIMER LA PAGE"
    assert chrome_mask([BODY, *sidebar, toolbar]) == [False] + [True] * (len(sidebar) + 1)


@pytest.mark.parametrize("meta", ["Mexico Mexico City 2016 - 2017", "Luxembourg Luxembourg 2019 2020",
                                  "Spain Italy 2018 - 2021"])
def test_a_meta_line_of_facet_words_is_not_a_run_together_sidebar(meta):
    assert classify(meta).kind != "packed"


def test_a_period_line_next_to_the_address_footer_is_no_phone_number():
    lines = ["Ongi Etorri Eskolara!", "2016-2019", "Council of Europe Avenue de l'Europe F-67075 Strasbourg Cedex",
             "+33 (0)3 88 41 20 00", BODY]
    assert chrome_mask(lines) == [False, False, True, True, False]


LIST_ENDS = [["- Spain", "- Italy", "- Greece"], ["Spain", "Italy", "Greece"], ["Spain Madrid", "Italy Rome",
                                                                               "Greece Athens"],
             ["- Norway Oslo 2019", "- Spain Bilbao 2020"], ["• Portugal", "• Norway"]]


@pytest.mark.parametrize("items", LIST_ENDS)
@pytest.mark.parametrize("link", ["Read More", "Read more about Basel »", "Lisbon の続きを読む »", "Lue lisää"])
def test_a_practice_list_of_places_before_a_read_more_link_is_no_related_teaser(items, link):
    """A related block is a title, a place line, a teaser: a list item naming places is none of them."""
    lines = ["Partners:", *items, "", BODY, "The partners came from three countries:", "", link]
    mask = chrome_mask(lines)
    assert mask[:-1] == [False] * (len(lines) - 1) and mask[-1]
    html = ("<html><body><h1>Shared Streets</h1><p>2019</p><h3>Purpose</h3><ul>"
            + "".join(f"<li>{i.lstrip('-• ')}</li>" for i in items) + f"</ul><p>{BODY}</p>"
            f"<p>The partners came from three countries:</p><div><a href='#'>{link}</a></div></body></html>")
    text = " ".join(s.text for s in parse_html(html).sections)
    assert BODY in text and "three countries" in text and all(i.lstrip("-• ") in text for i in items)


@pytest.mark.parametrize("toolbar", [[], ["Schrift verkleinern", "Schrift vergrößern", "Seite drucken", ""]])
def test_a_short_list_before_a_sidebar_half_that_opens_with_a_count_line_stays(toolbar):
    """The sidebar cut in two halves between an item and its count: the second half opens with '1'."""
    items = ["International outlook", "1", "Leadership and Political Commitment", "4", "Multilingualism", "2",
             "Neighbourhood", "7", "Refugees", "3", "Roma", "1", "Jahr", "2019", "2020", "2021"]
    lines = [BODY, "The partners came from three countries:", "", "- Spain", "", "- Italy", "", "- Greece", "", "",
             *toolbar, "1", *items]
    mask = chrome_mask(lines)
    assert mask[:8] == [False] * 8 and all(mask[10 + len(toolbar):])
