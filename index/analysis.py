"""Text analysis shared by indexing, querying, snippets and spelling: one definition of a 'word'.

Every analyzer folds case and accents (Portimão = portimao, Straße = strasse), maps American
spellings to British ones (rumor -> rumour, organization -> organisation) and splits hyphenated
compounds into their parts while also indexing the joined form (anti-rumour -> anti, rumour,
antirumour). The English analyzer then removes English stop words and stems; the analyzers for
French, Spanish, Italian, German and Portuguese pages use that language's stop words and Snowball
stemmer.

All of it happens in one pass (`WordAnalyzer`): a chain of Whoosh filters costs a generator step
per filter per token, and indexing spent most of its time there. Each distinct raw word is
analysed once and its terms cached, so text costs one regex scan and a dictionary lookup per word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang import stemmer_for_language, stopwords_for_language

from practice_search.ingest.data_files import read_json
from practice_search.ingest.text_utils import fold

LOCAL_LANGUAGES = ("fr", "es", "it", "de", "pt")
COMPOUND_PATTERN = r"\w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*"
MIN_WORD = 2  # shorter words are stop words
MAX_CACHED_WORDS = 100_000  # per analyzer configuration; the cache starts over when full
_COMPOUND = re.compile(COMPOUND_PATTERN)
_IZE = re.compile(r"(?<=[a-z]{3})(i|y)z(e|es|ed|ing|ation|ations|er|ers)$")


class Piece(NamedTuple):
    """One term a raw word yields; a plain word yields one, 'anti-rumour' three."""

    offset: int  # position after the raw word's first one
    start: int  # characters, from the raw word's start
    end: int
    word: str  # folded, British; what spelling suggestions see
    term: str  # `word` stemmed, unless it is a stop word
    stopped: bool
    joined: bool  # a compound's joined form, which queries leave out


class Analysis(NamedTuple):
    """Everything the analyzer needs about one raw word."""

    pieces: tuple[Piece, ...]
    width: int  # positions the word takes before renumbering
    steps: tuple[tuple[int, bytes], ...]  # what indexing keeps: (positions moved on, UTF-8 term) per piece
    words: tuple[str, ...]  # the kept pieces' words, for spelling


class WordAnalyzer(Analyzer):
    """Tokenize, split compounds, fold, British spelling, stop words, renumber, stem: one pass.

    `stops=None` keeps every token at its raw position (no stop words, no renumbering);
    `stem_lang=None` does not stem. Called with `no_morph=True` (Whoosh's spelling words) it
    leaves out stemming only. Stop words are dropped, or with `removestops=False` kept and
    marked `stopped`; positions are renumbered without gaps, a compound's joined form sharing
    its last part's position.
    """

    def __init__(self, stem_lang: str | None = None, stops: frozenset[str] | None = None) -> None:
        self.stem_lang = stem_lang
        self.stops = stops
        self._setup()

    def _setup(self) -> None:
        self.is_morph = self.stem_lang is not None
        self._stem = stemmer_for_language(self.stem_lang) if self.stem_lang else None
        self._analyses = _analyses_for(self)
        self._last_indexed: tuple[str | None, list[str]] = (None, [])

    def __getstate__(self) -> dict:
        return {"stem_lang": self.stem_lang, "stops": self.stops}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.stem_lang, self.stops))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        assert isinstance(value, str), f"{value!r} is not unicode"
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            words = ((m.group(), m.start()) for m in _COMPOUND.finditer(value))
        else:
            words, keeporiginal = ((value, 0),), True
        query, stem = mode == "query", self._stem is not None and not no_morph
        renumber = positions and self.stops is not None
        analyses = self._analyses
        raw_pos, last_pos, pos = start_pos, None, -1
        for raw, at in words:
            analysis = analyses[raw]
            for piece in analysis.pieces:
                if (piece.stopped and removestops) or (piece.joined and query):
                    continue
                t.text = piece.term if stem else piece.word
                t.stopped, t.boost = piece.stopped, 1.0
                if keeporiginal:
                    t.original = raw
                if positions:
                    t.pos = raw_pos + piece.offset
                    if renumber:
                        if t.pos != last_pos:
                            last_pos, pos = t.pos, pos + 1
                        t.pos = pos
                if chars:
                    t.startchar, t.endchar = start_char + at + piece.start, start_char + at + piece.end
                yield t
            raw_pos += analysis.width

    def index_terms(self, text: str) -> dict[bytes, list[int]]:
        """Each term, UTF-8 encoded, and its positions, as `self(text, positions=True, mode="index")` yields them.

        A kept piece is one position on from the last one, or on the same one when it is a
        compound's joined form; dropped stop words leave no gap."""
        positions: dict[bytes, list[int]] = {}
        raws = _COMPOUND.findall(text)
        pos = -1
        for analysis in map(self._analyses.__getitem__, raws):
            for step, term in analysis.steps:
                pos += step
                at = positions.get(term)
                if at is None:
                    positions[term] = [pos]
                else:
                    at.append(pos)
        self._last_indexed = (text, raws)
        return positions

    def spelling_words(self, text: str) -> set[str]:
        """The words of `self(text, no_morph=True)`, which Whoosh asks for right after indexing a
        field that keeps spelling suggestions: then only the text's distinct words are looked at again."""
        last_text, raws = self._last_indexed
        if last_text is not text:
            return {t.text for t in self(text, no_morph=True)}
        return set(itertools.chain.from_iterable(map(_words, map(self._analyses.__getitem__, set(raws)))))

    def _analyse(self, raw: str) -> Analysis:
        """The terms of one raw word."""
        if "-" in raw:
            parts = _compound_parts(raw)
            pieces = [self._piece(n, at, at + len(part), _normal(part)) for n, (part, at) in enumerate(parts)]
            if not all(part.isdigit() for part, _ in parts):
                joined = _normal("".join(british(_fold(part)) for part, _ in parts))
                pieces.append(self._piece(len(parts) - 1, 0, pieces[-1].end, joined, joined=True))
            width = len(parts)
        else:
            pieces, width = [self._piece(0, 0, len(raw), _normal(raw))], 1
        kept = [p for p in pieces if not p.stopped]
        steps = tuple((1 if n == 0 or p.offset != kept[n - 1].offset else 0, p.term.encode("utf-8"))
                      for n, p in enumerate(kept))
        return Analysis(tuple(pieces), width, steps, tuple(p.word for p in kept))

    def _piece(self, offset: int, start: int, end: int, word: str, joined: bool = False) -> Piece:
        stopped = self.stops is not None and (len(word) < MIN_WORD or word in self.stops)
        term = word if stopped or self._stem is None else self._stem(word)
        return Piece(offset, start, end, word, term, stopped, joined)


def _compound_parts(text: str) -> list[tuple[str, int]]:
    """'anti-rumour' -> [('anti', 0), ('rumour', 5)]: the non-empty parts and where they start."""
    parts, offset = [], 0
    for part in text.split("-"):
        if part:
            at = text.find(part, offset)
            parts.append((part, at))
            offset = at + len(part)
    return parts


def _normal(word: str) -> str:
    """Lowercase, fold, British spelling: the word before stop words and stemming."""
    return british(_fold(word.lower()))


class _Analyses(dict):
    """Raw word -> its Analysis, for one analyzer configuration: made on first use, all forgotten when full."""

    def __init__(self, analyse: Callable[[str], Analysis]) -> None:
        super().__init__()
        self._analyse = analyse

    def __missing__(self, raw: str) -> Analysis:
        if len(self) >= MAX_CACHED_WORDS:
            self.clear()
        analysis = self[raw] = self._analyse(raw)
        return analysis


_ANALYSES: dict[tuple, _Analyses] = {}
_words = attrgetter("words")


def _analyses_for(analyzer: WordAnalyzer) -> _Analyses:
    """One cache per configuration, shared by the schema's, the query parser's and the snippets' analyzers."""
    key = (analyzer.stem_lang, analyzer.stops)
    if key not in _ANALYSES:
        _ANALYSES[key] = _Analyses(analyzer._analyse)
    return _ANALYSES[key]


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=1)
def _variants() -> tuple[dict[str, str], list[tuple[str, str]], frozenset[str]]:
    data = read_json("spelling_variants.json")
    prefixes = sorted(data["prefixes"].items(), key=lambda kv: -len(kv[0]))
    return data["words"], prefixes, frozenset(data["ize_exceptions"])


def spelling_variants() -> list[tuple[str, str]]:
    """(American, British) pairs, whole words and word beginnings, that `british` rewrites."""
    words, prefixes, _ = _variants()
    return [*words.items(), *prefixes]


@lru_cache(maxsize=200_000)
def british(word: str) -> str:
    words, prefixes, exceptions = _variants()
    if word in words:
        return words[word]
    for american, british_form in prefixes:
        if word.startswith(american):
            return british_form + word[len(american):]
    if word not in exceptions and "z" in word:
        return _IZE.sub(r"\1s\2", word)
    return word


def english_analyzer() -> WordAnalyzer:
    """The main analyzer of every text field, whatever the page's language."""
    return WordAnalyzer("en", STOP_WORDS)


def language_analyzer(lang: str) -> WordAnalyzer:
    """A page's own language: its stop words (folded like the text) and Snowball stemmer."""
    return WordAnalyzer(lang, frozenset(_fold(w) for w in stopwords_for_language(lang)))


def folding_analyzer() -> WordAnalyzer:
    """No stop words, no stemming: place names and spelling suggestions."""
    return WordAnalyzer()
