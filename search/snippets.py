"""Best-matching passage of a practice, escaped, with the matched words in <mark>."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from index.schema import WORD_PATTERN, text_analyzer
from ingest.model import Practice

WINDOW = 220
LEAD = 70
_ANALYZER = text_analyzer()
_WORD = re.compile(WORD_PATTERN)


@dataclass
class Snippet:
    html: str
    section: int | None = None  # index into practice.sections, for the practice page anchor


def make_snippet(practice: Practice, terms: set[str]) -> Snippet:
    best: tuple[float, int, int, list[tuple[int, int]]] | None = None
    for index, section in enumerate(practice.sections):
        matches = _matches(section.text, terms)
        for anchor, (start, _end) in enumerate(matches):
            window_start = max(0, start - LEAD)
            inside = [m for m in matches[anchor:] if m[1] <= window_start + WINDOW]
            distinct = len({section.text[s:e].casefold() for s, e in inside})
            score = distinct * 10 + len(inside)
            if best is None or score > best[0]:
                best = (score, index, window_start, inside)
    if best is None:
        return Snippet(html.escape(_clip(practice.summary or practice.body, 0)))
    _, index, start, inside = best
    return Snippet(_render(practice.sections[index].text, start, inside), index)


def _matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    if not terms or not text:
        return []
    prefixes = tuple(t[1:] for t in terms if t.startswith("*"))
    found = []
    for match in _WORD.finditer(text):
        term = _term_of(match.group(0))
        if term and (term in terms or (prefixes and term.startswith(prefixes))):
            found.append((match.start(), match.end()))
    return found


@lru_cache(maxsize=200_000)
def _term_of(word: str) -> str | None:
    """The indexed form of one word, cached: snippets analyse the same words over and over."""
    return next((token.text for token in _ANALYZER(word)), None)


def _render(text: str, start: int, marks: list[tuple[int, int]]) -> str:
    start = _word_start(text, start)
    end = _word_end(text, start + WINDOW)
    out, cursor = [], start
    for s, e in marks:
        if s < cursor or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    body = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def _clip(text: str, start: int) -> str:
    end = _word_end(text, start + WINDOW)
    return " ".join(text[start:end].split()) + (" …" if end < len(text) else "")


def _word_start(text: str, i: int) -> int:
    if i <= 0:
        return 0
    space = text.rfind(" ", 0, i)
    return space + 1 if space >= 0 else 0


def _word_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    space = text.find(" ", i)
    return space if space >= 0 else len(text)
