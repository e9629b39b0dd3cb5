"""A search request: the one place that holds its defaults and checks its limits.

The CLI and the web app only convert their input's types (strings to numbers) and hand the
values over; whatever they pass is checked here, so both accept and refuse exactly the same
requests with the same messages. Kept apart from the engine so that commands which never search
(indexing) do not import numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from practice_search.index.facets import FACET, FACETS, YEAR_MAX, YEAR_MIN

SORTS = ("relevance", "newest", "oldest", "title")
MATCH_MODES = ("most", "all")  # most of the meaningful words (ranked by coverage), or every word
DEFAULT_SORT = "relevance"
DEFAULT_PER_PAGE = 10
# How the versions of one practice (translations, republished copies) are listed: "group" lists the
# best-matching one and its other matching versions right after it (every page listed counts in
# `total` and `per_page`), "fold" lists only the best one and names the others in its `also`, "all"
# ranks every page on its own.
VERSIONS = ("group", "fold", "all")
DEFAULT_VERSIONS = "group"


def versions_of_collapse(collapse: bool) -> str:
    """The older switch `collapse`: on folds the versions into `also`, off lists every page."""
    return "fold" if collapse else "all"
MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 100  # filter values combined in one request
MAX_VALUE_LENGTH = 200  # characters of one filter value
RESULT_CACHE_SIZE = 256  # answers kept per index generation (the front page, popular searches, paging back)


class BadRequest(ValueError):
    """A request the user can fix (bad sort, page, per_page, too long a query); `parameter` names the field."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    year_from: int | None = None
    year_to: int | None = None
    versions: str = DEFAULT_VERSIONS
    match: str = "most"
    correct: bool = True  # run misspelled words as corrected; False: the words exactly as typed

    def validate(self) -> SearchRequest:
        """Check every limit (BadRequest says what to change) and normalise in place: filter values
        trimmed and deduplicated, empty ones dropped, a reversed year range put in order."""
        if self.sort not in SORTS:
            raise BadRequest(f"unknown sort {str(self.sort)[:40]!r}; use one of: {', '.join(SORTS)}", "sort")
        if self.match not in MATCH_MODES:
            raise BadRequest(f"unknown match {str(self.match)[:40]!r}; use one of: {', '.join(MATCH_MODES)}", "match")
        if self.versions not in VERSIONS:
            raise BadRequest(f"unknown versions {str(self.versions)[:40]!r}; use one of: {', '.join(VERSIONS)}",
                             "versions")
        if self.page < 1:
            raise BadRequest("page must be 1 or more", "page")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}", "per_page")
        unknown = sorted(set(self.filters) - set(FACETS))
        if unknown:
            raise BadRequest(f"unknown filter {unknown[0]!r}; use one of: {', '.join(FACETS)}", unknown[0])
        self.filters = {name: values for name in FACETS if (values := _cleaned(name, self.filters.get(name, ())))}
        if sum(map(len, self.filters.values())) > MAX_FILTER_VALUES:
            raise BadRequest(f"at most {MAX_FILTER_VALUES} filter values can be combined")
        for name, year in (("year_from", self.year_from), ("year_to", self.year_to)):
            if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
                raise BadRequest(f"year_from and year_to must be years like 2019 (from {YEAR_MIN} to {YEAR_MAX})", name)
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            self.year_from, self.year_to = self.year_to, self.year_from
        return self

    def key(self) -> tuple:
        """What makes two requests the same search (filter order does not)."""
        filters = tuple(sorted((name, tuple(values)) for name, values in self.filters.items() if values))
        return (self.query, filters, self.sort, self.page, self.per_page, self.year_from, self.year_to,
                self.versions, self.match, self.correct)


def _cleaned(name: str, values) -> list[str]:
    cleaned = list(dict.fromkeys(v for v in (str(v).strip() for v in values) if v))
    if any(len(v) > MAX_VALUE_LENGTH for v in cleaned):
        raise BadRequest(f"{name} values must be at most {MAX_VALUE_LENGTH} characters", name)
    problem = FACET[name].invalid(cleaned)
    if problem:
        raise BadRequest(problem, name)
    return cleaned
