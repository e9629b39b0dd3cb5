"""Naive Whoosh: what a typical Flask + Whoosh app does, on the same schema and documents.

One single-process writer with default settings; per request the index is opened, the
query goes through the default MultifieldParser (all words required), the page comes from
`search_page`, and each facet's disjunctive counts come from its own `groupedby` search
filtered by the other facets' selections.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.qparser import MultifieldParser

from practice_search.bench.engines.common import Answer, facet_filters
from practice_search.bench.queries import BenchQuery
from practice_search.index.schema import FACETS, TEXT_FIELDS, build_schema, document_for
from practice_search.ingest.model import Practice

_SORTS = {"newest": ("first_year", True), "oldest": ("first_year", False), "title": ("title_sort", False)}


class NaiveWhoosh:
    name = "naive"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def build(self, practices: Sequence[Practice]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(self.folder), build_schema())
        writer = ix.writer()
        for practice in practices:
            writer.add_document(**document_for(practice))
        writer.commit()

    def open(self) -> None:
        """Nothing is kept between requests."""

    def search(self, query: BenchQuery) -> Answer:
        ix = whoosh_index.open_dir(str(self.folder))
        with ix.searcher() as searcher:
            q = MultifieldParser(list(TEXT_FIELDS), ix.schema).parse(query.q) if query.q.strip() else wq.Every()
            filters = facet_filters(query)
            kwargs = {}
            if query.sort in _SORTS:
                field, reverse = _SORTS[query.sort]
                kwargs["sortedby"] = sorting.FieldFacet(field, reverse=reverse)
            page = searcher.search_page(q, query.page, pagelen=query.per_page, filter=_filter(filters), **kwargs)
            ids = [hit["id"] for hit in page] if query.page <= page.pagecount else []
            facets = {}
            for name in FACETS:
                others = {k: v for k, v in filters.items() if k != name}
                results = searcher.search(q, filter=_filter(others), limit=1,
                                          groupedby={name: sorting.FieldFacet(name, allow_overlap=True)})
                facets[name] = {_text(v): len(docs) for v, docs in results.groups(name).items() if v is not None}
            return Answer(page.total, ids, facets)

    def close(self) -> None:
        """Nothing is kept between requests."""


def _filter(filters: dict[str, list[str]]) -> wq.Query | None:
    parts = [wq.Or([wq.Term(name, v) for v in values]) for name, values in filters.items()]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
