"""Machine-readable twins of the pages: JSON API, CSV/JSON export, Atom feed, OpenSearch, health."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from practice_search.web.export import EXPORT_LIMIT, csv_lines, csv_row
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
    rows = (csv_row(hit, url_for("pages.practice", practice_id=hit["id"], _external=True))
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
    result = run_search(state)
    body = render_template("feed.xml", state=state, result=result, built_at=engine().build_info().get("built_at"))
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
