"""Spelling that never hurts: only a word that is neither in the index nor a real word is corrected.

A word the index holds is what the user asked for, and so is a real word of a supported language
the index lacks ("expats" is English: rewriting it to the indexed "exists" would be wrong; the query
builder reaches it through its stem instead). Other words get the closest indexed word within an
edit budget that grows with the word (as Meilisearch does: none under 5 letters, 1 from 5, 2 from 9),
ties broken by how often the collection uses it.

Corrections are computed once per request. The indexed vocabulary is read once per index generation
into buckets by first letter (a typo rarely hits the first letter), and each bucket is searched with
rapidfuzz's bit-parallel edit distance, so a query of 16 unknown words costs milliseconds.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from practice_search.index.analysis import british
from practice_search.index.schema import documents_with
from practice_search.ingest.text_utils import fold

SPELL_FIELDS = ("spell_body", "spell_title", "places")
# wordfreq's Zipf scale (2 = once per 100 million words). Common typos sit below 2 in English; the other
# languages' lists are smaller and noisier ("comunity" reaches 2.04 in Spanish), so they need more.
REAL_WORD_ZIPF = {"en": 2.0, "fr": 2.5, "de": 2.5, "it": 2.5, "es": 2.5, "pt": 2.5}
_LETTERS = re.compile(r"[^\W\d_]+")


def edit_budget(word: str) -> int:
    """Edits allowed for a word of this length: 0 under 5 letters, 1 from 5, 2 from 9."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


@lru_cache(maxsize=20_000)
def is_real_word(word: str) -> bool:
    """Is the word in common use in one of the supported languages (per the wordfreq lists it ships)?"""
    from wordfreq import zipf_frequency  # loading the lists takes most of a second: only when needed

    lowered = word.casefold()
    return any(zipf_frequency(lowered, lang) >= zipf for lang, zipf in REAL_WORD_ZIPF.items())


class Speller:
    """The indexed vocabulary of one generation and the corrections drawn from it."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.fields = [f for f in SPELL_FIELDS if f in reader.indexed_field_names()]
        self._buckets: dict[str, tuple[list[str], list[int]]] | None = None
        self._lock = threading.Lock()

    def known(self, word: str) -> bool:
        """Does the collection use this word in a title, a body or a place name?"""
        normal = british(fold(word).casefold())
        return any(documents_with(self.reader, name, normal) for name in self.fields)

    def corrections(self, words: list[str]) -> dict[str, str]:
        """{word as typed: indexed word} for the words that are neither indexed nor real and have a close match."""
        out = {}
        for word in words:
            parts = word.split("-")  # "anti-discrimation": each part of a hyphenated word on its own
            better = [self._corrected(part) for part in parts]
            if any(better):
                out[word] = "-".join(b or part for b, part in zip(better, parts, strict=True))
        return out

    def _corrected(self, word: str) -> str | None:
        folded = british(fold(word).casefold())  # the form spelling fields hold: "rumor" is "rumour"
        if not _LETTERS.fullmatch(folded) or not edit_budget(folded) or self.known(folded):
            return None
        best = self.closest(folded)  # first: the word lists load only when there is something to correct
        if best and best != folded and not is_real_word(word) and not is_real_word(folded):
            return best
        return None

    def closest(self, word: str) -> str | None:
        """The indexed word fewest edits away within the budget; then the most used; then the nearest length."""
        words, counts = self.buckets().get(word[:1], ((), ()))
        found = process.extract(word, words, scorer=OSA.distance, score_cutoff=edit_budget(word), limit=None)
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -counts[hit[2]], abs(len(hit[0]) - len(word)), hit[0]))
        return best[0]

    def buckets(self) -> dict[str, tuple[list[str], list[int]]]:
        """First letter -> (words, how often each is used), read from the spelling fields once."""
        with self._lock:
            if self._buckets is None:
                usage: dict[str, int] = {}
                for name in self.fields:
                    for term, info in self.reader.iter_field(name):
                        word = term.decode("utf-8") if isinstance(term, bytes) else term
                        if _LETTERS.fullmatch(word):
                            usage[word] = max(usage.get(word, 0), int(info.weight()), info.doc_frequency())
                buckets: dict[str, tuple[list[str], list[int]]] = {}
                for word, count in usage.items():
                    bucket = buckets.setdefault(word[:1], ([], []))
                    bucket[0].append(word)
                    bucket[1].append(count)
                self._buckets = buckets
            return self._buckets
