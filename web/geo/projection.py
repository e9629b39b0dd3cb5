"""The two map frames: Europe (where most ICC cities are) and the world (for everywhere else).

Shapes (converted once, see `convert`) and city markers (at request time) go through the same
functions here, so a marker always lands where the converter drew its country.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

Point = tuple[float, float]

# Equal Earth (Šavrič, Patterson, Jenny 2018): an equal-area world projection that keeps shapes readable.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y


def lambert_europe(lon: float, lat: float) -> Point:
    """Lambert azimuthal equal-area centred on 10°E 52°N, the projection of EU statistical maps (ETRS89-LAEA)."""
    lam, phi = math.radians(lon - 10), math.radians(lat)
    phi0 = math.radians(52)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1 + cos_c, 1e-9))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


@dataclass(frozen=True)
class Frame:
    """One map: a projection scaled into a viewBox `width` units wide, and the lon/lat window it shows."""

    name: str
    project_raw: Callable[[float, float], Point]
    west: float
    south: float
    east: float
    north: float
    width: float = 1000.0

    @cached_property
    def _bounds(self) -> tuple[float, float, float, float]:
        """Projected bounds of the window, sampled along its edges (projected edges are curves)."""
        points = [self.project_raw(lon, lat)
                  for lon in _steps(self.west, self.east) for lat in (self.south, self.north)]
        points += [self.project_raw(lon, lat)
                   for lat in _steps(self.south, self.north) for lon in (self.west, self.east)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def height(self) -> float:
        x0, y0, x1, y1 = self._bounds
        return round(self.width * (y1 - y0) / (x1 - x0), 1)

    def project(self, lon: float, lat: float) -> Point:
        x0, y0, x1, _ = self._bounds
        scale = self.width / (x1 - x0)
        x, y = self.project_raw(lon, lat)
        return round((x - x0) * scale, 1), round((y - y0) * scale, 1)

    def contains(self, lon: float, lat: float) -> bool:
        x, y = self.project(lon, lat)
        return 0 <= x <= self.width and 0 <= y <= self.height


def _steps(low: float, high: float, count: int = 24) -> list[float]:
    return [low + (high - low) * i / count for i in range(count + 1)]


EUROPE = Frame("europe", lambert_europe, west=-24.5, south=27.0, east=42.0, north=71.5)
WORLD = Frame("world", equal_earth, west=-180.0, south=-56.0, east=180.0, north=83.7)
FRAMES = {frame.name: frame for frame in (EUROPE, WORLD)}
