"""The facets a user drills down by: one small class per kind, one registry.

Each facet says, in one place, how its values are read from a practice (what the index stores),
how they appear in JSON, in which order the engine lists them and the sidebar shows them, what a
filter value may be, and what a person calls the facet. The index schema, the search engine, the
request checks and the web pages all read this registry, so adding a facet touches `FACETS` alone
(plus, for a new kind, a class here).
"""

from __future__ import annotations

from dataclasses import dataclass

from practice_search.ingest.model import Practice

YEAR_MIN, YEAR_MAX = 1, 9999


@dataclass(frozen=True)
class Facet:
    """A facet of plain text values (a topic, a country, a city): listed by count, then by name."""

    name: str
    label: str                   # "Country"
    plural: str                  # "countries"
    field: str                   # the Practice attribute holding the values
    contract: bool = True        # part of the JSON contract's `filters` and `facets` (DESIGN.md)
    needs_choice: bool = False   # the sidebar hides it while the collection offers one value only

    def values(self, practice: Practice) -> list[str]:
        """The values the index stores for a practice, as text."""
        found = getattr(practice, self.field)
        return [str(v) for v in (found if isinstance(found, list) else [found]) if v]

    def typed(self, value: str):
        """A stored value as the JSON contract gives it."""
        return value

    def ordered(self, entries: list[dict]) -> list[dict]:
        """The engine's order of `{"value", "count", "selected"}` entries: most practices first."""
        return sorted(entries, key=lambda e: (-e["count"], str(e["value"]).casefold()))

    def shown_order(self, entries: list[dict]) -> list[dict]:
        """The order a page lists them in: the engine's, unless the kind knows better."""
        return entries

    def invalid(self, values: list[str]) -> str | None:
        """Why these filter values cannot be asked for, or None."""
        return None


@dataclass(frozen=True)
class TopicFacet(Facet):
    """Topics a page names, and the ones assigned from its text: a filter reaches both."""

    def values(self, practice: Practice) -> list[str]:
        return [v for v in (*practice.topics, *practice.topics_inferred) if v]


@dataclass(frozen=True)
class YearFacet(Facet):
    """Every year a practice was active: numbers in JSON, listed in time order, newest first on a page."""

    def typed(self, value: str):
        return int(value) if value.isdecimal() else value

    def ordered(self, entries: list[dict]) -> list[dict]:
        """Years in order; a selected value that is not a year goes last."""
        return sorted(entries, key=lambda e: (not isinstance(e["value"], int),
                                              e["value"] if isinstance(e["value"], int) else 0))

    def shown_order(self, entries: list[dict]) -> list[dict]:
        return sorted(entries, key=lambda e: (isinstance(e["value"], int),
                                              e["value"] if isinstance(e["value"], int) else 0), reverse=True)

    def invalid(self, values: list[str]) -> str | None:
        if any(v.isdecimal() and not YEAR_MIN <= int(v) <= YEAR_MAX for v in values):
            return f"{self.name} values must be years like 2019 (from {YEAR_MIN} to {YEAR_MAX})"
        return None

    def within(self, values: list[str], low: int, high: int) -> list[str]:
        """The stored values that are years from `low` to `high`."""
        return [v for v in values if v.isdecimal() and low <= int(v) <= high]


TOPIC = TopicFacet("topic", "Topic", "topics", "topics")
COUNTRY = Facet("country", "Country", "countries", "countries")
YEAR = YearFacet("year", "Year", "years", "years")
CITY = Facet("city", "City", "cities", "cities")
LANGUAGE = Facet("language", "Language", "languages", "language", contract=False, needs_choice=True)

FACET: dict[str, Facet] = {f.name: f for f in (TOPIC, COUNTRY, YEAR, CITY, LANGUAGE)}  # in the sidebar's order
FACETS = tuple(FACET)
CONTRACT_FACETS = tuple(name for name, f in FACET.items() if f.contract)
