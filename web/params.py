"""The search state carried in the URL: parsed strictly, and rebuilt into links for every control.

Every view of the search page is a URL, so the page's links (facet values, chips, pagination,
sort, exports) are all this state with one thing changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from practice_search.index.facets import FACETS
from practice_search.search.request import (
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    DEFAULT_VERSIONS,
    BadRequest,
    SearchRequest,
    versions_of_collapse,
)
from practice_search.web.i18n import parse_lang

PER_PAGE_CHOICES = (10, 20, 50, 100)
VIEWS = ("list", "map")  # the search shown as a result list or as a map (web/maps.py)
# lang: the interface language (web/i18n.py), not part of the search
KNOWN_PARAMETERS = ("q", *FACETS, "year_from", "year_to", "sort", "page", "per_page", "versions", "collapse",
                    "view", "match", "spell", "lang")
# Added to links by mail and social sites; they say nothing about the search, so they are let through.
TRACKING_PARAMETER = re.compile(r"utm_\w+|fbclid|gclid|mc_cid|mc_eid")
ALIASES = {"query": "q", "search": "q", "text": "q", "keywords": "q", "words": "q"}  # what people try first
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
    versions: str = DEFAULT_VERSIONS  # group | fold | all (collapse=1 / collapse=0 name the last two)
    view: str = "list"
    match: str = "most"  # match=all: only practices holding every word
    spell: bool = True  # spell=0: the words exactly as typed, no correction ("search instead for")
    lang: str | None = None  # the interface language when the URL names one (web/i18n.py); else negotiated

    # -- reading ---------------------------------------------------------
    @classmethod
    def from_args(cls, args: MultiDict) -> SearchState:
        """Convert query-string arguments; SearchRequest checks them. Raises BadRequest with a message a
        person can act on, an unknown parameter's name included ("did you mean 'topic'?")."""
        _refuse_unknown(args)
        request = SearchRequest(
            query=" ".join(args.get("q", "").split()), filters={name: args.getlist(name) for name in FACETS},
            sort=args.get("sort") or DEFAULT_SORT, page=_number(args, "page", 1),
            per_page=_number(args, "per_page", DEFAULT_PER_PAGE), year_from=_number(args, "year_from"),
            year_to=_number(args, "year_to"), versions=_versions(args),
            match=args.get("match") or "most", correct=_switch(args, "spell", True),
        ).validate()
        view = args.get("view", "").strip() or "list"
        if view not in VIEWS:
            raise BadRequest(f"unknown view {view[:40]!r}; use one of: {', '.join(VIEWS)}", "view")
        lang = parse_lang(args["lang"]) if args.get("lang", "").strip() else None
        return cls(request.query, {k: tuple(v) for k, v in request.filters.items()}, request.sort, request.page,
                   request.per_page, request.year_from, request.year_to, request.versions, view, request.match,
                   request.correct, lang)

    def to_request(self) -> SearchRequest:
        return SearchRequest(query=self.query, filters={k: list(v) for k, v in self.filters.items()},
                             sort=self.sort, page=self.page, per_page=self.per_page,
                             year_from=self.year_from, year_to=self.year_to, versions=self.versions,
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
        if self.versions != DEFAULT_VERSIONS:
            pairs.append(("versions", self.versions))
        if self.view != "list":
            pairs.append(("view", self.view))
        if self.match != "most":
            pairs.append(("match", self.match))
        if not self.spell:
            pairs.append(("spell", "0"))
        if paging and self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if paging and self.page != 1:
            pairs.append(("page", str(self.page)))
        if self.lang:
            pairs.append(("lang", self.lang))
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

    def with_view(self, view: str) -> str:
        return self._changed(view=view).url()

    def at_page(self, page: int) -> str:
        return replace(self, page=page).url()

    def _changed(self, **changes) -> SearchState:
        """Any change of what is shown starts again at page 1."""
        return replace(self, page=1, **changes)


def _refuse_unknown(args: MultiDict) -> None:
    for name in args:
        if name in KNOWN_PARAMETERS or TRACKING_PARAMETER.fullmatch(name):
            continue
        shown = name[:40]
        close = [ALIASES[name.lower()]] if name.lower() in ALIASES else \
            difflib.get_close_matches(name.lower(), KNOWN_PARAMETERS, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"the parameters are: {', '.join(KNOWN_PARAMETERS)}"
        raise BadRequest(f"unknown parameter {shown!r}; {hint}", name)


def _number(args: MultiDict, name: str, default: int | None = None) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise BadRequest(f"{name} must be a whole number, not {raw[:20]!r}")
    return int(raw)


def _versions(args: MultiDict) -> str:
    """`versions`, or the older switch `collapse` (1: fold the versions into `also`, 0: list every page)."""
    if args.get("versions", "").strip():
        return args["versions"].strip().lower()
    if args.get("collapse", "").strip():
        return versions_of_collapse(_switch(args, "collapse", True))
    return DEFAULT_VERSIONS


def _switch(args: MultiDict, name: str, default: bool) -> bool:
    raw = args.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _SWITCH:
        raise BadRequest(f"{name} must be 1 or 0, not {raw[:20]!r}")
    return _SWITCH[raw]
