"""Plain-text renderings of portal pages ('save as text') -> RawPage.

Layout: chrome and intro, 'Back', the title line, an optional country/city/period line,
sections whose headings stand alone on a line, then the 'Filter by' sidebar.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from practice_search.ingest import boilerplate, chrome
from practice_search.ingest.headings import is_known_heading, split_inline_heading
from practice_search.ingest.model import Section
from practice_search.ingest.periods import looks_like_period_line
from practice_search.ingest.places import looks_like_listing_line
from practice_search.ingest.raw import NotAPractice, RawPage
from practice_search.ingest.text_utils import one_line
from practice_search.ingest.titles import find_title, is_back_label, is_place_or_period_line

_TOPIC_LINE = re.compile(r"^(topics?|tags?)\s*:\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^([-•*–]|\d{1,3}[.)])\s+")  # '2014. The city...' (a wrapped sentence) is no list item
_FOOTER = re.compile(r"^(©|copyright\b)", re.IGNORECASE)
_LINK_LABEL_MAX_CHARS = 40
_META_LINES = 3


def parse_text(text: str) -> RawPage:
    lines = [one_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = chrome.clean_lines(unwrap(lines))
    title, start, guessed = find_title(lines)  # '' when the rendering holds only the body
    page = RawPage(title=title, title_guessed=guessed)
    _read_body(lines[start:], page)
    if not page.sections:
        raise NotAPractice("no practice text after the title")
    return page


WRAP_MAX_WIDTH = 100  # a rendering whose longest line is this short may be hard-wrapped ('save as text', 72 columns)
WRAP_MIN_FULL_LINES = 5  # ... if this many lines come close to that width
_WRAP_SLACK = 15


def unwrap(lines: list[str]) -> list[str]:
    """Lines of a hard-wrapped rendering joined back into the lines they were cut from.

    A page whose paragraphs, titles and teasers are broken at a fixed width would otherwise give half a
    title, a related teaser too long to recognise, a period line read as part of the text. A line was cut
    where the next line's first word would not have fitted in the width; a bullet, a heading or a blank
    line always starts anew. Pages with long lines (most renderings) are returned as they are.
    """
    width = max((len(line) for line in lines), default=0)
    if width > WRAP_MAX_WIDTH or sum(1 for line in lines if len(line) >= width - _WRAP_SLACK) < WRAP_MIN_FULL_LINES:
        return lines
    out: list[str] = []
    previous = ""
    for line in lines:
        starts_anew = not line or is_known_heading(line.rstrip(":").strip()) or split_inline_heading(line)[0]
        if previous and not starts_anew and len(previous) + 1 + len(line.split(" ", 1)[0]) > width \
                and not _apart(out[-1], line):
            out[-1] = f"{out[-1]} {line}"  # the previous line was cut here: its next word did not fit
        else:
            out.append(line)
        previous = line
    return out


_CHROME_KINDS = ("chrome", "label", "packed")


# Words a line is never cut after when it ends there on purpose: a line ending so goes on below.
_DANGLING = frozenset((
    "a", "an", "the", "of", "in", "for", "and", "to", "with", "at", "on", "by", "from", "de", "des", "du", "la", "le",
    "les", "et", "en", "pour", "dans", "à", "au", "aux", "di", "del", "della", "e", "per", "con", "y", "el", "los",
    "las", "para", "do", "da", "das", "dos", "und", "für", "im", "mit", "der", "die", "von", "zu", "w", "i", "z",
    "na", "dla", "og", "och", "av", "–", "-", "—", "&",
))


def _apart(before: str, line: str) -> bool:
    """A line of its own although the one above is full: a meta line under a title, a 'Read more' under a
    sentence; but the rest of a cut sidebar or toolbar line, or of a phrase cut mid-way ('... newcomers in' /
    'Amadora', '... supported from the' / 'start.'), goes back on it."""
    if chrome.classify(f"{before} {line}").kind in _CHROME_KINDS:
        return False  # '... - 2021 (10)' / '- 2022 (1) - 2023 (1)': one sidebar line, cut in two
    if _BULLET.match(line):
        return True
    last = before.rsplit(" ", 1)[-1]
    if last.casefold() in _DANGLING or last[-1] in ",:;":
        return False
    if is_place_or_period_line(line):  # a meta line under a title, unless it is the rest of a cut meta line
        return not is_place_or_period_line(f"{before} {line}")
    return before[-1] in ".!?»)" and chrome.classify(line).kind in _CHROME_KINDS


def _read_body(lines: list[str], page: RawPage) -> None:
    heading: str | None = None
    paragraph: list[str] = []
    paragraphs: list[str] = []
    lines_before_meta = 0  # a period line may follow a subtitle: the first few short lines are tried

    def end_paragraph() -> None:
        if paragraph:
            paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    def flush() -> None:
        end_paragraph()
        if heading is not None or paragraphs:
            page.sections.append(Section(heading or "", "\n\n".join(paragraphs)))

    following = _next_non_empty(lines)
    for i, line in enumerate(lines):
        if not line:
            end_paragraph()
            continue
        if _FOOTER.match(line) or _is_link_label(line, boilerplate.is_read_more, is_back_label):
            continue
        topic_match = _TOPIC_LINE.match(line)
        if topic_match:
            page.topics.extend(t.strip() for t in re.split(r"[;|]", topic_match.group(2)) if t.strip())
            continue
        if page.meta_line is None and heading is None and (
                looks_like_listing_line(line) if lines_before_meta == 0
                else lines_before_meta < _META_LINES and looks_like_period_line(line)):
            page.meta_line = line
            continue
        lines_before_meta += 1
        label, rest = _heading(line, following[i])
        if label is not None:
            flush()
            heading, paragraphs = label, []
            if rest:
                paragraph.append(rest)
            continue
        if _BULLET.match(line) or line.startswith("|"):
            end_paragraph()
            paragraphs.append(_BULLET.sub("- ", line) if _BULLET.match(line) else line)
        else:
            paragraph.append(line)
    flush()


def _is_link_label(line: str, *kinds: Callable[[str], bool]) -> bool:
    """'Back' / 'Read more' labels are short; not accent-folding every long line keeps big files fast."""
    return len(line) <= _LINK_LABEL_MAX_CHARS and any(kind(line) for kind in kinds)


def _next_non_empty(lines: list[str]) -> list[str]:
    """For each line, the next non-empty line after it (one backward pass; slicing per line was quadratic)."""
    out = [""] * len(lines)
    nxt = ""
    for i in range(len(lines) - 1, -1, -1):
        out[i] = nxt
        if lines[i]:
            nxt = lines[i]
    return out


def _heading(line: str, nxt: str) -> tuple[str | None, str]:
    bare = line.rstrip(":").strip()
    if is_known_heading(bare):
        return bare, ""
    label, rest = split_inline_heading(line)
    if label:
        return label, rest
    if _BULLET.match(line) or line.startswith("|") or len(line.split()) > 6 or line[-1] in ".,;:!?":
        return None, ""
    if line[0].isupper() and len(nxt.split()) > 8:
        return bare, ""
    return None, ""
