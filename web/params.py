"""The search state carried in the URL: parsed strictly, and rebuilt into links for every control.

Every view of the search page is a URL, so the page's links (facet values, chips, pagination,
sort, exports) are all this state with one thing changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from practice_search.index.schema import FACETS
from practice_search.search.request import MATCH_MODES, MAX_PER_PAGE, SORTS, BadRequest, SearchRequest

DEFAULT_SORT = "relevance"
DEFAULT_PER_PAGE = 10
PER_PAGE_CHOICES = (10, 20, 50, 100)
MAX_FILTER_VALUES = 100
MAX_VALUE_LENGTH = 200
_WHOLE_NUMBER = re.compile(r"[0-9]{1,15}")
_SWITCH = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


@dataclass(frozen=True)
class SearchState:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    year_from: int | None = None
    year_to: int | None = None
    collapse: bool = True  # one hit per practice; collapse=0 lists translations and copies separately
    match: str = "most"  # match=all: only practices holding every word
    spell: bool = True  # spell=0: the words exactly as typed, no correction ("search instead for")

    # -- reading ---------------------------------------------------------
    @classmethod
    def from_args(cls, args: MultiDict) -> SearchState:
        """Parse query-string arguments; raises BadRequest with a message a person can act on."""
        filters: dict[str, tuple[str, ...]] = {}
        count = 0
        for name in FACETS:
            values = [v.strip() for v in args.getlist(name) if v.strip()]
            if any(len(v) > MAX_VALUE_LENGTH for v in values):
                raise BadRequest(f"{name} values must be at most {MAX_VALUE_LENGTH} characters")
            values = list(dict.fromkeys(values))
            count += len(values)
            if values:
                filters[name] = tuple(values)
        if count > MAX_FILTER_VALUES:
            raise BadRequest(f"at most {MAX_FILTER_VALUES} filter values can be combined")
        sort = args.get("sort") or DEFAULT_SORT
        if sort not in SORTS:
            raise BadRequest(f"unknown sort {sort[:40]!r}; use one of: {', '.join(SORTS)}")
        page = _number(args, "page", 1)
        per_page = _number(args, "per_page", DEFAULT_PER_PAGE)
        if page is None or page < 1:
            raise BadRequest("page must be 1 or more")
        if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}")
        year_from, year_to = _number(args, "year_from"), _number(args, "year_to")
        for year in (year_from, year_to):
            if year is not None and not 1 <= year <= 9999:
                raise BadRequest("year_from and year_to must be years like 2019")
        if year_from is not None and year_to is not None and year_from > year_to:
            year_from, year_to = year_to, year_from
        match = args.get("match") or "most"
        if match not in MATCH_MODES:
            raise BadRequest(f"unknown match {match[:40]!r}; use one of: {', '.join(MATCH_MODES)}")
        return cls(" ".join(args.get("q", "").split()), filters, sort, page, per_page, year_from, year_to,
                   _switch(args, "collapse", True), match, _switch(args, "spell", True))

    def to_request(self) -> SearchRequest:
        return SearchRequest(query=self.query, filters={k: list(v) for k, v in self.filters.items()},
                             sort=self.sort, page=self.page, per_page=self.per_page,
                             year_from=self.year_from, year_to=self.year_to, collapse=self.collapse,
                             match=self.match, correct=self.spell)

    def is_selected(self, facet: str, value) -> bool:
        return str(value) in self.filters.get(facet, ())

    @property
    def has_filters(self) -> bool:
        return bool(self.filters) or self.year_from is not None or self.year_to is not None

    # -- links -----------------------------------------------------------
    def params(self, *, paging: bool = True) -> list[tuple[str, str]]:
        """Query-string pairs, defaults left out so URLs stay short and canonical."""
        pairs: list[tuple[str, str]] = []
        if self.query:
            pairs.append(("q", self.query))
        for name in FACETS:
            pairs.extend((name, v) for v in self.filters.get(name, ()))
        if self.year_from is not None:
            pairs.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            pairs.append(("year_to", str(self.year_to)))
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        if not self.collapse:
            pairs.append(("collapse", "0"))
        if self.match != "most":
            pairs.append(("match", self.match))
        if not self.spell:
            pairs.append(("spell", "0"))
        if paging and self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if paging and self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def url(self, path: str = "/", *, paging: bool = True) -> str:
        query = urlencode(self.params(paging=paging))
        return f"{path}?{query}" if query else path

    def with_value(self, facet: str, value) -> str:
        values = tuple(dict.fromkeys((*self.filters.get(facet, ()), str(value))))
        return self._changed(filters={**self.filters, facet: values}).url()

    def without_value(self, facet: str, value) -> str:
        values = tuple(v for v in self.filters.get(facet, ()) if v != str(value))
        filters = {k: v for k, v in {**self.filters, facet: values}.items() if v}
        return self._changed(filters=filters).url()

    def toggle(self, facet: str, value) -> str:
        return self.without_value(facet, value) if self.is_selected(facet, value) else self.with_value(facet, value)

    def only_year(self, year) -> str:
        """The year chart's bars: show that one year (or, for the selected bar, all years again)."""
        if self.filters.get("year") == (str(year),):
            filters = {k: v for k, v in self.filters.items() if k != "year"}
        else:
            filters = {**self.filters, "year": (str(year),)}
        return self._changed(filters=filters, year_from=None, year_to=None).url()

    def with_range(self, year_from: int, year_to: int) -> str:
        return self._changed(year_from=year_from, year_to=year_to).url()

    def without_range(self) -> str:
        return self._changed(year_from=None, year_to=None).url()

    def without_filters(self) -> str:
        return self._changed(filters={}, year_from=None, year_to=None).url()

    def with_query(self, query: str) -> str:
        return self._changed(query=query, spell=True).url()

    def as_typed(self) -> str:
        """The same search with the words exactly as typed ("search instead for ...")."""
        return self._changed(spell=False).url()

    def with_match(self, match: str) -> str:
        return self._changed(match=match).url()

    def at_page(self, page: int) -> str:
        return replace(self, page=page).url()

    def _changed(self, **changes) -> SearchState:
        """Any change of what is shown starts again at page 1."""
        return replace(self, page=1, **changes)


def _number(args: MultiDict, name: str, default: int | None = None) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise BadRequest(f"{name} must be a whole number, not {raw[:20]!r}")
    return int(raw)


def _switch(args: MultiDict, name: str, default: bool) -> bool:
    raw = args.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _SWITCH:
        raise BadRequest(f"{name} must be 1 or 0, not {raw[:20]!r}")
    return _SWITCH[raw]
