"""Query expansion: the reviewed synonym file (ingest/data/synonyms.json) and countries' names in other languages.

A query that names a country as French, Italian, Spanish, German or Portuguese readers do ("Italia",
"Allemagne", "Países Bajos") also searches the country's canonical English name, the one the index
holds in its places and country fields. The names are CLDR's (through Babel), for every country the
gazetteer knows, so a new country in the gazetteer is understood in queries with no list to update.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from practice_search.index.analysis import english_analyzer
from practice_search.ingest.data_files import read_json
from practice_search.ingest.places import gazetteer
from practice_search.ingest.text_utils import fold

COUNTRY_NAME_LANGUAGES = ("fr", "it", "es", "de", "pt", "pt_PT")
# English words a localized country name analyses to (German "Island", French "Islande" -> "island"):
# a query for islands must not mean Iceland.
NOT_A_COUNTRY_IN_QUERIES = ("island",)

_ANALYZER = english_analyzer()


def key(text: str) -> tuple[str, ...]:
    """How a word or expression is looked up: its analysed terms (so 'Refugees' = 'refugee')."""
    return tuple(t.text for t in _ANALYZER(text, mode="query"))


@lru_cache(maxsize=4)
def _table(section: str) -> tuple[dict[tuple[str, ...], list[str]], float]:
    data = read_json("synonyms.json")
    table: dict[tuple[str, ...], list[str]] = {}
    for group in data.get(section, []):
        keys = [key(member) for member in group]
        for k in keys:
            if not k:
                continue
            alternatives = table.setdefault(k, [])
            for member, other in zip(group, keys, strict=True):
                if other != k and other and member not in alternatives:
                    alternatives.append(member)
    return table, float(data.get("weight" if section == "groups" else "related_weight", 0.5))


def synonyms(text: str) -> list[str]:
    """Other expressions for the same thing; empty when the text is in no group and names no country."""
    found = list(_table("groups")[0].get(key(text), []))
    country = _country_names().get(key(text))
    if country and country not in found and fold(country) != fold(text):
        found.append(country)
    return found


def related(text: str) -> list[str]:
    """Related terms (a weaker tie than a synonym); empty when the text is in no related group."""
    return list(_table("related")[0].get(key(text), []))


def related_weight() -> float:
    return _table("related")[1]


@lru_cache(maxsize=1)
def _country_names() -> dict[tuple[str, ...], str]:
    """Analysed localized name or adjective ("Swiss", "svizzere") -> canonical country, for the
    gazetteer's countries."""
    codes = {_plain(name): code for code, name in Locale("en").territories.items()}
    names_of: dict[str, list[str]] = {}
    for name, canonical in gazetteer().countries.items():
        names_of.setdefault(canonical, [canonical]).append(name)
    table: dict[tuple[str, ...], str] = {}
    excluded = {key(word) for word in NOT_A_COUNTRY_IN_QUERIES}
    for canonical, names in names_of.items():
        code = next((codes[_plain(n)] for n in names if _plain(n) in codes), None)
        if code is None:
            continue
        for language in COUNTRY_NAME_LANGUAGES:
            local = Locale.parse(language).territories.get(code)
            if local and key(local) and key(local) not in excluded and fold(local) != fold(canonical):
                table.setdefault(key(local), canonical)
    for canonical, forms in read_json("demonyms.json")["countries"].items():
        if canonical not in names_of:
            continue
        for word in (w for words in forms.values() for w in words):
            if key(word) and key(word) not in excluded:
                table.setdefault(key(word), canonical)
    return table


def _plain(name: str) -> str:
    return fold(name).replace("&", "and")


def weight() -> float:
    """Score factor of a synonym match relative to the exact words (below 1: exact words rank first)."""
    return _table("groups")[1]


def longest_key() -> int:
    sections = (*_table("groups")[0], *_table("related")[0], *_country_names())
    return max((len(k) for k in sections), default=1)
