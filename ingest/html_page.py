"""ICC portal HTML pages -> RawPage, using structural cues rather than one CSS path."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag

from practice_search.ingest import boilerplate, chrome
from practice_search.ingest.headings import is_known_heading, split_inline_heading
from practice_search.ingest.model import Section
from practice_search.ingest.places import looks_like_listing_line
from practice_search.ingest.raw import NotAPractice, RawPage
from practice_search.ingest.text_utils import fold, one_line
from practice_search.ingest.titles import is_back_label, is_boilerplate_line

_CHROME_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "nav")
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd", "blockquote", "pre", "figcaption"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_SPAN_BLOCK_PARENTS = ("div", "section", "article", "main", "body")
_TAG_CLASS = re.compile(r"(^|[-_ ])(tags?|topics?|categor(y|ies)|keywords?)($|[-_ ])", re.IGNORECASE)
_TAG_LABEL = re.compile(r"^(topics?|tags?|themes?|th[eè]mes?|temas?|temi|themen|categories)\s*:?\s*", re.IGNORECASE)
_FACT_LABELS = {
    "country": "countries", "countries": "countries", "pays": "countries", "pais": "countries", "land": "countries",
    "city": "cities", "cities": "cities", "ville": "cities", "villes": "cities", "ciudad": "cities", "citta": "cities",
    "stadt": "cities", "cidade": "cities", "period": "period", "year": "period", "years": "period", "dates": "period",
    "periode": "period", "periodo": "period", "zeitraum": "period", "date": "period",
    "topic": "topics", "topics": "topics", "tags": "topics", "themes": "topics",
}
_FOOTER = re.compile(r"^(©|copyright\b|\(c\) council of europe)", re.IGNORECASE)
_INLINE_LABEL_MAX_WORDS = 4
_HEADING_MAX_WORDS = 10
# Real portal pages nest about 10-40 elements deep. Anything deeper is flattened to its text, which bounds
# the cost of every later step (several look at each element's subtree) to size x MAX_DEPTH, not size².
MAX_DEPTH = 64
# Building the tree costs ~50 µs per tag; a real page has a few thousand. Pages with more '<' than this are
# refused before parsing, so one file cannot hold up a build for minutes.
MAX_TAG_MARKS = 400_000


def parse_html(markup: str | bytes, url: str | None = None) -> RawPage:
    marks = markup.count(b"<" if isinstance(markup, bytes) else "<")
    if marks > MAX_TAG_MARKS:
        raise NotAPractice(f"too much markup ({marks} tags; limit {MAX_TAG_MARKS})")
    soup = BeautifulSoup(markup, "lxml")
    language = _language_attribute(soup)
    url = url or canonical_url(soup)
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    _flatten_deep(soup)
    chrome.drop_html_chrome(soup)
    title_el, guessed = _find_title(soup)
    if title_el is None and not _has_sections(soup):
        raise NotAPractice("no title found")
    # No title heading but section headings: a body-only rendering, titled later from its sidecar, listing or slug.
    title = one_line(title_el.get_text(" ")) if title_el is not None else ""
    page = RawPage(title=title, url=url, language_hint=language, title_guessed=guessed)
    _read_after_title(title_el or soup.body or soup, page)
    if not page.sections:
        raise NotAPractice("no practice text after the title")
    return page


def _flatten_deep(soup: BeautifulSoup) -> None:
    """Replace every element at MAX_DEPTH by its text (iteratively: hostile nesting must not recurse)."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    too_deep: list[Tag] = []
    while stack:
        node, depth = stack.pop()
        for child in node.contents:
            if not isinstance(child, Tag):
                continue
            if depth + 1 >= MAX_DEPTH:
                too_deep.append(child)
            else:
                stack.append((child, depth + 1))
    for tag in too_deep:
        tag.string = tag.get_text(" ")


def _language_attribute(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    return str(lang).split("-")[0].split("_")[0].lower() if lang else None


def canonical_url(soup: BeautifulSoup) -> str | None:
    """The page's own address, from <link rel="canonical"> or og:url."""
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and link.get("href"):
        return str(link["href"])
    meta = soup.find("meta", property="og:url")
    return str(meta["content"]) if isinstance(meta, Tag) and meta.get("content") else None


def _find_title(soup: BeautifulSoup) -> tuple[Tag | None, bool]:
    """The title heading, and whether it was guessed: an h2/h3 taken with no h1 and no back link above it."""
    back = next((a for a in soup.find_all("a") if is_back_label(a.get_text(" "))), None)
    h1s = [h for h in soup.find_all("h1") if one_line(h.get_text(" ")) and not is_back_label(h.get_text(" "))]
    if back is not None:
        holder = back.find_parent(["h1", "h2", "h3"])
        if holder is not None:  # '<h1><a>Zurück</a> Intercultural Week</h1>': the label is stripped later
            return holder, False
        after_back = [h for h in back.find_all_next(["h1", "h2", "h3"]) if one_line(h.get_text(" "))]
        after_back = [h for h in after_back if not _is_intro(h) and not is_known_heading(one_line(h.get_text(" ")))]
        if after_back:
            return after_back[0], False
    candidates = [h for h in h1s if not _is_intro(h)]
    if candidates:
        return (max(candidates, key=lambda h: len(h.get_text()) if h.find_parent(["article", "main"]) else 0)
                if len(candidates) > 1 else candidates[0]), False
    return _heading_title(soup), True


def _heading_title(soup: BeautifulSoup) -> Tag | None:
    """With no h1 and no back link, the first h2/h3 is the title only if it opens the practice: no text or
    section heading before it, and no later heading of its level (then it is the first of the sections,
    in a language the known headings may lack: 'Fondement', 'Przebieg')."""
    headings = [h for h in soup.find_all(["h2", "h3"]) if one_line(h.get_text(" ")) and not _is_intro(h)]
    first = next((h for h in headings if not is_known_heading(one_line(h.get_text(" ")))), None)
    if first is None or any(h.name == first.name for h in first.find_all_next(first.name)):
        return None
    for el in first.find_all_previous(["p", "li", "td", *_HEADINGS]):
        text = one_line(el.get_text(" "))
        if text and not _is_intro(el) and not is_back_label(text) and not is_boilerplate_line(text) \
                and not _in_intro_box(el, first):
            return None
    return first


def _in_intro_box(el: Tag, title: Tag) -> bool:
    """A paragraph of the portal's intro box (a box that says 'good practice examples' and holds no title)."""
    box = el.find_parent(["div", "section", "header"])
    return box is not None and not any(parent is box for parent in title.parents) and _is_intro(box)


def _has_sections(soup: BeautifulSoup) -> bool:
    """A body-only rendering: section headings (known ones, or any heading followed by paragraphs)."""
    headings = [h for h in soup.find_all(_HEADINGS) if one_line(h.get_text(" "))]
    leads = soup.find_all(["b", "strong"])  # bold lead-ins: 'Purpose' in bold, then <br>-separated text
    if any(is_known_heading(one_line(h.get_text(" "))) for h in [*headings, *leads]):
        return True
    return any(nxt is not None and nxt.name in ("p", "ul", "ol") and one_line(nxt.get_text(" "))
               for nxt in (h.find_next_sibling() for h in headings))


def _is_intro(tag: Tag) -> bool:
    text = fold(tag.get_text(" "))
    return any(marker in text for marker in boilerplate.INTRO_MARKERS) or is_boilerplate_line(text)


def _read_after_title(title_el: Tag, page: RawPage) -> None:
    heading: str | None = None
    paragraphs: list[str] = []
    seen_heading = False
    first_blocks = 0

    def flush() -> None:
        text = "\n\n".join(p for p in paragraphs if p)
        if text or heading:
            page.sections.append(Section(heading or "", text))

    contents = _Contents(title_el)
    for block in _blocks_after(title_el, contents):
        if _is_tag_block(block, contents):
            page.topics.extend(_tag_values(block))
            continue
        fact = _labelled_fact(block)
        if fact:
            key, value = fact
            if key == "_skip":
                continue
            if key == "topics":
                page.topics.extend(_split_tag_text(value))
            elif key == "period":
                page.period = value
            else:
                getattr(page, key).extend(v.strip() for v in re.split(r"[,;/]", value) if v.strip())
            continue
        text = chrome.strip_read_more_tail(_block_text(block))
        if not text:
            continue
        if _FOOTER.match(text) or is_back_label(text) or boilerplate.is_read_more(text):
            continue
        label, rest = _heading_of(block, text)
        if label is not None:
            if heading is not None or paragraphs:
                flush()
            heading, paragraphs, seen_heading = label, [rest] if rest else [], True
            continue
        if not seen_heading and first_blocks < 2 and page.meta_line is None and looks_like_listing_line(text):
            page.meta_line = text
            first_blocks += 1
            continue
        first_blocks += 1
        paragraphs.append(text)
    flush()


class _Contents:
    """Which structural tags each element holds, found in one pass: a find() per element was quadratic."""

    _NAMES = sorted(_BLOCKS | {"div", "section", "ul", "ol", "table", "dl"})

    def __init__(self, inside: Tag) -> None:
        root = inside
        while root.parent is not None:
            root = root.parent
        self._bits = {name: 1 << i for i, name in enumerate(self._NAMES)}
        self._held: dict[int, int] = {}
        for el in reversed(list(root.descendants)):
            if isinstance(el, Tag) and el.parent is not None:
                mine = self._bits.get(el.name, 0) | self._held.get(id(el), 0)
                if mine:
                    self._held[id(el.parent)] = self._held.get(id(el.parent), 0) | mine

    def holds(self, el: Tag, names: Iterable[str]) -> bool:
        wanted = 0
        for name in names:
            wanted |= self._bits[name]
        return bool(self._held.get(id(el), 0) & wanted)


def _blocks_after(title_el: Tag, contents: _Contents):
    """Block elements after the title in document order, each once (nested blocks folded in)."""
    skip: set[int] = set()
    for el in title_el.find_all_next():
        if not isinstance(el, Tag) or id(el) in skip:
            continue
        if el.name in _BLOCKS or _is_tag_block(el, contents) or _is_leaf_div(el, contents):
            for child in el.descendants:
                skip.add(id(child))
            yield el


def _is_leaf_div(el: Tag, contents: _Contents) -> bool:
    if el.name not in ("div", "span", "section"):
        return False
    if contents.holds(el, _Contents._NAMES):
        return False
    if el.name == "span" and el.parent is not None and el.parent.name not in _SPAN_BLOCK_PARENTS:
        return False
    direct = "".join(str(s) for s in el.children if isinstance(s, NavigableString)).strip()
    return bool(direct) or (el.name == "div" and bool(one_line(el.get_text(" "))))


def _is_tag_block(el: Tag, contents: _Contents) -> bool:
    classes = " ".join(el.get("class") or [])
    if el.name not in ("ul", "ol", "div", "p", "section", "span") or not _TAG_CLASS.search(classes):
        return False
    return not contents.holds(el, ["h2", "h3", "h4", "p"] if el.name != "p" else ["h2", "h3"])


def _tag_values(el: Tag) -> list[str]:
    items = [one_line(t.get_text(" ")) for t in el.find_all(["a", "li"]) if not t.find(["a", "li"])]
    items = [_TAG_LABEL.sub("", i) for i in items if i]
    if items:
        return [i for i in items if i]
    return _split_tag_text(_TAG_LABEL.sub("", one_line(el.get_text(" "))))


def _split_tag_text(text: str) -> list[str]:
    """Tag lists typed as text: split on ';' or '|' (commas belong to topic names)."""
    return [t.strip() for t in re.split(r"[;|•·]", text) if t.strip()]


def _labelled_fact(block: Tag) -> tuple[str, str] | None:
    if block.name == "dt":
        value_el = block.find_next_sibling("dd")
        label = fold(one_line(block.get_text(" "))).rstrip(":")
        if value_el is not None and label in _FACT_LABELS:
            if _FACT_LABELS[label] == "topics":
                values = [one_line(li.get_text(" ")) for li in value_el.find_all(["a", "li"])]
                return "topics", "; ".join(values) if values else one_line(value_el.get_text(" "))
            return _FACT_LABELS[label], one_line(value_el.get_text(" "))
        return None
    if block.name == "dd" and block.find_previous_sibling("dt") is not None:
        label = fold(one_line(block.find_previous_sibling("dt").get_text(" "))).rstrip(":")
        return ("_skip", "") if label in _FACT_LABELS else None
    text = one_line(block.get_text(" "))
    match = re.match(r"^([^\W\d_]+)\s*:\s*(.+)$", text)
    if match and fold(match.group(1)) in _FACT_LABELS and len(match.group(2).split()) <= 12:
        label = fold(match.group(1))
        if _FACT_LABELS[label] in ("countries", "cities", "period") or label in ("topic", "topics", "tags"):
            return _FACT_LABELS[label], match.group(2)
    return None


def _block_text(block: Tag) -> str:
    if block.name == "tr":
        cells = [one_line(c.get_text(" ")) for c in block.find_all(["td", "th"])]
        return " | ".join(c for c in cells if c)
    text = one_line(block.get_text(" "))
    return f"- {text}" if block.name == "li" and text else text


def _heading_of(block: Tag, text: str) -> tuple[str | None, str]:
    """A section heading, from a heading tag, a bold-only paragraph, or a 'Purpose:' lead-in."""
    if block.name in _HEADINGS and len(text.split()) <= _HEADING_MAX_WORDS * 2:
        return text.rstrip(":"), ""
    if block.name in ("p", "div"):
        strong = block.find(["strong", "b"])
        if strong is not None:
            lead = one_line(strong.get_text(" "))
            if lead and text == lead and len(lead.split()) <= _HEADING_MAX_WORDS and not lead.endswith("."):
                return lead.rstrip(":"), ""
            if lead.endswith(":") and text.startswith(lead) and len(lead.split()) <= _INLINE_LABEL_MAX_WORDS:
                return lead.rstrip(":").strip(), text[len(lead):].strip()
        label, rest = split_inline_heading(text)
        if label:
            return label, rest
    return None, ""
