"""What every engine shares: the answer shape, and the product's own analysis and queries for baselines.

The native baselines index, field by field, the terms our schema's analyzers produce, and
answer the very Whoosh query our QueryBuilder makes (synonyms, local-language fields,
prefix expansions included), translated node by node. They therefore match exactly the
documents our engine matches and differ only in how fast they find, score and count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields as wf
from whoosh import query as wq

from practice_search.bench.queries import BenchQuery
from practice_search.index.schema import FACETS, build_schema, document_for
from practice_search.ingest.model import Practice
from practice_search.search.engine import SearchEngine
from practice_search.search.query import QueryBuilder, parse

_SCHEMA = build_schema()
TEXT_FIELDS = tuple(name for name, f in _SCHEMA.items() if isinstance(f, wf.TEXT))


class Untranslatable(Exception):
    """A query node a baseline has no equivalent for."""


@dataclass
class Answer:
    total: int
    ids: list[str]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    relaxed: bool = False  # ours only: no practice had all the words, these have some


@dataclass
class Doc:
    """A practice as the baselines index it: analysed terms per text field, raw facet values."""

    id: str
    text: dict[str, str]
    facets: dict[str, list[str]]
    first_year: int
    last_year: int
    title_key: str


def analysed_doc(practice: Practice) -> Doc:
    values = document_for(practice)
    text = {}
    for name in TEXT_FIELDS:
        value = values.get(name)
        text[name] = " ".join(t.text for t in _SCHEMA[name].analyzer(value)) if isinstance(value, str) else ""
    facets = {
        "topic": list(dict.fromkeys(practice.topics + practice.topics_inferred)),
        "country": list(practice.countries), "city": list(practice.cities),
        "language": [practice.language] if practice.language else [],
        "year": [str(y) for y in practice.years],
    }
    return Doc(practice.id, text, facets, values["first_year"], values["last_year"], values["title_sort"])


class ProductQueries:
    """The Whoosh query for the set our engine answers with `match="all"` (spelling corrected, function
    words not required), made once per benchmark query from our index."""

    def __init__(self, reference_index: Path) -> None:
        self.engine = SearchEngine(reference_index)
        self._cache: dict[str, wq.Query | None] = {}

    def __call__(self, query: BenchQuery) -> wq.Query | None:
        if query.q not in self._cache:
            gen = self.engine._current()
            builder = QueryBuilder(gen.searcher.reader(), gen.facet_values)
            parsed = parse(query.q)
            parsed = parsed.corrected(gen.speller.corrections(parsed.words()))
            self._cache[query.q] = builder.plan(parsed).strict_query()
        return self._cache[query.q]


def term_text(q: wq.Term | wq.Phrase) -> list[str]:
    words = [q.text] if isinstance(q, wq.Term) else list(q.words)
    return [w.decode("utf-8") if isinstance(w, bytes) else str(w) for w in words]


def facet_filters(query: BenchQuery) -> dict[str, list[str]]:
    """Selected values per facet, the year range folded into the year facet (as the product does)."""
    filters = {name: list(values) for name, values in query.filters.items() if values}
    if query.year_from is not None or query.year_to is not None:
        low = query.year_from if query.year_from is not None else 1900
        high = query.year_to if query.year_to is not None else 2100
        in_range = [str(y) for y in range(low, high + 1)]
        chosen = filters.get("year")
        filters["year"] = [y for y in in_range if y in chosen] if chosen else in_range
    return filters


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


__all__ = ["FACETS", "TEXT_FIELDS", "Answer", "Doc", "ProductQueries", "Untranslatable", "analysed_doc",
           "facet_filters", "folder_size", "term_text"]
