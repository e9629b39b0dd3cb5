"""Text analysis shared by indexing, querying, snippets and spelling: one definition of a 'word'.

Every analyzer folds case and accents (Portimão = portimao, Straße = strasse), maps American
spellings to British ones (rumor -> rumour, organization -> organisation) and splits hyphenated
compounds into their parts while also indexing the joined form (anti-rumour -> anti, rumour,
antirumour). The English analyzer then removes English stop words and stems; the analyzers for
French, Spanish, Italian, German and Portuguese pages use that language's stop words and Snowball
stemmer.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from ingest.text_utils import fold

LOCAL_LANGUAGES = ("fr", "es", "it", "de", "pt")
COMPOUND_PATTERN = r"\w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*"
_IZE = re.compile(r"(?<=[a-z]{3})(i|y)z(e|es|ed|ing|ation|ations|er|ers)$")


class CompoundFilter(Filter):
    """'anti-rumour' -> 'anti', 'rumour' at consecutive positions; when indexing, 'antirumour' too.

    The joined form shares the last part's position, so the phrase "anti rumour" still matches.
    """

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
                t.text = "".join(british(_fold(p)) for p, _ in parts)
                if t.positions:
                    t.pos = first_pos + len(parts) - 1
                if t.chars:
                    t.startchar = start
                yield t
            shift += len(parts) - 1


class FoldFilter(Filter):
    """Case and accents, the way facet values and the gazetteer fold them (ß -> ss, ø -> o)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = _fold(t.text)
            yield t


class VariantFilter(Filter):
    """American spellings -> British (the data file says which), on indexed text and queries alike."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = british(t.text)
            yield t


class Renumber(Filter):
    """Close the gaps stop words leave, keeping tokens that share a position (a compound's joined form) together."""

    def __call__(self, tokens):
        last, pos = None, -1
        for t in tokens:
            if t.positions:
                if t.pos != last:
                    last, pos = t.pos, pos + 1
                t.pos = pos
            yield t


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=1)
def _variants() -> tuple[dict[str, str], list[tuple[str, str]], frozenset[str]]:
    data = json.loads(resources.files("ingest").joinpath("data/spelling_variants.json").read_text(encoding="utf-8"))
    prefixes = sorted(data["prefixes"].items(), key=lambda kv: -len(kv[0]))
    return data["words"], prefixes, frozenset(data["ize_exceptions"])


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


def _base():
    return RegexTokenizer(COMPOUND_PATTERN) | CompoundFilter() | LowercaseFilter() | FoldFilter() | VariantFilter()


def english_analyzer():
    """The main analyzer of every text field, whatever the page's language."""
    return _base() | StopFilter(renumber=False) | Renumber() | StemFilter(lang="en", cachesize=100_000)


def language_analyzer(lang: str):
    """A page's own language: its stop words (folded like the text) and Snowball stemmer."""
    stops = frozenset(_fold(w) for w in stopwords_for_language(lang))
    return (_base() | StopFilter(stoplist=stops, minsize=2, renumber=False) | Renumber()
            | StemFilter(lang=lang, cachesize=50_000))


def folding_analyzer():
    """No stemming: place names and spelling suggestions."""
    return _base()
