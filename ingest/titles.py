"""Which line of a page is the practice's title, and where the title comes from when the page has none.

Real renderings put the translated 'Back' link on the title's own line ('Voltar Shared Values'),
or alone on the line before it; pages without a back link have the portal's intro or a
special-page link just above the title; body-only renderings have no title at all. The title is
then taken from the sidecar, the listing facts or the URL slug, in that order, and the ingest
report says which; a sentence of the body never becomes a title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from practice_search.ingest.data_files import read_json
from practice_search.ingest.headings import is_known_heading, split_inline_heading
from practice_search.ingest.periods import looks_like_period_line
from practice_search.ingest.text_utils import fold, one_line

# Where a practice's title came from, in the order they are tried when the page holds none.
PAGE, SIDECAR, LISTING, SLUG = "page", "sidecar", "listing", "slug"
TITLE_SOURCES = (PAGE, SIDECAR, LISTING, SLUG)

_DECORATION = " \t<>«»‹›←⟵⇐|·•:-–—"
# Between a back label and its title only separators go: '«' and '»' (or '‹' '›') go only when unpaired
# in the title ('Retour » Title'), since the title may open with them ('Retour « Je suis... » : ...',
# German '»Willkommen«'); other quotes, brackets, '¿' and '¡' always stay.
_SEPARATORS = " \t<>←⟵⇐→⟶⇒|·•:-–—/"
_GUILLEMETS = {"«": "»", "»": "«", "‹": "›", "›": "‹"}
# Portal lines that sit where a title could be: the listing intro, the template link, the COVID-19 page.
_BOILERPLATE_MARKERS = (
    "to get acquainted with cities",
    "good practice examples",
    "template for collection of good practices",
    "template for the collection of good practices",
    "special page",
    "page speciale",
    "pagina especial",
    "pagina speciale",
    "sonderseite",
)
# The site's name, which some renderings put in the page's h1 above the practice's title (a whole line only:
# 'Council of Europe' inside a title is the title's).
_SITE_NAMES = frozenset(fold(name) for name in (
    "Intercultural Cities", "Intercultural cities programme", "Intercultural Cities Programme (ICC)", "ICC",
    "Council of Europe", "Conseil de l'Europe", "Cités interculturelles", "Città interculturali",
    "Ciudades interculturales", "Cidades interculturais", "Interkulturelle Städte", "Europarat",
))
_SENTENCE_END = ".;,"
_TITLE_MAX_WORDS = 30
_LABEL_MAX_CHARS = 60
_LABEL_MAX_WORDS = 6  # 'Back to all good practices', with an arrow


@lru_cache(maxsize=1)
def back_labels() -> tuple[str, ...]:
    """Every folded back label of every interface language, longest first (so 'Zurück zur Liste' wins)."""
    labels = {fold(label) for forms in read_json("back_labels.json")["labels"].values() for label in forms}
    return tuple(sorted(labels, key=len, reverse=True))


def is_back_label(line: str) -> bool:
    """A line (or link text) that is only a back link, whatever its language and arrows."""
    if len(line) > _LABEL_MAX_CHARS:
        return False
    return " ".join(fold(line).strip(_DECORATION).split()) in back_labels()


def strip_back_label(line: str) -> str:
    """'Voltar Shared Values' -> 'Shared Values'; a line that does not start with a back label is kept.

    The longest run of leading words that is a label wins ('Zurück zur Übersicht'). The rest must read
    like a title (not start lower-case), so 'Back to school in Oslo' stays whole: there 'Back' is a
    word of the title, not the link.
    """
    text = one_line(line)
    words = text.split(" ")
    for size in range(min(_LABEL_MAX_WORDS, len(words) - 1), 0, -1):
        if not any(c.isalnum() for c in words[size - 1]) or not is_back_label(" ".join(words[:size])):
            continue  # a label ends with a word: a mark after it is a separator or the title's own
        rest = _strip_separators(" ".join(words[size:]))
        if rest and not rest[0].islower():
            return rest
    return text


def _strip_separators(text: str) -> str:
    """The separators between a back label and the title, never the title's own opening mark."""
    while text and (text[0] in _SEPARATORS
                    or text[0] in _GUILLEMETS and text.count(text[0]) != text.count(_GUILLEMETS[text[0]])):
        text = text[1:]
    return text


def is_boilerplate_line(line: str) -> bool:
    """The portal's intro, template link or special-page link, or the site's name alone: never a title."""
    folded = fold(line)
    return any(marker in folded for marker in _BOILERPLATE_MARKERS) or " ".join(folded.split()) in _SITE_NAMES


def looks_like_title(line: str, after_back_link: bool = False) -> bool:
    """Short, not a sentence, not a section heading, not a period or place line, not portal boilerplate.

    Right after a back link a title may start lower-case ('eTwinning for parents'); elsewhere such a
    line is taken for running text.
    """
    text = one_line(line)
    words = text.split()
    if not words or len(words) > _TITLE_MAX_WORDS or (text[0].islower() and not after_back_link):
        return False
    if text[-1] in _SENTENCE_END and len(words) > 3:
        return False
    if is_back_label(text) or is_boilerplate_line(text) or is_known_heading(text.rstrip(":").strip()):
        return False
    return not split_inline_heading(text)[0] and not is_place_or_period_line(text)


def is_place_or_period_line(text: str) -> bool:
    """'Spain Barcelona 2019', 'Permanent since 2012': every word a known place or part of the period.
    A title may start with a city ('Kawasaki Representative Assembly'), so unknown words make it no such line."""
    from practice_search.ingest.places import gazetteer, is_period_word  # the gazetteer: only when needed

    if looks_like_period_line(text) or is_period_word(text):
        return True
    g = gazetteer()
    parts = g.split_listing_line(text)
    return bool(parts.countries or parts.cities) and all(g.city(c) for c in parts.cities)


def title_from_slug(slug: str) -> str:
    """'an-anti-racism-cockpit' -> 'An anti-racism cockpit' (hyphens between words become spaces)."""
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def clean_title(title: str) -> str:
    """A parsed title without a leading back label; '' when what was found is a label or boilerplate."""
    title = strip_back_label(title)
    if not title or is_back_label(title) or is_boilerplate_line(title):
        return ""
    return title


def find_title(lines: list[str]) -> tuple[str, int, bool]:
    """The title among a page's lines, the index where the practice's text starts after it, and whether
    the title was guessed (no back link above it).

    After a back link (alone on its line, or leading the title's line); else after the last portal
    boilerplate line above the practice; else the first line. A candidate that does not read like a
    title (a sentence, a heading, a period line) means the rendering holds no title: ('', its index).
    """
    head = _head_end(lines)
    for i, line in enumerate(lines):
        if not line:
            continue
        if is_back_label(line):
            following = _next_line(lines, i + 1)
            if following is None:
                continue  # the page's bottom 'Back to list' link: the title is above, found as if it had none
            return (*_candidate(lines, following, after_back_link=True), False)
        if i < head:
            stripped = strip_back_label(line)
            if stripped != line and looks_like_title(stripped):
                return stripped, i + 1, False
    last_boilerplate = max((i for i in range(head) if lines[i] and is_boilerplate_line(lines[i])), default=-1)
    return (*_candidate(lines, _next_line(lines, last_boilerplate + 1)), True)


def _candidate(lines: list[str], i: int | None, after_back_link: bool = False) -> tuple[str, int]:
    if i is None:
        return "", len(lines)
    title = strip_back_label(lines[i])
    return (title, i + 1) if looks_like_title(title, after_back_link) else ("", i)



def _next_line(lines: list[str], i: int) -> int | None:
    """The next non-empty line that is not portal boilerplate."""
    return next((j for j in range(i, len(lines)) if lines[j] and not is_boilerplate_line(lines[j])), None)


def _head_end(lines: list[str]) -> int:
    """Where the title can no longer be: the practice's first section heading."""
    return next((i for i, line in enumerate(lines) if line and is_known_heading(line)), len(lines))
