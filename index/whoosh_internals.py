"""Every use of Whoosh's private names, in one module, each with the public API as its fallback.

Two fast paths need Whoosh 3's codec internals: reading a term's postings a block (128 postings)
at a time and a segment's field lengths as one byte column (search/term_arrays.py), and writing
a full build's postings a list at a time (index/build.py). Both were written against whoosh3
3.54.0, the version pyproject.toml pins. On import the installed version and every private name
used here are checked; if anything differs, or a fast path fails later in any way (a renamed
attribute, a changed layout), `usable()` becomes False for the rest of the process, one warning
is logged, and callers take Whoosh's public API instead: the same answers, only slower.
"""

from __future__ import annotations

import itertools
import logging
from array import array
from collections.abc import Iterable, Iterator, Sequence
from operator import sub
from pickle import loads

import numpy as np
import whoosh

log = logging.getLogger(__name__)
PINNED = (3, 54, 0)

try:
    from whoosh.codec.whoosh3 import (
        LENGTHS_COLUMN,
        W3Codec,
        W3FieldWriter,
        W3LeafMatcher,
        W3PerDocReader,
        W3PostingsWriter,
        W3Segment,
    )
    from whoosh.columns import NumericColumn
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.system import _INT_SIZE
    from whoosh.util.numeric import byte_to_length
except ImportError as missing:  # pragma: no cover - only on a Whoosh that is not the pinned one
    _IMPORTED, _PROBLEM = False, f"cannot import {missing.name or missing}"
else:
    _IMPORTED, _PROBLEM = True, ""

_PRIVATE_NAMES = {  # class -> the private attributes used here (checked at import)
    "W3LeafMatcher": ("_read_ids", "_read_weights", "_read_values", "_next_block"),
    "W3PerDocReader": ("_cached_reader",),
    "W3PostingsWriter": ("_write_block", "_mini_ids", "_mini_weights"),
}


def _check() -> str:
    """Why the fast paths cannot be used with the installed Whoosh ('' when they can)."""
    if not _IMPORTED:
        return _PROBLEM
    if tuple(whoosh.__version__) != PINNED:
        return f"whoosh {'.'.join(map(str, whoosh.__version__))} is installed, the fast paths know {PINNED}"
    for cls, names in _PRIVATE_NAMES.items():
        missing = [n for n in names if not hasattr(globals()[cls], n)]
        if missing:
            return f"{cls} lacks {', '.join(missing)}"
    return ""


_state = {"problem": _check(), "warned": False}


def usable() -> bool:
    return not _state["problem"]


def give_up(reason: str | BaseException) -> None:
    """Use the public API from now on (once per process, with one warning saying why)."""
    _state["problem"] = str(reason) if isinstance(reason, str) else f"{type(reason).__name__}: {reason}"
    _warn()


def _warn() -> None:
    if _state["problem"] and not _state["warned"]:
        _state["warned"] = True
        log.warning("Whoosh fast paths off (%s); using Whoosh's public API", _state["problem"])


_warn()


# -- reading ------------------------------------------------------------------
def block_postings(matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, weights) of one segment's matcher read a block at a time, deleted documents dropped;
    None when the matcher is not a Whoosh 3 block matcher."""
    leaf, deleted = unwrapped(matcher)
    if type(leaf) is not W3LeafMatcher:
        return None
    ids, weights = [], []
    for block in _blocks(leaf):
        block._read_weights()
        ids.append(np.asarray(block._ids, dtype=np.int64))
        weights.append(np.asarray(block._weights, dtype=np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    ids, weights = np.concatenate(ids), np.concatenate(weights)
    if deleted:
        keep = _kept(ids, deleted)
        ids, weights = ids[keep], weights[keep]
    return ids, weights


def block_positions(matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(docnums, counts, positions) of one segment's `Positions` postings a block at a time; None when the
    matcher is not a Whoosh 3 block matcher. Each value is `Positions.encode`: a count, then the pickled
    gaps between positions (the final pickle STOP may be cut off, as `decode_positions` allows)."""
    leaf, deleted = unwrapped(matcher)
    if type(leaf) is not W3LeafMatcher:
        return None
    ids, values = [], []
    for block in _blocks(leaf):
        block._read_values()
        ids.append(np.asarray(block._ids, dtype=np.int64))
        values.extend(block._values)
    doc_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    gaps = [loads(v[_INT_SIZE:] if v.endswith(b".") else v[_INT_SIZE:] + b".") for v in values]
    if deleted:
        keep = _kept(doc_ids, deleted)
        doc_ids, gaps = doc_ids[keep], list(itertools.compress(gaps, keep))
    counts = np.fromiter(map(len, gaps), dtype=np.int64, count=len(gaps))
    running = np.cumsum(np.fromiter(itertools.chain.from_iterable(gaps), dtype=np.int64, count=int(counts.sum())))
    before_each_document = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    return doc_ids, counts, running - np.repeat(before_each_document, counts)


def byte_lengths(leaf, field: str) -> np.ndarray | None:
    """A segment's field lengths (1 where Whoosh has none) from its one-byte-per-document column; None
    when the segment keeps them some other way."""
    size = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
    if column is None:  # no document of the segment has the field: Whoosh answers the default
        return np.ones(size, dtype=np.float32)
    if type(column) is not NumericColumn.Reader or column._fixedlen != 1:
        return None
    stored = min(column._count, size)
    codes = np.zeros(size, dtype=np.uint8)
    codes[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    return _BYTE_LENGTHS[codes]


def plain_bm25f(weighting) -> bool:
    """Whether the scorer is Whoosh's BM25F without per-field B values, which term_arrays reproduces."""
    from whoosh import scoring

    return type(weighting) is scoring.BM25F and not getattr(weighting, "_field_B", None)


def unwrapped(matcher):
    """(the segment's own matcher, the deleted docnums it skips) for Whoosh's deletion filter."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, matcher._ids
    return matcher, None


def _blocks(matcher) -> Iterator:
    """The matcher at each of its blocks in turn, from the first, with the block's docnums loaded."""
    matcher.reset()
    while matcher.is_active():
        matcher._read_ids()
        yield matcher
        matcher._next_block()


def _kept(ids: np.ndarray, deleted) -> np.ndarray:
    return ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))


_BYTE_LENGTHS = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float32) if _IMPORTED else None


# -- writing ------------------------------------------------------------------
if _IMPORTED:
    class BuildCodec(W3Codec):
        """Whoosh's own index format, written a posting list at a time instead of a posting at a time.

        Its segments name the plain W3Codec, so reading an index never needs this class. It takes the
        postings from build.TermPool: ((field, term), postings in docnum order), terms in order.
        """

        def new_segment(self, storage, indexname: str) -> W3Segment:
            return W3Segment(W3Codec(), indexname)

        def field_writer(self, storage, segment: W3Segment) -> W3FieldWriter:
            return _FieldWriter(self, storage, segment)

        def postings_writer(self, dbfile, byteids: bool = False) -> W3PostingsWriter:
            return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                   compression=self._compression, inlinelimit=self._inlinelimit)

    class _FieldWriter(W3FieldWriter):
        def add_postings(self, schema, lengths, items: Iterable) -> None:
            """TermPool's terms in order, each term's postings written in one call."""
            current = None
            for (fieldname, btext), postings in items:
                if fieldname != current:
                    if current is not None:
                        self.finish_field()
                    self.start_field(fieldname, schema[fieldname])
                    current, field_lengths = fieldname, _field_lengths(lengths, fieldname)
                self.start_term(btext)
                _, _, ids, weights, values = zip(*postings, strict=True)
                self._postwriter.add_posting_list(ids, weights, values, [field_lengths[d] for d in ids])
                self.finish_term()
            if current is not None:
                self.finish_field()

    class _PostingsWriter(W3PostingsWriter):
        """Writes documents' postings (not term vectors, whose ids are terms)."""

        def add_posting_list(self, ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes],
                             lengths: Sequence[int | None]) -> None:
            """What `add_posting` does for each posting in turn, a block at a time: same blocks, same bytes."""
            limit = self._blocklimit
            for start in range(0, len(ids), limit):
                if start:
                    self._write_block()
                end = start + limit
                self._ids = array("I", ids[start:end])
                self._weights = array("f", weights[start:end])
                self._values = [v for v in values[start:end] if v]
                self._maxweight = max(0, *weights[start:end])
                known = [n for n in lengths[start:end] if n]
                self._minlength = min(known) if known else None
                self._maxlength = max(known) if known else 0

        def _mini_ids(self) -> tuple:
            """The block's docnum gaps, as Whoosh's `_mini_ids` gives them, without a generator step per posting."""
            ids = self._ids
            return (ids[0], *map(sub, ids[1:], ids)) if ids else ()

        def _mini_weights(self) -> tuple | float | None:
            """As Whoosh's `_mini_weights`: None if all are 1, the one weight if all are equal, else all of them."""
            weights = self._weights
            if weights.count(1.0) == len(weights):
                return None
            if weights.count(weights[0]) == len(weights):
                return weights[0]
            return tuple(weights)
else:  # pragma: no cover
    BuildCodec = None


def _field_lengths(lengths, fieldname: str) -> list[int | None]:
    """Each document's length in the field, read once instead of once per posting."""
    length_of = lengths.doc_field_length_reader(fieldname)
    return [length_of(docnum) for docnum in range(lengths.doc_count_all())]
