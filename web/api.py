"""Machine-readable twins of the pages: JSON API, CSV/JSON export, Atom feed, OpenSearch, health."""

from __future__ import annotations

import time
from dataclasses import replace

from flask import Blueprint, Response, g, jsonify, render_template, request, url_for

from practice_search.index.facets import FACET
from practice_search.search.complete import MAX_SUGGESTIONS
from practice_search.search.request import DEFAULT_VERSIONS, BadRequest
from practice_search.web.export import EXPORT_LIMIT, csv_lines, csv_row
from practice_search.web.hosts import absolute_url
from practice_search.web.pages import MAX_ID_LENGTH, engine, holds_samples, run_search
from practice_search.web.params import SearchState

FEED_SIZE = 50

api = Blueprint("api", __name__)


@api.get("/api/search")
def api_search():
    return jsonify(run_search(SearchState.from_args(request.args)))


@api.get("/api/practice/<practice_id>")
def api_practice(practice_id: str):
    found = engine().get(practice_id) if len(practice_id) <= MAX_ID_LENGTH else None
    if found is None:
        return jsonify(error=f"no practice with id {practice_id[:80]!r}", status=404), 404
    return jsonify({**found.to_dict(), "also": engine().also(practice_id),
                    "similar": engine().similar(practice_id, limit=5)})


@api.get("/api/suggest")
def api_suggest():
    """Search-as-you-type: up to 8 completions of `q`, each with the page it leads to.

    `partial` is true for the few seconds after a new index generation opens, while only topics and
    places can answer (see SearchEngine.complete)."""
    prefix = request.args.get("q", "")
    limit = request.args.get("limit", str(MAX_SUGGESTIONS))
    if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= MAX_SUGGESTIONS:
        raise BadRequest(f"limit must be a number from 1 to {MAX_SUGGESTIONS}")
    started = time.perf_counter()
    found = engine().complete(prefix, int(limit))
    g.search_ms = (time.perf_counter() - started) * 1000
    response = jsonify(query=prefix, suggestions=[{**s, "url": _suggestion_url(s)} for s in found["suggestions"]],
                       partial=found["partial"])
    if found["partial"]:  # the full answer is moments away: give this one no validator that would keep it
        g.pop("etag", None)
        response.cache_control.no_store = True
    return response


def _suggestion_url(suggestion: dict) -> str:
    """A facet value filters; a practice's own title opens it; a phrase, or a title several share, is searched."""
    kind, text = suggestion["kind"], suggestion["text"]
    if kind in FACET:
        return url_for("pages.search", **{kind: text})
    if suggestion.get("id"):
        return url_for("pages.practice", practice_id=suggestion["id"])
    return url_for("pages.search", q=f'"{text}"' if kind == "practice" else text)


@api.get("/api/stats")
def api_stats():
    stats = engine().stats()
    return jsonify({**stats, "sample": holds_samples(stats["build"])})


@api.get("/healthz")
def healthz():
    info = engine().stats()
    return jsonify(status="ok", generation=info["generation"], documents=info["documents"],
                   built_at=info["build"].get("built_at"), sample=holds_samples(info["build"]))


@api.get("/search.csv")
def export_csv():
    state = SearchState.from_args(request.args)
    rows = (csv_row(hit, absolute_url("pages.practice", practice_id=hit["id"]))
            for hit in engine().export(state.to_request(), limit=EXPORT_LIMIT))
    response = Response("".join(csv_lines(rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="practices.csv"'
    return _shared(response)


@api.get("/search.json")
def export_json():
    state = SearchState.from_args(request.args)
    summary = run_search(replace(state, page=1, per_page=1))
    rows = list(engine().export(state.to_request(), limit=EXPORT_LIMIT))
    return _shared(jsonify({
        "query": summary["query"], "filters": summary["filters"], "sort": summary["sort"],
        "total": summary["total"], "exported": len(rows), "truncated": summary["total"] > len(rows),
        "results": rows,
    }))


@api.get("/feed.atom")
def feed():
    """The current search, newest first, for feed readers ("new Roma practices in Spain")."""
    state = replace(SearchState.from_args(request.args), sort="newest", page=1, per_page=FEED_SIZE)
    if state.versions == DEFAULT_VERSIONS:
        state = replace(state, versions="fold")  # an entry per practice: a reader is told of it once
    result = run_search(state)
    info = engine().build_info()  # the feed changed when the index last did: a rollback or an update too
    body = render_template("feed.xml", state=state, result=result,
                           built_at=info.get("committed_at") or info.get("built_at"))
    return _shared(Response(body, mimetype="application/atom+xml"))


@api.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")


@api.after_request
def allow_cross_origin(response: Response) -> Response:
    """Read-only public data: other sites and notebooks may fetch it."""
    if request.path.startswith("/api/"):
        return _shared(response)
    return response


def _shared(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
