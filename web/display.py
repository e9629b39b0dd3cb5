"""Small formatting helpers the templates share: labels, language names, safe links, year spans."""

from __future__ import annotations

from urllib.parse import urlsplit

from practice_search.index.facets import FACET

FACET_LABELS = {name: facet.label for name, facet in FACET.items()}  # named where the facets are (index/facets.py)
FACET_PLURALS = {name: facet.plural for name, facet in FACET.items()}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first", "title": "Title A–Z"}
LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "uk": "Ukrainian", "nl": "Dutch", "pl": "Polish", "el": "Greek", "sv": "Swedish", "no": "Norwegian",
    "nb": "Norwegian", "da": "Danish", "is": "Icelandic", "ja": "Japanese", "ko": "Korean", "ro": "Romanian",
    "sr": "Serbian", "hr": "Croatian", "he": "Hebrew", "ca": "Catalan", "eu": "Basque", "lb": "Luxembourgish",
}
BAR_LEVELS = 12
_BULLETS = ("- ", "• ", "* ")


def facet_value_label(facet: str, value) -> str:
    """What a person reads for a facet value: language codes become names."""
    if facet == "language":
        return language_name(str(value))
    return str(value)


def language_name(code: str | None) -> str:
    return LANGUAGES.get(code or "", code or "")


def also_label(item: dict, *, page: bool = False) -> str:
    """"Also in French" for a translation, "Also published as" for the same page published elsewhere."""
    if item.get("relation") == "translation" and item.get("language"):
        return f"Also {'available ' if page else ''}in {language_name(item['language'])}"
    return "Also published as"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def year_span(years: list[int]) -> str:
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def bar_level(count: int, biggest: int) -> int:
    """Bar height as one of a few CSS classes (the CSP forbids inline styles)."""
    if not count or not biggest:
        return 0
    return max(1, round(BAR_LEVELS * count / biggest))


def text_blocks(text: str) -> list[tuple[str, object]]:
    """Paragraphs; runs of "- item" lines become one list, runs of "a | b | c" rows one table."""
    blocks: list[tuple[str, object]] = []
    for para in (p.strip() for p in text.split("\n\n")):
        if not para:
            continue
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        cells = [[c.strip() for c in line.split(" | ")] for line in lines]
        if all(len(row) > 1 for row in cells):
            if blocks and blocks[-1][0] == "table" and len(blocks[-1][1][0]) == len(cells[0]):
                blocks[-1][1].extend(cells)
            else:
                blocks.append(("table", cells))
        elif all(line.startswith(_BULLETS) for line in lines):
            items = [line.lstrip("-•* ").strip() for line in lines]
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].extend(items)
            else:
                blocks.append(("list", items))
        else:
            blocks.append(("para", para))
    return blocks


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
