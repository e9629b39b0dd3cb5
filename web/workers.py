"""Gunicorn worker classes whose own error answers carry the app's security headers.

Gunicorn answers some requests itself, before Flask sees them: a request line over 4094 bytes (414),
a header over 8190 bytes or more than 100 headers (431), a malformed request (400). It writes those
answers with a bare header block. Each class here hands gunicorn's error path a socket that swaps
that block for one with the security headers of web/http.py and a short page that names the status
and never echoes the request.
"""

from __future__ import annotations

import html

from gunicorn.workers import gthread, sync

from practice_search.web.http import SECURITY_HEADERS

_EXPLANATIONS = {
    400: "The server could not read this request.",
    403: "This request is not allowed.",
    414: "The address is too long.",
    417: "The server cannot meet the request's Expect header.",
    431: "The request's headers are too large.",
    500: "The server could not answer this request.",
    501: "The server does not support this request's transfer coding.",
}


def error_response(raw: bytes) -> bytes:
    """The answer to send in place of gunicorn's `raw` one: same status, our headers and page."""
    status_line = raw.split(b"\r\n", 1)[0].decode("latin-1")
    _, _, status = status_line.partition(" ")
    code_text, _, reason = status.partition(" ")
    code = int(code_text) if code_text.isdecimal() else 400
    reason = reason or "Bad Request"
    title = html.escape(f"{code} {reason}")
    body = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body><h1>{title}</h1><p>{html.escape(_EXPLANATIONS.get(code, reason))}</p></body></html>\n"
            ).encode()
    headers = [f"HTTP/1.1 {code} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
               f"Content-Length: {len(body)}", "Cache-Control: no-store",
               *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    return ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body


class _ErrorSocket:
    """The client socket, as gunicorn's error writer sees it: its one write is rewritten."""

    def __init__(self, sock) -> None:
        self._sock = sock

    def sendall(self, data: bytes) -> None:
        self._sock.sendall(error_response(data) if data.startswith(b"HTTP/") else data)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _HeaderedErrors:
    def handle_error(self, req, client, addr, exc) -> None:
        super().handle_error(req, _ErrorSocket(client), addr, exc)


class SyncWorker(_HeaderedErrors, sync.SyncWorker):
    """Gunicorn's sync worker (one request at a time: any slow client holds it)."""


class ThreadWorker(_HeaderedErrors, gthread.ThreadWorker):
    """Gunicorn's threaded worker."""


def gevent_worker():
    """The gevent worker class; imported on demand, since importing gevent is not free."""
    from gunicorn.workers import ggevent

    class GeventWorker(_HeaderedErrors, ggevent.GeventWorker):
        """One greenlet per connection: a connection waiting for a slow client costs memory, not a worker."""

    return GeventWorker
