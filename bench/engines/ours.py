"""Our engine as the product runs it: build_full, then one long-lived SearchEngine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from practice_search.bench.engines.common import Answer
from practice_search.bench.queries import BenchQuery
from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.model import Practice
from practice_search.search.engine import SearchEngine, SearchRequest


class Ours:
    name = "ours"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.engine: SearchEngine | None = None

    def build(self, practices: Sequence[Practice]) -> None:
        build_full(IndexStore(self.folder), practices)

    def open(self) -> None:
        self.engine = SearchEngine(self.folder, cache_size=0)  # timed rounds repeat queries: measure searching
        self.engine.generation()

    def search(self, query: BenchQuery) -> Answer:
        result = self.engine.search(request_for(query))
        facets = {name: {str(e["value"]): e["count"] for e in entries if e["count"]}
                  for name, entries in result["facets"].items()}
        return Answer(result["total"], [r["id"] for r in result["results"]], facets, result["relaxed"])

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def request_for(query: BenchQuery) -> SearchRequest:
    """`match="all"`, so the baselines can answer the very same set: "most of the words" evaluates the
    same items (each concept on its own) and differs only in the coverage it admits."""
    return SearchRequest(query=query.q, filters=dict(query.filters), sort=query.sort, page=query.page,
                         per_page=query.per_page, year_from=query.year_from, year_to=query.year_to,
                         versions="all", match="all")  # every page a hit, the strict set, as the other engines
