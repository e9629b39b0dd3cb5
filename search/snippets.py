"""Best-matching passage of a practice, escaped, with the matched words in <mark>."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from practice_search.index.analysis import spelling_variants
from practice_search.index.schema import text_analyzer
from practice_search.ingest.model import Practice

WINDOW = 220
LEAD = 70
_ANALYZER = text_analyzer()


@dataclass
class Snippet:
    html: str
    section: int | None = None  # index into practice.sections, for the practice page anchor
    heading: str | None = None  # that section's heading ("Process"); None when it has none


def make_snippet(practice: Practice, terms: set[str]) -> Snippet:
    """The window (starting a little before some match) with the most distinct matched words, then the most matches."""
    best: tuple[int, int, int, list[tuple[int, int]]] | None = None
    for index, section in enumerate(practice.sections):
        matches = _matches(section.text, terms)
        for score, window_start, inside in _windows(section.text, matches):
            if best is None or score > best[0]:
                best = (score, index, window_start, inside)
    if best is None:
        return Snippet(html.escape(_clip(practice.summary or practice.body, 0)))
    _, index, start, inside = best
    section = practice.sections[index]
    return Snippet(_render(section.text, start, inside), index, section.heading.strip() or None)


def _windows(text: str, matches: list[tuple[int, int]]):
    """(score, start, matches inside) of the window anchored at each match, in one sliding pass."""
    words = [text[s:e].casefold() for s, e in matches]
    seen: Counter[str] = Counter()  # the words of matches[low:end]
    low = end = 0
    for anchor, (start, _) in enumerate(matches):
        window_start = max(0, start - LEAD)
        for word in words[low:min(anchor, end)]:
            seen[word] -= 1
            if not seen[word]:
                del seen[word]
        low, end = anchor, max(anchor, end)
        while end < len(matches) and matches[end][1] <= window_start + WINDOW:
            seen[words[end]] += 1
            end += 1
        yield len(seen) * 10 + end - anchor, window_start, matches[anchor:end]


def _matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Spans of the words whose indexed form is a query term.

    A regular expression first picks the words that could analyse to a term (they begin with a
    term's first two letters, or with a letter that folding changes); each distinct candidate is
    analysed once (cached); the words that match are then found, as whole words, by a second one.
    """
    if not terms or not text:
        return []
    wanted = frozenset(terms)
    prefixes = tuple(t[1:] for t in wanted if t.startswith("*"))
    hits = []
    for word in set(_candidates(wanted).findall(text)):
        term = _term_of(word)
        if term and (term in wanted or (prefixes and term.startswith(prefixes))):
            hits.append(word)
    if not hits:
        return []
    return [m.span() for m in _whole_words(tuple(sorted(hits))).finditer(text)]


_TOKEN_START = r"(?<!\w)(?<!\w['’])"
_TOKEN_REST = r"\w*(?:['’]\w+)*"


@lru_cache(maxsize=1024)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """Whole words that may analyse to one of `terms`: analysis lowercases, folds accents, maps a few
    American spellings (pediatric -> paediatric) and stems suffixes, so the first two letters of a
    word match its term's unless they are not ASCII."""
    starts = {t.lstrip("*")[:2] for t in terms} - {""}
    starts |= {american for american, british in _SPELLING_STARTS if british in starts}
    alternatives = "|".join([*(re.escape(s) for s in sorted(starts)), r"[^\x00-\x7f]", r"\w[^\x00-\x7f]"])
    return re.compile(rf"{_TOKEN_START}(?:{alternatives}){_TOKEN_REST}", re.IGNORECASE)


_SPELLING_STARTS = {(a[:2], b[:2]) for a, b in spelling_variants() if a[:2] != b[:2]}  # (American, British)


@lru_cache(maxsize=4096)
def _whole_words(words: tuple[str, ...]) -> re.Pattern:
    """Any of `words` where the word pattern would find exactly that word (not inside 'o'brien's')."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"{_TOKEN_START}(?:{alternatives})(?!\w)(?!['’]\w)")


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
