"""The bilingual term map as data: every subject in all six languages, every form reachable, no accidental overlaps.

A form that analyses to nothing, or to the same key as a form of an unrelated subject, silently sends a
query to the wrong practices; these checks catch both whenever entries are added.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from practice_search.ingest.data_files import read_json
from practice_search.search import translations

LANGUAGES = ("en", "fr", "de", "it", "es", "pt")
TERMS = read_json("translations.json")["terms"]

# Keys two unrelated subjects share on purpose: a stemmer conflates the words and both readings are
# subjects of the collection (Italian "asilo" is asylum and kindergarten; French "conseil" council and advice).
SHARED_STEMS = {
    ("it", "asil"), ("de", "teilhab"), ("en", "cultur"), ("it", "cittadin"), ("de", "schul"), ("fr", "enseign"),
    ("de", "miet"), ("pt", "empreg"), ("de", "stell"), ("es", "empres"), ("de", "unternehm"),
    ("pt", "empreendedor"), ("de", "lots"), ("fr", "accompagn"), ("it", "comun"), ("it", "ret"),
    ("it", "consult"), ("de", "wahl"), ("fr", "conseil"), ("fr", "mair"), ("it", "sportell"),
}


def _keys(entry: dict[str, list[str]]) -> set[tuple[str, tuple[str, ...]]]:
    return {(lang, translations._key(form, lang)) for lang in LANGUAGES for form in entry[lang]}


def test_every_subject_has_forms_in_all_six_languages():
    incomplete = [entry.get("en") for entry in TERMS
                  if set(entry) != set(LANGUAGES) or not all(entry[lang] for lang in LANGUAGES)]
    assert not incomplete


def test_every_form_analyses_to_terms_in_its_language():
    empty = [(lang, form) for entry in TERMS for lang in LANGUAGES for form in entry[lang]
             if not translations._key(form, lang)]
    assert not empty


def test_subjects_share_a_key_only_when_related_or_declared():
    """Two subjects whose forms analyse alike in one language must be related (another key in common, as
    "migrant" / "migration" share "immigr" in three languages) or be a declared stemmer conflation."""
    keys = [_keys(entry) for entry in TERMS]
    owners: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for number, entry_keys in enumerate(keys):
        for key in entry_keys:
            owners.setdefault(key, []).append(number)
    accidental = sorted(
        (key[0], " ".join(key[1]), TERMS[a]["en"][0], TERMS[b]["en"][0])
        for key, numbers in owners.items() for a in numbers for b in numbers
        if a < b and len(keys[a] & keys[b]) < 2 and (key[0], " ".join(key[1])) not in SHARED_STEMS
    )
    assert not accidental


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_a_form_read_in_its_language_reaches_its_subject(lang):
    """Every form a query can be read as (an expression, or a word at least as common in its language as in
    English) brings back the subject's forms in other languages, unless they are spelt as the form itself."""
    lost = []
    for entry in TERMS:
        others = {form for other in LANGUAGES if other != lang for form in entry[other]}
        for form in entry[lang]:
            if " " not in form.strip() and lang not in translations._languages(form):
                continue
            own = translations._key(form, "en")
            if all(translations._key(other, "en") == own for other in others):
                continue  # "diaspora" is spelt alike everywhere: nothing to add
            if not {found for found, _ in translations.translations(form)} & others:
                lost.append(form)
    assert not lost


def test_a_word_more_common_in_english_expands_only_as_english():
    """A map form that is a commoner English word ("kind" for the German "Kind", "personnel", "stage") brings
    only the subjects whose English forms it is, never the subject of its foreign reading."""
    english_subjects: dict[tuple[str, ...], set[str]] = {}
    for entry in TERMS:
        for form in entry["en"]:
            english_subjects.setdefault(translations._key(form, "en"), set()).update(
                other for lang in LANGUAGES[1:] for other in entry[lang])
    misread = []
    for entry in TERMS:
        for lang in LANGUAGES[1:]:
            for form in entry[lang]:
                word = form.casefold()
                if " " in word or translations.common_zipf(word, lang) >= translations.common_zipf(word, "en"):
                    continue
                english = translations.common_zipf(word, "en")
                readings = [other for other in LANGUAGES[1:]
                            if other != lang and translations.common_zipf(word, other) >= english]
                if any(translations._key(word, other) == translations._key(own, other)
                       for other in readings for own in entry[other]):
                    continue  # also this subject's form in a language it is read in ("Rom" is Italian too)
                allowed = english_subjects.get(translations._key(word, "en"), set())
                subject = {other for other_lang in LANGUAGES if other_lang != lang for other in entry[other_lang]}
                misread += [(form, found) for found, _ in translations.translations(word)
                            if found in subject and found not in allowed]
    assert not misread


GERMAN_WORDS = sorted({(number, form) for number, entry in enumerate(TERMS) for form in entry["de"]
                       if form[:1].isupper() and form.isalpha() and len(form) >= 6})  # nouns: German capitalises them


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(GERMAN_WORDS), st.sampled_from(GERMAN_WORDS), st.sampled_from(["", "s"]))
def test_a_german_compound_of_two_mapped_words_reaches_both_subjects(head, tail, link):
    """ "Flüchtlings" + "frauen": a compound nobody wrote into the map still finds the practices of both parts
    in the other languages (when the map does not hold the compound itself)."""
    (head_number, head_form), (tail_number, tail_form) = head, tail
    assume(head_form.casefold()[:5] != tail_form.casefold()[:5])  # "Einwanderers-einwanderung" is no compound
    compound = head_form + link + tail_form.casefold()
    assume(not translations._table()[0].get(("de", translations._key(compound, "de"))))
    assume("de" in translations._languages(compound))
    found = {form for form, _ in translations.translations(compound)}
    for number in (head_number, tail_number):
        others = {form for lang in LANGUAGES if lang != "de" for form in TERMS[number][lang]}
        own = translations._key(compound, "en")
        assert found & others or all(translations._key(form, "en") == own for form in others), (compound, number)
