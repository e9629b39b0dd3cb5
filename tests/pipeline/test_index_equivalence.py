"""The fast build writes the index plain Whoosh writes, and its analyzer the tokens of the chain it replaced.

The Whoosh filter chain is rebuilt here as the reference: RegexTokenizer -> compound split ->
lowercase -> fold -> British spelling -> stop words -> renumber -> stem. Every token attribute
is compared (text, position, characters, stopped, original), in every way Whoosh and the product
call an analyzer. Then the sample corpus is indexed by `build_full` and by a default Whoosh writer
over a schema of plain TEXT fields with that chain, and the two indexes compared term by term.
"""

from __future__ import annotations

import gc
import itertools

import pytest
from whoosh import index as whoosh_index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.filters import STOP_WORDS
from whoosh.fields import TEXT, Schema, SpellField
from whoosh.lang import stopwords_for_language

from practice_search.index import analysis, build
from practice_search.index.analysis import (
    COMPOUND_PATTERN,
    LOCAL_LANGUAGES,
    british,
    english_analyzer,
    folding_analyzer,
    language_analyzer,
)
from practice_search.index.build import build_full
from practice_search.index.schema import AnalysedText, build_schema, document_for, documents_with
from practice_search.index.store import IndexStore
from practice_search.ingest.text_utils import fold

TRICKY = [
    "", "   \n\t", "-", "--", "a-", "-a", "A--B", "x", "I", "ß", "Straße", "Portimão", "ZÜRICH", "İstanbul",
    "ﬁnance", "naïve café", "Hôtel-de-Ville", "anti-rumour", "Anti-Rumor strategy", "anti-rumor-ambassadors",
    "the anti-rumour strategy", "check-in", "up-to-date", "the-end", "a-b-c", "of-the", "to be or not to be",
    "2020-2021", "covid-19", "1-2-3", "²-3", "٣٤-٥", "it's", "children's", "aujourd’hui", "l'intégration",
    "rock'n'roll-style", "x-y'z-w", "organization", "organizations", "co-organize", "self-organizing",
    "neighbor-hood", "color", "colors of the neighborhoods", "size", "analyze", "well-being of non-EU citizens",
    "e-mail", "under_score", "ǅemal", "Ærø", "Łódź", "Œuvre", "les médiations interculturelles",
    "die Integrationslotsinnen", "el programa de la ciudad", "a política de integração", "il dialogo",
]
CALLS = [dict(zip(("positions", "chars", "removestops", "mode", "no_morph", "keeporiginal"), combo, strict=True))
         for combo in itertools.product((False, True), (False, True), (True, False), ("index", "query", ""),
                                        (False, True), (False, True))]
CORPUS_CALLS = [
    {"positions": True, "chars": True, "keeporiginal": True, "start_pos": 5, "start_char": 7, "mode": "index"},
    {"positions": True, "removestops": False, "mode": "query"},
    {"no_morph": True},
]

class _Compound(Filter):
    def __call__(self, tokens):
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            if "-" not in t.text:
                yield t
                continue
            text, first_pos = t.text, t.pos if t.positions else 0
            start = t.startchar if t.chars else 0
            parts, offset = [], 0
            for part in text.split("-"):
                if part:
                    parts.append((part, text.find(part, offset)))
                    offset = parts[-1][1] + len(part)
            for n, (part, at) in enumerate(parts):
                t.text = part
                if t.positions:
                    t.pos = first_pos + n
                if t.chars:
                    t.startchar, t.endchar = start + at, start + at + len(part)
                yield t
            if t.mode != "query" and not all(p.isdigit() for p, _ in parts):
                t.text = "".join(british(fold(p)) for p, _ in parts)
                if t.positions:
                    t.pos = first_pos + len(parts) - 1
                if t.chars:
                    t.startchar = start
                yield t
            shift += len(parts) - 1


class _Fold(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class _British(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = british(t.text)
            yield t


class _Renumber(Filter):
    def __call__(self, tokens):
        last, pos = None, -1
        for t in tokens:
            if t.positions:
                if t.pos != last:
                    last, pos = t.pos, pos + 1
                t.pos = pos
            yield t


def _chain_base():
    return RegexTokenizer(COMPOUND_PATTERN) | _Compound() | LowercaseFilter() | _Fold() | _British()


def _chain(lang):
    if lang is None:
        return _chain_base()
    if lang == "en":
        return _chain_base() | StopFilter(renumber=False) | _Renumber() | StemFilter(lang="en")
    stops = frozenset(fold(w) for w in stopwords_for_language(lang))
    return _chain_base() | StopFilter(stoplist=stops, minsize=2, renumber=False) | _Renumber() | StemFilter(lang=lang)


def _analyzer(lang):
    if lang is None:
        return folding_analyzer()
    return english_analyzer() if lang == "en" else language_analyzer(lang)


KINDS = ["en", None, *LOCAL_LANGUAGES]


def _positions(analyzer, text):
    """Each term's positions, as Whoosh's Positions format collects them from an index-mode analysis."""
    found = {}
    for t in analyzer(text, positions=True, mode="index"):
        found.setdefault(t.text.encode("utf-8"), []).append(t.pos)
    return found


def _tokens(analyzer, text, **kwargs):
    return [dict(t.__dict__) for t in analyzer(text, **kwargs)]


@pytest.mark.parametrize("lang", KINDS)
def test_tricky_strings_in_every_call(lang):
    new, old = _analyzer(lang), _chain(lang)
    for text, kwargs, tokenize in itertools.product(TRICKY, CALLS, (True, False)):
        assert _tokens(new, text, tokenize=tokenize, **kwargs) == _tokens(old, text, tokenize=tokenize, **kwargs), \
            (text, kwargs, tokenize)


@pytest.mark.parametrize("lang", KINDS)
def test_whole_sample_corpus(corpus_report, lang):
    new, old = _analyzer(lang), _chain(lang)
    texts = [text for p in corpus_report.practices for text in (p.title, p.summary, p.body)]
    for kwargs in CORPUS_CALLS:
        for text in texts:
            assert _tokens(new, text, **kwargs) == _tokens(old, text, **kwargs), (text[:80], kwargs)


@pytest.mark.parametrize("lang", KINDS)
def test_what_indexing_asks_in_one_pass(corpus_report, lang):
    new, old = _analyzer(lang), _chain(lang)
    for text in TRICKY + [text for p in corpus_report.practices for text in (p.title, p.summary, p.body)]:
        words = {t.text for t in old(text, no_morph=True)}
        assert new.index_terms(text) == _positions(old, text), text[:80]
        assert new.spelling_words(text) == words, text[:80]  # the words of the text just indexed
        assert new.spelling_words(f"{text} ") == words  # any other text


def test_same_tokens_when_the_word_cache_starts_over(corpus_report, monkeypatch):
    monkeypatch.setattr(analysis, "MAX_CACHED_WORDS", 3)
    monkeypatch.setattr(analysis, "_ANALYSES", {})
    new, old = english_analyzer(), _chain("en")
    for p in corpus_report.practices[:20]:
        assert _tokens(new, p.body, positions=True) == _tokens(old, p.body, positions=True)
        assert new.index_terms(p.body) == _positions(old, p.body)
        assert new.spelling_words(p.body) == {t.text for t in old(p.body, no_morph=True)}
    assert len(analysis._ANALYSES["en", STOP_WORDS]) <= 3


def test_stemming_is_what_whoosh_leaves_out_for_spelling_words():
    analyzer = english_analyzer()
    assert analyzer.has_morph() and not folding_analyzer().has_morph()
    assert [t.text for t in analyzer("Organizing communities", no_morph=True)] == ["organising", "communities"]
    assert [t.text for t in analyzer("Organizing communities")] == ["organis", "communiti"]


@pytest.fixture(scope="module")
def reference_index(tmp_path_factory, corpus_report):
    """The sample corpus indexed by a default Whoosh writer, with the filter chain in plain TEXT fields."""
    fields = {name: TEXT(analyzer=_chain(field.analyzer.stem_lang), stored=field.stored, spelling=field.spelling)
              if isinstance(field, AnalysedText) else field
              for name, field in build_schema().items() if not isinstance(field, SpellField)}
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("reference")), Schema(**fields))
    with ix.writer() as writer:
        for practice in corpus_report.practices:
            writer.add_document(**document_for(practice))
    return ix


def _terms(reader, spelling):
    """Every term's statistics and postings; a spelling field's words and document counts only."""
    found = {}
    for fieldname, term in reader.all_terms():
        if isinstance(reader.schema[fieldname], SpellField):
            found[fieldname, term] = spelling(reader, fieldname, term)
            continue
        info = reader.term_info(fieldname, term)
        found[fieldname, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                  info.max_weight(), info.min_id(), info.max_id(), _postings(reader, fieldname, term))
    return found


def _postings(reader, fieldname, term):
    """Each posting, with the statistics of its block that searches use to skip blocks."""
    matcher, found = reader.postings(fieldname, term), []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_min_id(),
                      matcher.block_max_id(), matcher.block_min_length(), matcher.block_max_length(),
                      matcher.block_max_weight()))
        matcher.next()
    return found


def _documents(reader):
    fields = [name for name in reader.schema.names() if not isinstance(reader.schema[name], SpellField)]
    return [(stored, [reader.doc_field_length(docnum, name) for name in fields])
            for docnum, stored in enumerate(reader.all_stored_fields())]


@pytest.mark.parametrize("memory_mb", [build.WRITER_MEMORY_MB, 1])  # 1 MB: the build spills runs and merges them
def test_build_writes_what_plain_whoosh_writes(tmp_path, corpus_report, reference_index, memory_mb, monkeypatch):
    monkeypatch.setattr(build, "WRITER_MEMORY_MB", memory_mb)
    generation = build_full(IndexStore(tmp_path), corpus_report.practices)
    built = whoosh_index.open_dir(str(generation.path))
    with built.reader() as ours, reference_index.reader() as theirs:
        assert _terms(ours, documents_with) == _terms(theirs, lambda r, f, t: r.doc_frequency(f, t))
        assert _documents(ours) == _documents(theirs)
    toc = (generation.path / f"_MAIN_{built.latest_generation()}.toc").read_bytes()
    assert b"index.build" not in toc and b"spelling_tally" not in toc
    assert not list(generation.path.rglob("*.run"))


def test_a_build_leaves_garbage_collection_as_it_found_it(tmp_path, corpus_report, monkeypatch):
    practices = corpus_report.practices[:3]
    build_full(IndexStore(tmp_path / "built"), practices)
    assert gc.isenabled()
    gc.disable()
    try:
        build_full(IndexStore(tmp_path / "built-without"), practices)
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(build, "document_for", lambda practice: {"no_such_field": practice.id})
    with pytest.raises(Exception, match="no_such_field"):
        build_full(IndexStore(tmp_path / "failed"), practices)
    assert gc.isenabled()
