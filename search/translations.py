"""Across languages: a query's words in one language also search their forms in the others.

The map (ingest/data/translations.json) is written for this collection's subjects. Each form is
keyed by its own language's analysis (the French stemmer for French forms, ...), so "rumeurs"
finds the entry of "rumeur" and "Flüchtlinge" the one of "Flüchtling". A query word is looked up
in English and in every other language where it is at least as common as in English (wordfreq's
lists), so the English "kind" is never read as the German "Kind" but "formation" is French too.
"""

from __future__ import annotations

from functools import lru_cache

from practice_search.index.analysis import english_analyzer, language_analyzer
from practice_search.ingest.data_files import read_json
from practice_search.search.function_words import common_zipf

_ANALYZERS = {"en": english_analyzer()}
MIN_NEAR_STEM = 6
MAX_STEM_GAP = 3


def _key(text: str, lang: str) -> tuple[str, ...]:
    analyzer = _ANALYZERS.get(lang)
    if analyzer is None:
        analyzer = _ANALYZERS[lang] = language_analyzer(lang)
    return tuple(t.text for t in analyzer(text, mode="query"))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, tuple[str, ...]], list[int]], list[dict[str, list[str]]], float, int]:
    """(language, key) -> entry numbers; each entry's forms by language; the weight; the longest key."""
    data = read_json("translations.json")
    table: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    entries = []
    longest = 1
    for number, entry in enumerate(data["terms"]):
        for lang, words in entry.items():
            for form in words:
                key = _key(form, lang)
                if key:
                    table.setdefault((lang, key), []).append(number)
                    longest = max(longest, len(form.split()))
        entries.append(entry)
    return table, entries, float(data["weight"]), longest


@lru_cache(maxsize=4096)
def translations(text: str) -> list[tuple[str, str]]:
    """The text's forms in the other languages, as (form, language); empty when not in the map.

    Only other languages: the other English forms of an entry ("welcome", "reception") are related
    words, not translations, and the synonym file decides which of those are safe to expand.
    """
    table, entries, _, _ = _table()
    own = _key(text, "en")
    out: list[tuple[str, str]] = []
    for lang in _languages(text):
        for number in table.get((lang, _key(text, lang))) or _parts(text, lang) or _near(_key(text, lang), lang):
            for other, forms in entries[number].items():
                if other != lang:
                    out.extend((f, other) for f in forms if (f, other) not in out and _key(f, "en") != own)
    return out


def languages_of(word: str) -> set[str]:
    """The languages other than English whose forms in the map the word is (after that language's analysis)."""
    table = _table()[0]
    return {lang for lang in ("fr", "de", "it", "es", "pt")
            if table.get((lang, _key(word, lang))) or _parts(word, lang) or _near(_key(word, lang), lang)}


MIN_PART = 4
LINKS = ("", "s", "n", "en", "es", "e")  # the letters German puts between the parts of a compound


def _parts(text: str, lang: str) -> list[int]:
    """Entries of both parts of a German compound the map lacks ("Flüchtlingsfrauen": "Flüchtling" and
    "Frauen"). German writes a subject and its qualifier as one word, so a compound of two mapped words
    is about both subjects; an English or Romance word is never split. Every reading of the linking letters
    counts ("Einwanderers-" is "Einwanderer" + s, and also a stem of "Einwanderung")."""
    if lang != "de" or " " in text.strip():
        return []
    word = text.strip().casefold()
    table = _table()[0]
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):  # the longest mapped last part first
        tail = table.get((lang, _key(word[cut:], lang)))
        if not tail:
            continue
        heads = {number for link in LINKS if word[:cut].endswith(link) and len(word[:cut]) - len(link) >= MIN_PART
                 for number in _entries(word[:cut - len(link)], lang)}
        if heads:
            return sorted(heads | set(tail))
    return []


def _entries(word: str, lang: str) -> list[int]:
    key = _key(word, lang)
    return _table()[0].get((lang, key)) or _near(key, lang)


def _near(key: tuple[str, ...], lang: str) -> list[int]:
    """Entries of a one-word key that a stemmer left a little longer or shorter ("intercultur" for the
    Portuguese plural "interculturais", "intercultural" for its singular): one stem begins the other and
    differs by at most MAX_STEM_GAP letters."""
    if len(key) != 1 or len(key[0]) < MIN_NEAR_STEM:
        return []
    word = key[0]
    return [n for other, numbers in _stems(lang).get(word[:MIN_NEAR_STEM], [])
            if abs(len(other) - len(word)) <= MAX_STEM_GAP and (other.startswith(word) or word.startswith(other))
            for n in numbers]


@lru_cache(maxsize=8)
def _stems(lang: str) -> dict[str, list[tuple[str, list[int]]]]:
    """The language's one-word keys of MIN_NEAR_STEM letters or more, by their first MIN_NEAR_STEM letters."""
    out: dict[str, list[tuple[str, list[int]]]] = {}
    for (other_lang, key), numbers in _table()[0].items():
        if other_lang == lang and len(key) == 1 and len(key[0]) >= MIN_NEAR_STEM:
            out.setdefault(key[0][:MIN_NEAR_STEM], []).append((key[0], numbers))
    return out


def _languages(text: str) -> list[str]:
    """English, and each other language in which the word is at least as common as in English."""
    langs = ["en"]
    if " " in text.strip():
        return [*langs, "fr", "de", "it", "es", "pt"]  # an expression is specific enough in any language
    word = text.casefold()
    english = common_zipf(word, "en")
    return langs + [lang for lang in ("fr", "de", "it", "es", "pt") if common_zipf(word, lang) >= english]


def weight() -> float:
    """Score factor of a translation relative to the words as typed."""
    return _table()[2]


def longest_key() -> int:
    return _table()[3]
