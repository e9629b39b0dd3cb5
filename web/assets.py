"""Static files under content-hashed names, so browsers may cache them for a year.

`asset_url("app.css")` gives `/static/app.3f2a9c1b.css`; when the file changes, so does its
name, and no browser keeps a stale copy. The plain name is still served, with a short lifetime.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory, url_for

STATIC = Path(__file__).parent / "static"
YEAR = 365 * 24 * 3600
SHORT = 300


def _fingerprinted(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def build_manifest(folder: Path = STATIC) -> dict[str, str]:
    """Logical name -> fingerprinted name, for every file in the static folder."""
    manifest = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            manifest[path.name] = _fingerprinted(path.name, digest)
    return manifest


def assets_blueprint() -> Blueprint:
    manifest = build_manifest()
    reverse = {hashed: name for name, hashed in manifest.items()}
    blueprint = Blueprint("assets", __name__)

    @blueprint.app_template_global()
    def asset_url(name: str) -> str:
        return url_for("assets.static_file", filename=manifest.get(name, name))

    @blueprint.get("/static/<filename>")
    def static_file(filename: str):
        if filename in reverse:
            response = send_from_directory(STATIC, reverse[filename], max_age=YEAR)
            response.cache_control.immutable = True
        elif filename in manifest:
            response = send_from_directory(STATIC, filename, max_age=SHORT)
        else:
            abort(404)
        response.cache_control.public = True
        return response

    @blueprint.get("/favicon.ico")
    def favicon():
        return current_app.redirect(asset_url("favicon.svg"), 301)

    blueprint.manifest = manifest
    return blueprint
