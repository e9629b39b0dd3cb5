"""The Whoosh schema: analysed text fields for ranking, exact multi-valued facet fields for drilling."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema, SpellField
from whoosh.formats import Positions
from whoosh.reading import IndexReader

from practice_search.index.analysis import LOCAL_LANGUAGES, english_analyzer, folding_analyzer, language_analyzer
from practice_search.index.facets import FACET, FACETS
from practice_search.ingest.model import Practice
from practice_search.ingest.places import Place, gazetteer

FACET_SEPARATOR = "\x1f"
TEXT_FIELDS = ("title", "summary", "body", "places", "topics_text")
WORD_PATTERN = r"\w+(?:['’]\w+)*"


LOCAL_FIELDS = {lang: f"text_{lang}" for lang in LOCAL_LANGUAGES}


class AnalysedText(TEXT):
    """A TEXT field whose postings come from one `WordAnalyzer.index_terms` pass.

    Whoosh would run the analyzer's tokens through its format one by one, then analyse the text
    again for the spelling words; the postings and words are the same (tests/pipeline). While a
    full build sets `spelling_tally`, the field counts its spelling words there (one per document)
    instead of handing Whoosh a posting for each.
    """

    spelling_tally: Counter[str] | None = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "spelling_tally"}

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str) or type(self.format) is not Positions:
            return super().index(value, **kwargs)
        boost, encode = self.format.field_boost, self.format.encode
        return ((term, len(poses), len(poses) * boost, _one_position(poses[0]) if len(poses) == 1 else encode(poses))
                for term, poses in self.analyzer.index_terms(value).items())

    def spellable_words(self, value: Any) -> Iterator[str]:
        if not isinstance(value, str):
            return super().spellable_words(value)
        words = self.analyzer.spelling_words(value)
        if self.spelling_tally is not None:
            self.spelling_tally.update(words)
            return iter(())
        return iter(sorted(words))


@lru_cache(maxsize=100_000)
def _one_position(pos: int) -> bytes:
    """A term seen once: most postings, and `Positions.encode` costs more than the lookup."""
    return Positions().encode([pos])


def text_analyzer():
    """Case, accents, British/American spelling and hyphenation folded; English stop words and stemming."""
    return english_analyzer()


def facet_analyzer():
    """Each whole value is one term, so 'Culture, Leisure and Heritage' survives intact."""
    return RegexTokenizer(rf"[^{FACET_SEPARATOR}]+")


def build_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=AnalysedText(analyzer=text, stored=True, spelling=True),
        summary=AnalysedText(analyzer=text),
        body=AnalysedText(analyzer=text, spelling=True),
        places=AnalysedText(analyzer=folding_analyzer()),
        topics_text=AnalysedText(analyzer=text),
        **{name: AnalysedText(analyzer=language_analyzer(lang)) for lang, name in LOCAL_FIELDS.items()},
        **{name: KEYWORD(analyzer=facet_analyzer()) for name in FACETS},
        first_year=NUMERIC(int, sortable=True, default=0),
        last_year=NUMERIC(int, sortable=True, default=0),
        title_sort=ID(sortable=True),
        content_hash=ID(stored=True),
        record=STORED(),
    )


def document_for(practice: Practice) -> dict:
    """The fields Whoosh indexes for one practice; the whole record is stored for rendering."""
    g, aliases = gazetteer(), _aliases()
    place_names = [*practice.cities, *practice.countries]
    for city in practice.cities:
        place = g.city(city)
        if place:
            place_names.extend(aliases[place])
    topics = practice.topics + practice.topics_inferred
    local = {}
    if practice.language in LOCAL_FIELDS:
        local[LOCAL_FIELDS[practice.language]] = "\n".join((practice.title, practice.summary, practice.body))
    return {
        **local,
        "id": practice.id,
        "title": practice.title,
        "summary": practice.summary,
        "body": practice.body,
        "places": " ".join(place_names),
        "topics_text": " ".join(topics),
        **{name: _facet_value(facet.values(practice)) for name, facet in FACET.items()},
        "first_year": practice.start_year or 0,
        "last_year": practice.end_year or practice.start_year or 0,
        "title_sort": " ".join(practice.title.casefold().split()),
        "content_hash": practice.content_hash,
        "record": json.dumps(practice.to_dict(), ensure_ascii=False),
    }


@lru_cache(maxsize=1)
def _aliases() -> dict[Place, list[str]]:
    """Every name the gazetteer knows each city by, in the gazetteer's order."""
    aliases: dict[Place, list[str]] = {}
    for alias, place in gazetteer().cities.items():
        aliases.setdefault(place, []).append(alias)
    return aliases


def documents_with(reader: IndexReader, fieldname: str, word: str) -> int:
    """How many documents have the word in the field.

    A spelling field (spell_body, spell_title) is not per document: a build keeps one posting per
    word, weighted by that count (index/build.py), so only its frequency tells.
    """
    if isinstance(reader.schema[fieldname], SpellField):
        return int(reader.frequency(fieldname, word))
    return reader.doc_frequency(fieldname, word)


def _facet_value(values: list[str]) -> str:
    return FACET_SEPARATOR.join(v.replace(FACET_SEPARATOR, " ") for v in values if v)
