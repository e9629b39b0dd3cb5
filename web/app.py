"""App factory: the search page, practice pages and the JSON API over one SearchEngine."""

from __future__ import annotations

import os

from flask import Flask, abort, jsonify, render_template, request

from index.store import IndexMissing, index_path
from index.schema import FACETS
from search.engine import BadRequest, SearchEngine, SearchRequest


def create_app(index_dir: str | os.PathLike | None = None) -> Flask:
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    engine = SearchEngine(index_path(index_dir))
    app.extensions["engine"] = engine

    def search_request() -> SearchRequest:
        args = request.args
        try:
            page = int(args.get("page", 1))
            per_page = int(args.get("per_page", 10))
            year_from = int(args["year_from"]) if args.get("year_from") else None
            year_to = int(args["year_to"]) if args.get("year_to") else None
        except ValueError:
            raise BadRequest("page, per_page, year_from and year_to must be whole numbers") from None
        filters = {name: args.getlist(name) for name in FACETS if args.getlist(name)}
        return SearchRequest(query=args.get("q", ""), filters=filters, sort=args.get("sort", "relevance"),
                             page=page, per_page=per_page, year_from=year_from, year_to=year_to)

    @app.get("/")
    def home():
        result = engine.search(search_request())
        return render_template("search.html", result=result)

    @app.get("/practice/<practice_id>")
    def practice(practice_id: str):
        found = engine.get(practice_id)
        if found is None:
            abort(404)
        return render_template("practice.html", practice=found, similar=engine.similar(practice_id))

    @app.get("/api/search")
    def api_search():
        return jsonify(engine.search(search_request()))

    @app.get("/api/practice/<practice_id>")
    def api_practice(practice_id: str):
        found = engine.get(practice_id)
        if found is None:
            return jsonify(error=f"no practice with id {practice_id!r}"), 404
        return jsonify({**found.to_dict(), "similar": engine.similar(practice_id)})

    @app.get("/api/stats")
    def api_stats():
        return jsonify(engine.stats())

    @app.get("/healthz")
    def healthz():
        data = engine.stats()
        return jsonify(status="ok", generation=data["generation"], documents=data["documents"])

    @app.errorhandler(BadRequest)
    def bad_request(error: BadRequest):
        if request.path.startswith("/api/"):
            return jsonify(error=str(error)), 400
        return render_template("error.html", status=400, message=str(error)), 400

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        if request.path.startswith("/api/") or request.path == "/healthz":
            return jsonify(error=str(error)), 503
        return render_template("error.html", status=503, message=str(error)), 503

    @app.errorhandler(404)
    def not_found(error):
        if request.path.startswith("/api/"):
            return jsonify(error="not found"), 404
        return render_template("error.html", status=404, message="This page does not exist."), 404

    return app
