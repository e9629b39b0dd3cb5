"""Free-text periods ('Since 2016', 'March - June 2018', '2021 (ongoing since 2017)') -> years."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from practice_search.ingest.text_utils import fold

_YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?:\s*[-–—/]\s*(\d{2}))?(?![\d])")
_DATE_YEAR = re.compile(r"\b\d{1,2}[./-](?:\d{1,2}[./-])?((?:19|20)\d{2})\b")
_ONGOING = re.compile(
    r"\b(ongoing|on-going|on going|present|now|today|current|currently|continuing|onwards|onward|"
    r"en cours|a ce jour|jusqu'a aujourd'hui|aujourd'hui|"
    r"en curso|actualidad|actualmente|hasta hoy|hasta la fecha|a la fecha|"
    r"in corso|tuttora|ad oggi|"
    r"laufend|andauernd|bis heute|heute|fortlaufend|"
    r"em curso|a decorrer|atualmente|ate hoje|"
    r"triva|pagaende|"
    r"permanent|permanente|permanently|permanentemente|permanentement|continuous|continuo|dauerhaft|standig|"
    r"doorlopend|lopend|lopende|trwa|w toku|stale|u tijeku|u toku|in desfasurare|devam ediyor|surekli|"
    r"kaynnissa|jatkuva|pysyva|igangvaerende|fortlopende|etengabe|abian|en marxa|permanentment|"
    r"триває|постійно|σε εξελιξη|μονιμο)\b"
)
# Languages that put 'since' after the year: '2016年から', '2016년부터', "2016'dan beri", '2016 lähtien'.
_SINCE_AFTER = re.compile(
    r"(19|20)\d{2}\s*(年から|年以降|年以来|년부터|년 이후|['’]?(d|t)[ae]n beri|lahtien|lähtien|alkaen|vuodesta)"
)
_SINCE = re.compile(
    r"\b(since|from|starting|started|depuis|des|a partir de|desde|dal|dall|da|seit|ab|vanaf|sinds|sedan|siden|fra|"
    r"fran|od|din|incepand cu|des de|ekde|от|від|з|απο)\b"
)
MONTHS = (  # month names of the supported languages, folded (also read by ingest/places.py)
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    "januar|februar|marz|juni|juli|oktober|dezember|"
    "janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
# What a period line is made of: years, dates, months, 'to'/'until' words, besides the ongoing and since words.
_PERIOD_TOKENS = re.compile(
    r"\b(" + MONTHS + r"|to|and|until|till|au|a|al|el|la|de|do|hasta|fino|bis|tot|ate|fins|half|"
    r"spring|summer|autumn|fall|winter|early|late|mid|end|year|years|ano|anos|jahr|jahre|annee|annees)\b"
)
_OPEN_DASH = re.compile(r"(?:19|20)\d{2}\s*[-–—]\s*$")
_MIN_YEAR, _MAX_AHEAD = 1950, 10
_PERIOD_LINE_WORDS = 8
_PERIOD_LINE_OTHER_WORDS = 2


@dataclass
class Period:
    start_year: int | None = None
    end_year: int | None = None
    ongoing: bool = False
    years: list[int] = field(default_factory=list)
    parsed: bool = True


def parse_period(text: str | None, current_year: int | None = None) -> Period:
    """Parse a period; an unparseable one yields no years and parsed=False (the raw text stays on the record)."""
    current_year = current_year or datetime.date.today().year
    if text is None or not str(text).strip():
        return Period()
    folded = fold(str(text)[:500])
    found = _years_in(folded, current_year)
    ongoing = bool(_ONGOING.search(folded) or _OPEN_DASH.search(folded))
    if len(set(found)) == 1 and (_SINCE.search(folded) or _SINCE_AFTER.search(str(text).casefold())):
        ongoing = True
    if not found:
        return Period(ongoing=ongoing, parsed=ongoing)
    start, end = min(found), max(found)
    if ongoing:
        end = max(end, current_year)
    return Period(start, end, ongoing, list(range(start, end + 1)))


def _years_in(folded: str, current_year: int) -> list[int]:
    years = [int(m.group(1)) for m in _DATE_YEAR.finditer(folded)]
    without_dates = _DATE_YEAR.sub(" ", folded)
    for match in _YEAR.finditer(without_dates):
        first = int(match.group(1))
        years.append(first)
        if match.group(2):
            second = first // 100 * 100 + int(match.group(2))
            if second > first:
                years.append(second)
    return [y for y in years if _MIN_YEAR <= y <= current_year + _MAX_AHEAD]


def looks_like_period_line(line: str) -> bool:
    """A short line that is only a period ('Permanent since 2012', 'Ongoing activities (Since 2012)').

    At most two of its words may be something else than years, dates, months and period words, so a
    title with a year in it ('Roma Strategy for the Bradford District (2021-2025)') is no period line.
    """
    words = line.split()
    if not words or len(words) > _PERIOD_LINE_WORDS or line.rstrip()[-1] in ".;,!?":
        return False
    period = parse_period(line)
    if not (period.years or period.ongoing):
        return False
    folded = _SINCE.sub(" ", _ONGOING.sub(" ", fold(line)))
    other = [w for w in _PERIOD_TOKENS.sub(" ", folded).split() if w.isalpha()]
    return len(other) <= _PERIOD_LINE_OTHER_WORDS
