"""Country names in French, Italian, Spanish, German and Portuguese: understood in queries and by the gazetteer.

The class of names is CLDR's, for every country the gazetteer knows, so the tests walk all of them rather
than "Italia" alone.
"""

from __future__ import annotations

import pytest
from babel import Locale

from practice_search.ingest.data_files import read_json
from practice_search.ingest.places import gazetteer
from practice_search.ingest.text_utils import fold
from practice_search.search import synonyms
from practice_search.search.engine import SearchEngine
from practice_search.search.request import SearchRequest

LANGUAGES = ("fr", "it", "es", "de", "pt", "pt_PT")


def _codes() -> dict[str, str]:
    english = {fold(n).replace("&", "and"): code for code, n in Locale("en").territories.items()}
    codes = {}
    for name, canonical in gazetteer().countries.items():
        if fold(name) in english:
            codes.setdefault(canonical, english[fold(name)])
    return codes


CODES = _codes()
LOCAL_NAMES = sorted({(canonical, Locale.parse(lang).territories[code])
                      for canonical, code in CODES.items() for lang in LANGUAGES
                      if fold(Locale.parse(lang).territories[code]) != fold(canonical)})


def test_every_gazetteer_country_has_a_code():
    assert len(CODES) == len(set(gazetteer().countries.values()))


@pytest.mark.parametrize(("canonical", "local"), LOCAL_NAMES)
def test_the_gazetteer_knows_every_cldr_name(canonical, local):
    """Pages are parsed with these names too: a listing line 'Deutschland Berlin 2019' names Germany."""
    assert gazetteer().country(local) == canonical
    assert gazetteer().country(local.upper()) == canonical


@pytest.mark.parametrize(("canonical", "local"), LOCAL_NAMES)
def test_a_localized_country_name_in_a_query_means_the_country(canonical, local):
    if synonyms.key(local) == synonyms.key("island"):
        assert synonyms.synonyms(local) == []  # German Island / French Islande: 'island' stays a word
    else:
        assert synonyms.synonyms(local) == [canonical]


def test_canonical_names_and_plain_words_are_not_expanded():
    for word in ("Italy", "Germany", "island", "islands", "Roma", "refugee", "Spain"):
        assert all(fold(s) != fold(word) for s in synonyms.synonyms(word))
        assert not set(synonyms.synonyms(word)) & set(CODES), word


@pytest.fixture(scope="module")
def engine(sample_index):
    return SearchEngine(sample_index, cache_size=0)


def test_localized_names_find_every_practice_of_the_country(engine):
    """Against the baseline of the English name (and of the filter) on the sample index."""
    countries = [e["value"] for e in engine.search(SearchRequest(per_page=1))["facets"]["country"] if e["count"]]
    checked = 0
    for canonical in countries:
        code = CODES.get(canonical)
        if code is None:
            continue
        wanted = {h["id"] for h in engine.export(SearchRequest(filters={"country": [canonical]}, versions="all"),
                                                 limit=1000)}
        for lang in LANGUAGES:
            local = Locale.parse(lang).territories[code]
            if synonyms.key(local) == synonyms.key("island"):
                continue
            found = {h["id"] for h in engine.export(SearchRequest(query=local, versions="all"), limit=1000)}
            assert wanted <= found, (canonical, local, len(wanted - found))
            checked += 1
    assert checked > 50


def test_a_localized_name_combines_with_other_words(engine):
    both = engine.search(SearchRequest(query="roma Italia", per_page=50))
    assert both["total"] and all("Italy" in h["countries"] or "italia" in h["snippet"].lower()
                                 for h in both["results"][:3])
    multi = engine.search(SearchRequest(query="Royaume-Uni", per_page=50))
    english = engine.search(SearchRequest(filters={"country": ["United Kingdom"]}, per_page=1))
    assert multi["total"] >= english["total"] > 0
    spanish = engine.search(SearchRequest(query="Países Bajos", per_page=50, versions="all"))
    assert {h["id"] for h in spanish["results"]} >= {
        h["id"] for h in engine.export(SearchRequest(filters={"country": ["Netherlands"]}, versions="all"), limit=1000)}


DEMONYMS = sorted((canonical, language, form)
                  for canonical, forms in read_json("demonyms.json")["countries"].items()
                  for language, words in forms.items() for form in words)


def test_every_gazetteer_country_has_adjectives_in_six_languages():
    table = read_json("demonyms.json")["countries"]
    assert set(table) == set(gazetteer().countries.values())
    for canonical, forms in table.items():
        assert {"fr", "it", "es", "de", "pt"} <= set(forms), canonical
        assert canonical == "New Zealand" or forms.get("en"), canonical  # its name is its adjective


@pytest.mark.parametrize(("canonical", "language", "form"), DEMONYMS)
def test_a_country_adjective_in_a_query_means_the_country(canonical, language, form):
    """'Swiss', 'svizzere', 'schweizerischen': each form (gender, number) of every country's adjective."""
    if synonyms.key(form) == synonyms.key("island"):
        assert synonyms.synonyms(form) == []  # Spanish islandés: 'island' stays a word, as for Islande
    elif fold(form) == fold(canonical):
        assert canonical not in synonyms.synonyms(form)  # Spanish 'serbia' is the name itself: no expansion
    else:
        assert synonyms.synonyms(form) == [canonical], (language, form)


def test_an_adjective_finds_every_practice_of_the_country_with_the_other_words(engine):
    """'<adjective> cities' holds every practice of that country, in every language's forms (recall, not
    a fixed example): drawn from the countries of the sample index."""
    countries = [e["value"] for e in engine.search(SearchRequest(per_page=1))["facets"]["country"] if e["count"]]
    table = read_json("demonyms.json")["countries"]
    checked = 0
    for canonical in countries:
        wanted = {h["id"] for h in engine.export(SearchRequest(filters={"country": [canonical]}, versions="all"),
                                                 limit=1000)}
        for words in table.get(canonical, {}).values():
            found = {h["id"] for h in engine.export(SearchRequest(query=words[0], versions="all"), limit=1000)}
            assert wanted <= found, (canonical, words[0], len(wanted - found))
            checked += 1
    assert checked > 100
    swiss = engine.search(SearchRequest(query="Swiss cities integration", per_page=20, versions="all"))
    assert all("Switzerland" in h["countries"] for h in swiss["results"][:3])
