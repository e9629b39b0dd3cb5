"""The user's query language -> a Whoosh query, never an exception.

Syntax: words (all required), "quoted phrases", -word / -"phrase" to exclude, OR between
two items, field:value (title, city, country, topic, year, language), trailing * for a prefix.
Anything that is not valid syntax is read as plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from index.schema import folding_analyzer, text_analyzer
from ingest.text_utils import fold

FIELD_BOOSTS = {"title": 4.0, "summary": 2.0, "topics_text": 2.0, "places": 2.5, "body": 1.0}
PHRASE_FIELDS = ("title", "summary", "body", "topics_text")
QUERY_FIELDS = {"title", "city", "country", "topic", "year", "language", "lang"}
MAX_QUERY_CHARS = 500
MAX_PREFIX_TERMS = 64
MIN_PREFIX_CHARS = 2

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>[^\s"]+))'
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<word>[^\s\"]+))"
)
_TEXT = text_analyzer()
_FOLD = folding_analyzer()


class QueryTooLong(ValueError):
    pass


@dataclass
class Clause:
    """One item of the query: a word, a phrase, a prefix or a field restriction."""

    kind: str  # word | phrase | prefix | field
    text: str
    negated: bool = False
    field: str | None = None
    or_with_next: bool = False


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def words(self) -> list[str]:
        """Plain words of the query, for spelling suggestions."""
        return [c.text for c in self.positive if c.kind == "word"]

    def highlight_terms(self) -> set[str]:
        """Analysed terms that a snippet should mark."""
        terms: set[str] = set()
        for clause in self.positive:
            if clause.kind in ("word", "phrase") or (clause.kind == "field" and clause.field == "title"):
                terms.update(analyse(clause.text))
            elif clause.kind == "prefix":
                terms.add("*" + clause.text)
        return terms


def analyse(text: str) -> list[str]:
    return [t.text for t in _TEXT(text)]


def parse(text: str) -> ParsedQuery:
    """Split the user's text into clauses; OR links its neighbours, unknown fields become words."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"query longer than {MAX_QUERY_CHARS} characters")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    clauses: list[Clause] = []
    for match in _TOKEN.finditer(text):
        negated = bool(match.group("neg"))
        if match.group("field") is not None:
            name = match.group("field").lower()
            value = match.group("fphrase") if match.group("fphrase") is not None else match.group("fvalue")
            if name in QUERY_FIELDS and value.strip():
                clauses.append(Clause("field", value.strip(), negated, "language" if name == "lang" else name))
            else:
                clauses.extend(_words(f"{match.group('field')} {value}", negated))
        elif match.group("phrase") is not None:
            if analyse(match.group("phrase")) or _fold_terms(match.group("phrase")):
                clauses.append(Clause("phrase", match.group("phrase").strip(), negated))
        else:
            word = match.group("word")
            if word in ("OR", "|", "||") and clauses:
                clauses[-1].or_with_next = True
                continue
            clauses.extend(_words(word, negated))
    if clauses:
        clauses[-1].or_with_next = False
    return ParsedQuery(clauses)


def _words(text: str, negated: bool) -> list[Clause]:
    out = []
    for raw in re.split(r"[\s:]+", text):
        if raw.endswith("*") and len(raw.rstrip("*")) >= MIN_PREFIX_CHARS and re.fullmatch(r"[\w'’-]+", raw.rstrip("*")):
            out.append(Clause("prefix", _fold_terms(raw.rstrip("*"))[0] if _fold_terms(raw.rstrip("*")) else "", negated))
            continue
        word = raw.strip("*")
        if analyse(word) or _fold_terms(word):
            out.append(Clause("word", word, negated))
    return [c for c in out if c.text]


def _fold_terms(text: str) -> list[str]:
    return [t.text for t in _FOLD(text)]


class QueryBuilder:
    """Turns clauses into Whoosh queries against one reader (prefixes expand on its terms)."""

    def __init__(self, reader, facet_values: dict[str, dict[str, str]]) -> None:
        self.reader = reader
        self.facet_values = facet_values

    def build(self, parsed: ParsedQuery, relaxed: bool = False) -> wq.Query | None:
        """All positive items required (or any, when relaxed), negated ones excluded; None = everything."""
        groups: list[list[wq.Query]] = [[]]
        negatives: list[wq.Query] = []
        for clause in parsed.clauses:
            q = self.clause_query(clause)
            if clause.negated:
                if q is not None:
                    negatives.append(q)
                continue
            if q is not None:
                groups[-1].append(q)
            if not clause.or_with_next and groups[-1]:
                groups.append([])
        items = [g[0] if len(g) == 1 else wq.Or(g) for g in groups if g]
        if not items:
            positive: wq.Query | None = None
        elif len(items) == 1:
            positive = items[0]
        else:
            positive = wq.Or(items, scale=0.9) if relaxed else wq.And(items)
        if negatives:
            return wq.AndNot(positive or wq.Every(), wq.Or(negatives) if len(negatives) > 1 else negatives[0])
        return positive

    def clause_query(self, clause: Clause) -> wq.Query | None:
        if clause.kind == "word":
            return self._across_fields(clause.text, phrase=False)
        if clause.kind == "phrase":
            return self._across_fields(clause.text, phrase=True)
        if clause.kind == "prefix":
            return self._prefix(clause.text)
        return self._field(clause)

    def _across_fields(self, text: str, phrase: bool, fields: tuple[str, ...] | None = None) -> wq.Query | None:
        stemmed, folded = analyse(text), _fold_terms(text)
        subqueries = []
        for name in fields or tuple(FIELD_BOOSTS):
            if phrase and name not in PHRASE_FIELDS + ("places",):
                continue
            terms = folded if name == "places" else stemmed
            if not terms:
                continue
            boost = FIELD_BOOSTS[name]
            if len(terms) == 1:
                subqueries.append(wq.Term(name, terms[0], boost=boost))
            else:
                subqueries.append(wq.Phrase(name, terms, boost=boost))
        if not subqueries:
            return None
        return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)

    def _prefix(self, prefix: str) -> wq.Query | None:
        """A bounded expansion, so 'a*' cannot turn into thousands of terms."""
        subqueries = []
        for name in ("title", "body", "places"):
            expanded = []
            for term in self.reader.expand_prefix(name, prefix):
                expanded.append(term.decode("utf-8") if isinstance(term, bytes) else term)
                if len(expanded) >= MAX_PREFIX_TERMS:
                    break
            subqueries.extend(wq.Term(name, t, boost=FIELD_BOOSTS[name]) for t in expanded)
        if not subqueries:
            return wq.NullQuery
        return wq.Or(subqueries)

    def _field(self, clause: Clause) -> wq.Query | None:
        name, value = clause.field, clause.text
        if name == "title":
            return self._across_fields(value, phrase=True, fields=("title",))
        if name == "year":
            years = _year_values(value)
            return wq.Or([wq.Term("year", str(y)) for y in years]) if years else wq.NullQuery
        facet = "topic" if name == "topic" else name
        exact = self.facet_values.get(facet, {}).get(facet_key(value))
        if exact:
            return wq.Term(facet, exact)
        partial = [v for k, v in self.facet_values.get(facet, {}).items() if facet_key(value) in k]
        if partial:
            return wq.Or([wq.Term(facet, v) for v in partial[:MAX_PREFIX_TERMS]])
        text_field = "topics_text" if facet == "topic" else "places"
        return self._across_fields(value, phrase=True, fields=(text_field,)) or wq.NullQuery


def _year_values(value: str) -> list[int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:(?:-|–|\.\.)\s*(\d{4}))?\s*", value)
    if not match:
        return []
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start or end - start > 200:
        return []
    return list(range(start, end + 1))


def facet_key(value: str) -> str:
    """How facet values are matched: case, accents and hyphens ignored."""
    return " ".join(fold(value).replace("-", " ").split())
