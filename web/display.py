"""Small formatting helpers the templates share: labels in the interface language, safe links, year spans."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from babel.dates import format_datetime
from flask_babel import gettext as _

from practice_search.web.i18n import country_name, current_language, language_name, ngettext, number, topic_name

BAR_LEVELS = 12
_BULLETS = ("- ", "• ", "* ")


def facet_label(name: str) -> str:
    return {"topic": _("Topic"), "country": _("Country"), "year": _("Year"), "city": _("City"),
            "language": _("Language")}[name]


def facet_choose(name: str) -> str:
    """The heading of a facet's own page."""
    return {"topic": _("Choose topics"), "country": _("Choose countries"), "year": _("Choose years"),
            "city": _("Choose cities"), "language": _("Choose languages")}[name]


def facet_show_all(name: str, count: int) -> str:
    """The "show all" of a long facet list (always more than a handful of values)."""
    texts = {"topic": _("Show all %(num)s topics", num=number(count)),
             "country": _("Show all %(num)s countries", num=number(count)),
             "year": _("Show all %(num)s years", num=number(count)),
             "city": _("Show all %(num)s cities", num=number(count)),
             "language": _("Show all %(num)s languages", num=number(count))}
    return texts[name]


def facet_one_page(name: str) -> str:
    """The link from a long facet list to its own page."""
    return {"topic": _("All topics on one page"), "country": _("All countries on one page"),
            "year": _("All years on one page"), "city": _("All cities on one page"),
            "language": _("All languages on one page")}[name]


def facet_count(name: str, count: int) -> str:
    texts = {"topic": ngettext("%(num)s topic", "%(num)s topics", count),
             "country": ngettext("%(num)s country", "%(num)s countries", count),
             "year": ngettext("%(num)s year", "%(num)s years", count),
             "city": ngettext("%(num)s city", "%(num)s cities", count),
             "language": ngettext("%(num)s language", "%(num)s languages", count)}
    return texts[name]


def sort_labels() -> dict[str, str]:
    return {"relevance": _("Relevance"), "newest": _("Newest first"), "oldest": _("Oldest first"),
            "title": _("Title A–Z")}


def facet_value_label(facet: str, value) -> str:
    """What a person reads for a facet value, in the interface language; URLs keep the canonical value."""
    if facet == "language":
        return language_name(str(value))
    if facet == "country":
        return country_name(str(value))
    if facet == "topic":
        return topic_name(str(value))
    return str(value)


def practices_text(count: int) -> str:
    """"1 practice", "1,234 practices", "1 234 pratiques"."""
    return ngettext("%(num)s practice", "%(num)s practices", count)


def also_label(item: dict, *, page: bool = False) -> str:
    """"Also in French" for a translation, "Also published as" for the same page published elsewhere."""
    if item.get("relation") == "translation" and item.get("language"):
        language = language_name(item["language"], capital=False)
        return _("Also available in %(language)s", language=language) if page else \
            _("Also in %(language)s", language=language)
    return _("Also published as")


def version_relation(hit: dict) -> dict:
    """How a result listed under its practice relates to it ("translation" or a republished copy), in
    the shape `also_label` reads."""
    relation = next((other.get("relation") for other in hit.get("also", [])
                     if other.get("id") == hit.get("version_of")), None)
    return {"relation": relation, "language": hit.get("language")}


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



def format_built(iso: str | None) -> str:
    """The index's build time ("2026-12-04T18:13:55Z") as the interface language writes a date and time."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return format_datetime(when, "medium", tzinfo=UTC, locale=current_language()) + " UTC"


def js_messages() -> dict[str, str]:
    """What static/app.js and static/map.js write into the page, in the interface language."""
    return {
        "narrow_placeholder": _("Type to narrow the list"),
        "narrow_label": _("Narrow the %(facet)s list"),
        "suggestions": _("Suggestions"),
        "suggestion_one": _("%(num)s suggestion"), "suggestion_many": _("%(num)s suggestions"),
        "no_suggestions": _("No suggestions."),
        "suggestion_hint": _("Use the up and down arrow keys to review them."),
        "practice_one": _("%(num)s practice"), "practice_many": _("%(num)s practices"),
        "kind_topic": _("Topic"), "kind_country": _("Country"), "kind_city": _("City"),
        "kind_practice": _("Practice"), "kind_phrase": _("Search"),
        "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"), "zoom_reset": _("Show the whole map"),
    }
