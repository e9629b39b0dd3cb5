"""Titles of real renderings: back labels in any interface language, boilerplate above, or no title at all."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.ingest import titles
from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.data_files import read_json
from practice_search.ingest.text_page import parse_text

# Real practice titles (facts from the programme's public listings), in several languages and shapes.
TITLES = [
    "Roma Strategy for the Bradford District (2021-2025)", "Immigration City Erlangen", "Mescla’t",
    "The Inclusive Auckland Framework", "Schilleria Girl´s Café - PolitTalk (Schilleria Mädchentreff)",
    "Promoting an international outlook", "Festival delle Culture", "OXLO - Oslo Extra Large", "Shared Values",
    "Evaluation of the City of Geneva's diversity policy for the period 2016-2020", "LUCIDE",
    "Genève, sa gueule – Sharing the diversity of the city", "CLAIM – Migrant Integration Local Support Centre",
    "Tachles: Arab-Jewish Youth Club", "Fargespil (Kaleidoscope)", "An Anti-Racism Cockpit",
    "Valladolid’s Plan for intercultural coexistence 2019-2023",
    "Kawasaki Representative Assembly for Foreign Residents",
    "Participatory Budget", "The Bergen Reception Centre for Refugees", "Interkulturelle Elternarbeit",
    "Back to school in Oslo", "Return of the Neighbours' Festival",
]
BODY = ("The city opened a welcome desk where newcomers get advice in their own language, and volunteers "
        "from many communities accompany them to the services they need in their first months.")
INTRO = [
    "Intercultural cities: good practice examples",
    "To get acquainted with cities' good practices, browse the examples below or narrow them down.",
    "Visit our COVID-19 special page to see how cities respond to the pandemic",
    "Template for collection of Good practices >>",
]
LABELS = read_json("back_labels.json")["labels"]
LANGUAGES = ["en", "fr", "de", "it", "es", "pt", "nl", "pl", "ro", "el", "uk", "fi", "sv", "no", "da", "eu", "ca",
             "hr", "sr", "tr", "ja", "ko"]


def test_the_data_file_covers_every_interface_language_with_several_forms():
    for language in LANGUAGES:
        assert len(LABELS.get(language, [])) >= 3, language
    assert "Zurück zur Übersicht" in LABELS["de"] and "Voltar" in LABELS["pt"]


labels = st.sampled_from(sorted({label for forms in LABELS.values() for label in forms}))
arrows = st.sampled_from(["", "« ", "< ", "← ", "‹ "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=labels, arrow=arrows, title=st.sampled_from(TITLES), layout=st.sampled_from(["inline", "alone"]),
       intro=st.lists(st.sampled_from(INTRO), max_size=3), crlf=st.booleans(),
       period=st.sampled_from(["", "2016", "Permanent since 2012", "Ongoing activities (Since 2012)", "permanent"]),
       subtitle=st.booleans())
def test_back_label_times_language_times_layout(label, arrow, title, layout, intro, crlf, period, subtitle):
    head = [*intro, ""]
    head += [f"{arrow}{label} {title}"] if layout == "inline" else [f"{arrow}{label}", "", title]
    under = (["A network of neighbours for every new family."] if subtitle else []) + ([period] if period else [])
    text = "\n".join([*head, *under, "", "Purpose", BODY, "", "Impact", BODY])
    page = parse_text(text.replace("\n", "\r\n") if crlf else text)
    assert page.title == title
    assert page.meta_line == (period or None)
    assert [s.heading for s in page.sections if BODY in s.text] == ["Purpose", "Impact"]


@pytest.mark.parametrize("title", ["Back to school in Oslo", "Retour à l'emploi des jeunes", "Volver a empezar"])
def test_a_title_that_starts_with_a_label_word_is_kept_whole(title):
    assert titles.strip_back_label(title) == title
    assert parse_text(f"Back\n\n{title}\n\nPurpose\n{BODY}").title == title


@pytest.mark.parametrize("line", INTRO)
def test_boilerplate_is_never_a_title(line):
    page = parse_text(f"{line}\n\nShared Values\n\nPurpose\n{BODY}")
    assert page.title == "Shared Values"
    assert not titles.looks_like_title(line)
    assert titles.clean_title(line) == ""


@given(first=st.sampled_from([BODY, "Purpose", "Purpose: " + BODY, "2019 - ongoing", "Spain Barcelona 2019",
                              "Permanent"]))
def test_a_body_only_rendering_has_no_title_and_keeps_its_text(first):
    page = parse_text(f"{first}\n\n{BODY}\n\nMore text follows here, and it is a sentence of the body too.")
    assert page.title == ""
    assert BODY in " ".join(s.text for s in page.sections)


def _body_only(folder: Path, name: str, sidecar: dict | None = None) -> None:
    (folder / f"{name}.txt").write_text(f"{BODY}\n\nThe desk is open five days a week in the city hall.\n",
                                        encoding="utf-8")
    if sidecar is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")


def test_titles_come_from_sidecar_then_listing_then_slug_and_the_report_says_which(tmp_path):
    _body_only(tmp_path, "from-sidecar", {"title": "Title From The Sidecar"})
    _body_only(tmp_path, "from-sidecar-url", {"url": "https://example.org/web/icc/-/welcome-desk-oslo"})
    _body_only(tmp_path, "welcome-desk-in-barcelona")
    (tmp_path / "listing.txt").write_text(
        "Welcome Desk in Barcelona\nSpain Barcelona 21 June 2018\nA desk for newcomers.\nRead More\n\n"
        "Other Practice\nNorway Oslo 2019\nAnother teaser.\nRead More\n", encoding="utf-8")
    report = load_corpus(tmp_path, current_year=2026)
    by_id = {p.id: p for p in report.practices}
    assert by_id["from-sidecar"].title == "Title From The Sidecar"
    assert by_id["from-sidecar-url"].title == "Welcome desk oslo"
    assert by_id["welcome-desk-in-barcelona"].title == "Welcome Desk in Barcelona"
    assert by_id["welcome-desk-in-barcelona"].cities == ["Barcelona"] and by_id["from-sidecar"].cities == []
    assert report.title_sources == {"from-sidecar": "sidecar", "from-sidecar-url": "slug",
                                    "welcome-desk-in-barcelona": "listing"}
    assert report.title_counts() == {"page": 0, "sidecar": 1, "listing": 1, "slug": 1}
    assert not report.rejected and [x.source for x in report.listings] == ["listing.txt"]
    assert any("URL slug" in w.reason for w in report.warnings if w.source == "from-sidecar-url.txt")
    for practice in report.practices:
        assert BODY[:40] not in practice.title


def test_an_export_keeps_its_titles_and_a_heading_loses_its_back_label(tmp_path):
    (tmp_path / "export.jsonl").write_text(json.dumps({"id": "home", "title": "Back Home Festival", "body": BODY}),
                                           encoding="utf-8")
    (tmp_path / "page.html").write_text(f"<html><body><h1>Voltar Shared Values</h1><p>2016</p><h3>Purpose</h3>"
                                        f"<p>{BODY}</p></body></html>", encoding="utf-8")
    report = load_corpus(tmp_path, current_year=2026)
    assert {p.id: p.title for p in report.practices} == {"home": "Back Home Festival", "page": "Shared Values"}
    assert set(report.title_sources.values()) == {"page"}


@pytest.mark.parametrize("label", ["Zurück", "Voltar", "Back", "Indietro"])
def test_a_back_link_inside_the_title_heading(tmp_path, label):
    (tmp_path / "week.html").write_text(
        f"<html><body><h1><a href='/gp'>{label}</a> Intercultural Week</h1><p>Since 2015</p>"
        f"<h3>Purpose</h3><p>{BODY}</p></body></html>", encoding="utf-8")
    practice = load_corpus(tmp_path, current_year=2026).practices[0]
    assert (practice.title, practice.period) == ("Intercultural Week", "Since 2015")
    assert practice.sections[0].heading == "Purpose" and BODY in practice.sections[0].text


LEAD = "Honouring everyday bridge-builders in Neuchâtel"


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_a_body_only_rendering_with_a_sidecar_title_keeps_its_first_paragraph(tmp_path, kind):
    page = (f"{LEAD}\n\nPurpose\n{BODY}\n" if kind == "txt"
            else f"<html><body><p>{LEAD}</p><h3>Purpose</h3><p>{BODY}</p></body></html>")
    (tmp_path / f"prize.{kind}").write_text(page, encoding="utf-8")
    (tmp_path / "prize.meta.json").write_text(json.dumps({"title": "Citizenship Prize"}), encoding="utf-8")
    report = load_corpus(tmp_path, current_year=2026)
    practice = report.practices[0]
    assert practice.title == "Citizenship Prize" and report.title_sources == {"prize": "sidecar"}
    assert LEAD in practice.body and BODY in practice.body


def test_a_heading_that_is_only_a_back_label_is_not_the_title():
    from practice_search.ingest.html_page import parse_html

    page = parse_html(f"<html><body><h1>Voltar</h1><h2>Shared Values</h2><h3>Purpose</h3><p>{BODY}</p></body></html>")
    assert page.title == "Shared Values"


# Titles that open with punctuation, in the quoting styles of the site's languages: the back label before
# them goes, the opening mark stays (it pairs with a closing one later in the title, or opens a question).
OPENING_PUNCTUATION_TITLES = [
    "« Je suis... » : la médiation culturelle au service du vivre-ensemble", "«Vivre ensemble» à Neuchâtel",
    "“Open Doors” Festival", "„Wir sind Nachbarn“ – Nachbarschaftsfeste", "‚Kiezläufer‘ im Quartier",
    "»Willkommen« in Erlangen", "›Hallo‹ Nachbar", "「多文化共生」まちづくり", "『ともに』プロジェクト",
    "(Re)thinking the city together", "[Inclusive] Schools Network", "¿Hablamos? Conversation groups",
    "¡Bienvenidos! Welcome days", "\"Hello Neighbour\" Week", "'Our Street' Festival", "‘Small Talk’ cafés",
    "„Razem” – wspólne sąsiedztwo", "«Ciao» al quartiere",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=labels, arrow=arrows, title=st.sampled_from(OPENING_PUNCTUATION_TITLES),
       separator=st.sampled_from([" ", "  ", " | ", " - ", " : ", " » ", " › ", " > "]))
def test_a_back_label_before_a_title_keeps_the_titles_opening_punctuation(label, arrow, title, separator):
    line = f"{arrow}{label}{separator}{title}"
    assert titles.strip_back_label(line) == title
    assert parse_text(f"{line}\n2016\n\nPurpose\n{BODY}").title == title


@pytest.mark.parametrize("title", OPENING_PUNCTUATION_TITLES)
def test_a_back_link_inside_an_html_title_heading_keeps_the_titles_opening_punctuation(tmp_path, title):
    (tmp_path / "page.html").write_text(
        f"<html><body><h1><a href='/gp'>Retour</a> {html.escape(title)}</h1><p>2016</p>"
        f"<h3>Purpose</h3><p>{BODY}</p></body></html>", encoding="utf-8")
    practice = load_corpus(tmp_path, current_year=2026).practices[0]
    assert (practice.title, practice.period) == (title, "2016")


@pytest.mark.parametrize("title", OPENING_PUNCTUATION_TITLES)
def test_a_title_opening_with_punctuation_is_a_title(title):
    assert titles.clean_title(title) == title
    assert parse_text(f"Back\n\n{title}\n2016\n\nPurpose\n{BODY}").title == title


# Section headings of body-only renderings: known ones, localized ones ('Fondement', 'Progrès'), and ones no
# list holds. Without an h1 or a back link, no section heading may become the title and take text with it.
HEADING_SETS = [["Concept", "Fondement", "Progrès"], ["Concepto", "Fundamento", "Progreso"],
                ["Konzept", "Grundlage", "Fortschritt"], ["Cel", "Przebieg", "Efekty"], ["Tavoite", "Prosessi"],
                ["Purpose", "Stimulus/Rationale", "Process"]]
SECOND = "Volunteers meet newcomers every week in the library, and the city pays for their training."


@pytest.mark.parametrize("headings", HEADING_SETS, ids=lambda h: h[0])
@pytest.mark.parametrize("level", ["h2", "h3", "h4"])
def test_a_body_only_html_rendering_loses_no_section_to_the_title(tmp_path, headings, level):
    sections = "".join(f"<{level}>{h}</{level}><p>{i} {BODY}</p><p>{i} {SECOND}</p>" for i, h in enumerate(headings))
    (tmp_path / "desk.html").write_text(f"<html><body><div class='content'>{sections}</div></body></html>",
                                        encoding="utf-8")
    (tmp_path / "desk.meta.json").write_text(json.dumps({"title": "Welcome Desk"}), encoding="utf-8")
    practice = load_corpus(tmp_path, current_year=2026).practices[0]
    assert practice.title == "Welcome Desk"
    for i, _ in enumerate(headings):
        assert f"{i} {BODY}" in practice.body and f"{i} {SECOND}" in practice.body
    assert all(h in practice.body or h in [s.heading for s in practice.sections] for h in headings)
