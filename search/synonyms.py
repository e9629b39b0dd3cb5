"""Query expansion from the reviewed synonym file (ingest/data/synonyms.json)."""

from __future__ import annotations

from functools import lru_cache

from practice_search.index.analysis import english_analyzer
from practice_search.ingest.data_files import read_json

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
    """Other expressions for the same thing; empty when the text is in no group."""
    return list(_table("groups")[0].get(key(text), []))


def related(text: str) -> list[str]:
    """Related terms (a weaker tie than a synonym); empty when the text is in no related group."""
    return list(_table("related")[0].get(key(text), []))


def related_weight() -> float:
    return _table("related")[1]


def weight() -> float:
    """Score factor of a synonym match relative to the exact words (below 1: exact words rank first)."""
    return _table("groups")[1]


def longest_key() -> int:
    return max((len(k) for section in ("groups", "related") for k in _table(section)[0]), default=1)
