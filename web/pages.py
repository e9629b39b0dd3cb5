"""The HTML pages: search, practice, one facet's full list, about."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from flask import Blueprint, abort, current_app, g, render_template, request
from flask_babel import gettext as _

from practice_search.index.facets import FACET, FACETS
from practice_search.search.engine import SearchEngine
from practice_search.web.display import bar_level, facet_label, facet_value_label
from practice_search.web.i18n import url_lang
from practice_search.web.maps import map_context
from practice_search.web.params import SearchState

TOP_VALUES = 8
PAGE_WINDOW = 2
MAX_ID_LENGTH = 300

pages = Blueprint("pages", __name__)


def engine() -> SearchEngine:
    return current_app.extensions["engine"]


def holds_samples(build_info: dict) -> bool:
    """Whether the live index was built from a folder marked illustrative (recorded in build.json at index time)."""
    return build_info.get("sample") is True


def run_search(state: SearchState) -> dict:
    result = engine().search(state.to_request())
    g.search_ms = result["took_ms"]
    return result


@dataclass
class FacetView:
    name: str
    label: str
    top: list[dict]
    more: list[dict]

    @property
    def size(self) -> int:
        return len(self.top) + len(self.more)


@pages.get("/")
def search():
    state = SearchState.from_args(request.args)
    result = run_search(state)
    past_end = state.page > result["pages"] and state.view == "list"
    shown = map_context(state, result) if state.view == "map" else {}
    html = render_template(
        "map.html" if shown else "search.html", **shown, state=state, result=result, past_end=past_end,
        facets=facet_views(result, state), years=year_bars(result, state), chips=chips(state),
        recovery=recovery_links(result, state), pagination=pagination(state, result["pages"]),
    )
    return html, 404 if past_end else 200


@pages.get("/facet/<name>")
def facet(name: str):
    """Every value of one facet on its own page: the no-JavaScript "show all"."""
    if name not in FACETS:
        abort(404)
    state = SearchState.from_args(request.args)
    result = run_search(replace(state, page=1, per_page=1))
    entries = FACET[name].shown_order(result["facets"].get(name, []))
    return render_template("facet.html", state=state, result=result, name=name, label=facet_label(name),
                           entries=entries)


@pages.get("/practice/<practice_id>")
def practice(practice_id: str):
    started = time.perf_counter()
    found = engine().get(practice_id) if len(practice_id) <= MAX_ID_LENGTH else None
    if found is None:
        abort(404)
    similar = engine().similar(practice_id, limit=5)
    also = engine().also(practice_id)
    g.search_ms = (time.perf_counter() - started) * 1000
    return render_template("practice.html", practice=found, similar=similar, also=also,
                           state=SearchState(lang=url_lang()))


@pages.get("/about")
def about():
    return render_template("about.html", stats=engine().stats())


# -- view models --------------------------------------------------------------
def facet_views(result: dict, state: SearchState) -> list[FacetView]:
    """Sidebar facets: top values by count, selected ones always visible, the rest behind "show all"."""
    views = []
    for name, facet in FACET.items():
        entries = facet.shown_order(result["facets"].get(name, []))
        if facet.needs_choice and len(entries) < 2 and not state.filters.get(name):
            continue
        top = [e for i, e in enumerate(entries) if i < TOP_VALUES or e["selected"]]
        more = [e for i, e in enumerate(entries) if i >= TOP_VALUES and not e["selected"]]
        views.append(FacetView(name, facet_label(name), top, more))
    return views


def year_bars(result: dict, state: SearchState) -> list[dict]:
    """One bar per year from the first to the last active year, gaps drawn as empty bars."""
    counts = {e["value"]: e["count"] for e in result["facets"].get("year", []) if isinstance(e["value"], int)}
    active = [y for y, c in counts.items() if c]
    if not active:
        return []
    biggest = max(counts.values())
    return [{"year": y, "count": counts.get(y, 0), "level": bar_level(counts.get(y, 0), biggest),
             "url": state.only_year(y), "selected": state.is_selected("year", y)}
            for y in range(min(active), max(active) + 1)]


def chips(state: SearchState) -> list[dict]:
    out = [{"label": _("%(facet)s: %(value)s", facet=facet_label(name), value=facet_value_label(name, value)),
            "url": state.without_value(name, value)}
           for name in FACETS for value in state.filters.get(name, ())]
    if state.year_from is not None or state.year_to is not None:
        out.append({"label": _("Active: %(period)s", period=_range_text(state.year_from, state.year_to)),
                    "url": state.without_range()})
    return out


def recovery_links(result: dict, state: SearchState) -> list[dict]:
    """For an empty result: "removing Year 2012 gives 14 practices"."""
    links = []
    for option in result.get("recovery", []):
        (name, value), = option["drop"].items()
        if name == "year_range":
            links.append({"what": _("the period %(period)s", period=_range_text(*value)), "url": state.without_range(),
                          "total": option["total"]})
        elif name in FACETS:
            # TRANSLATORS: what removing one filter means, as in "Removing Country Iceland gives 5 practices".
            what = _("%(facet)s %(value)s", facet=facet_label(name), value=facet_value_label(name, value))
            links.append({"what": what,
                          "url": state.without_value(name, value), "total": option["total"]})
    return links


def pagination(state: SearchState, pages: int) -> dict | None:
    if pages <= 1:
        return None
    current = min(state.page, pages)
    window = range(max(1, current - PAGE_WINDOW), min(pages, current + PAGE_WINDOW) + 1)
    return {
        "current": current, "pages": pages,
        "first": state.at_page(1) if current > 1 else None,
        "prev": state.at_page(current - 1) if current > 1 else None,
        "next": state.at_page(current + 1) if current < pages else None,
        "last": state.at_page(pages) if current < pages else None,
        "window": [{"number": n, "url": state.at_page(n)} for n in window],
    }


def _range_text(year_from: int | None, year_to: int | None) -> str:
    if year_from is not None and year_to is not None:
        return f"{year_from}–{year_to}" if year_from != year_to else str(year_from)
    return _("from %(year)s", year=year_from) if year_from is not None else _("until %(year)s", year=year_to)
