"""Gazetteer of ICC cities: canonical names, countries, and finding places in free text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from practice_search.ingest.data_files import read_json
from practice_search.ingest.periods import MONTHS, looks_like_period_line
from practice_search.ingest.text_utils import fold
from practice_search.ingest.topics import topic_names

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Words that make an ambiguous name ('Roma' the people, 'Porto' the word) a city: before it or after it.
_CUE_BEFORE = re.compile(
    r"\b(city of|town of|municipality of|borough of|council of|mayor of|ville de|commune de|mairie de|ciudad de|"
    r"ayuntamiento de|municipio de|ajuntament de|citta di|comune di|sindaco di|stadt|gemeinde|cidade de|"
    r"camara municipal de|concelho de|gemeente|kommune|stad|miasto|grad|opstina|primaria|ciutat de|"
    r"municipalite de|δημοσ|δημου|місто|город|град)\s*$"
)
_CUE_AFTER = re.compile(
    r"^\s*(city council|city hall|city government|municipality|municipal council|town hall|"
    r"capitale|city\b|kommune|gemeente|kaupunki|kaupungin|belediyesi|buyuksehir|kommun|stad\b|stadt\b)"
)
_CUE_WINDOW = 40


@dataclass(frozen=True)
class Place:
    name: str
    country: str


@dataclass
class ListingLine:
    """A listing's 'Country City City Period' line, split into its parts."""

    countries: list[str]
    cities: list[str]
    period: str | None


class Gazetteer:
    """Looks up countries and cities by any of their names, ignoring case and accents."""

    def __init__(self, data: dict) -> None:
        self.countries: dict[str, str] = {}
        self.cities: dict[str, Place] = {}
        self.site_countries = [c["name"] for c in data["countries"] if c.get("in_site_filter")]
        self.ambiguous = {fold(w) for w in [*data.get("ambiguous_words", []), *data.get("other_meanings", {})]}
        for country in data["countries"]:
            for name in [country["name"], *country.get("aliases", [])]:
                self.countries[fold(name)] = country["name"]
        for city in data["cities"]:
            place = Place(city["name"], city["country"])
            for name in [city["name"], *city.get("aliases", [])]:
                self.cities.setdefault(fold(name), place)
        self._longest = max(len(k.split()) for k in [*self.countries, *self.cities])
        self.ambiguous |= {fold(t) for t in topic_names()} & set(self.cities)  # 'Roma' is a topic (the people)
        self._sizes: dict[str, list[int]] = {}  # first word of a city name -> its names' word counts, longest first
        for key in self.cities:
            self._sizes.setdefault(key.split()[0], []).append(len(key.split()))
        self._sizes = {first: sorted(set(sizes), reverse=True) for first, sizes in self._sizes.items()}

    def country(self, name: str) -> str | None:
        return self.countries.get(fold(name.strip()))

    def city(self, name: str) -> Place | None:
        return self.cities.get(fold(name.strip()))

    def canonical_country(self, name: str) -> str:
        return self.country(name) or name.strip()

    def canonical_city(self, name: str) -> str:
        place = self.city(name)
        return place.name if place else name.strip()

    def countries_of(self, cities: list[str]) -> list[str]:
        found = [p.country for p in map(self.city, cities) if p]
        return list(dict.fromkeys(found))

    def find_cities(self, text: str) -> list[Place]:
        """The cities a text is about: the most mentioned one, and others mentioned as often as twice."""
        mentions = self.city_mentions(text)
        return [place for i, (place, count) in enumerate(mentions) if i == 0 or count >= 2]

    def city_mentions(self, text: str) -> list[tuple[Place, int]]:
        """City mentions in prose, most frequent first; ambiguous names need a cue like 'City of'.

        Only capitalised words that can start a place name are tried, each folded once and only with
        the lengths of the names it starts, and a cue is looked for in a few characters around the
        name: a long text costs one regex pass (copying the text up to each mention, as before, made
        a 9.9 MB page take 53 s).
        """
        counts: dict[Place, int] = {}
        words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(words):
            word = words[i][0]
            sizes = self._sizes.get(_fold_word(word)) if word[0].isupper() else None
            for size in sizes or ():
                if i + size > len(words):
                    continue
                key = " ".join(_fold_word(w) for w, _ in words[i:i + size])
                place = self.cities.get(key)
                if place is None:
                    continue
                end = words[i + size - 1][1] + len(words[i + size - 1][0])
                if self._credible(key, text, words[i][1], end):
                    counts[place] = counts.get(place, 0) + 1
                    i += size - 1
                    break
            i += 1
        return sorted(counts.items(), key=lambda item: -item[1])

    def _credible(self, folded_name: str, text: str, start: int, end: int) -> bool:
        if folded_name not in self.ambiguous:
            return True
        before = fold(text[max(0, start - _CUE_WINDOW):start])
        return bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(fold(text[end:end + _CUE_WINDOW])))

    def split_listing_line(self, line: str) -> ListingLine:
        """Split 'Portugal Amadora Lisbon Santa Maria da Feira 2019-2021' using known names.

        Words that are neither a known place nor part of the period are kept together as
        an unknown city, so nothing on the line is lost.
        """
        words = line.split()
        countries: list[str] = []
        cities: list[str] = []
        unknown: list[str] = []
        i = 0
        while i < len(words):
            if _starts_period(words[i:]):
                break
            labelled = words[i].endswith(":") or words[i + 1:i + 2] == [":"]  # 'Period: 2016', 'Période : 2016'
            if labelled and not self._match_at(words, i)[0]:
                i += 1
                continue
            size, kind, name = self._match_at(words, i)
            if size:
                if unknown:
                    cities.append(" ".join(unknown))
                    unknown = []
                (countries if kind == "country" else cities).append(name)
                i += size
            else:
                unknown.append(words[i])
                i += 1
        if unknown:
            cities.append(" ".join(unknown))
        period = " ".join(words[i:]) or None
        countries = list(dict.fromkeys(countries + self.countries_of(cities)))
        return ListingLine(countries, list(dict.fromkeys(cities)), period)

    def _match_at(self, words: list[str], i: int) -> tuple[int, str, str]:
        for size in range(min(self._longest, len(words) - i), 0, -1):
            key = fold(" ".join(words[i:i + size]))
            if key in self.countries and not (size == 1 and key in self.cities and i > 0):
                return size, "country", self.countries[key]
            if key in self.cities:
                return size, "city", self.cities[key].name
        return 0, "", ""


# Words that open a period and are never a place: 'Since 2016', 'Permanent', '8 December 2020', '2nd half 2021'.
_PERIOD_WORDS = (
    r"since|from|until|ongoing|on-going|permanent|permanently|continuous|spring|summer|autumn|fall|winter|early|late|"
    r"mid|first|second|depuis|des|permanente?|desde|dal|dall|seit|ab|laufend|dauerhaft|vanaf|sinds|doorlopend|od|"
    r"stale|sedan|siden|fra|fran|din|pysyva|jatkuva|vuodesta"
)
_PERIOD_START = re.compile(r"^((19|20)\d{2}|\d{1,2}[/.]|\d(st|nd|rd|th)|" + _PERIOD_WORDS + "|" + MONTHS + r")\b")
_OPEN_ENDED = re.compile(r"^(ongoing|on-going|permanent|permanently|permanente?|continuous|laufend|dauerhaft|"
                         r"doorlopend|stale|pysyva|jatkuva)$")
_DAY = re.compile(r"^\d{1,2}(st|nd|rd|th|\.)?$")
_MONTH = re.compile(r"^(" + MONTHS + r")\b")


def _starts_period(words: list[str]) -> bool:
    """Does the rest of a listing line, from words[0], read as a period rather than a place?

    A day number before a month ('8 December 2020'), a word with a digit, an open-ended word
    ('Permanent', 'ongoing') and the usual openers followed by a year all do: none is a city.
    """
    if not words:
        return False
    first = fold(words[0])
    if _OPEN_ENDED.match(first) or any(c.isdigit() for c in first):
        return True
    if _DAY.match(first) and len(words) > 1 and _MONTH.match(fold(words[1])):
        return True
    if not _PERIOD_START.match(first):
        return False
    rest = fold(" ".join(words[:6]))
    return bool(re.search(r"(19|20)\d{2}|ongoing|on-going|permanent", rest))


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    return fold(word)


def looks_like_listing_line(text: str) -> bool:
    """A short line like 'Spain Barcelona Since 2010' or '2019 - ongoing' under a title."""
    words = text.split()
    if not words or len(words) > 16 or text.endswith("."):
        return False
    g = gazetteer()
    starts_with_place = any(
        g.country(" ".join(words[:n])) or g.city(" ".join(words[:n])) for n in range(1, min(4, len(words)) + 1)
    )
    has_year = bool(re.search(r"\b(19|20)\d{2}\b|ongoing|on-going", text, re.IGNORECASE))
    return starts_with_place or (has_year and len(words) <= 6) or is_period_word(text) or looks_like_period_line(text)


def is_period_word(text: str) -> bool:
    """'Ongoing', 'permanent', 'Permanente': a period line without a year, never a place."""
    return bool(_OPEN_ENDED.match(fold(text.strip(" .:()"))))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(read_json("gazetteer.json"))
