"""Response headers every page gets: security policy, timing, and validators tied to the index.

Pages change only when the index changes (a full rebuild, an incremental commit or a rollback) or the
app's assets do, so the ETag is a hash of the live commit, the asset fingerprints and the URL, and
Last-Modified is when that commit went live (strictly later for each commit: index/store.py). A client
that already has that version gets a 304, but only once the route has answered 200: a 304 must never
stand in for a 400 or a 404, whatever `If-None-Match: *` says.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime

from flask import Flask, Response, g, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def install(app: Flask, engine, asset_version: str, cacheable: set[str]) -> None:
    """Hook the header logic into `app`; `cacheable` names the endpoints that get validators."""

    @app.before_request
    def start_and_version():
        g.started = time.perf_counter()
        if request.endpoint not in cacheable or request.method not in ("GET", "HEAD"):
            return
        info = engine.build_info()
        key = "\n".join([info.get("commit") or info["generation"], asset_version, request.full_path])
        g.etag = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
        g.last_modified = _parse_time(info.get("committed_at") or info.get("built_at"))

    @app.after_request
    def finish(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.status_code == 200 and "etag" in g:
            _add_validators(response)
            if _client_is_current(g.etag, g.last_modified):
                _not_modified(response)
        timings = []
        if "search_ms" in g:
            timings.append(f'search;dur={g.search_ms:.1f};desc="Search"')
        if "started" in g:
            timings.append(f'app;dur={(time.perf_counter() - g.started) * 1000:.1f};desc="Total"')
        if timings:
            response.headers["Server-Timing"] = ", ".join(timings)
        return response


def _client_is_current(etag: str, last_modified: datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified <= since)


def _not_modified(response: Response) -> None:
    """The 200 about to be sent becomes a 304: same validators and headers, no body."""
    response.status_code = 304
    response.set_data(b"")
    for name in ("Content-Length", "Content-Type", "Content-Disposition"):
        response.headers.pop(name, None)


def _add_validators(response: Response) -> None:
    response.set_etag(g.etag)
    if g.last_modified:
        response.last_modified = g.last_modified
    response.cache_control.no_cache = True


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(microsecond=0)
    except ValueError:
        return None
