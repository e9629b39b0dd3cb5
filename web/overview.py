"""The collection at a glance (`/overview`) and its JSON twin (`/overview.json`).

Every figure links to the search that lists its practices, and its number is that search's
total (search.collection counts as the search does), so the page can be checked by clicking.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, current_app, jsonify, render_template

from practice_search.search.collection import Collection
from practice_search.web.display import bar_level
from practice_search.web.i18n import country_name, language_name, url_lang
from practice_search.web.params import SearchState

TOP_CITIES = 15
HEAT_LEVELS = 6
FIGURE_VERSIONS = "fold"  # a figure counts practices, so its search lists each practice once

overview = Blueprint("overview", __name__)


@dataclass
class Bar:
    label: str
    value: str | int
    count: int
    url: str
    level: int = 0


@overview.get("/overview")
def overview_page():
    figures = overview_figures(_collection(), lang=url_lang(), localized=True)
    return render_template("overview.html", **figures)


@overview.get("/overview.json")
def overview_json():
    figures = overview_figures(_collection())
    heat = figures["heatmap"]
    response = jsonify({
        "generation": figures["generation"],
        "practices": figures["practice_total"], "pages": figures["pages"],
        "counted": "practices: translations and republished copies of one practice count once; "
                   "each count is the total of the search at its url",
        "topics_by_year": [
            {"topic": row["topic"], "count": row["total"].count, "url": row["total"].url,
             "before": ({"year_to": heat["before_year"], "count": row["before"].count, "url": row["before"].url}
                        if row["before"] else None),
             "years": [{"year": cell.value, "count": cell.count, "url": cell.url} for cell in row["cells"] if cell]}
            for row in heat["rows"]],
        "started_per_year": _plain(figures["started"], "year"),
        "countries": _plain(figures["countries"], "country"),
        "cities": _plain(figures["cities"], "city"),
        "languages": [{"language": bar.value, "name": bar.label, "count": bar.count, "url": bar.url}
                      for bar in figures["languages"]],
    })
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def overview_figures(collection: Collection, *, lang: str | None = None, localized: bool = False) -> dict:
    """Everything the page shows, as bars and cells that carry their count and their search link.

    `localized` labels countries and languages in the interface language and `lang` goes into the links
    (the page); the JSON twin keeps canonical English labels and language-free links."""
    plain = SearchState(versions=FIGURE_VERSIONS, lang=lang)
    started = [Bar(str(y), y, n, _started_url(y, lang)) for y, n in collection.started.items()]
    countries = [Bar(country_name(c) if localized else c, c, n, plain.with_value("country", c))
                 for c, n in collection.countries.items()]
    cities = [Bar(c, c, n, plain.with_value("city", c)) for c, n in list(collection.cities.items())[:TOP_CITIES]]
    languages = [Bar(language_name(code, None if localized else "en"), code, n, plain.with_value("language", code))
                 for code, n in collection.languages.items()]
    for bars in (started, countries, cities, languages):
        biggest = max((bar.count for bar in bars), default=0)
        for bar in bars:
            bar.level = bar_level(bar.count, biggest)
    return {
        "generation": collection.generation, "practice_total": collection.practices, "pages": collection.pages,
        "heatmap": _heatmap(collection, lang), "started": started,
        "countries": countries, "cities": cities, "languages": languages,
        "city_total": len(collection.cities),
    }


def _heatmap(collection: Collection, lang: str | None) -> dict:
    """Topics down, the recent years across, earlier years in one column (`year_to`)."""
    years = [y for y in collection.years if collection.recent_from is not None and y >= collection.recent_from]
    before_year = collection.recent_from - 1 if collection.topic_before else None
    cells = [n for row in collection.topic_years.values() for n in row.values()]
    biggest = max(cells, default=0)
    rows = []
    for topic, counts in collection.topic_years.items():
        state = SearchState(filters={"topic": (topic,)}, versions=FIGURE_VERSIONS, lang=lang)
        before = collection.topic_before.get(topic, 0)
        rows.append({
            "topic": topic,
            "total": Bar(topic, topic, collection.topics.get(topic, 0), state.url()),
            "before": Bar("", before_year, before, replace(state, year_to=before_year).url()) if before else None,
            "cells": [Bar(str(y), y, counts[y], state.with_value("year", y), _heat(counts[y], biggest))
                      if counts.get(y) else None for y in years],
        })
    return {"years": years, "before_year": before_year, "rows": rows}


def _heat(count: int, biggest: int) -> int:
    return max(1, round(HEAT_LEVELS * count / biggest)) if count and biggest else 0


def _started_url(year: int, lang: str | None) -> str:
    """Practices active in `year` and not the year before: those that started then."""
    return SearchState(query=f"-year:{year - 1}", filters={"year": (str(year),)}, versions=FIGURE_VERSIONS,
                       lang=lang).url()


def _plain(bars: list[Bar], key: str) -> list[dict]:
    return [{key: bar.value, "count": bar.count, "url": bar.url} for bar in bars]


def _collection() -> Collection:
    return current_app.extensions["engine"].collection()
