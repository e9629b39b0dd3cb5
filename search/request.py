"""A search request and its limits: what the CLI and the web app check before any index is opened.

Kept apart from the engine so that commands which never search (indexing) do not import numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from practice_search.index.schema import FACETS

SORTS = ("relevance", "newest", "oldest", "title")
MATCH_MODES = ("most", "all")  # most of the meaningful words (ranked by coverage), or every word
CONTRACT_FACETS = ("topic", "country", "year", "city")
MAX_PER_PAGE = 100
RESULT_CACHE_SIZE = 256  # answers kept per index generation (the front page, popular searches, paging back)


class BadRequest(ValueError):
    """A request the user can fix (bad sort, page, per_page, too long a query)."""


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    year_from: int | None = None
    year_to: int | None = None
    collapse: bool = False  # one hit per practice: translations/republished copies fold into `also`
    match: str = "most"
    correct: bool = True  # run misspelled words as corrected; False: the words exactly as typed

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise BadRequest(f"unknown sort {self.sort!r}; use one of: {', '.join(SORTS)}")
        if self.match not in MATCH_MODES:
            raise BadRequest(f"unknown match {self.match!r}; use one of: {', '.join(MATCH_MODES)}")
        if self.page < 1:
            raise BadRequest("page must be 1 or more")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}")
        unknown = set(self.filters) - set(FACETS)
        if unknown:
            raise BadRequest(f"unknown filter {sorted(unknown)[0]!r}; use one of: {', '.join(FACETS)}")
        for year in (self.year_from, self.year_to):
            if year is not None and not 0 < year < 10_000:
                raise BadRequest("year_from and year_to must be years like 2019")

    def key(self) -> tuple:
        """What makes two requests the same search (filter order does not)."""
        filters = tuple(sorted((name, tuple(values)) for name, values in self.filters.items() if values))
        return (self.query, filters, self.sort, self.page, self.per_page, self.year_from, self.year_to,
                self.collapse, self.match, self.correct)
