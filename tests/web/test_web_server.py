"""The real server on loopback: its own error answers carry the security headers, slow clients are dropped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from practice_search.web.http import SECURITY_HEADERS
from practice_search.web.server import READ_TIMEOUT
from tests.paths import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_index, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "practice_search", "serve", "--index", str(sample_index),
                                    "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                                   cwd=ROOT, stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start: {log.read_text()[-2000:]}")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def exchange(port: int, raw: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes, read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def parse(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


SERVER_ERRORS = [
    (b"GET /?q=" + b"a" * 6000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\n" + b"".join(b"X-%d: a\r\n" % n for n in range(150)) + b"\r\n", 431),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n", 400),
    (b"GET /<script>aaaa HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n", 400),
]


@pytest.mark.parametrize(("raw", "status"), SERVER_ERRORS)
def test_errors_from_the_http_layer_carry_the_security_headers(server, raw, status):
    code, headers, body = parse(exchange(server, raw))
    assert code == status
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert headers["Content-Type"].startswith("text/html") and int(headers["Content-Length"]) == len(body)
    assert b"aaaa" not in body and b"<script>" not in body  # nothing of the request is echoed


def test_app_errors_through_the_real_server_carry_them_too(server):
    for raw in (b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                b"GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"):
        code, headers, _ = parse(exchange(server, raw))
        assert code in (400, 404)
        assert all(headers.get(name) == value for name, value in SECURITY_HEADERS.items())


def test_stalled_connections_do_not_block_others_and_are_dropped(server):
    """One worker process, 64 connections that never finish their request: others are still answered."""
    stalled = []
    try:
        for n in range(64):
            sock = socket.create_connection(("127.0.0.1", server), timeout=READ_TIMEOUT + 10)
            sock.sendall(b"GET /api/search?q=slow HTTP/1.1\r\nHost: localhost\r\n" if n % 2 else
                         b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")  # answered, then kept open
            stalled.append(sock)
        started = time.monotonic()
        for _ in range(5):
            assert httpx.get(f"http://127.0.0.1:{server}/api/search?q=roma", timeout=10).status_code == 200
        assert time.monotonic() - started < 10  # a sync worker would wait for the stalled ones forever
        half = stalled[1]
        assert half.recv(1) == b""  # the server closes a request head not finished in READ_TIMEOUT seconds
        assert time.monotonic() - started < READ_TIMEOUT + 5
    finally:
        for sock in stalled:
            sock.close()
