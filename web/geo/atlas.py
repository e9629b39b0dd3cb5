"""The converted country shapes (atlas.json, written by `convert`), read once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

ATLAS = Path(__file__).with_name("atlas.json")


@lru_cache(maxsize=1)
def frames() -> dict[str, dict]:
    """Frame name -> {"width", "height", "countries": {ISO alpha-2: SVG path data}}."""
    return json.loads(ATLAS.read_text(encoding="utf-8"))["frames"]
