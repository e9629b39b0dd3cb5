"""The sample corpus meets its coverage promises (counted from the parsed records, not a list)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from practice_search.ingest.topics import topic_names
from tests.paths import CORPUS

# Names and counts from the programme's public listings (facts only, no text): tests/corpus/data.
REFERENCE = json.loads((Path(__file__).parent / "data" / "icc_reference_facts.json").read_text(encoding="utf-8"))
SITE_COUNTRIES = set(REFERENCE["countries_in_site_filter"])
CHROME = ("Filter by", "Reset Filter", "good practice examples", "Template for collection of Good practices",
          "Avenue de l'Europe", "Member cities", "Skip to main content", "layout imitation",
          "treats the diversity of its residents as a resource")


def test_nothing_rejected(corpus_report):
    assert corpus_report.rejected == []
    assert corpus_report.warnings == []


def test_size_and_formats(corpus_report):
    practices = corpus_report.practices
    kinds = Counter(p.source.split("/")[0].split(":")[0] for p in practices)
    assert len(practices) >= 160
    assert kinds["pages"] >= 130
    assert kinds["text"] >= 8
    assert kinds["export.jsonl"] >= 5
    assert len({p.id for p in practices}) == len(practices)


def test_every_topic_on_five_practices(corpus_report):
    counts = Counter(t for p in corpus_report.practices for t in p.topics)
    assert set(topic_names()) == set(REFERENCE["topics"])
    assert set(counts) == set(topic_names())
    assert min(counts.values()) >= 5


def test_countries_cities_and_years(corpus_report):
    practices = corpus_report.practices
    countries = {c for p in practices for c in p.countries}
    assert len(countries & SITE_COUNTRIES) >= 26
    assert len(countries - SITE_COUNTRIES) >= 2
    assert len({c for p in practices for c in p.cities}) >= 90
    years = {y for p in practices for y in p.years}
    assert min(years) <= 2009 and max(years) >= 2025
    assert set(REFERENCE["years_in_site_filter"]) <= years
    assert sum(len(p.cities) > 1 for p in practices) >= 15
    assert sum(len(p.countries) > 1 for p in practices) >= 3


def test_languages_and_translations(corpus_report):
    practices = corpus_report.practices
    other = [p for p in practices if p.language in {"fr", "es", "it", "de", "pt"}]
    assert len(other) >= 15
    assert {p.language for p in other} == {"fr", "es", "it", "de", "pt"}


def test_text_length_and_structure(corpus_report):
    for practice in corpus_report.practices:
        words = len(f"{practice.summary} {practice.body}".split())
        assert 250 <= words <= 1400, (practice.id, words)
    headings = {s.heading for p in corpus_report.practices for s in p.sections}
    assert {"Purpose", "Process", "Impact", "Concept", "Foundation", "Progress"} <= headings
    assert max(len(p.body.split()) for p in corpus_report.practices) >= 1000


def test_messiness_is_present(corpus_report):
    practices = corpus_report.practices
    assert any(not p.topics for p in practices), "a page without topic tags"
    assert any(p.period is None for p in practices), "pages without a period"
    assert len({p.period for p in practices if p.period}) >= 40, "periods in many styles"
    titles = Counter(p.title.casefold() for p in practices)
    assert any(n > 1 for n in titles.values()), "near-duplicate titles in different cities"
    cities = {c for p in practices for c in p.cities}
    assert {"Portimão", "Zurich", "Turin"} <= cities
    bodies = " ".join(p.body for p in practices)
    assert "Torino" in bodies and "Zürich" in bodies and "Portimão" in bodies


def test_no_chrome_in_any_indexed_text(corpus_report):
    for practice in corpus_report.practices:
        text = f"{practice.title}\n{practice.summary}\n{practice.body}"
        for chrome in CHROME:
            assert chrome.casefold() not in text.casefold(), (practice.id, chrome)


def test_sidebar_vocabulary_is_not_the_facets(corpus_report):
    # Every page carries the whole vocabulary in its sidebar; no practice may inherit it.
    assert max(len(p.topics) for p in corpus_report.practices) <= 5
    assert max(len(p.countries) for p in corpus_report.practices) <= 5


def test_titles_follow_reference_facts_where_named():
    reference_cities = set(REFERENCE["cities_of_listed_practices"])
    assert len(reference_cities) == 66
    corpus_text = " ".join(p.read_text(encoding="utf-8") for p in (CORPUS / "pages").glob("*.html"))
    assert sum(city in corpus_text for city in reference_cities) >= 40
