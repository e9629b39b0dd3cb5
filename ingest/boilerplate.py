"""Known portal boilerplate, and lines that repeat across many pages of a corpus."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from practice_search.ingest.headings import is_known_heading
from practice_search.ingest.text_utils import fold

MIN_SHARE = 0.3  # a line on this share of the pages is the site's, not a practice's
MIN_DOCS = 5  # ... and on at least this many: fewer pages say nothing about what repeats

# Markers of the ICC portal's chrome: the listing intro, the template link, the sidebar.
INTRO_MARKERS = ("good practice examples", "template for collection of good practices")
SIDEBAR_START = re.compile(r"^\s*filter by\s*:?\s*$", re.IGNORECASE)
SIDEBAR_END = re.compile(r"^\s*reset filters?\s*$", re.IGNORECASE)
BACK_LINKS = {"back", "zuruck", "indietro", "voltar", "retour", "volver", "tilbake", "terug", "назад",
              "powrot", "tillbaka", "tilbage", "nazad", "назад до списку"}
READ_MORE = {"read more", "en savoir plus", "leer mas", "mehr lesen", "leggi di piu", "ler mais", "weiterlesen"}


def is_back_link(text: str) -> bool:
    return fold(text.strip(" <>«»‹›←")) in BACK_LINKS


def is_read_more(text: str) -> bool:
    return fold(text.strip(" .>»›…")) in READ_MORE


def block_key(block: str) -> str:
    return " ".join(fold(block).split())


SHORT_LINE_WORDS = 3  # a line this short is a label, a button or a toolbar, learned wherever it stands


def body_lines(body: str) -> list[str]:
    """The units repetition is learned on: each block of a body (a paragraph, or a heading with the
    paragraph under it), and each short line inside a block. A toolbar's 'Imprimer la page' repeats on
    every page as much as a disclaimer does, but is too short to have been a block of its own; a long
    paragraph counts only as a whole block, so a practice whose text repeats another's keeps it."""
    blocks = body.split("\n\n")
    return blocks + [line for block in blocks if "\n" in block for line in block.split("\n")
                     if 0 < len(line.split()) <= SHORT_LINE_WORDS]


def repeated_blocks(documents: Iterable[list[str]], min_share: float = MIN_SHARE, min_docs: int = MIN_DOCS) -> set[str]:
    """Lines of text that occur in at least `min_share` of the documents.

    A new site template that adds a disclaimer, a newsletter box or a toolbar in a new language to every
    page is then dropped from the index without anyone writing a rule for it. The practice pages' own
    section headings ('Purpose', 'Impact') repeat too, and are never learned.
    """
    counts: Counter[str] = Counter()
    total = 0
    for blocks in documents:
        total += 1
        counts.update({block_key(b) for b in blocks if b.strip()})
    if total < min_docs:
        return set()
    threshold = max(min_docs, min_share * total)
    return {key for key, n in counts.items() if n >= threshold and not is_known_heading(key)}


def carry_over(learned: set[str], known: set[str] | None, documents: int, min_docs: int = MIN_DOCS) -> set[str]:
    """What a corpus too small to learn from uses: the lines the index's last build learned.

    A full build over the collection learns the site's repeated lines; indexing one page or a handful
    later (too few to show what repeats) still strips them.
    """
    return learned if documents >= min_docs or not known else learned | known
