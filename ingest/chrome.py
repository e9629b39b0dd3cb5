"""Portal chrome recognised by what it is, in any interface language, wherever it sits on a page.

A page's lines are classified against the interface vocabulary in `data/chrome.json` (facet labels,
toolbars, share and cookie blocks, breadcrumbs, "Read more" links, the Council of Europe address, and
country names in the site's languages) and the facet values of the site's filter (the 22 topics,
countries, years). The facet sidebar is found as a dense run of such lines, whatever its header says or
wherever it sits; no single marker string is needed. Text renderings and HTML (through
`drop_html_chrome`, which adds structure: nav, aside, footer, filter/share/cookie class names, link
density) go through the same line classifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from practice_search.ingest.data_files import read_json
from practice_search.ingest.places import gazetteer, looks_like_listing_line
from practice_search.ingest.text_utils import fold
from practice_search.ingest.topics import topic_names

if TYPE_CHECKING:  # BeautifulSoup is a tenth of a second to import; text pages never need it
    from bs4 import BeautifulSoup, Tag

# Kinds of vocabulary entry. Facet values need a dense run around them to be chrome; the others are
# chrome on their own when they make up a whole line.
VALUE_KINDS = frozenset({"topic", "country", "year"})
LABEL_KINDS = frozenset({"filter_header", "facet_label", "reset"})
LINE_KINDS = frozenset({"toolbar", "share", "read_more", "related_header", "breadcrumb_home", "organisation_line",
                        *LABEL_KINDS})

_COUNT = re.compile(r"[(\[]\s*\d{1,6}\s*[)\]]")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
_COUNT_WORD = re.compile(r"^\d{1,4}$")
_YEAR_RANGE = re.compile(r"\b(19|20)\d\d\s*[-–—/]\s*((19|20)\d\d)?(\s|$)")
_BULLET = re.compile(r"^\s*([-•*–·▪►>]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?;]\s*$")
_LINK_TAIL = re.compile(r"[»›>→…]+\s*$")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:[›»>/|→]|::)\s*")

PACKED_MIN_COVERAGE = 0.85  # share of a run-together line's words that must be chrome vocabulary
PACKED_MIN_VALUES = 4  # ... and the distinct facet values it names ('Mexico Mexico City 2016 - 2017' is a meta line)
SIDEBAR_MIN_VALUES = 5  # distinct facet values a run needs when it also has a label or mixes facets
SIDEBAR_MIN_VALUES_PLAIN = 8  # ... when it is one facet's values alone (a body may list a few countries)
SHORT_LINE_MAX_WORDS = 9  # an unknown line this short may sit inside a sidebar (a localized topic name)
TAIL_MAX_WORDS = 60  # what follows a sidebar that closes a page is footer if it is this short


@dataclass
class Vocabulary:
    """Phrases as tuples of folded words, each with its kind; cookie words and address markers."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 1
    starts: dict[str, int] = field(default_factory=dict)  # first word -> longest phrase it starts
    cookie_words: tuple[str, ...] = ()
    address_markers: tuple[str, ...] = ()
    read_more: tuple[tuple[str, ...], ...] = ()
    crumb_intro: tuple[str, ...] = ()

    def add(self, text: str, kind: str) -> None:
        words = tuple(tokens(text))
        if words and (words not in self.phrases or kind in VALUE_KINDS):
            self.phrases[words] = kind
            self.longest = max(self.longest, len(words))
            self.starts[words[0]] = max(self.starts.get(words[0], 0), len(words))


_PHRASE_LISTS = {"filter_header": "filter_headers", "facet_label": "facet_labels", "reset": "reset",
                 "toolbar": "toolbar", "share": "share", "read_more": "read_more", "related_header": "related_headers",
                 "breadcrumb_home": "breadcrumb_home", "organisation_line": "organisation_lines",
                 "consent_button": "consent_buttons"}


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = read_json("chrome.json")
    vocab = Vocabulary()
    for kind, key in _PHRASE_LISTS.items():
        for phrase in data[key]:
            vocab.add(phrase, kind)
    for name, translations in data["topic_translations"].items():
        for phrase in [name, *translations]:
            vocab.add(phrase, "topic")
    for name in topic_names():
        vocab.add(name, "topic")
    for names in data["countries"].values():
        for phrase in names:
            vocab.add(phrase, "country")
    vocab.cookie_words = tuple(sorted({fold(w) for w in data["cookie_words"]}))
    vocab.address_markers = tuple(fold(m) for m in data["address_markers"])
    vocab.read_more = tuple(sorted({tuple(tokens(p)) for p in data["read_more"]}, key=len, reverse=True))
    vocab.crumb_intro = tuple(" ".join(tokens(p)) for p in data["breadcrumb_intro"])
    return vocab


def tokens(text: str) -> list[str]:
    """Folded words of a line, facet counts like '(12)' left out."""
    return _TOKEN.findall(fold(_COUNT.sub(" ", text)))


@dataclass
class Line:
    """What one line of a page is made of."""

    kind: str  # "blank", "value", "label", "packed", "chrome", "short", "other"
    values: tuple[tuple[str, ...], ...] = ()  # facet values it names
    value_kind: str = ""  # topic / country / year for a value line; filter_header / facet_label / reset for a label
    words: int = 0


def classify(text: str) -> Line:
    """One line: a facet value, a facet label, a run-together facet list, other chrome, or text."""
    stripped = _BULLET.sub("", text.replace("\u00a0", " ")).strip()
    words = tokens(stripped)
    if not words:
        return Line("blank")
    if len(words) == 1 and _COUNT_WORD.match(words[0]) and not _YEAR.match(words[0]):
        return Line("count", (), "", 1)  # a facet count on a line of its own
    vocab = vocabulary()
    kinds, values, covered = _cover(words, vocab)
    if covered == len(words) and len(kinds) == 1:
        kind = kinds[0]
        if kind in VALUE_KINDS:
            return Line("value", tuple(values), kind, len(words))
        if kind in LABEL_KINDS:
            return Line("label", (), kind, len(words))
        if kind in LINE_KINDS and len(stripped) > 1:
            return Line("chrome", (), "", len(words))
    needed = SIDEBAR_MIN_VALUES_PLAIN if _YEAR_RANGE.search(stripped) else PACKED_MIN_VALUES  # '2018 - 2021': a period
    if len(set(values)) >= needed and covered >= PACKED_MIN_COVERAGE * len(words):
        return Line("packed", tuple(values), "", len(words))
    if len(kinds) > 1 and covered == len(words) and all(k in LINE_KINDS or k == "consent_button" for k in kinds):
        return Line("chrome", (), "", len(words))
    if kinds and len(words) <= 6 and all(k in LINE_KINDS for k in kinds) and _only_filler_left(words, vocab):
        return Line("chrome", (), "", len(words))
    if _is_other_chrome(stripped, words, vocab):
        return Line("chrome", (), "", len(words))
    if len(words) <= 3 and words[0].startswith(_FILTER_STEMS) and not _SENTENCE_END.search(stripped):
        return Line("label", (), "filter_header", len(words))  # 'Filtres actifs': a header the data lacks
    if len(words) <= SHORT_LINE_MAX_WORDS and not _SENTENCE_END.search(stripped):
        return Line("short", (), "", len(words))
    return Line("other", (), "", len(words))


def _cover(words: list[str], vocab: Vocabulary) -> tuple[list[str], list[tuple[str, ...]], int]:
    """Greedy longest match of vocabulary phrases: the kinds matched, the facet values, the words covered."""
    kinds: list[str] = []
    values: list[tuple[str, ...]] = []
    covered = i = 0
    while i < len(words):
        longest = vocab.starts.get(words[i], 0)
        if not longest and not (words[i][0].isdigit() and _YEAR.match(words[i])):  # most words start no phrase
            i += 1
            continue
        for size in range(min(max(longest, 1), len(words) - i), 0, -1):
            phrase = tuple(words[i:i + size])
            kind = vocab.phrases.get(phrase)
            if kind is None and size == 1 and _YEAR.match(words[i]):
                kind = "year"
            if kind is not None and (size > 1 or len(phrase[0]) > 2 or kind in VALUE_KINDS or len(words) == 1):
                kinds.append(kind)
                if kind in VALUE_KINDS:
                    values.append(phrase)
                covered += size
                i += size
                if kind in VALUE_KINDS and i < len(words) and _COUNT_WORD.match(words[i]) and not _YEAR.match(words[i]):
                    covered += 1  # 'Education 12': the facet's count, printed bare
                    i += 1
                break
            if kind is not None and size == 1:  # 'A-', 'X': too short to name a kind, but not a word of text
                covered += 1
                i += 1
                break
        else:
            i += 1
    return kinds, values, covered


_FILLER = frozenset(fold(w) for w in (
    "this", "the", "page", "our", "on", "us", "cette", "la", "le", "les", "de", "du", "en", "sur", "nous", "diese",
    "dieser", "die", "der", "seite", "uns", "auf", "questa", "pagina", "su", "ci", "esta", "página", "en", "la",
    "nos", "em", "na", "no", "deze", "op", "ons", "tę", "stronę", "strona", "na", "tämä", "sivu", "orri", "hau",
    "den", "här", "sidan", "siden", "denne", "side", "bu", "sayfayı", "sayfa", "цією", "сторінкою", "сторінку",
    "сторінка", "αυτή", "τη", "σελίδα", "ovu", "stranicu", "ову", "страницу", "aquesta", "pàgina", "このページを",
))


def _only_filler_left(words: list[str], vocab: Vocabulary) -> bool:
    """'Seite teilen', 'Share this page on': a chrome phrase plus words that say nothing of a practice."""
    i = 0
    while i < len(words):
        for size in range(min(vocab.longest, len(words) - i), 0, -1):
            if vocab.phrases.get(tuple(words[i:i + size])) in LINE_KINDS:
                i += size
                break
        else:
            if words[i] not in _FILLER:
                return False
            i += 1
    return True


def _is_other_chrome(text: str, words: list[str], vocab: Vocabulary) -> bool:
    """Address footer, cookie banner, breadcrumb trail, or a 'Read more about ... »' link."""
    folded = fold(text)
    if _any_of(vocab.address_markers).search(folded):
        return True
    if len(words) <= 80 and _has_stem(folded, words, vocab.cookie_words) and _has_stem(folded, words, _SITE_WORDS):
        return True
    if _is_breadcrumb(text, words, vocab):
        return True
    return _is_read_more_link(text, words, vocab)


_SITE_WORDS = tuple(sorted({fold(w) for w in (
    "website", "site", "sitio", "sito", "web", "browsing", "navigation", "navigazione", "navegación", "navegacao",
    "consent", "consentement", "einwilligung", "consenso", "accept", "accepter", "akzeptieren", "accetta", "aceptar",
    "aceitar", "privacy", "confidentialite", "datenschutz", "experience", "experiencia", "esperienza", "erfahrung",
    "webseite", "website", "strona", "stronie", "sivusto", "sivustolla", "webbplats", "nettsted", "hjemmeside",
    "webgunea", "lloc", "stranica", "stranici", "sitesi", "サイト", "사이트", "uses", "utilise", "verwendet",
    "utilizza", "utiliza", "usa", "gebruikt", "używa", "utilizează", "χρησιμοποιεί", "використовує", "käyttää",
    "använder",
    "bruker", "bruger", "erabiltzen", "utilitza", "koristi", "користи", "kullanır", "kullanmaktadır", "settings",
    "paramètres", "einstellungen", "impostazioni", "configuración", "definições", "policy", "politique",
)}))


@lru_cache(maxsize=8)
def _any_of(strings: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True) if s))


def _has_stem(folded: str, words: list[str], stems: tuple[str, ...]) -> bool:
    """A word starting with one of the stems ('cookieak', 'webgunea' inflect); in scripts written without
    spaces, the stem anywhere in the line."""
    prefixes = tuple(stems)
    if not _any_of(prefixes).search(folded):  # most lines: one regex scan, no word loop
        return False
    return any(w.startswith(prefixes) for w in words) or any(
        stem in folded for stem in prefixes if stem and stem[0] >= "\u3000")


def _is_breadcrumb(text: str, words: list[str], vocab: Vocabulary) -> bool:
    joined = " ".join(words)
    if len(words) <= 25 and joined.startswith(vocab.crumb_intro):
        return True
    parts = [p for p in _CRUMB_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2 or len(words) > 40 or any(len(p.split()) > 25 for p in parts):
        return False
    first = tuple(tokens(parts[0]))
    return vocab.phrases.get(first) == "breadcrumb_home"


def _is_read_more_link(text: str, words: list[str], vocab: Vocabulary) -> bool:
    """'Read More', 'Read more about Amadora »', 'Cascais の続きを読む »': a read-more phrase opening a short
    line, or anywhere in a short line that ends like a link."""
    if len(words) > 16:
        return False
    opening = next((p for p in vocab.read_more if p[0] == words[0] and tuple(words[:len(p)]) == p), None) \
        if words and words[0] in vocab.starts else None
    starts = opening is not None
    if starts and len(words) == len(opening):
        return True
    if starts and words[len(opening):len(opening) + 1] in (["about"], ["sur"]) and len(words) <= 6 \
            and not _SENTENCE_END.search(text):
        return True  # 'Read more about Amadora' without its arrow; a sentence that starts so is kept
    if not _LINK_TAIL.search(text):
        return False
    joined = " ".join(words)
    return starts or any(" ".join(p) in joined for p in vocab.read_more if len(p) > 1 or p[0][0] >= "\u3000")


def strip_read_more_tail(text: str) -> str:
    """'... in 2019. Read more about the network »' -> '... in 2019.' (a link glued to a paragraph)."""
    match = _read_more_tail().search(text)
    return text[:match.start()].rstrip() if match and match.start() > 0 else text


@lru_cache(maxsize=1)
def _read_more_tail() -> re.Pattern:
    phrases = sorted(read_json("chrome.json")["read_more"], key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases if len(p.split()) >= 2)
    return re.compile(rf"(?<=[.!?)\]])\s+(?:{alternatives})\b[^.!?]{{0,100}}?[»›>→]+\s*$", re.IGNORECASE)


# --- which lines of a page are chrome -----------------------------------------------------------------


def chrome_mask(lines: list[str]) -> list[bool]:
    """True for every line that is portal chrome: the facet sidebar(s) and every other kind."""
    classes = [classify(line) for line in lines]
    mask = [c.kind == "chrome" or (c.kind == "label" and c.value_kind in ("filter_header", "reset")) for c in classes]
    _mark_address_blocks(lines, classes, mask)  # first: its 'France' is no sidebar value
    _mark_cookie_buttons(lines, classes, mask)
    seen = [Line("chrome", (), "", c.words) if m and c.kind in ("value", "short") else c
            for c, m in zip(classes, mask, strict=True)]
    last_run_end = None
    for start, end in sidebar_runs(lines, seen):
        for i in range(start, end):
            mask[i] = True
        last_run_end = end
    _mark_related_blocks(lines, classes, mask)
    if last_run_end is not None:
        _mark_footer_tail(classes, mask, last_run_end)
    return mask


_FACET = ("value", "label", "packed")


def sidebar_runs(lines: list[str], classes: list[Line]) -> Iterator[tuple[int, int]]:
    """[start, end) of each dense run of facet lines: values, labels, run-together lists, and the unknown
    short lines that sit between them (a localized header, a group of localized topic names)."""
    i, n = 0, len(classes)
    while i < n:
        if classes[i].kind not in _FACET:
            i += 1
            continue
        start, end, j = i, i + 1, i + 1
        while j < n:
            if classes[j].kind in _FACET or (classes[j].kind == "count" and end == j):
                end = j = j + 1
                continue
            k = j
            while k < n and classes[k].kind in ("blank", "short", "chrome", "count"):
                k += 1
            if k < n and classes[k].kind in _FACET and _gap_inside_sidebar(lines, classes, end, k):
                j = k
                continue
            break
        start, end = _trim_lone_values(classes, start, end)
        while 0 < start < end and classes[start - 1].kind == "count":  # the count of an item cut off above
            start -= 1
        if start < end and _is_sidebar(classes[start:end]):
            yield _with_header(lines, classes, start), end
            i = end
        else:
            i += 1


def _gap_inside_sidebar(lines: list[str], classes: list[Line], start: int, stop: int) -> bool:
    """Whether unknown lines between two facet lines belong to the sidebar: one short line (a header in
    the middle of the items), or a block of short lines right under a facet label (its values, in words
    the vocabulary lacks). A period or place line never does: the practice's own title block can sit
    between two halves of a sidebar."""
    gap = [i for i in range(start, stop) if classes[i].kind == "short"]
    if any(looks_like_listing_line(lines[i]) for i in gap):
        return False
    if len(gap) <= 1:
        return True
    unbroken = all(classes[i].kind != "blank" for i in range(start, stop))
    return unbroken and classes[start - 1].kind == "label"


_FILTER_STEMS = ("filt", "φιλτ", "фільт", "фильт", "филт", "suodat", "rajaa", "iragaz", "refin", "affin", "narrow",
                 "絞り", "フィルタ", "필터", "facet")


def _with_header(lines: list[str], classes: list[Line], start: int) -> int:
    """A sidebar's header in words the vocabulary lacks ('Refine the list', 'Filtres actifs') still says
    'filter' in some form: the short line just before the run then belongs to it."""
    i = start - 1
    while i >= 0 and classes[i].kind == "blank":
        i -= 1
    if i >= 0 and classes[i].kind == "short" and classes[i].words <= 5 and any(
            w.startswith(_FILTER_STEMS) for w in tokens(lines[i])):
        return i
    return start


_PLACE_OR_PERIOD = ("year", "country")


def _trim_lone_values(classes: list[Line], start: int, end: int) -> tuple[int, int]:
    """A year or a country alone at a run's edge is a period or place line, not the filter's list (which
    lists many values of a facet together, or follows the facet's label)."""
    def group(i: int, step: int) -> tuple[int, int]:
        """How many values of one kind from i on, and where the group stops."""
        kind, size = classes[i].value_kind, 0
        while start <= i < end and classes[i].kind in ("value", "blank", "count"):
            if classes[i].kind == "value":
                if classes[i].value_kind != kind:
                    break
                size += 1
            i += step
        return size, i

    def lone(i: int, step: int) -> bool:
        size, stop = group(i, step)
        labelled = step < 0 and stop >= start and classes[stop].kind == "label"
        return classes[i].value_kind in _PLACE_OR_PERIOD and size < 3 and not labelled

    def listed_apart(i: int) -> bool:
        """A few values set apart by a blank line from the sidebar's first label or other facet: a practice's
        own short list ('- Spain', '- Italy') just before the sidebar."""
        size, stop = group(i, 1)
        between = stop
        while between < end and classes[between].kind in ("blank", "chrome", "count"):
            between += 1
        if size >= SIDEBAR_MIN_VALUES or between >= end:
            return False
        other_facet = classes[between].kind == "value" and classes[between].value_kind != classes[i].value_kind
        if not (classes[between].kind in ("label", "packed") or other_facet):
            return False
        last = max(k for k in range(i, stop) if classes[k].kind == "value")  # a count line may follow it
        return any(classes[k].kind == "blank" for k in range(last + 1, between))

    while start < end and (classes[start].kind == "blank" or (classes[start].kind == "value" and lone(start, 1))):
        start += 1
    if start < end and classes[start].kind == "value" and listed_apart(start):
        start = group(start, 1)[1]
    while end > start and (classes[end - 1].kind == "blank"
                           or (classes[end - 1].kind == "value" and lone(end - 1, -1))):
        end -= 1
    return start, end


def _is_sidebar(run: list[Line]) -> bool:
    """Many values of the filter's facets together. A practice's own facts ('Country: Spain', three topic
    tags) also mix labels and values, but never list many values of one facet in a row."""
    values = {v for line in run for v in line.values}
    kinds = {line.value_kind for line in run if line.kind == "value"}
    label_kinds = {line.value_kind for line in run if line.kind == "label"}
    if len(label_kinds) >= 2 and label_kinds & {"filter_header", "reset"}:
        return True
    if _longest_group(run) < SIDEBAR_MIN_VALUES:
        return False
    if label_kinds or len(kinds) > 1 or any(line.kind == "packed" for line in run):
        return len(values) >= SIDEBAR_MIN_VALUES
    return len(values) >= SIDEBAR_MIN_VALUES_PLAIN


def _longest_group(run: list[Line]) -> int:
    """The most facet values listed together (blank lines aside, a run-together line counting them all)."""
    best = size = 0
    for line in run:
        if line.kind in ("value", "packed"):
            size += len(line.values)
        elif line.kind not in ("blank", "count"):
            size = 0
        best = max(best, size)
    return best


def _mark_cookie_buttons(lines: list[str], classes: list[Line], mask: list[bool]) -> None:
    """'Accept' / 'Decline' lines next to a cookie notice."""
    vocab = vocabulary()
    for i in range(len(classes)):
        if not mask[i] or not _has_stem(fold(lines[i]), tokens(lines[i]), vocab.cookie_words):
            continue
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(lines) and (classes[j].kind == "blank" or _is_consent(lines[j], vocab)):
                mask[j] = True
                j += step


def _is_consent(line: str, vocab: Vocabulary) -> bool:
    words = tokens(line)
    kinds, _, covered = _cover(words, vocab)
    return bool(words) and covered == len(words) and all(k in ("consent_button", "share", "organisation_line")
                                                         for k in kinds)


_PHONE = re.compile(r"^((tel|tél|fax|phone|téléphone|telefon|telefono|teléfono)\.?\s*:?\s*\+?|\+)\d[\d\s().-]{5,}$",
                    re.IGNORECASE)  # 'Tel. +33 (0)3 88 41 20 00', '+33 3 88 41 20 00'; never '2016-2019'
ADDRESS_BLOCK_LINES = 3


def _mark_address_blocks(lines: list[str], classes: list[Line], mask: list[bool]) -> None:
    """The lines around the Council of Europe's address that belong to it: 'France', the organisation's
    name, a phone or fax number."""
    vocab = vocabulary()
    markers = _any_of(vocab.address_markers)
    anchors = [i for i, line in enumerate(lines) if classes[i].kind == "chrome" and markers.search(fold(line))]
    for i in anchors:
        for step in (1, -1):
            j, taken, country = i + step, 0, step < 0  # an address ends with its country: only one, after it
            while 0 <= j < len(lines) and taken < ADDRESS_BLOCK_LINES:
                is_country = classes[j].kind == "value" and classes[j].value_kind == "country"
                if not (classes[j].kind == "chrome" or _PHONE.match(lines[j].strip()) or (is_country and not country)):
                    break
                country = country or is_country
                mask[j] = True
                j, taken = j + step, taken + 1


def _mark_related_blocks(lines: list[str], classes: list[Line], mask: list[bool]) -> None:
    """A related practice teaser: its title, its place line, its teaser, then 'Read more'."""
    vocab = vocabulary()
    for r in range(len(classes)):
        if not (mask[r] and _is_read_more_link(lines[r], tokens(lines[r]), vocab)):
            continue
        before = [j for j in range(r - 1, max(-1, r - 9), -1) if classes[j].kind != "blank" and not mask[j]][:4]
        place = next((j for j in before if looks_like_listing_line(lines[j])), None)
        if place is None or not any(classes[j].kind in ("other", "short") and j > place for j in before):
            continue  # no teaser between the place line and the link: a practice's own meta line, not a teaser
        title = next((j for j in range(place - 1, max(-1, place - 4), -1) if classes[j].kind != "blank"), None)
        if title is None or classes[title].kind == "other" and classes[title].words > 20:
            continue
        if _is_list_item(lines, classes, title) or _is_list_item(lines, classes, place):
            continue  # the practice's own list ('- Spain', 'Italy Rome', ...) ending above its last paragraphs
        for j in range(title, r):
            mask[j] = True


def _is_list_item(lines: list[str], classes: list[Line], i: int) -> bool:
    """A bulleted line, or one item of a list of place or facet lines: a related teaser's title or place line
    stands alone, never under another line of its kind."""
    if _BULLET.match(lines[i]):
        return True
    above = next((j for j in range(i - 1, -1, -1) if classes[j].kind != "blank"), None)
    if above is None:
        return False
    def names_places(j: int) -> bool:
        if classes[j].kind == "value":
            return True
        parts = gazetteer().split_listing_line(_BULLET.sub("", lines[j]))
        return bool(parts.countries or parts.cities) and all(gazetteer().city(c) for c in parts.cities)

    return names_places(i) and (_BULLET.match(lines[above]) is not None or names_places(above))


def _mark_footer_tail(classes: list[Line], mask: list[bool], run_end: int) -> None:
    """After a sidebar that follows the practice, a few short lines are the page footer."""
    before = sum(c.words for c, m in zip(classes[:run_end], mask[:run_end], strict=True)
                 if not m and c.kind in ("other", "short"))
    tail = [i for i in range(run_end, len(classes)) if not mask[i] and classes[i].kind != "blank"]
    if before >= 40 and tail and sum(classes[i].words for i in tail) <= TAIL_MAX_WORDS and len(tail) <= 4 \
            and all(classes[i].words <= 25 for i in tail):
        for i in tail:
            mask[i] = True


def clean_lines(lines: list[str]) -> list[str]:
    """The lines with chrome blanked (kept as empty lines so paragraphs stay apart)."""
    mask = chrome_mask(lines)
    return ["" if chrome else strip_read_more_tail(line) for line, chrome in zip(lines, mask, strict=True)]


# --- HTML ------------------------------------------------------------------------------------------------

_STRUCTURAL_TAGS = ("nav", "aside", "form", "footer", "header")
_CHROME_CLASS = re.compile(
    r"(^|[-_])(filters?|facets?|faceted|sidebar|side-?bar|breadcrumbs?|crumbs?|share|sharing|social|cookies?|"
    r"consent|gdpr|toolbar|tools|font-?size|print|printer|related|similar|see-also|skip|navbar|menu|footer|copyright|"
    r"colophon|legal)($|[-_])",
    re.IGNORECASE)
_LINE_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "div", "section",
                          "article", "aside", "header", "footer", "ul", "ol", "dl", "table", "tr", "blockquote",
                          "figcaption", "main", "nav", "form", "label", "legend", "fieldset", "br", "pre", "body"})
LINK_DENSE_MIN_LINKS = 5
LINK_DENSE_SHARE = 0.8
CHROME_CHAR_SHARE = 0.9  # a container whose text is this much chrome is removed whole


def drop_html_chrome(soup: BeautifulSoup) -> None:
    """Remove chrome containers: by structure and class names, by link density, then by content.

    Nothing holding an h1, an `article` or `main` is removed (the practice lives there), and each
    container is removed once: a container inside another that goes is never touched again.
    """
    protected = _protected(soup)
    _remove_once([el for el in soup.find_all(True) if id(el) not in protected and _structural_chrome(el)])
    protected = _protected(soup)
    _remove_once([el for el in soup.find_all(["div", "section", "ul", "ol", "p", "table"])
                  if id(el) not in protected and _link_dense(el) and el.find_parent(["article", "main"]) is None])
    _drop_chrome_by_content(soup)


def _protected(soup: BeautifulSoup) -> set[int]:
    """Ids of the elements that hold the practice: every h1, article and main, and their ancestors."""
    keep: set[int] = set()
    for el in soup.find_all(["h1", "article", "main"]):
        keep.add(id(el))
        keep.update(id(parent) for parent in el.parents)
    return keep


def _structural_chrome(el: Tag) -> bool:
    if el.name in _STRUCTURAL_TAGS:
        return True
    names = [*(el.get("class") or []), str(el.get("id") or ""), str(el.get("role") or "")]
    if el.get("role") in ("navigation", "search", "banner", "contentinfo", "complementary"):
        return True
    return any(_CHROME_CLASS.search(name) for name in names if name) and el.name not in ("html", "body")


def _link_dense(el: Tag) -> bool:
    links = el.find_all("a")
    if len(links) < LINK_DENSE_MIN_LINKS:
        return False
    text = len(" ".join(el.get_text(" ").split()))
    linked = sum(len(" ".join(a.get_text(" ").split())) for a in links)
    return text > 0 and linked >= LINK_DENSE_SHARE * text


def _remove_once(candidates: Iterable[Tag]) -> None:
    """Decompose each candidate that is not inside another candidate (decomposing an outer one has already
    destroyed the inner ones: touching them again is what crashed on a doubled sidebar header)."""
    chosen = list(candidates)
    ids = {id(el) for el in chosen}
    outermost = [el for el in chosen if not any(id(parent) in ids for parent in el.parents)]
    for el in outermost:
        el.decompose()


def _drop_chrome_by_content(soup: BeautifulSoup) -> None:
    """Classify the page's text lines like a text rendering, then remove the containers that hold only
    chrome lines (most of their characters), outermost first."""
    lines, owners = html_lines(soup)
    if not lines:
        return
    mask = chrome_mask(lines)
    totals: dict[int, int] = {}
    chrome: dict[int, int] = {}
    elements: dict[int, Tag] = {}
    for text, owner, is_chrome in zip(lines, owners, mask, strict=True):
        if not text:
            continue
        size = len(text) + 1
        for el in (owner, *owner.parents):
            key = id(el)
            elements[key] = el
            totals[key] = totals.get(key, 0) + size
            if is_chrome:
                chrome[key] = chrome.get(key, 0) + size
    protected = _protected(soup)
    candidates = [el for key, el in elements.items()
                  if key not in protected and el.name not in ("html", "body", "[document]")
                  and chrome.get(key, 0) >= CHROME_CHAR_SHARE * totals[key]]
    _remove_once(candidates)


_GROUPS = frozenset({"div", "section", "article", "aside", "header", "footer", "main", "nav", "form", "ul", "ol", "dl",
                     "table", "blockquote", "fieldset"})


def html_lines(root: Tag) -> tuple[list[str], list[Tag]]:
    """The text lines a browser would show (inline text joined, blocks apart), each with the innermost
    block element that holds it; an empty line where a group of blocks (a list, a box) ends."""
    from bs4 import NavigableString

    lines: list[str] = []
    owners: list[Tag] = []
    parts: list[str] = []
    owner_stack: list[Tag] = [root]

    def flush() -> None:
        text = " ".join(" ".join(parts).split())
        parts.clear()
        if text:
            lines.append(text)
            owners.append(owner_stack[-1])

    stack: list[tuple[Tag | NavigableString, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                parts.append(str(node))
            continue
        is_block = node.name in _LINE_BLOCKS
        if closing:
            if is_block:
                flush()
                owner_stack.pop()
                if node.name in _GROUPS and lines and lines[-1]:  # a list or box ends: like a blank line in text
                    lines.append("")
                    owners.append(node)
            continue
        if is_block:
            flush()
            owner_stack.append(node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return lines, owners
