"""Known portal boilerplate, and blocks that repeat across many pages of a corpus."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from practice_search.ingest.text_utils import fold

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


def repeated_blocks(documents: Iterable[list[str]], min_share: float = 0.3, min_docs: int = 5) -> set[str]:
    """Blocks of text (paragraphs) that occur in at least `min_share` of the documents.

    A new site template that adds a disclaimer or a newsletter box to every page is then
    dropped from the index without anyone writing a rule for it.
    """
    counts: Counter[str] = Counter()
    total = 0
    for blocks in documents:
        total += 1
        counts.update({block_key(b) for b in blocks if len(b.split()) >= 4})
    if total < min_docs:
        return set()
    threshold = max(min_docs, min_share * total)
    return {key for key, n in counts.items() if n >= threshold}
