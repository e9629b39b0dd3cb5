"""The Whoosh schema: analysed text fields for ranking, exact multi-valued facet fields for drilling."""

from __future__ import annotations

import json

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from index.analysis import LOCAL_LANGUAGES, english_analyzer, folding_analyzer, language_analyzer
from ingest.model import Practice
from ingest.places import gazetteer

FACETS = ("topic", "country", "year", "city", "language")
FACET_SEPARATOR = "\x1f"
TEXT_FIELDS = ("title", "summary", "body", "places", "topics_text")
WORD_PATTERN = r"\w+(?:['’]\w+)*"


LOCAL_FIELDS = {lang: f"text_{lang}" for lang in LOCAL_LANGUAGES}


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
        title=TEXT(analyzer=text, stored=True, spelling=True),
        summary=TEXT(analyzer=text),
        body=TEXT(analyzer=text, spelling=True),
        places=TEXT(analyzer=folding_analyzer()),
        topics_text=TEXT(analyzer=text),
        **{name: TEXT(analyzer=language_analyzer(lang)) for lang, name in LOCAL_FIELDS.items()},
        topic=KEYWORD(analyzer=facet_analyzer()),
        country=KEYWORD(analyzer=facet_analyzer()),
        city=KEYWORD(analyzer=facet_analyzer()),
        language=KEYWORD(analyzer=facet_analyzer()),
        year=KEYWORD(analyzer=facet_analyzer()),
        first_year=NUMERIC(int, sortable=True, default=0),
        last_year=NUMERIC(int, sortable=True, default=0),
        title_sort=ID(sortable=True),
        content_hash=ID(stored=True),
        record=STORED(),
    )


def document_for(practice: Practice) -> dict:
    """The fields Whoosh indexes for one practice; the whole record is stored for rendering."""
    g = gazetteer()
    place_names = [*practice.cities, *practice.countries]
    for city in practice.cities:
        place = g.city(city)
        if place:
            place_names.extend(a for a, p in g.cities.items() if p == place)
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
        "topic": _facet_value(topics),
        "country": _facet_value(practice.countries),
        "city": _facet_value(practice.cities),
        "language": _facet_value([practice.language] if practice.language else []),
        "year": _facet_value([str(y) for y in practice.years]),
        "first_year": practice.start_year or 0,
        "last_year": practice.end_year or practice.start_year or 0,
        "title_sort": " ".join(practice.title.casefold().split()),
        "content_hash": practice.content_hash,
        "record": json.dumps(practice.to_dict(), ensure_ascii=False),
    }


def _facet_value(values: list[str]) -> str:
    return FACET_SEPARATOR.join(v.replace(FACET_SEPARATOR, " ") for v in values if v)
