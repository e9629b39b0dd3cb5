"""Positions and shapes behind the map: GeoNames lookups, the converted atlas, the projection.

Coordinates below are facts (rounded public positions), not outputs of the code under test.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from practice_search.ingest.places import gazetteer
from practice_search.ingest.text_utils import fold
from practice_search.web.geo import atlas
from practice_search.web.geo.convert import convert
from practice_search.web.geo.places import Locator, city_counts, country_code, shared_locator
from practice_search.web.geo.projection import EUROPE, FRAMES, WORLD

# city spellings -> (country, lat, lon): local forms, accents, case
FACTS = {
    ("Turin", "Torino", "TORINO", "turin"): ("Italy", 45.07, 7.69),
    ("Zürich", "Zurich", "ZÜRICH", "zurich"): ("Switzerland", 47.37, 8.54),
    ("Reykjavík", "Reykjavik", "REYKJAVIK"): ("Iceland", 64.14, -21.90),
    ("Geneva", "Genève", "Genf", "geneve"): ("Switzerland", 46.20, 6.15),
    ("Cologne", "Köln", "Koeln"): ("Germany", 50.94, 6.96),
    ("Lisbon", "Lisboa"): ("Portugal", 38.72, -9.14),
    ("Portimão", "Portimao"): ("Portugal", 37.14, -8.54),
    ("Timișoara", "Timisoara", "Temeswar"): ("Romania", 45.75, 21.23),
    ("Montreal", "Montréal"): ("Canada", 45.51, -73.59),
    ("Berlin-Neukölln", "Neukölln"): ("Germany", 52.48, 13.44),
    ("Ansan",): ("South Korea", 37.32, 126.83),
}


@pytest.fixture(scope="module")
def locator() -> Locator:
    return shared_locator()


def test_local_forms_accents_and_case_resolve_to_the_same_place(locator):
    pairs = [(name, country) for names, (country, _, _) in FACTS.items() for name in names]
    found = locator.locate(pairs)
    for names, (country, lat, lon) in FACTS.items():
        for name in names:
            where = found[(name, country)]
            assert where is not None, name
            assert (where.lat, where.lon) == pytest.approx((lat, lon), abs=0.12), name


def test_every_gazetteer_city_in_any_case_or_accent_form_lands_where_its_name_does(locator):
    places = sorted({(p.name, p.country) for p in gazetteer().cities.values()})
    variants = {(city.upper(), country): (city, country) for city, country in places}
    variants |= {(fold(city), country): (city, country) for city, country in places}
    found = locator.locate([*places, *variants])
    assert sum(found[p] is not None for p in places) >= 0.97 * len(places)
    for variant, original in variants.items():
        assert found[variant] == found[original], variant


def test_a_city_is_never_placed_in_another_country(locator):
    found = locator.locate([("Valencia", "Spain"), ("Hamilton", "New Zealand"), ("Hamilton", "Canada"),
                            ("Salisbury", "Australia"), ("Qwertzhausen", "Germany"), ("Paris", "Atlantis")])
    assert found[("Valencia", "Spain")].country_code == "ES"
    assert found[("Hamilton", "New Zealand")].lat < 0 < found[("Hamilton", "Canada")].lat
    assert found[("Salisbury", "Australia")].country_code == "AU"
    assert found[("Qwertzhausen", "Germany")] is None
    assert found[("Paris", "Atlantis")] is None or found[("Paris", "Atlantis")].country_code == "FR"


def test_country_names_and_their_other_names_have_iso_codes():
    assert [country_code(n) for n in ("Türkiye", "Turkey", "Netherlands", "The Netherlands", "South Korea",
                                      "Deutschland", "United Kingdom", "Schweiz", "Atlantis", "", None)] \
        == ["TR", "TR", "NL", "NL", "KR", "DE", "GB", "CH", None, None, None]
    assert all(country_code(c) for c in gazetteer().site_countries)


def test_a_city_named_with_several_countries_takes_the_one_where_it_exists(locator):
    entries = [{"value": "Cádiz", "count": 2, "selected": False}, {"value": "Nowhere", "count": 1, "selected": False}]
    out = city_counts(entries, {"Cádiz": ["Morocco", "Spain"], "Nowhere": ["Spain"]}, locator)
    assert [(c.city, c.country, c.count, c.location is None) for c in out] == [
        ("Cádiz", "Spain", 2, False), ("Nowhere", "Spain", 1, True)]


# -- the atlas and the projection ---------------------------------------------------
def _rings(path: str) -> list[list[tuple[float, float]]]:
    rings = []
    for part in re.findall(r"M([^MZ]+)Z", path):
        numbers = [float(n) for n in part.split()]
        rings.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return rings


def _distance_inside(point: tuple[float, float], path: str) -> float:
    """0 when the point is inside the shape (even-odd rule), else its distance to the outline."""
    x, y = point
    inside, best = False, math.inf
    for ring in _rings(path):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
            dx, dy = x1 - x0, y1 - y0
            t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return 0.0 if inside else best


def test_markers_land_in_their_country_on_both_maps(locator):
    places = sorted({(p.name, p.country) for p in gazetteer().cities.values()})
    found = {p: loc for p, loc in locator.locate(places).items() if loc is not None}
    checked = 0
    for frame in (EUROPE, WORLD):
        shapes = atlas.frames()[frame.name]["countries"]
        for (city, _), where in found.items():
            if (frame is EUROPE) != EUROPE.contains(where.lon, where.lat):
                continue  # each city is drawn on one map only: Europe's when it lies in that frame
            # coastal cities may sit just off a simplified coastline: a few map units, never a country away
            assert _distance_inside(frame.project(where.lon, where.lat), shapes[where.country_code]) < 9, city
            checked += 1
    assert checked == len(found) > 230


def test_atlas_covers_the_icc_countries_and_stays_small():
    frames = atlas.frames()
    codes = {country_code(c) for c in gazetteer().site_countries}
    assert codes <= set(frames[WORLD.name]["countries"])
    assert {"LU", "CY", "MT", "IS", "IL", "PT", "UA"} <= set(frames[EUROPE.name]["countries"])
    assert atlas.ATLAS.stat().st_size < 400_000
    for name, frame in frames.items():
        assert frame["width"] == FRAMES[name].width and frame["height"] == FRAMES[name].height


# -- the converter, on a tiny hand-made TopoJSON --------------------------------------
def _topology(rings: dict[str, list[tuple[int, int]]]) -> dict:
    arcs, geometries = [], []
    for code, points in rings.items():
        deltas = [points[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]
        geometries.append({"type": "Polygon", "arcs": [[len(arcs)]], "id": code, "properties": {"name": code}})
        arcs.append([list(d) for d in deltas])
    return {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": arcs,
            "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}}}


def test_converter_projects_clips_and_splits_at_the_antimeridian(tmp_path):
    spain = [(-9, 36), (3, 36), (3, 43), (-9, 43), (-9, 36)]
    fiji = [(177, -19), (183, -19), (183, -16), (177, -16), (177, -19)]  # crosses 180°
    topology = _topology({"724": spain, "242": fiji, "010": [(0, -80), (10, -80), (10, -70), (0, -80)]})
    for name in ("countries-50m.json", "countries-110m.json"):
        (tmp_path / name).write_text(json.dumps(topology))
    (tmp_path / "package.json").write_text('{"version": "9.9.9"}')
    asset = convert(tmp_path)
    assert "9.9.9" in asset["source"]["package"] and "public domain" in asset["source"]["data"]
    world, europe = asset["frames"]["world"], asset["frames"]["europe"]
    assert set(world["countries"]) == {"ES", "FJ"} and set(europe["countries"]) == {"ES"}  # no Antarctica
    assert len(_rings(world["countries"]["FJ"])) == 2  # one piece each side of the antimeridian
    for frame in (world, europe):
        for path in frame["countries"].values():
            for x, y in (p for ring in _rings(path) for p in ring):
                assert -10 <= x <= frame["width"] + 10 and -10 <= y <= frame["height"] + 10
    madrid = EUROPE.project(-3.7, 40.4)
    assert _distance_inside(madrid, europe["countries"]["ES"]) == 0
