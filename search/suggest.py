"""'Did you mean': words the index does not know, replaced by the closest word it does."""

from __future__ import annotations

import re

from practice_search.index.schema import documents_with
from practice_search.ingest.text_utils import fold
from practice_search.search.query import ParsedQuery

SPELL_FIELDS = ("spell_body", "spell_title", "places")
MIN_WORD = 4


def suggest(searcher, parsed: ParsedQuery, original: str) -> str | None:
    reader = searcher.reader()
    fields = [f for f in SPELL_FIELDS if f in reader.indexed_field_names()]
    replacements = {}
    for word in parsed.words():
        folded = fold(word)
        if len(folded) < MIN_WORD or not folded.isalpha() or _known(reader, fields, folded):
            continue
        best = _closest(searcher, fields, folded)
        if best and best != folded:
            replacements[word] = best
    if not replacements:
        return None
    suggestion = original
    for word, better in replacements.items():
        suggestion = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, suggestion)
    return suggestion if suggestion != original else None


def _known(reader, fields: list[str], word: str) -> bool:
    return any(reader.doc_frequency(f, word) for f in fields)


def _closest(searcher, fields: list[str], word: str) -> str | None:
    candidates: dict[str, int] = {}
    for name in fields:
        for candidate in searcher.reader().corrector(name).suggest(word, limit=3, maxdist=2, prefix=1):
            freq = documents_with(searcher.reader(), name, candidate)
            candidates[candidate] = max(candidates.get(candidate, 0), freq)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (candidates[c], -abs(len(c) - len(word))))
