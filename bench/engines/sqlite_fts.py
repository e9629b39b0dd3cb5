"""SQLite FTS5 (standard library) on pre-analysed text: the other native reference.

The match set is materialised once per request into a temporary table together with each
document's bm25() under the product's field weights, and the page is ranked from there: a
ranked MATCH restricted to that set made FTS5 evaluate the whole expression once per
candidate row (13 s for one query at 3k documents). Each facet is one GROUP BY over a
(doc, facet, value) table restricted by the other facets' selections.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

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
from practice_search.search.query import FIELD_BOOSTS

COLUMNS = TEXT_FIELDS
_WEIGHTS = ", ".join(str(FIELD_BOOSTS.get(c, 1.0)) for c in COLUMNS)
_ALL, _NOTHING = "*all*", "*nothing*"
_ORDER = {"newest": "d.first_year DESC, d.title_key", "oldest": "d.first_year ASC, d.title_key",
          "title": "d.title_key"}


class SqliteFts:
    name = "sqlite-fts5"

    def __init__(self, folder: Path, reference: Path | None = None) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.product_query = ProductQueries(reference) if reference else None

    @property
    def path(self) -> Path:
        return self.folder / "fts.sqlite"

    def build(self, practices: Sequence[Practice]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        db.executescript(f"""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT, first_year INT, title_key TEXT);
            CREATE TABLE facet (doc INTEGER, name TEXT, value TEXT);
            CREATE VIRTUAL TABLE fts USING fts5({", ".join(COLUMNS)}, content='',
                tokenize="unicode61 remove_diacritics 0 tokenchars '''’_'");
        """)
        for rowid, practice in enumerate(practices, 1):
            d = analysed_doc(practice)
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (rowid, d.id, d.first_year, d.title_key))
            db.execute(f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})",
                       (rowid, *(d.text[c] for c in COLUMNS)))
            db.executemany("INSERT INTO facet VALUES (?, ?, ?)",
                           [(rowid, name, v) for name, values in d.facets.items() for v in values])
        db.executescript("""
            CREATE INDEX facet_by_value ON facet (name, value, doc);
            CREATE INDEX facet_by_doc ON facet (doc, name, value);
            INSERT INTO fts (fts) VALUES ('optimize');
        """)
        db.commit()
        db.close()

    def open(self) -> None:
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("CREATE TEMP TABLE m (doc INTEGER PRIMARY KEY, score REAL)")

    def search(self, query: BenchQuery) -> Answer:
        db = self.db
        q = self.product_query(query)
        match, exclude = _match_expression(q)
        db.execute("DELETE FROM m")
        if match == _ALL:
            db.execute("INSERT INTO m SELECT rowid, NULL FROM docs")
        elif match != _NOTHING:
            db.execute(f"INSERT INTO m SELECT rowid, bm25(fts, {_WEIGHTS}) FROM fts WHERE fts MATCH ?", (match,))
        if exclude:
            db.execute("DELETE FROM m WHERE doc IN (SELECT rowid FROM fts WHERE fts MATCH ?)", (exclude,))
        filters = facet_filters(query)
        where, args = _filter_sql(filters)
        total = db.execute(f"SELECT count(*) FROM m WHERE 1 {where}", args).fetchone()[0]
        ranked = match not in (_ALL, _NOTHING) and query.sort == "relevance"
        order = "m.score, m.doc" if ranked else _ORDER.get(query.sort, _ORDER["newest"])
        rows = db.execute(f"SELECT d.id FROM m JOIN docs d ON d.rowid = m.doc WHERE 1 {where} "
                          f"ORDER BY {order} LIMIT ? OFFSET ?",
                          (*args, query.per_page, (query.page - 1) * query.per_page)).fetchall()
        facets = {}
        for name in FACETS:
            other_where, other_args = _filter_sql({k: v for k, v in filters.items() if k != name})
            counts = db.execute(
                f"SELECT f.value, count(*) FROM facet f JOIN m ON m.doc = f.doc WHERE f.name = ? {other_where} "
                f"GROUP BY f.value", (name, *other_args)).fetchall()
            facets[name] = dict(counts)
        return Answer(total, [r[0] for r in rows], facets)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _filter_sql(filters: dict[str, list[str]]) -> tuple[str, list]:
    where, args = "", []
    for name, values in filters.items():
        marks = ", ".join("?" * len(values))
        where += f" AND m.doc IN (SELECT doc FROM facet WHERE name = ? AND value IN ({marks}))"
        args += [name, *values]
    return where, args


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _match_expression(q: wq.Query | None) -> tuple[str, str]:
    """(FTS5 expression or _ALL / _NOTHING, expression to exclude); AndNot at the top may exclude from all."""
    if q is None or isinstance(q, wq.Every):
        return _ALL, ""
    if isinstance(q, wq.AndNot) and isinstance(q.a, wq.Every):
        return _ALL, _expression(q.b)
    expression = _expression(q)
    return (expression or _NOTHING), ""


def _expression(q: wq.Query) -> str:
    if isinstance(q, (wq.Term, wq.Phrase)):
        return f"{q.fieldname} : {_quote(' '.join(term_text(q)))}"
    if isinstance(q, (wq.And, wq.Or)):
        parts = [p for p in (_expression(sub) for sub in q.subqueries) if p]
        if isinstance(q, wq.And) and len(parts) < len(q.subqueries):
            return ""
        joiner = " AND " if isinstance(q, wq.And) else " OR "
        return "(" + joiner.join(parts) + ")" if parts else ""
    if isinstance(q, wq.AndNot):
        positive, negative = _expression(q.a), _expression(q.b)
        return f"({positive} NOT {negative})" if positive and negative else positive
    if q is wq.NullQuery:
        return ""
    raise Untranslatable(type(q).__name__)
