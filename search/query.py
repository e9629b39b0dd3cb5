"""The user's query language -> a Whoosh query, never an exception.

Syntax: words, "quoted phrases", -word / -"phrase" to exclude, OR between two items, field:value
(title, city, country, topic, year, language), trailing * for a prefix. Anything that is not valid
syntax is read as plain words. `QueryBuilder.plan` sorts the items by role for "most of the words"
matching (search/coverage.py): words are counted, phrases and field:value required, exclusions kept out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from whoosh import query as wq

from practice_search.index.analysis import folding_analyzer, language_analyzer
from practice_search.index.schema import LOCAL_FIELDS, text_analyzer
from practice_search.ingest.text_utils import fold
from practice_search.search import synonyms, translations
from practice_search.search.function_words import optional_words, query_language

# Tuned on the judged set (tests/relevance/data) and Cranfield together: Cranfield's abstracts repeat the
# title and the summary is the body's first sentences, so heavier title/summary weights count the same
# words two or three times (title 4, summary 2 lost 0.02 nDCG@10 there and gained nothing on the judged set).
FIELD_BOOSTS = {"title": 1.25, "summary": 0.25, "topics_text": 2.0, "places": 2.5, "body": 1.0}
LOCAL_BOOST = 1.5  # text_fr, text_de...: a page in its own language, stemmed by that language's rules
STEM_PREFIX_WEIGHT = 0.5  # a word the index lacks ("expats") also finds the words its stem begins ("expatriate")
MIN_STEM_PREFIX = 5
COMMON_SHARE = 0.5  # a word in at least this share of the practices is scored but not required
MIN_DOCS_FOR_COMMON = 50  # below this, shares say little
PHRASE_FIELDS = ("title", "summary", "body", "topics_text")
TRANSLATION_FIELDS = PHRASE_FIELDS  # a translation is no place name
QUERY_FIELDS = {"title", "city", "country", "topic", "year", "language", "lang"}
MAX_QUERY_CHARS = 500
MAX_PREFIX_TERMS = 64
MAX_CLAUSES = 16          # distinct items per query; more adds nothing but cost
MAX_PREFIX_CLAUSES = 4    # each prefix expands to many terms
MIN_PREFIX_CHARS = 2

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>[^\s"]+))'
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<word>[^\s\"]+))"
)
_TEXT = text_analyzer()
_FOLD = folding_analyzer()
_LOCAL = {lang: language_analyzer(lang) for lang in LOCAL_FIELDS}


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

    def corrected(self, corrections: dict[str, str]) -> ParsedQuery:
        """The same query with misspelled words replaced (`corrections`: word as typed -> correction)."""
        if not corrections:
            return self
        return ParsedQuery([replace(c, text=corrections[c.text]) if c.kind == "word" and c.text in corrections
                            else c for c in self.clauses])

    def highlight_terms(self) -> set[str]:
        """Analysed terms that a snippet should mark."""
        terms: set[str] = set()
        for clause in self.positive:
            if clause.kind in ("word", "phrase") or (clause.kind == "field" and clause.field == "title"):
                terms.update(analyse(clause.text))
                for other in _related(clause.text) if clause.kind == "word" else []:
                    terms.update(analyse(other))
            elif clause.kind == "prefix":
                terms.add("*" + clause.text)
        return terms


def _related(text: str) -> list[str]:
    return synonyms.synonyms(text) + synonyms.related(text) + [form for form, _ in translations.translations(text)]


def analyse(text: str) -> list[str]:
    return [t.text for t in _TEXT(text, mode="query")]


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
    clauses = _bounded(clauses)
    if clauses:
        clauses[-1].or_with_next = False
    return ParsedQuery(clauses)


def _bounded(clauses: list[Clause]) -> list[Clause]:
    """Drop repeated items and keep the query's cost bounded: '-roma' eighty times is '-roma' once."""
    kept: list[Clause] = []
    seen: set[tuple] = set()
    prefixes = 0
    for clause in clauses:
        key = (clause.kind, clause.text.casefold(), clause.negated, clause.field)
        if key in seen:
            if kept and kept[-1].or_with_next and not clause.or_with_next:
                kept[-1].or_with_next = False  # "x a OR a y" is "x a y": the OR chain ends here
            continue
        if clause.kind == "prefix":
            if prefixes >= MAX_PREFIX_CLAUSES:
                continue
            prefixes += 1
        seen.add(key)
        kept.append(clause)
        if len(kept) >= MAX_CLAUSES:
            break
    return kept


def _words(text: str, negated: bool) -> list[Clause]:
    out = []
    for raw in re.split(r"[\s:]+", text):
        stem = raw.rstrip("*")
        if raw.endswith("*") and len(stem) >= MIN_PREFIX_CHARS and re.fullmatch(r"[\w'’-]+", stem):
            out.append(Clause("prefix", _fold_terms(stem)[0] if _fold_terms(stem) else "", negated))
            continue
        word = raw.strip("*")
        if analyse(word) or _fold_terms(word):
            out.append(Clause("word", word, negated))
    return [c for c in out if c.text]


def _fold_terms(text: str) -> list[str]:
    return [t.text for t in _FOLD(text, mode="query")]


def _terms_query(field: str, terms: list[str], boost: float) -> wq.Query:
    return wq.Term(field, terms[0], boost=boost) if len(terms) == 1 else wq.Phrase(field, terms, boost=boost)


def _any(subqueries: list[wq.Query], boost: float = 1.0) -> wq.Query | None:
    """One of the alternatives; the same alternative twice (two synonyms stemming alike) counts once.

    A lone alternative carries the boost itself: Whoosh ignores the boost of a one-child Or.
    """
    subqueries = list(dict.fromkeys(q for q in subqueries if q is not None))
    if not subqueries:
        return None
    if len(subqueries) == 1:
        only = subqueries[0]
        return only if boost == 1.0 else only.with_boost(only.boost * boost)
    return wq.Or(subqueries, boost=boost)


@dataclass
class QueryPlan:
    """A query split by the part each item plays in "most of the words" matching."""

    concepts: list[wq.Query] = field(default_factory=list)  # meaningful words (an OR chain is one): counted
    typed: list[wq.Query | None] = field(default_factory=list)  # each concept without the thesaurus's expansions
    optional: list[wq.Query] = field(default_factory=list)  # function and common words: scored, never required
    strict: list[wq.Query] = field(default_factory=list)    # phrases and field:value: always required
    excluded: list[wq.Query] = field(default_factory=list)  # -word, -"phrase": never present

    def strict_query(self) -> wq.Query | None:
        """One Whoosh query for the `match="all"` set: every concept and strict item, no excluded one."""
        required = self.concepts + self.strict
        positive = None if not required else required[0] if len(required) == 1 else wq.And(required)
        if not self.excluded:
            return positive
        excluded = self.excluded[0] if len(self.excluded) == 1 else wq.Or(self.excluded)
        return wq.AndNot(positive or wq.Every(), excluded)


class QueryBuilder:
    """Turns clauses into Whoosh queries against one reader (prefixes expand on its terms)."""

    def __init__(self, reader, facet_values: dict[str, dict[str, str]]) -> None:
        self.reader = reader
        self.facet_values = facet_values

    def build(self, parsed: ParsedQuery, relaxed: bool = False) -> wq.Query | None:
        """All positive items required (or any, when relaxed), negated ones excluded; None = everything."""
        groups: list[list[wq.Query]] = [[]]
        negatives: list[wq.Query] = []
        for clause, q in self._concepts(parsed.clauses):
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

    def plan(self, parsed: ParsedQuery) -> QueryPlan:
        """Each item's query, sorted by role; an OR chain counts as one concept, strict if any part is."""
        words = [c.text for c in parsed.positive if c.kind == "word"]
        optional = optional_words(words)
        common = {w for w in words if w not in optional and self._common(w)}
        if len(optional | common) < len(words):
            optional |= common
        plan = QueryPlan()
        language = query_language(words)
        runs = self._runs(parsed.clauses)
        group: list[tuple[int, Clause, wq.Query]] = []
        for n, (clause, q) in enumerate(self._concepts(parsed.clauses, runs)):
            if clause.negated:
                if q is not None:
                    plan.excluded.append(q)
                continue
            if q is not None:
                group.append((n, clause, q))
            if clause.or_with_next or not group:
                continue
            q = group[0][2] if len(group) == 1 else wq.Or([q for _, _, q in group])
            if any(c.kind in ("phrase", "field") for _, c, _ in group):
                plan.strict.append(q)
            elif all(c.kind == "word" and c.text in optional for _, c, _ in group):
                plan.optional.append(q)
            else:
                plan.concepts.append(q)
                plan.typed.append(_any([self._typed(c, runs[n][0] if n in runs else None, language)
                                        for n, c, _ in group]))
            group = []
        return plan

    def _typed(self, clause: Clause, run: str | None, language: str | None) -> wq.Query | None:
        """The clause as typed: the word, its stems and spelling variants (a corrected word is what was typed)
        and its forms in other languages than the query's (the same word, translated), without the synonyms
        and related terms of the thesaurus, nor the term map's other forms in the query's own language
        ("preschool" for "kindergarten"), which name the thing otherwise."""
        if clause.kind != "word":
            return self.clause_query(clause)
        forms = translations.translations(clause.text) + (translations.translations(run) if run else [])
        return _any([self._word(clause.text), self._translated([(f, lang) for f, lang in forms if lang != language])])

    def _runs(self, clauses: list[Clause]) -> dict[int, tuple[str, wq.Query]]:
        """Neighbouring words that form a synonym or translation entry ('asylum seekers', 'échange de
        jeunes'): each word's position -> the run's text and the entry's other forms."""
        runs: dict[int, tuple[str, wq.Query]] = {}
        longest = max(synonyms.longest_key(), translations.longest_key())
        i = 0
        while i < len(clauses):
            for size in range(min(longest, len(clauses) - i), 1, -1):
                run = clauses[i:i + size]
                # stop words may sit inside a run ("out of work") but cannot start or end one
                if all(c.kind == "word" and not c.negated for c in run) and analyse(run[0].text) \
                        and analyse(run[-1].text) and not any(c.or_with_next for c in run[:-1]):
                    text = " ".join(c.text for c in run)
                    related = self._related(text)
                    if related is not None:
                        runs.update((n, (text, related)) for n in range(i, i + size))
                        i += size
                        break
            else:
                i += 1
        return runs

    def _concepts(self, clauses: list[Clause], runs: dict[int, tuple[str, wq.Query]] | None = None
                  ) -> list[tuple[Clause, wq.Query | None]]:
        """Each clause's query. The words of a run that forms a synonym or translation entry (`_runs`) each also
        accept the entry's other forms: a page saying 'réfugiés' holds both words of 'asylum seekers', a page
        saying only 'asylum' holds one of them."""
        runs = self._runs(clauses) if runs is None else runs
        return [(c, _any([self.clause_query(c), runs[n][1]]) if n in runs else self.clause_query(c))
                for n, c in enumerate(clauses)]

    def clause_query(self, clause: Clause) -> wq.Query | None:
        if clause.kind == "word":
            query = self._word(clause.text)
            related = self._related(clause.text)
            return _any([query, related]) if related is not None else query
        if clause.kind == "phrase":
            return self._across_fields(clause.text, phrase=True)
        if clause.kind == "prefix":
            return self._prefix(clause.text)
        return self._field(clause)

    def _word(self, text: str) -> wq.Query | None:
        """One word in every field; 'anti-rumour' also as 'antirumour'; an unknown word also as its corrections.

        A stop word ('for', 'the') is no condition at all: requiring it would only require it in place names.
        """
        if not analyse(text):
            return None
        query = self._across_fields(text, phrase=False)
        if "-" in text.strip("-"):
            query = _any([query, self._across_fields(text.replace("-", ""), phrase=False)])
        if query is not None and not self._known(text):
            query = _any([query, self._stem_prefix(text)])
        return query

    def _stem_prefix(self, text: str) -> wq.Query | None:
        """Indexed words that begin with the word's stem, weighted below an exact match: the way to a
        real word the collection does not use ("expats" -> "expatriates"), never an edit to another word."""
        stems = analyse(text)
        if len(stems) != 1 or len(stems[0]) < MIN_STEM_PREFIX:
            return None
        expanded = self._prefix(stems[0], fields=("title", "summary", "body"))
        return None if expanded is wq.NullQuery else expanded.with_boost(STEM_PREFIX_WEIGHT)

    def _related(self, text: str) -> wq.Query | None:
        """Synonyms, related terms and translations, each as a phrase, weighted below the exact words (in that
        order); None when there are none."""
        synonym_query = _any([self._across_fields(e, phrase=True) for e in synonyms.synonyms(text)],
                             boost=synonyms.weight())
        related_query = _any([self._across_fields(e, phrase=True) for e in synonyms.related(text)],
                             boost=synonyms.related_weight())
        return _any([synonym_query, related_query, self._translated(translations.translations(text))])

    def _translated(self, forms: list[tuple[str, str]]) -> wq.Query | None:
        """Each form as a phrase: an English one in the text fields, another in its own language's field
        (which holds that language's pages, analysed by its rules)."""
        subqueries = []
        for form, lang in forms:
            if lang in LOCAL_FIELDS:
                terms = [t.text for t in _LOCAL[lang](form, mode="query")]
                if terms:
                    subqueries.append(_terms_query(LOCAL_FIELDS[lang], terms, LOCAL_BOOST))
            else:
                subqueries.append(self._across_fields(form, phrase=True, fields=TRANSLATION_FIELDS))
        return _any(subqueries, boost=translations.weight())

    def _across_fields(self, text: str, phrase: bool, fields: tuple[str, ...] | None = None) -> wq.Query | None:
        stemmed, folded = analyse(text), _fold_terms(text)
        subqueries = []
        for name in fields or tuple(FIELD_BOOSTS):
            if phrase and name not in PHRASE_FIELDS + ("places",):
                continue
            terms = folded if name == "places" else stemmed
            if terms and FIELD_BOOSTS[name]:
                subqueries.append(_terms_query(name, terms, FIELD_BOOSTS[name]))
        if fields is None and LOCAL_BOOST:
            for lang, name in LOCAL_FIELDS.items():
                terms = [t.text for t in _LOCAL[lang](text, mode="query")]
                if terms:
                    subqueries.append(_terms_query(name, terms, LOCAL_BOOST))
        return _any(subqueries)

    def _common(self, text: str) -> bool:
        """Is the word in most practices ("city", "people", "local" here)? Requiring it filters next to
        nothing and only drops the practices that say it differently; it still counts in the score."""
        terms = analyse(text)
        docs = self.reader.doc_count()
        return len(terms) == 1 and docs >= MIN_DOCS_FOR_COMMON \
            and self.reader.doc_frequency("body", terms[0]) >= COMMON_SHARE * docs

    def _known(self, text: str) -> bool:
        """Does any document contain the word? (Not asked of the per-language fields: their stemmers
        conflate too eagerly, French turns 'barcelonna' into the 'barcelon' of 'Barcelone'.)"""
        fields = [("title", analyse(text)), ("body", analyse(text)), ("places", _fold_terms(text))]
        schema = self.reader.schema
        return any(terms and name in schema and all(self.reader.doc_frequency(name, t) for t in terms)
                   for name, terms in fields)

    def _prefix(self, prefix: str, fields: tuple[str, ...] = tuple(FIELD_BOOSTS)) -> wq.Query | None:
        """A bounded expansion, so 'a*' cannot turn into thousands of terms."""
        subqueries = []
        for name in fields:
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
