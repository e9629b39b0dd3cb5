"""Match sets and BM25F scores of term queries computed on numpy arrays.

Whoosh's matchers walk postings one document at a time in Python and score every match;
a search that needs the full match set (for facet counts) and a top-10 pays that twice.
Here each (field, term) posting list is read once into arrays (and kept, bounded, for the
life of the index generation), and And / Or / AndNot over terms become array operations
that yield the match mask and the very scores Whoosh's BM25F would give, in one pass.
Queries with other parts (phrases, coordination bonuses, custom weighting) are declined
with `Unsupported`, and the caller falls back to Whoosh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh import scoring

POSTINGS_BUDGET = 8_000_000  # cached (doc, weight) entries per generation, about 100 MB at most


class Unsupported(Exception):
    """The query has a part this evaluator does not reproduce exactly."""


class TermArrays:
    """One per index generation; thread-safe."""

    def __init__(self, searcher, live: np.ndarray) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.live = live
        self.size = len(live)
        weighting = searcher.weighting
        self.enabled = type(weighting) is scoring.BM25F and not getattr(weighting, "_field_B", None)
        self.B = getattr(weighting, "B", 0.75)
        self.K1 = getattr(weighting, "K1", 1.2)
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()
        self._last: tuple[wq.Query, np.ndarray] | None = None
        self._inexact = False

    def evaluate(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """(match mask over live documents, scores); raises Unsupported."""
        if not self.enabled:
            raise Unsupported("custom weighting")
        self._inexact = False
        mask, scores = self._eval(q)
        mask &= self.live
        self._last = None if self._inexact else (q, scores)
        return mask, scores

    def scores_for(self, q: wq.Query) -> np.ndarray | None:
        """Scores of the query evaluated last, if it is `q` and they are Whoosh's exact scores."""
        last = self._last
        return last[1] if last is not None and last[0] is q else None

    def _eval(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(q, wq.Term):
            mask, scores = self._term(q.fieldname, q.text)
        elif isinstance(q, wq.And):
            mask, scores = self._combine(q.subqueries, np.logical_and)
        elif isinstance(q, wq.Or):
            if getattr(q, "minmatch", 0) > 1:
                raise Unsupported("minmatch")
            if getattr(q, "scale", None):
                mask, scores = self._coordinated(q.subqueries, q.scale)
            else:
                mask, scores = self._combine(q.subqueries, np.logical_or)
        elif isinstance(q, wq.AndNot):
            mask, scores = self._eval(q.a)
            mask &= ~self._eval(q.b)[0]
        elif isinstance(q, wq.Phrase) and q.slop == 1:
            mask, scores = self._phrase(q)
        elif isinstance(q, wq.Every):
            return self.live.copy(), np.zeros(self.size)
        elif q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        else:
            raise Unsupported(type(q).__name__)
        boost = getattr(q, "boost", 1.0)
        if boost != 1.0:
            scores *= boost
        return mask, scores

    def _combine(self, subqueries, op) -> tuple[np.ndarray, np.ndarray]:
        if not subqueries:
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        mask, scores = self._eval(subqueries[0])
        mask, scores = mask.copy(), scores.copy()
        for sub in subqueries[1:]:
            sub_mask, sub_scores = self._eval(sub)
            op(mask, sub_mask, out=mask)
            scores += sub_scores
        return mask, scores

    def _coordinated(self, subqueries, scale: float) -> tuple[np.ndarray, np.ndarray]:
        """Any item may match; a practice matching more of the items ranks higher (relaxed queries).

        Score = sum of the items' scores x (1 - scale + scale x share of items matched). Whoosh's own
        coordination divides its bonus by the square of the number of terms, which all but vanishes
        once a query expands over fields and synonyms; this keeps "how many" as strong as "how well".
        """
        inexact = self._inexact
        matched = np.zeros(self.size, dtype=np.int64)
        scores = np.zeros(self.size)
        for sub in subqueries:
            sub_mask, sub_scores = self._eval(sub)
            matched += sub_mask
            scores += sub_scores
        scores *= (1.0 - scale) + scale * matched / max(1, len(subqueries))
        self._inexact = inexact  # this ranking is ours by definition, phrase items' summed scores included
        return matched > 0, scores

    def _phrase(self, q: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """Whoosh checks the positions (without scoring); its span scores are left to Whoosh's ranking."""
        self._inexact = True
        mask, scores = self._combine([wq.Term(q.fieldname, w) for w in q.words], np.logical_and)
        found = np.zeros(self.size, dtype=bool)
        if mask.any():
            docs = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
            found[docs] = True
        return found & mask, scores

    def _term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        ids, weights = self.postings(field, text)
        if len(ids):
            mask[ids] = True
            idf = self.searcher.idf(field, text)
            avgfl = self.searcher.avg_field_length(field) or 1
            lengths = self.lengths(field)[ids]
            b, k1 = self.B, self.K1
            scores[ids] = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        return mask, scores

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, text)
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        found = _read_postings(self.reader, field, text)
        with self._lock:
            self._postings[key] = found
            self._cached += len(found[0])
            while self._cached > POSTINGS_BUDGET and len(self._postings) > 1:
                _, (old_ids, _) = self._postings.popitem(last=False)
                self._cached -= len(old_ids)
        return found

    def lengths(self, field: str) -> np.ndarray:
        """Each document's (quantised) field length, exactly as Whoosh's scorer reads it."""
        lengths = self._lengths.get(field)
        if lengths is None:
            read = self.searcher.doc_field_length
            lengths = np.fromiter((read(d, field, 1) or 1 for d in range(self.size)), dtype=np.float64,
                                  count=self.size)
            self._lengths[field] = lengths
        return lengths


def _read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, weight) postings of a term, segment by segment, as arrays."""
    if field not in reader.schema:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    try:
        btext = reader.schema[field].to_bytes(text)
    except ValueError:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    id_parts, weight_parts = [], []
    for leaf, offset in reader.leaf_readers():
        if (field, btext) not in leaf:
            continue
        ids, weights = [], []
        matcher = leaf.postings(field, btext)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        id_parts.append(np.asarray(ids, dtype=np.int64) + offset)
        weight_parts.append(np.asarray(weights, dtype=np.float64))
    if not id_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(id_parts), np.concatenate(weight_parts)
