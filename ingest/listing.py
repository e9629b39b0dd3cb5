"""ICC listing pages -> one item per practice (title, place/period line, teaser, detail link) + pagination.

Detail pages usually omit the country and cities, so the listing is where those facts come
from; the crawler stores them in a sidecar beside each detail page, and a listing page saved
into a corpus (HTML or text) gives them to the detail pages beside it. A listing is told from a
detail page with related-practice blocks by how much of its text the items hold.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

from practice_search.ingest import boilerplate
from practice_search.ingest.headings import is_known_heading
from practice_search.ingest.html_page import canonical_url
from practice_search.ingest.places import gazetteer, looks_like_listing_line
from practice_search.ingest.text_utils import fold, one_line, slugify
from practice_search.ingest.titles import is_back_label, looks_like_title

DETAIL_MARKER = "/-/"
_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "ul", "ol", "li", "dl", "dd", "dt", "table", "tr",
               "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PAGE_PARAM = re.compile(r"(^|[_-])(start|cur|delta|page)$", re.IGNORECASE)
_NEXT_WORDS = {"next", "next page", "suivant", "siguiente", "successivo", "weiter", "seguinte", "»", "›", ">"}
_LISTING_URL = re.compile(r"good[-_]?practices?(/?\?|$)|[?&](delta|start|cur)=", re.IGNORECASE)
MIN_ITEMS = 2
# A detail page's own text has long paragraphs outside any item; a listing's intro paragraphs are short.
_LONG_PARAGRAPH_WORDS = 60


@dataclass
class ListingItem:
    """One practice as a listing shows it; field names match the sidecar keys ingestion reads."""

    slug: str
    url: str
    title: str
    line: str | None
    countries: list[str]
    cities: list[str]
    period: str | None
    teaser: str
    listing_url: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ListingPage:
    items: list[ListingItem]
    next_pages: list[str]


def detail_slug(url: str) -> str | None:
    """'https://host/en/web/x/-/Anti%20Rumour' -> 'anti-rumour'; None when the URL is no detail link."""
    path = urlsplit(url).path
    if DETAIL_MARKER not in path:
        return None
    segment = unquote(path.split(DETAIL_MARKER, 1)[1].strip("/").split("/")[0])
    return slugify(segment) if segment.strip("./") else None


def parse_listing(markup: str | bytes, base_url: str = "") -> ListingPage:
    """Every practice item on a listing page, in page order, and the links to further listing pages."""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(("script", "style", "noscript", "template", "svg")):
        tag.decompose()
    _drop_filter_sidebar(soup)
    items = [item for item, _ in _items_with_containers(soup, base_url)]
    return ListingPage(items, _next_pages(soup, base_url))


def _items_with_containers(soup: BeautifulSoup, base_url: str) -> list[tuple[ListingItem, Tag]]:
    """Each detail link's item, read from the element that holds it, in page order (one per URL)."""
    found: list[tuple[ListingItem, Tag]] = []
    seen: set[str] = set()
    for url, anchor in _detail_anchors(soup, base_url):
        if url in seen:
            continue
        seen.add(url)
        container = _item_container(anchor, url, base_url)
        item = _read_item(container, url, base_url)
        if item is not None:
            found.append((item, container))
    return found


def listing_items(markup: str, base_url: str = "") -> list[ListingItem] | None:
    """The items of a listing page, or None when the page is not a listing (a detail page, say).

    Related-practice blocks under a detail page look like listing items; a listing's items hold
    more of its text than everything else, or at least nothing outside them reads like a practice.
    """
    if markup.count(DETAIL_MARKER) < MIN_ITEMS:
        return None
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(("script", "style", "noscript", "template", "svg", "nav", "form", "aside")):
        tag.decompose()
    _drop_filter_sidebar(soup)
    own_url = canonical_url(soup) or base_url
    if own_url and detail_slug(own_url) and not _LISTING_URL.search(own_url):
        return None
    found = _items_with_containers(soup, base_url)
    items = [item for item, _ in found]
    inside: set[int] = set()
    for _, container in found:
        inside.update(id(n) for n in container.descendants)
        inside.add(id(container))
    if len(items) < MIN_ITEMS:
        return None
    outside = [one_line(str(t)) for t in soup.find_all(string=True)
               if id(t) not in inside and not isinstance(t, Comment | Doctype) and one_line(str(t))]
    item_words = sum(len(f"{i.title} {i.line or ''} {i.teaser}".split()) for i in items)
    return items if _mostly_items(item_words, outside) else None


def _mostly_items(item_words: int, outside: list[str]) -> bool:
    """Nothing outside the items belongs to a practice's own page (a back link, a section heading such as
    'Purpose'), and the items hold most of the text or, with few items, no long paragraph is left out."""
    if any(is_back_label(t) or is_known_heading(t) for t in outside):
        return False
    return (item_words >= sum(len(t.split()) for t in outside)
            or all(len(t.split()) < _LONG_PARAGRAPH_WORDS for t in outside))


def text_listing_items(text: str) -> list[ListingItem] | None:
    """The items of a listing saved as text ('Title / Spain Barcelona 21 June 2018 / teaser / Read More'),
    or None when the text is not a listing."""
    lines = [one_line(line) for line in text.splitlines()]
    items: list[ListingItem] = []
    inside: set[int] = set()
    for i, line in enumerate(lines):
        if not _is_item_line(line):
            continue
        title_at = next((j for j in range(i - 1, max(-1, i - 3), -1) if lines[j]), None)
        if title_at is None or title_at in inside or not looks_like_title(lines[title_at]):
            continue
        teaser, end = _teaser(lines, i + 1)
        parts = gazetteer().split_listing_line(line)
        title = lines[title_at]
        items.append(ListingItem(slug=slugify(title), url="", title=title, line=line, countries=parts.countries,
                                 cities=parts.cities, period=parts.period, teaser=teaser))
        inside.update(range(title_at, end))
    if len(items) < MIN_ITEMS:
        return None
    outside = [line for n, line in enumerate(lines) if line and n not in inside]
    item_words = sum(len(lines[n].split()) for n in inside)
    return items if _mostly_items(item_words, outside) else None


def _is_item_line(line: str) -> bool:
    """A listing item's place line: a known country or city, then more places or a period ('Spain Barcelona
    21 June 2018', 'Norway 2013-'); a lone name is a sidebar entry."""
    if not line or not looks_like_listing_line(line):
        return False
    g = gazetteer()
    words = line.split()
    lead = next((n for n in range(min(4, len(words)), 0, -1)
                 if g.country(" ".join(words[:n])) or g.city(" ".join(words[:n]))), 0)
    return 0 < lead < len(words)


def _teaser(lines: list[str], start: int) -> tuple[str, int]:
    """The teaser lines after an item's place line, up to 'Read More' or the next item's title."""
    taken: list[str] = []
    n = start
    while n < len(lines):
        line = lines[n]
        if boilerplate.is_read_more(line):
            return " ".join(taken), n + 1
        following = next((lines[k] for k in range(n + 1, min(len(lines), n + 3)) if lines[k]), "")
        if line and _is_item_line(following):
            break
        if not line and taken:
            break
        if line:
            taken.append(line)
        n += 1
    return " ".join(taken), n


def _drop_filter_sidebar(soup: BeautifulSoup) -> None:
    for text in list(soup.find_all(string=boilerplate.SIDEBAR_START)):
        node = getattr(text, "parent", None)  # None once an earlier header's sidebar took this string with it
        while node is not None and node.parent is not None and node.name not in ("body", "html"):
            if re.search(r"reset filters?", node.get_text(" "), re.IGNORECASE):
                node.decompose()
                break
            node = node.parent


def _detail_anchors(soup: BeautifulSoup, base_url: str) -> list[tuple[str, Tag]]:
    found = []
    for anchor in soup.find_all("a", href=True):
        url = urljoin(base_url, str(anchor["href"])).split("#")[0]
        if detail_slug(url):
            found.append((url, anchor))
    return found


def _item_container(anchor: Tag, url: str, base_url: str) -> Tag:
    """The largest ancestor that holds links to this practice only."""
    node = anchor
    while node.parent is not None and node.parent.name not in ("body", "html", "[document]"):
        others = {u for u, _ in _detail_anchors(node.parent, base_url)}
        if others - {url}:
            break
        node = node.parent
    return node


def _read_item(container: Tag, url: str, base_url: str) -> ListingItem | None:
    title = _title(container, url)
    if not title:
        return None
    texts = [t for t in _text_runs(container) if t != title and not boilerplate.is_read_more(t)]
    line = next((t for t in texts[:3] if looks_like_listing_line(t)), None)
    teaser = " ".join(t for t in texts if t != line)
    parts = gazetteer().split_listing_line(line) if line else None
    return ListingItem(
        slug=detail_slug(url) or "practice",
        url=url,
        title=title,
        line=line,
        countries=parts.countries if parts else [],
        cities=parts.cities if parts else [],
        period=parts.period if parts else None,
        teaser=teaser,
        listing_url=base_url or None,
    )


def _title(container: Tag, url: str) -> str:
    heading = container.find(_HEADINGS) if container.name not in _HEADINGS else container
    if heading is not None and one_line(heading.get_text(" ")):
        return one_line(heading.get_text(" "))
    for anchor in container.find_all("a", href=True) if container.name != "a" else [container]:
        text = one_line(anchor.get_text(" "))
        if text and not boilerplate.is_read_more(text):
            return text
    return ""


def _text_runs(container: Tag) -> list[str]:
    """Text between block boundaries, in order: inline spans such as 'Portugal Amadora 2019' stay one run."""
    runs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = one_line(" ".join(current))
        current.clear()
        if text and text not in runs:
            runs.append(text)

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment | Doctype):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "a" and boilerplate.is_read_more(child.get_text(" ")):
                    continue
                if child.name in _BLOCK_TAGS or child.name == "br":
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(container)
    flush()
    return runs


def _next_pages(soup: BeautifulSoup, base_url: str) -> list[str]:
    """Pagination links: rel=next, a 'Next' label, or the listing's own start/cur/delta parameters."""
    base_path = urlsplit(base_url).path
    pages: list[str] = []
    for anchor in soup.find_all("a", href=True):
        url = urljoin(base_url, str(anchor["href"])).split("#")[0]
        if detail_slug(url) or url == base_url:
            continue
        parts = urlsplit(url)
        rel = " ".join(anchor.get("rel") or [])
        label = fold(one_line(anchor.get_text(" "))).strip(" .")
        paging = any(_PAGE_PARAM.search(name) for name, _ in parse_qsl(parts.query))
        if ("next" in rel or label in _NEXT_WORDS or (paging and parts.path == base_path)) and url not in pages:
            pages.append(url)
    return pages
