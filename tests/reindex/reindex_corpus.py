"""Tiny JSON practices for reindex tests: one file per practice, so files can be added, edited, deleted."""

from __future__ import annotations

import json
from pathlib import Path

TOPICS = ["school mediators", "anti rumour cafes", "welcome desk", "youth council", "language library",
          "health mediators", "sports clubs", "night markets"]


def write_practice(folder: Path, slug: str, words: str, extra: list[str] | None = None) -> Path:
    paragraphs = [f"The city of Ghent runs {words} with volunteers from many backgrounds every single week.",
                  f"Evaluation of the {words} showed more trust between residents and the municipality.",
                  *(extra or [])]
    path = folder / f"{slug}.json"
    path.write_text(json.dumps({"id": slug, "title": f"{words.title()} in Ghent", "body": "\n\n".join(paragraphs),
                                "countries": ["Belgium"], "cities": ["Ghent"], "period": "2019"}))
    return path
