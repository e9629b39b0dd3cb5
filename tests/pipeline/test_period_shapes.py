"""Periods generated from their parts, in several languages, and where they sit on a page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.ingest.periods import looks_like_period_line, parse_period
from practice_search.ingest.text_page import parse_text

NOW = 2026
years = st.integers(1990, NOW)
SINCE = ["Since {y}", "since {y}", "From {y}", "Permanent since {y}", "Ongoing activities (Since {y})",
         "Depuis {y}", "depuis {y}", "Desde {y}", "desde el {y}", "Dal {y}", "dal {y} in corso", "Seit {y}",
         "Vanaf {y}", "Od {y}", "Från {y}", "Fra {y}", "Din {y}", "{y} - ongoing", "{y} – en cours", "{y} onwards",
         "{y}-", "{y}年から", "{y}년부터", "{y}'den beri", "{y} lähtien", "З {y} року", "Από το {y}",
         "Activités permanentes depuis {y}"]
OPEN = ["permanent", "Permanent", "Permanente", "ongoing", "Ongoing", "En cours", "In corso", "Laufend",
        "dauerhaft", "Pysyvä"]
MONTHS = ["March", "June", "mars", "juin", "marzo", "giugno", "März", "Oktober", "setembro", "September"]


@settings(max_examples=200, deadline=None)
@given(form=st.sampled_from(SINCE), year=years)
def test_open_ended_periods_start_in_their_year(form, year):
    text = form.format(y=year)
    period = parse_period(text, NOW)
    assert (period.start_year, period.end_year, period.ongoing) == (year, NOW, True), text
    assert looks_like_period_line(text)


@given(form=st.sampled_from(OPEN))
def test_ongoing_without_a_year(form):
    period = parse_period(form, NOW)
    assert period.ongoing and period.parsed and period.years == []
    assert looks_like_period_line(form)


@settings(max_examples=200, deadline=None)
@given(first=years, length=st.integers(0, 8), dash=st.sampled_from([" - ", "-", " – ", " to ", " bis ", " au "]),
       month_a=st.sampled_from(["", *MONTHS]), month_b=st.sampled_from(["", *MONTHS]))
def test_closed_ranges(first, length, dash, month_a, month_b):
    last = min(first + length, NOW)
    text = f"{month_a} {first}{dash}{month_b} {last}".strip() if first != last else f"{month_a} - {month_b} {last}"
    period = parse_period(text, NOW)
    assert (period.start_year, period.end_year, period.ongoing) == (first, last, False), text
    assert period.years == list(range(first, last + 1))


@given(day=st.integers(1, 28), month=st.integers(1, 12), year=years, sep=st.sampled_from(["/", ".", "-"]))
def test_dates(day, month, year, sep):
    text = f"{day:02d}{sep}{month:02d}{sep}{year}"
    assert (parse_period(text, NOW).start_year, parse_period(text, NOW).end_year) == (year, year)


@given(title=st.sampled_from(["Roma Strategy for the Bradford District (2021-2025)", "Plan for coexistence 2019-2023",
                              "The 2015 Welcome Charter of the City"]))
def test_a_title_with_a_year_is_no_period_line(title):
    assert not looks_like_period_line(title)


BODY = ("Neighbours of every origin plan the street festival together with mediators from the city, "
        "and the festival has grown every year since it started.")


@settings(max_examples=150, deadline=None)
@given(form=st.sampled_from([*SINCE, *OPEN, "2016", "March - June 2018", "15/03/2021", "2019 - 2021"]), year=years,
       subtitle=st.sampled_from(["", "A street festival for every neighbourhood.", "Un festival pour tous"]),
       toolbar=st.booleans(), headings=st.booleans())
def test_the_period_line_after_the_title_and_an_optional_subtitle(form, year, subtitle, toolbar, headings):
    period = form.format(y=year)
    lines = ["Back", "Shared Streets", *([subtitle] if subtitle else []), period]
    if toolbar:
        lines += ["Diminuer la taille du texte", "Augmenter la taille du texte", "Imprimer la page"]
    lines += ["", "Purpose" if headings else "", BODY, "", "Impact" if headings else "", BODY]
    page = parse_text("\n".join(lines))
    assert page.title == "Shared Streets"
    assert page.meta_line == period
    assert period not in " ".join(s.text for s in page.sections)
