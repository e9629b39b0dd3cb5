"""Ranking for batch runs: natural-language text read as plain words, partial matches ranked too.

The interactive search requires every word; a question such as "what similarity laws must be obeyed"
rarely matches on all of them, so a batch run returns the top K over practices matching any word,
those that match all words first.
"""

from __future__ import annotations

import re

import numpy as np
from whoosh import query as wq

from practice_search.search.query import Clause, ParsedQuery, QueryBuilder, analyse
from practice_search.search.term_arrays import Unsupported

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words_only(text: str) -> ParsedQuery:
    """Every syntax character neutralised: quotes, a leading '-', 'field:', '*', OR are just text."""
    clauses = [Clause("word", w) for w in _WORD.findall(text) if w != "OR" and analyse(w)]
    return ParsedQuery(clauses)


def rank(searcher, builder: QueryBuilder, text: str, limit: int, arrays=None,
         speller=None, ids: dict[int, str] | None = None) -> list[tuple[str, float]]:
    """(practice id, score) best first; every all-words match ranks above every partial one.

    `arrays` (the generation's TermArrays) scores on cached posting arrays; Whoosh's matchers are the fallback.
    `speller` corrects the words that are neither indexed nor real, as the interactive search does.
    `ids` (docnum -> practice id) is read from the index when not given.
    """
    parsed = words_only(text)
    if speller is not None:
        parsed = parsed.corrected(speller.corrections(parsed.words()))
    if parsed.is_empty:
        return []
    ids = doc_ids(searcher.reader()) if ids is None else ids
    strict = builder.build(parsed)
    if arrays is not None:
        try:
            return _rank_arrays(arrays, strict, _loose(builder, parsed), ids, limit)
        except Unsupported:
            pass
    full = [(hit.docnum, hit.score) for hit in searcher.search(strict, limit=limit)] if strict is not None else []
    partial: list[tuple[int, float]] = []
    if len(parsed.clauses) > 1 and len(full) < limit:
        loose = _loose(builder, parsed)
        seen = {d for d, _ in full}
        hits = searcher.search(loose, limit=limit + len(seen))
        partial = [(hit.docnum, hit.score) for hit in hits if hit.docnum not in seen][: limit - len(full)]
    lift = max((s for _, s in partial), default=0.0)
    return [(ids[d], s + lift) for d, s in full] + [(ids[d], s) for d, s in partial]


def _loose(builder: QueryBuilder, parsed: ParsedQuery) -> wq.Query:
    return _flatten(wq.Or([q for q in map(builder.clause_query, parsed.clauses) if q is not None]))


def _rank_arrays(arrays, strict, loose, ids: dict[int, str], limit: int) -> list[tuple[str, float]]:
    matched, scores = arrays.evaluate(loose)
    scores = np.where(matched, scores, 0.0)
    if strict is not None and len(ids) and matched.any():
        scores = scores + arrays.evaluate(strict)[0] * (scores.max() + 1.0)
    docs = np.flatnonzero(matched)
    top = docs[np.lexsort((-docs, -scores[docs]))][:limit]
    return [(ids[int(d)], float(scores[d])) for d in top]


def doc_ids(reader) -> dict[int, str]:
    """Document number -> practice id, read from the id field (not the stored records)."""
    ids = {}
    for term in reader.lexicon("id"):
        text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        for docnum in reader.postings("id", term).all_ids():
            ids[docnum] = text
    return ids


def _flatten(q: wq.Query | None) -> wq.Query | None:
    """One flat Or of all the leaves: the same BM25F sum, far fewer matcher objects to walk.

    A phrase inside becomes its words, each on its own: a question's 'real-gas' should also credit
    a paper that says 'gas' and 'real' apart.
    """
    if isinstance(q, wq.Phrase):
        return wq.Or([wq.Term(q.fieldname, w) for w in q.words], boost=q.boost)
    if not isinstance(q, wq.Or) or q.scale:
        return q
    leaves: list[wq.Query] = []
    for sub in q.subqueries:
        sub = _flatten(sub)
        if isinstance(sub, wq.Or) and sub.boost == 1 and not sub.scale:
            leaves.extend(sub.subqueries)
        else:
            leaves.append(sub)
    return wq.Or(leaves, boost=q.boost)
