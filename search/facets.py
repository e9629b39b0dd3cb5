"""Facet counts from per-value document sets, built once per index generation.

Counting never scores documents: the query's match set is a boolean array, each facet
is a list of (document, value) pairs, and a count is one numpy bincount.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from practice_search.index.facets import FACETS


@dataclass
class FacetField:
    values: list[str]            # value id -> value
    postings: list[np.ndarray]   # value id -> sorted docnums
    pair_docs: np.ndarray        # one entry per (document, value) pair
    pair_values: np.ndarray

    def mask_for(self, value_ids: list[int], size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        for vid in value_ids:
            mask[self.postings[vid]] = True
        return mask

    def counts(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.pair_values[mask[self.pair_docs]], minlength=len(self.values))


class FacetTable:
    """Everything facet counting and non-relevance sorting need, read from one reader."""

    def __init__(self, reader) -> None:
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.fields = {name: _read_field(reader, name, self.live) for name in FACETS}
        self.index = {name: {v: i for i, v in enumerate(f.values)} for name, f in self.fields.items()}
        self.first_year = _column(reader, "first_year", self.size)
        self.last_year = _column(reader, "last_year", self.size)
        titles = _column_values(reader, "title_sort", self.size)
        order = sorted(range(self.size), key=titles.__getitem__)
        self.title_rank = np.empty(self.size, dtype=np.int32)
        self.title_rank[order] = np.arange(self.size)

    def value_mask(self, facet: str, values: list[str]) -> np.ndarray:
        ids = [self.index[facet][v] for v in values if v in self.index[facet]]
        return self.fields[facet].mask_for(ids, self.size)

    def order(self, docs: np.ndarray, sort: str) -> np.ndarray:
        """Documents ordered for 'newest', 'oldest' or 'title' (ties broken by title)."""
        title = self.title_rank[docs]
        if sort == "title":
            return docs[np.argsort(title, kind="stable")]
        first, last = self.first_year[docs], self.last_year[docs]
        undated = (first == 0).astype(np.int64)
        keys = (title, last, first, undated) if sort == "oldest" else (title, -first, -last, undated)
        return docs[np.lexsort(keys)]


def top_k(docs: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The k best documents by score, ties by docnum (Whoosh's order), without sorting them all."""
    if k < len(docs):
        threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= threshold
        docs, scores = docs[keep], scores[keep]
    return docs[np.lexsort((docs, -scores))][:k]


def _read_field(reader, name: str, live: np.ndarray) -> FacetField:
    values, postings = [], []
    for term in reader.lexicon(name):
        value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        docs = np.fromiter(reader.postings(name, term).all_ids(), dtype=np.int64)
        docs = docs[live[docs]] if len(docs) else docs
        if len(docs):
            values.append(value)
            postings.append(np.sort(docs).astype(np.int32))
    pair_docs = np.concatenate(postings) if postings else np.zeros(0, dtype=np.int32)
    pair_values = np.concatenate([np.full(len(p), i, dtype=np.int32) for i, p in enumerate(postings)]) \
        if postings else np.zeros(0, dtype=np.int32)
    return FacetField(values, postings, pair_docs, pair_values)


def _column(reader, name: str, size: int) -> np.ndarray:
    values = _column_values(reader, name, size)
    return np.array([int(v or 0) for v in values], dtype=np.int32)


def _column_values(reader, name: str, size: int) -> list:
    if reader.has_column(name):
        column = reader.column_reader(name)
        return [column[i] for i in range(size)]
    return [0] * size
