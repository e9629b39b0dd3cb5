"""tantivy (Rust, through its Python package) on pre-analysed text: the native reference.

BM25 with the product's field boosts, all words required, facet counts from terms
aggregations over raw multi-valued fast fields (one aggregation per facet, disjunctive).
Queries are the product's own (see common).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import tantivy
from whoosh import query as wq

from practice_search.bench.engines.common import (
    TEXT_FIELDS,
    Answer,
    ProductQueries,
    Untranslatable,
    analysed_doc,
    facet_filters,
    term_text,
)
from practice_search.bench.queries import BenchQuery
from practice_search.index.schema import FACETS
from practice_search.ingest.model import Practice

WRITER_HEAP = 256 * 1024 * 1024
_SORT_FIELDS = {"newest": ("first_year", tantivy.Order.Desc), "oldest": ("first_year", tantivy.Order.Asc),
                "title": ("title_rank", tantivy.Order.Asc)}
_MUST, _SHOULD, _NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace")
    for name in FACETS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_integer_field("first_year", fast=True)
    builder.add_integer_field("title_rank", fast=True)
    return builder.build()


class Tantivy:
    name = "tantivy"

    def __init__(self, folder: Path, reference: Path | None = None) -> None:
        self.folder = folder
        self.index: tantivy.Index | None = None
        self.product_query = ProductQueries(reference) if reference else None

    def build(self, practices: Sequence[Practice]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        schema = _schema()
        index = tantivy.Index(schema, path=str(self.folder))
        writer = index.writer(heap_size=WRITER_HEAP)
        docs = [analysed_doc(p) for p in practices]
        ranks = {d.id: rank for rank, d in enumerate(sorted(docs, key=lambda d: d.title_key))}
        for d in docs:
            doc = tantivy.Document()
            doc.add_text("id", d.id)
            for name, text in d.text.items():
                doc.add_text(name, text)
            for name, values in d.facets.items():
                for value in values:
                    doc.add_text(name, value)
            doc.add_integer("first_year", d.first_year)
            doc.add_integer("title_rank", ranks[d.id])
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()

    def open(self) -> None:
        self.index = tantivy.Index.open(str(self.folder))
        self.index.reload()
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, query: BenchQuery) -> Answer:
        text_query = self._text_query(query)
        filters = facet_filters(query)
        page_query = self._with_filters(text_query, filters)
        kwargs = {}
        if query.sort in _SORT_FIELDS or not query.q.strip():
            field, order = _SORT_FIELDS.get(query.sort, _SORT_FIELDS["newest"])
            kwargs = {"order_by_field": field, "order": order}
        result = self.searcher.search(page_query, limit=query.per_page, offset=(query.page - 1) * query.per_page,
                                      count=True, **kwargs)
        ids = [self.searcher.doc(address)["id"][0] for _, address in result.hits]
        facets = {}
        for name in FACETS:
            others = {k: v for k, v in filters.items() if k != name}
            agg = self.searcher.aggregate(self._with_filters(text_query, others),
                                          {name: {"terms": {"field": name, "size": 100_000}}})
            facets[name] = {b["key"]: b["doc_count"] for b in agg[name]["buckets"]}
        return Answer(result.count, ids, facets)

    def close(self) -> None:
        self.index = None

    def _text_query(self, query: BenchQuery) -> tantivy.Query:
        q = self.product_query(query)
        return tantivy.Query.all_query() if q is None else self._translate(q)

    def _translate(self, q: wq.Query) -> tantivy.Query:
        """The product's Whoosh query, node by node."""
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            out = tantivy.Query.term_query(self.schema, q.fieldname, term_text(q)[0])
        elif isinstance(q, wq.Phrase):
            out = tantivy.Query.phrase_query(self.schema, q.fieldname, term_text(q))
        elif isinstance(q, (wq.And, wq.Or)):
            occur = _MUST if isinstance(q, wq.And) else _SHOULD
            out = tantivy.Query.boolean_query([(occur, self._translate(sub)) for sub in q.subqueries])
        elif isinstance(q, wq.AndNot):
            out = tantivy.Query.boolean_query([(_MUST, self._translate(q.a)), (_NOT, self._translate(q.b))])
        elif isinstance(q, wq.Every):
            out = tantivy.Query.all_query()
        elif q is wq.NullQuery:
            out = tantivy.Query.empty_query()
        else:
            raise Untranslatable(type(q).__name__)
        return tantivy.Query.boost_query(out, boost) if boost != 1.0 else out

    def _with_filters(self, q: tantivy.Query, filters: dict[str, list[str]]) -> tantivy.Query:
        if not filters:
            return q
        parts = [(_MUST, q)]
        for name, values in filters.items():
            terms = [tantivy.Query.term_query(self.schema, name, v) for v in values]
            parts.append((_MUST, tantivy.Query.boolean_query([(_SHOULD, t) for t in terms])))
        return tantivy.Query.boolean_query(parts)
