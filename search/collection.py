"""Whole-collection counts for the overview page and the map, computed once per index generation
(search.generation keeps them).

Every number is a count of practices as the search shows them: translations and republished
copies of one practice (search.duplicates) count once, so a figure and the search it links to
(`/?topic=Roma&year=2019`) always give the same number. A practice "started" in a year when it is
active that year and not the year before (its active years are one unbroken run).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from practice_search.search.duplicates import Duplicates
from practice_search.search.facets import FacetTable

RECENT_YEARS = 20  # the overview's heat map shows these years one by one, earlier ones together


@dataclass(frozen=True)
class Collection:
    generation: str
    practices: int                        # one per duplicate group
    pages: int                            # every indexed page
    topics: dict[str, int]
    topic_years: dict[str, dict[int, int]]
    recent_from: int | None               # first of the last RECENT_YEARS years with practices
    topic_before: dict[str, int]          # topic -> practices active before recent_from (`year_to=recent_from-1`)
    years: dict[int, int]                 # active in that year
    started: dict[int, int]
    countries: dict[str, int]
    cities: dict[str, int]
    languages: dict[str, int]
    city_countries: dict[str, list[str]]  # the countries a city's practices name, most often first


def collection_of(generation: str, table: FacetTable, groups: Duplicates) -> Collection:
    unit = np.where(groups.group >= 0, groups.group, len(groups.members) + np.arange(table.size))

    def practices(docs: np.ndarray) -> int:
        return int(len(np.unique(unit[docs]))) if len(docs) else 0

    def per_value(name: str) -> dict[str, int]:
        field = table.fields[name]
        counts = {value: practices(docs) for value, docs in zip(field.values, field.postings, strict=True)}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))

    year_docs = {int(v): d for v, d in zip(table.fields["year"].values, table.fields["year"].postings, strict=True)
                 if v.isdecimal()}
    years = dict(sorted((y, practices(d)) for y, d in year_docs.items()))
    started = {y: practices(np.setdiff1d(d, year_docs.get(y - 1, d[:0]), assume_unique=True))
               for y, d in sorted(year_docs.items())}
    topic = table.fields["topic"]
    topic_docs = dict(zip(topic.values, topic.postings, strict=True))
    topic_years = {value: {y: n for y, d in sorted(year_docs.items())
                           if (n := practices(np.intersect1d(docs, d, assume_unique=True)))}
                   for value, docs in topic_docs.items()}
    recent_from = max(year_docs) - RECENT_YEARS + 1 if year_docs else None
    earlier = [d for y, d in year_docs.items() if recent_from is not None and y < recent_from]
    before = np.unique(np.concatenate(earlier)) if earlier else np.zeros(0, dtype=np.int32)
    topic_before = {value: n for value, docs in topic_docs.items()
                    if (n := practices(np.intersect1d(docs, before, assume_unique=True)))}
    return Collection(
        generation=generation,
        practices=practices(np.flatnonzero(table.live)),
        pages=int(table.live.sum()),
        topics=per_value("topic"),
        topic_years=dict(sorted(topic_years.items(), key=lambda kv: kv[0].casefold())),
        recent_from=recent_from,
        topic_before=topic_before,
        years=years,
        started={y: n for y, n in started.items() if n},
        countries=per_value("country"),
        cities=per_value("city"),
        languages=per_value("language"),
        city_countries=_city_countries(table),
    )


def _city_countries(table: FacetTable) -> dict[str, list[str]]:
    country = table.fields["country"]
    country_of_doc: dict[int, list[str]] = {}
    for value, docs in zip(country.values, country.postings, strict=True):
        for doc in docs.tolist():
            country_of_doc.setdefault(doc, []).append(value)
    out = {}
    city = table.fields["city"]
    for value, docs in zip(city.values, city.postings, strict=True):
        named = Counter(c for doc in docs.tolist() for c in country_of_doc.get(doc, ()))
        if named:
            out[value] = sorted(named, key=lambda c: (-named[c], c))
    return out
