"""Small text helpers shared by the parsers: accent folding and whitespace."""

from __future__ import annotations

import re
import unicodedata


def _combining_marks() -> re.Pattern:
    """A character class of the Basic Multilingual Plane's combining marks (accents, points, titlos)."""
    marks = [c for c in map(chr, range(0x300, 0x10000)) if unicodedata.combining(c)]
    return re.compile("[" + "".join(re.escape(c) for c in marks) + "]")


_COMBINING = _combining_marks()
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "ð": "d"})
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _SPECIAL_FOLDS) + "]")


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'Zürich' and 'zurich' compare equal."""
    if text.isascii():  # most text: nothing to strip, and this is a hot path
        return text.casefold()
    if _SPECIAL.search(text):  # str.translate is slow on non-ASCII text even when it changes nothing
        text = text.translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING.sub("", decomposed).casefold()


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
