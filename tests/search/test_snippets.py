"""Snippets find exactly the words a word-by-word analysis would mark, and pick the densest window."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.index.schema import WORD_PATTERN, text_analyzer
from practice_search.ingest.model import Practice, Section
from practice_search.search.query import parse
from practice_search.search.request import SearchRequest
from practice_search.search.snippets import _matches, make_snippet

_ANALYZER = text_analyzer()


def _reference(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Every word analysed on its own: slow, obviously right."""
    prefixes = tuple(t[1:] for t in terms if t.startswith("*"))
    spans = []
    for match in re.finditer(WORD_PATTERN, text):
        term = next((t.text for t in _ANALYZER(match.group(0))), None)
        if term and (term in terms or (prefixes and term.startswith(prefixes))):
            spans.append(match.span())
    return spans


QUERIES = ["rumour", "anti-rumour strategy", "roma school mediators", "refugee welcome", "integr*", "city",
           "young people", "mediat* health", "Portimão", "straße", "organization", "l'accueil", "women's rights",
           "pediatric", "mom", "2019", "évora", "ελλάδα"]
TRICKY = ("Évora's ÉVORA evora; Straße STRASSE; the Paediatric ward, pediatric care; Moms and mums; O'Brien's "
          "brien; l'accueil L’ACCUEIL; anti-rumour, antirumour; organisations organizations; 2019–2020; "
          "Ελλάδα ελλάδα; women's WOMEN’S; x''y; rumours' rumour's")


@pytest.mark.parametrize("query", QUERIES)
def test_matches_equal_word_by_word_analysis(corpus_report, query):
    terms = parse(query).highlight_terms()
    texts = [TRICKY] + [s.text for p in corpus_report.practices[::4] for s in p.sections]
    for text in texts:
        assert _matches(text, terms) == _reference(text, terms), text[:80]


@pytest.mark.parametrize(("query", "marked"), [
    ("évora", ["Évora's", "ÉVORA", "evora"]), ("straße", ["Straße", "STRASSE"]),
    ("pediatric", ["Paediatric", "pediatric"]), ("mom", ["Moms", "mums"]), ("brien", ["brien"]),
    ("ελλάδα", ["Ελλάδα", "ελλάδα"]), ("organization", ["organisations", "organizations"])])
def test_matches_find_folded_and_variant_spellings(query, marked):
    assert [TRICKY[s:e] for s, e in _matches(TRICKY, parse(query).highlight_terms())] == marked


_WORDS = st.sampled_from(["Évora", "straße", "o'brien", "l’accueil", "Pediatric", "moms", "anti-rumour", "2019",
                          "Ελλάδα", "city", "cities", "Rumours", "x", "İstanbul", "ǅemal", "K", "organization"])
_GLUE = st.sampled_from([" ", "'", "’", "-", ", ", "\n", "''", "_", "é"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GLUE), min_size=1, max_size=12), st.lists(_WORDS, min_size=1, max_size=3),
       st.booleans())
def test_matches_property(pieces, query_words, as_prefix):
    text = "".join(w + g for w, g in pieces)
    terms = parse(" ".join(query_words)).highlight_terms()
    if as_prefix:
        terms |= {"*" + t[:3] for t in terms}
    assert _matches(text, terms) == _reference(text, terms)


def test_snippet_picks_the_window_with_most_distinct_words():
    filler = "Nothing to see in this sentence at all. " * 12
    practice = Practice(id="p", title="t", body="", sections=[
        Section("Intro", "Roma families. " + filler + "Roma school mediators met Roma parents. " + filler)])
    snippet = make_snippet(practice, parse("roma school mediators").highlight_terms())
    assert snippet.section == 0
    assert snippet.html.count("<mark>") == 4
    assert "<mark>school</mark> <mark>mediators</mark>" in snippet.html
    assert snippet.html.startswith("… ")


@pytest.mark.parametrize("query", ["roma school mediators", "rumour", "refugee housing", "women employment",
                                   "intercultural", "-roma", "zzqqxx"])
def test_each_hit_names_its_snippets_section_heading(engine, query):
    """The heading travels with the hit, so no page has to read the record again to name the section."""
    for hit in engine.search(SearchRequest(query=query, per_page=50, versions="all"))["results"]:
        practice = engine.get(hit["id"])
        index = hit["snippet_section"]
        expected = practice.sections[index].heading.strip() or None if index is not None else None
        assert hit["snippet_heading"] == expected, hit["id"]


def test_a_section_without_a_heading_gives_no_heading():
    practice = Practice(id="p", title="t", body="", sections=[Section("", "Roma mediators."),
                                                              Section("Impact", "Parents met.")])
    assert make_snippet(practice, parse("roma").highlight_terms()).heading is None
    assert make_snippet(practice, parse("parents").highlight_terms()).heading == "Impact"
