"""Small text helpers shared by the parsers: accent folding and whitespace."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'Zürich' and 'zurich' compare equal."""
    text = text.translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text: str) -> str:
    """Collapse runs of horizontal whitespace and trim each line."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines).strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


def slugify(text: str, max_length: int = 80) -> str:
    """URL-safe ASCII id from any text ('Portimão welcome desk' -> 'portimao-welcome-desk')."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "practice"
