"""Near-duplicate practices: the same practice translated, or published twice.

Two pages are one practice when they name the same cities (and, when both are tagged, mostly the
same topics) and either
- are in different languages and share their language-neutral fingerprint: the numbers in the text
  (a translation keeps every '2019', '40', '311'; on the sample corpus translations share all of their
  numbers and other pages about the same city almost none), or the capitalised names when a page has
  fewer than three numbers, or
- are in the same language and share most of their word 3-shingles (a republished page).

Only pages in one block are compared: same cities (pages without a city: same countries), or same
cities and title. A block larger than BLOCK_CAP (a big city in a large collection) is split by the exact set
of numbers, which translations and republished copies keep; a part still larger than the cap is
not compared at all. So the work stays near-linear: at most BLOCK_CAP² / 2 pairs per block.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from practice_search.ingest.model import Practice
from practice_search.ingest.text_utils import fold

TRANSLATION_MIN = 0.8  # overlap of the numbers (or names) of two pages in different languages
MIN_NUMBERS = 3
REPUBLISHED_MIN = 0.8  # share of word 3-shingles: a copy, not a sibling page from the same template
TOPICS_MIN = 0.5
BLOCK_CAP = 64
_NUMBER = re.compile(r"\d+")
_NAME = re.compile(r"(?<![.!?:]\s)\b[A-ZÀ-Ý][\w’'-]{2,}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Relation:
    """`other` is the same practice as the one it is attached to: 'translation' or 'republished'."""

    other: str
    relation: str


class _Page:
    """A practice with the features the comparison needs, each computed once."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice
        self.text = f"{practice.title}\n{practice.body}"
        self.cities = frozenset(fold(c) for c in practice.cities)
        self.countries = frozenset(fold(c) for c in practice.countries)
        self.topics = frozenset(practice.topics)

    @cached_property
    def numbers(self) -> frozenset[str]:
        # Lazy, like the others: most pages are never compared, and scanning every text costs most of a run.
        return frozenset(_NUMBER.findall(self.text))

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(fold(m) for m in _NAME.findall(self.text))

    @cached_property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        # Case-folded only (not accent-folded, which is slow on long pages): a copy in the same
        # language keeps its accents.
        words = _WORD.findall(self.text.casefold())
        if len(words) < 3:
            return frozenset([tuple(words)])
        return frozenset(zip(words, words[1:], words[2:], strict=False))


def near_duplicates(practices: list[Practice]) -> dict[str, list[Relation]]:
    """Practice id -> the other members of its group (groups are transitive), each with how they relate."""
    pages = [_Page(p) for p in practices]
    parent = {p.id: p.id for p in practices}
    kinds: dict[frozenset[str], str] = {}
    for a, b in _candidates(pages):
        kind = _relation(a, b)
        if kind:
            kinds[frozenset((a.practice.id, b.practice.id))] = kind
            parent[_root(parent, a.practice.id)] = _root(parent, b.practice.id)
    groups: dict[str, list[Practice]] = defaultdict(list)
    for p in practices:
        groups[_root(parent, p.id)].append(p)
    out: dict[str, list[Relation]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for p in members:
            out[p.id] = [Relation(o.id, kinds.get(frozenset((p.id, o.id)), _kind(p, o)))
                         for o in members if o.id != p.id]
    return out


def duplicate_links(practices: list[Practice]) -> dict[str, list[dict]]:
    """near_duplicates as plain data for the index's build.json: id -> [{"id","title","language","relation"}]."""
    by_id = {p.id: p for p in practices}
    return {pid: [{"id": r.other, "title": by_id[r.other].title, "language": by_id[r.other].language,
                   "relation": r.relation} for r in relations]
            for pid, relations in near_duplicates(practices).items()}


def relation(a: Practice, b: Practice) -> str | None:
    """'translation', 'republished' or None."""
    return _relation(_Page(a), _Page(b))


def _relation(a: _Page, b: _Page) -> str | None:
    if not _same_subject(a, b):
        return None
    la, lb = a.practice.language, b.practice.language
    if la and lb and la != lb:
        return "translation" if _overlap(*_fingerprints(a, b)) >= TRANSLATION_MIN else None
    return "republished" if _jaccard(a.shingles, b.shingles) >= REPUBLISHED_MIN else None


def _candidates(pages: list[_Page]) -> Iterator[tuple[_Page, _Page]]:
    """Each pair of pages sharing a bounded block, once."""
    blocks: dict[tuple, list[_Page]] = defaultdict(list)
    for page in pages:
        if page.cities or page.countries:
            blocks[("places", page.cities or page.countries)].append(page)
        blocks[("title", page.cities, " ".join(_WORD.findall(fold(page.practice.title))))].append(page)
    seen: set[tuple[str, str]] = set()
    for block in blocks.values():
        for part in _bounded(block):
            for a, b in combinations(part, 2):
                ia, ib = a.practice.id, b.practice.id
                pair = (ia, ib) if ia < ib else (ib, ia)
                if pair not in seen:
                    seen.add(pair)
                    yield a, b


def _bounded(block: list[_Page]) -> list[list[_Page]]:
    """The block itself when small, else its parts with equal numbers that are small enough."""
    if len(block) <= BLOCK_CAP:
        return [block] if len(block) > 1 else []
    parts: dict[frozenset[str], list[_Page]] = defaultdict(list)
    for page in block:
        parts[page.numbers].append(page)
    return [part for part in parts.values() if 1 < len(part) <= BLOCK_CAP]


def _same_subject(a: _Page, b: _Page) -> bool:
    if a.cities != b.cities:
        return False
    return not (a.topics and b.topics and _jaccard(a.topics, b.topics) < TOPICS_MIN)


def _kind(a: Practice, b: Practice) -> str:
    return "translation" if a.language != b.language else "republished"


def _fingerprints(a: _Page, b: _Page) -> tuple[frozenset[str], frozenset[str]]:
    if min(len(a.numbers), len(b.numbers)) >= MIN_NUMBERS:
        return a.numbers, b.numbers
    return a.names, b.names


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _root(parent: dict[str, str], pid: str) -> str:
    while parent[pid] != pid:
        parent[pid] = parent[parent[pid]]
        pid = parent[pid]
    return pid
