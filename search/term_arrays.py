"""Match sets and BM25F scores of term queries computed on numpy arrays.

Whoosh's matchers walk postings one document at a time in Python and score every match;
a search that needs the full match set (for facet counts) and a top-10 pays that twice.
Here each (field, term) posting list is read once into arrays (and kept, bounded, for the
life of the index generation), and And / Or / AndNot over terms become array operations
that yield the match mask and the very scores Whoosh's BM25F would give, in one pass.
Phrases are checked on position arrays (one sorted key per (document, position)), and score
as Whoosh scores them: the sum of their words' scores where the phrase occurs. Queries with
other parts (sloppy phrases, minmatch, custom weighting) are declined with `Unsupported`, and
the caller falls back to Whoosh.

Posting lists and field lengths are read in bulk where a segment uses the Whoosh 3 codec's layout,
through index/whoosh_internals.py (the one module that touches Whoosh's private names), and through
Whoosh's public API otherwise or once a bulk read has failed in any way; tests/search/
test_term_arrays_reading.py checks the two agree.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions

from practice_search.index import whoosh_internals as internals

POSTINGS_BUDGET = 64 * 2**20  # bytes of cached postings and positions per generation
_POSITION_BITS = 32


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
        self.enabled = internals.plain_bm25f(weighting)
        self.B = getattr(weighting, "B", 0.75)
        self.K1 = getattr(weighting, "K1", 1.2)
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()

    def evaluate(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """(match mask over live documents, scores); raises Unsupported."""
        if not self.enabled:
            raise Unsupported("custom weighting")
        mask, scores = self._eval(q)
        mask &= self.live
        return mask, scores

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
            mask = mask & ~self._eval(q.b)[0]
            scores = np.where(mask, scores, 0.0)
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
        if op is np.logical_and:
            scores[~mask] = 0.0  # a union around this And adds its score only where all of it matches
        return mask, scores

    def _coordinated(self, subqueries, scale: float) -> tuple[np.ndarray, np.ndarray]:
        """Any item may match; a practice matching more of the items ranks higher (relaxed queries).

        Score = sum of the items' scores x (1 - scale + scale x share of items matched). Whoosh's own
        coordination divides its bonus by the square of the number of terms, which all but vanishes
        once a query expands over fields and synonyms; this keeps "how many" as strong as "how well".
        """
        matched = np.zeros(self.size, dtype=np.int64)
        scores = np.zeros(self.size)
        for sub in subqueries:
            sub_mask, sub_scores = self._eval(sub)
            matched += sub_mask
            scores += sub_scores
        scores *= (1.0 - scale) + scale * matched / max(1, len(subqueries))
        return matched > 0, scores

    def _phrase(self, q: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """Whoosh's SpanNear2: the words at consecutive positions, scored as the sum of the words' scores."""
        if any(not len(self.postings(q.fieldname, w)[0]) for w in q.words):  # most synonyms, in most fields
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        mask, scores = self._combine([wq.Term(q.fieldname, w) for w in q.words], np.logical_and)
        found = np.zeros(self.size, dtype=bool)
        if mask.any():
            found[self._phrase_docs(q.fieldname, list(q.words), mask)] = True
        scores[~found] = 0.0
        return found, scores

    def _phrase_docs(self, field: str, words: list[str], candidates: np.ndarray) -> np.ndarray:
        """Documents where word i sits at position p + i for some p.

        Each word gives sorted keys (doc, p) for its occurrences in candidate documents; starting from
        the rarest word, keys are kept only if every other word has them too (binary search, no sorting).
        """
        keyed = [self._phrase_keys(field, word, i, len(words), candidates) for i, word in enumerate(words)]
        keyed.sort(key=len)
        keys = keyed[0]
        for other in keyed[1:]:
            if not len(keys):
                break
            at = np.minimum(np.searchsorted(other, keys), len(other) - 1)
            keys = keys[other[at] == keys]
        return np.unique(keys >> _POSITION_BITS)

    def _phrase_keys(self, field: str, word: str, i: int, n: int, candidates: np.ndarray) -> np.ndarray:
        """(doc << 32 | phrase start) for each occurrence of the i-th of n words; sorted, as postings are."""
        ids, counts, positions = self.positions(field, word)
        keep = np.repeat(candidates[ids], counts)
        starts = positions[keep].astype(np.int64) + (n - i)  # shifted to stay positive
        return (np.repeat(ids, counts)[keep].astype(np.int64) << _POSITION_BITS) | starts

    def _term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        ids, weights = self.postings(field, text)
        if len(ids):
            mask[ids] = True
            idf = self.searcher.idf(field, text)
            avgfl = self.searcher.avg_field_length(field) or 1
            lengths = self.lengths(field)[ids].astype(np.float64)  # stored small; scored in double precision
            weights = weights.astype(np.float64)
            b, k1 = self.B, self.K1
            scores[ids] = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        return mask, scores

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, weights) of a term."""
        return self._cached_read(("w", field, text), _read_postings)

    def positions(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(docnums, positions per document, all positions in docnum order) of a term."""
        return self._cached_read(("p", field, text), _read_positions)

    def _cached_read(self, key: tuple, read) -> tuple[np.ndarray, ...]:
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        found = read(self.reader, key[1], key[2])
        with self._lock:
            self._postings[key] = found
            self._cached += sum(a.nbytes for a in found)
            while self._cached > POSTINGS_BUDGET and len(self._postings) > 1:
                _, old = self._postings.popitem(last=False)
                self._cached -= sum(a.nbytes for a in old)
        return found

    def lengths(self, field: str) -> np.ndarray:
        """Each document's (quantised) field length, exactly as Whoosh's scorer reads it."""
        lengths = self._lengths.get(field)
        if lengths is None:
            parts = [_segment_lengths(leaf, field) for leaf, _ in self.reader.leaf_readers()]
            lengths = np.concatenate(parts) if parts else np.ones(0, dtype=np.float32)
            self._lengths[field] = lengths
        return lengths


def _segment_lengths(leaf, field: str) -> np.ndarray:
    """A segment's field lengths (1 where Whoosh has none): one byte column read at once where the segment
    keeps them as Whoosh 3 does; read one document at a time through Whoosh, the ten fields of 100k
    practices took ~9 s on a worker's first searches."""
    if internals.usable():
        try:
            found = internals.byte_lengths(leaf, field)
            if found is not None:
                return found
        except Exception as exc:  # noqa: BLE001 - any failure of a private path means: use the public one
            internals.give_up(exc)
    size = leaf.doc_count_all()
    read = leaf.doc_field_length
    return np.fromiter((read(d, field, 1) or 1 for d in range(size)), dtype=np.float32, count=size)


def _read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, weight) postings of a term, segment by segment, as arrays."""
    parts = _segments(reader, field, text, internals.block_postings, _matcher_postings)
    if not parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    ids, weights = zip(*parts, strict=True)
    return np.concatenate(ids).astype(np.int32), _compact(np.concatenate(weights))


def _read_positions(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A term's positions, flattened: docnums, how many positions each, then all of them."""
    bulk = internals.block_positions if type(reader.schema[field].format) is Positions else None
    parts = _segments(reader, field, text, bulk, _matcher_positions)
    if not parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    ids, counts, positions = (np.concatenate(arrays).astype(np.int32) for arrays in zip(*parts, strict=True))
    return ids, counts, positions


def _segments(reader, field: str, text: str, bulk, public) -> list[tuple[np.ndarray, ...]]:
    """Each segment's arrays for the term (docnums shifted to the reader's numbering): read in bulk while the
    private path works, else (and, after any failure, from the start again) through Whoosh's API."""
    if bulk is not None and internals.usable():
        try:
            return [_shifted(bulk(matcher) or public(matcher), offset)
                    for matcher, offset in _leaf_matchers(reader, field, text)]
        except Exception as exc:  # noqa: BLE001 - any failure of a private path means: use the public one
            internals.give_up(exc)
    return [_shifted(public(matcher), offset) for matcher, offset in _leaf_matchers(reader, field, text)]


def _shifted(arrays: tuple[np.ndarray, ...], offset: int) -> tuple[np.ndarray, ...]:
    return (arrays[0] + offset, *arrays[1:])


def _matcher_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) through Whoosh's matcher API, a posting at a time (~6 µs each)."""
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _matcher_positions(matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(docnums, counts, positions) through Whoosh's decoding (~10 µs a posting)."""
    ids, counts, positions = [], [], []
    for docnum, doc_positions in matcher.items_as("positions"):
        ids.append(docnum)
        counts.append(len(doc_positions))
        positions.extend(doc_positions)
    return np.asarray(ids, dtype=np.int64), np.asarray(counts, dtype=np.int64), np.asarray(positions, dtype=np.int64)


def _compact(weights: np.ndarray) -> np.ndarray:
    """Term frequencies are whole numbers: float32 holds them exactly in half the memory."""
    small = weights.astype(np.float32)
    return small if np.array_equal(small, weights) else weights


def _leaf_matchers(reader, field: str, text: str):
    """(postings matcher, docnum offset) of the term in each segment that has it."""
    if field not in reader.schema:
        return
    try:
        btext = reader.schema[field].to_bytes(text)
    except ValueError:
        return
    for leaf, offset in reader.leaf_readers():
        if (field, btext) in leaf:
            yield leaf.postings(field, btext), offset
