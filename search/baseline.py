"""The stock BM25 baseline every relevance number is shown beside.

What a developer gets from Whoosh with no tuning at all: one index over title and body,
`StemmingAnalyzer`, `MultifieldParser` with `OrGroup` (any word may match), default BM25F.
It is built in memory from the practices being evaluated, so ours and the baseline always
rank the same documents for the same queries.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import MultifieldParser, OrGroup

from practice_search.ingest.model import Practice

FIELDS = ("title", "body")


class StockBM25:
    """A throw-away in-memory index of the practices; `rank` answers like a stock Whoosh app would."""

    def __init__(self, practices: Iterable[Practice]) -> None:
        analyzer = StemmingAnalyzer()
        schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
        self.index = RamStorage().create_index(schema)
        with self.index.writer() as writer:
            for practice in practices:
                writer.add_document(id=practice.id, title=practice.title, body=practice.body)
        self.parser = MultifieldParser(list(FIELDS), schema, group=OrGroup)
        self.searcher = self.index.searcher()

    def rank(self, text: str, limit: int = 100) -> list[tuple[str, float]]:
        """(practice id, score), best first."""
        hits = self.searcher.search(self.parser.parse(text), limit=limit)
        return [(hit["id"], hit.score) for hit in hits]

    def close(self) -> None:
        self.searcher.close()
