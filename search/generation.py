"""Everything worked out from one index generation, owned by one object.

A search reads facet tables, posting arrays, duplicate groups, spelling buckets, suggestion
indexes, whole-collection counts and earlier answers, all true of one generation only. They live
here, made on first use, and nowhere else: when the engine opens a newer generation it drops
this object and with it every one of them, so no cache can serve a number from an older index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from practice_search.search.batch import doc_ids
from practice_search.search.collection import Collection, collection_of
from practice_search.search.complete import Suggestions
from practice_search.search.duplicates import Duplicates, duplicates
from practice_search.search.facets import FacetTable
from practice_search.search.query import facet_key
from practice_search.search.spelling import Speller
from practice_search.search.term_arrays import TermArrays

T = TypeVar("T")


class Generation:
    """One open searcher and the caches drawn from it; thread-safe."""

    def __init__(self, name: str, searcher, info: dict) -> None:
        self.name = name
        self.searcher = searcher
        self.info = info  # build.json without the manifest, plus the commit it describes
        reader = searcher.reader()
        self.facets = FacetTable(reader)
        self.facet_values = {name: {facet_key(v): v for v in f.values} for name, f in self.facets.fields.items()}
        self.speller = Speller(reader)
        self.suggestions = Suggestions(reader, self.facets)
        self.results: OrderedDict[tuple, bytes] = OrderedDict()  # request key -> pickled answer
        self._made: dict[str, object] = {}
        self._lock = threading.RLock()

    def term_arrays(self) -> TermArrays:
        """Posting arrays and scoring, made on first search (a cold start stays short)."""
        return self._once("term_arrays", lambda: TermArrays(self.searcher, self.facets.live))

    def duplicates(self) -> Duplicates:
        return self._once("duplicates", lambda: duplicates(self.searcher, self.info))

    def collection(self) -> Collection:
        return self._once("collection", lambda: collection_of(self.name, self.facets, self.duplicates()))

    def doc_ids(self) -> dict[int, str]:
        """Document number -> practice id (batch ranking answers with ids)."""
        return self._once("doc_ids", lambda: doc_ids(self.searcher.reader()))

    def close(self) -> None:
        self.searcher.close()

    def _once(self, key: str, make: Callable[[], T]) -> T:
        found = self._made.get(key)
        if found is None:
            with self._lock:
                found = self._made.get(key)
                if found is None:
                    found = self._made[key] = make()
        return found  # type: ignore[return-value]
