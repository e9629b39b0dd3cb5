"""App factory: one long-lived SearchEngine per process, HTML pages and their machine-readable twins."""

from __future__ import annotations

import hashlib
import logging
import os

from flask import Flask, jsonify, make_response, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from practice_search.index.store import IndexMissing, index_path
from practice_search.search.engine import SearchEngine
from practice_search.search.request import RESULT_CACHE_SIZE, BadRequest
from practice_search.web import display, hosts, http, i18n
from practice_search.web.api import api
from practice_search.web.assets import assets_blueprint
from practice_search.web.maps import maps
from practice_search.web.overview import overview
from practice_search.web.pages import holds_samples, pages

CACHEABLE = {
    "pages.search", "pages.practice", "pages.facet", "pages.about",
    "api.api_search", "api.api_suggest", "api.api_practice", "api.api_stats", "api.export_csv", "api.export_json",
    "api.feed", "maps.api_places", "overview.overview_page", "overview.overview_json",
}
MACHINE_SUFFIXES = (".json", ".csv", ".atom", ".xml")
RETRY_AFTER_SECONDS = 30  # a missing index comes back when an administrator rebuilds it
log = logging.getLogger(__name__)


class SafeJSONProvider(DefaultJSONProvider):
    """JSON with <, > and & escaped, so corpus text stays inert even if someone pastes it into HTML."""

    sort_keys = False
    ensure_ascii = False

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _App(Flask):
    json_provider_class = SafeJSONProvider


def create_app(index_dir: str | os.PathLike | None = None, cache_size: int = RESULT_CACHE_SIZE,
               base_url: str | None = None, trusted_hosts: list[str] | None = None) -> Flask:
    """The app over the index in `index_dir` (default: $PRACTICES_INDEX, else instance/index), keeping
    `cache_size` answers per index generation. Absolute links use `base_url`; a request's Host must be
    one of `trusted_hosts` or one web.hosts trusts by default."""
    app = _App(__name__, static_folder=None)
    hosts.install(app, hosts.HostPolicy.make(base_url, trusted_hosts or []))  # first: before any other hook
    engine = SearchEngine(index_path(index_dir), cache_size=cache_size)
    app.extensions["engine"] = engine

    assets = assets_blueprint()
    app.register_blueprint(assets)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(maps)
    app.register_blueprint(overview)
    asset_version = hashlib.sha256("".join(sorted(assets.manifest.values())).encode()).hexdigest()[:12]
    http.install(app, engine, asset_version, CACHEABLE)
    i18n.install(app)
    app.jinja_env.globals.update(
        facet_value_label=display.facet_value_label, safe_url=display.safe_url, year_span=display.year_span,
        practices_text=display.practices_text, text_blocks=display.text_blocks, also_label=display.also_label,
        version_relation=display.version_relation,
        facet_label=display.facet_label, facet_show_all=display.facet_show_all, facet_count=display.facet_count,
        facet_choose=display.facet_choose, facet_one_page=display.facet_one_page, sort_labels=display.sort_labels,
        number=i18n.number, format_built=display.format_built, js_messages=display.js_messages,
    )
    app.context_processor(lambda: {"sample_index": _sample_index(engine)})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    _register_errors(app)
    return app


def split_hosts(text: str) -> list[str]:
    """A trusted-hosts setting: names separated by commas or spaces."""
    return [name for name in text.replace(",", " ").split() if name]


def _sample_index(engine: SearchEngine) -> bool:
    """For the banner on every page; an error page about a missing index shows none."""
    try:
        return holds_samples(engine.build_info())
    except IndexMissing:
        return False


def _wants_json() -> bool:
    path = request.path
    return path.startswith("/api/") or path == "/healthz" or path.endswith(MACHINE_SUFFIXES)


def _error(status: int, title: str, message: str, english: str, *, show_detail: bool = False):
    """The page is in the interface language; JSON keeps the English message whatever `lang` says.

    `show_detail` adds the English message to the page too, when it names what exactly was wrong."""
    if _wants_json():
        return jsonify(error=english, status=status), status
    return render_template("error.html", status=status, title=title, message=message,
                           detail=english if show_detail else None), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(error: BadRequest):
        message = str(error)[:300]
        ending = "" if message.endswith((".", "?", "!")) else "."
        return _error(400, _("That search could not be read"),
                      _("Part of the address could not be understood; correct it or start a new search."),
                      f"{message[:1].upper()}{message[1:]}{ending}", show_detail=True)

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing | None = None):
        response = make_response(_error(
            503, _("The search index is not ready"),
            _("No index has been built yet, or the index cannot be read (it was removed, or comes from an older "
              "version). An administrator can rebuild it with: %(command)s", command="practices index --full"),
            "No index has been built yet, or the index cannot be read (it was removed, or comes from an older "
            "version). An administrator can rebuild it with: practices index --full"))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(404)
    def not_found(error):
        return _error(404, _("Page not found"),
                      _("There is no page at this address. The practice may have been removed from the index, "
                        "or the link may be mistyped."),
                      "There is no page at this address. "
                      "The practice may have been removed from the index, or the link may be mistyped.")

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        return _error(error.code or 500, _("This request could not be answered"),
                      _("The server could not answer this request (error %(code)s).", code=error.code or 500),
                      error.description or error.name, show_detail=True)

    @app.errorhandler(500)
    def server_error(error):
        if not app.extensions["engine"].store.exists():  # files vanished under an open searcher: say so, not 500
            return no_index()
        log.error("unhandled error on %s", request.path, exc_info=getattr(error, "original_exception", None))
        return _error(500, _("Something went wrong"),
                      _("The server could not show this page. Please try again in a moment; if it keeps "
                        "happening, tell the site's maintainers."),
                      "The server could not show this page. "
                      "Please try again in a moment; if it keeps happening, tell the site's maintainers.")
