"""The map view of a search (`/?...&view=map`) and its JSON twin `/api/places`.

The map is server-rendered SVG: country shapes from web/geo/atlas.json, one link per city drawn
as a circle whose area follows the city's count in the search's city facet, so the map, the
sidebar and `/api/places` always agree. Cities GeoNames does not know are listed, not dropped.
static/map.js only adds zoom, panning and hover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from flask import Blueprint, current_app, g, jsonify, request

from practice_search.search.engine import SearchEngine
from practice_search.web.geo import atlas
from practice_search.web.geo.places import CityCount, city_counts, country_code, shared_locator
from practice_search.web.geo.projection import EUROPE, FRAMES, WORLD
from practice_search.web.params import SearchState

SHADES = 5
MIN_RADIUS, MAX_RADIUS = 3.5, 15.0  # viewBox units; the map is 1000 wide

maps = Blueprint("maps", __name__)


@dataclass
class Marker:
    city: str
    country: str | None
    count: int
    x: float
    y: float
    r: float
    size: int  # 1..6, for the smaller circles CSS draws on narrow screens
    url: str
    selected: bool


@dataclass
class Shape:
    code: str
    d: str
    country: str | None = None
    count: int = 0
    shade: int = 0
    url: str | None = None
    selected: bool = False


@dataclass
class MapFrame:
    name: str
    width: float
    height: float
    shapes: list[Shape]
    markers: list[Marker]


@maps.get("/api/places")
def api_places():
    """Every city of the whole result set (not one page) with its position and count."""
    state = SearchState.from_args(request.args)
    result = _engine().search(replace(state, page=1, per_page=1).to_request())
    g.search_ms = result["took_ms"]
    response = jsonify([p.to_dict() for p in _places(result)])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def map_context(state: SearchState, result: dict) -> dict:
    """What templates/map.html needs: the frames to draw, and the cities with no position."""
    places = _places(result)
    located = [p for p in places if p.location is not None]
    countries = [e for e in result["facets"].get("country", []) if e["count"] or e["selected"]]
    frames = [_frame(EUROPE.name, state, countries, [p for p in located if _in_europe(p)])]
    elsewhere = [p for p in located if not _in_europe(p)]
    europe_codes = set(atlas.frames()[EUROPE.name]["countries"])
    if elsewhere or any(country_code(e["value"]) not in europe_codes for e in countries if e["selected"]):
        frames.append(_frame(WORLD.name, state, countries, elsewhere))
    return {
        "map_frames": frames, "places": places,
        "unplaced": [p for p in places if p.location is None],
        "biggest": max((p.count for p in places), default=0),
        "place_url": lambda city: _city_url(state, city),
    }


def _places(result: dict) -> list[CityCount]:
    """The search's city facet, placed; a city's country comes from the whole collection when needed."""
    return city_counts(result["facets"].get("city", []), _engine().collection().city_countries, shared_locator())


def _frame(name: str, state: SearchState, countries: list[dict], places: list[CityCount]) -> MapFrame:
    frame, shapes_of = FRAMES[name], atlas.frames()[name]
    counted = {country_code(e["value"]): e for e in countries}
    biggest_country = max((e["count"] for e in countries), default=0)
    shapes = []
    for code, d in shapes_of["countries"].items():
        entry = counted.get(code)
        if entry is None:
            shapes.append(Shape(code, d))
            continue
        shade = math.ceil(SHADES * entry["count"] / biggest_country) if entry["count"] else 0
        shapes.append(Shape(code, d, entry["value"], entry["count"], shade,
                            state.toggle("country", entry["value"]), entry["selected"]))
    biggest = max((p.count for p in places), default=1)
    markers = []
    for place in places:
        x, y = frame.project(place.location.lon, place.location.lat)
        share = math.sqrt(place.count / biggest)
        markers.append(Marker(place.city, place.country, place.count, x, y,
                              round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share, 1), 1 + round(5 * share),
                              _city_url(state, place.city), state.is_selected("city", place.city)))
    markers.sort(key=lambda m: (-m.count, m.city.casefold()))  # small circles drawn last, on top
    return MapFrame(name, shapes_of["width"], shapes_of["height"], shapes, markers)


def _city_url(state: SearchState, city: str) -> str:
    """A marker's link: this search's practices in that one city, as a list."""
    filters = {**state.filters, "city": (city,)}
    return replace(state, view="list", page=1, filters=filters).url()


def _in_europe(place: CityCount) -> bool:
    return EUROPE.contains(place.location.lon, place.location.lat)


def _engine() -> SearchEngine:
    return current_app.extensions["engine"]
