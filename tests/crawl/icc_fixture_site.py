"""A small copy of the ICC portal served on 127.0.0.1: listing pages, detail pages and every failure a crawl meets.

Listing: /en/web/interculturalcities/good-practice, three pages (?_gp_start=0|3|6&_gp_delta=3).
Detail pages: /en/web/interculturalcities/-/<slug>; they carry title, period and body but no
country or city, as on the live site. The site records every request so tests can check headers.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BASE = "/en/web/interculturalcities"
LISTING = f"{BASE}/good-practice"
HUGE_BYTES = 6 * 1024 * 1024

INTRO = ("<div class='intro'><h2>Good practice examples</h2><p>An intercultural city values diversity as a "
         "resource. Use the template for collection of good practices to send yours.</p></div>")
SIDEBAR = ("<aside><h3>Filter by</h3><ul><li>Anti-rumour</li><li>Education</li><li>Spain</li><li>Norway</li>"
           "<li>2019</li></ul><a href='?reset'>Reset Filter</a></aside>")


@dataclass
class Practice:
    slug: str
    title: str
    line: str
    teaser: str
    period: str
    body: str
    link: str = ""

    @property
    def href(self) -> str:
        return self.link or f"{BASE}/-/{self.slug}"


PRACTICES = [
    Practice("amadora-anti-rumour-agents", "Anti-rumour agents in Amadora", "Portugal Amadora Lisbon Loures 2019-2021",
             "Residents trained to answer rumours about newcomers.", "2019-2021",
             "Volunteer anti-rumour agents meet neighbours in cafes and markets to talk about migration myths."),
    Practice("lublin-together-against-hate", "Together against hate speech",
             "Poland Lublin Krakow Wroclaw 2nd half 2021", "Three cities train teachers against hate speech.",
             "2nd half 2021", "Teachers in three Polish cities learn to recognise and answer hate speech online."),
    Practice("camden-intercultural-mediation", "Intercultural mediation in Camden", "United Kingdom Camden",
             "Mediators help neighbours settle disputes.", "",
             "Trained mediators from many backgrounds help neighbours in Camden settle everyday disputes.",
             link=f"{BASE}/-/camden-old-address"),
    Practice("oslo-flaky-server", "Welcome points for newcomers", "Norway 2013-",
             "Every district runs a welcome point.", "2013-",
             "Each district of the city has a welcome point where newcomers get advice in their own language."),
    Practice("bergen-slow-page", "Slow but steady language cafes", "Norway Bergen Since 2016",
             "Language cafes in libraries.", "Since 2016",
             "Libraries host language cafes where residents practise Norwegian with volunteers every week."),
    Practice("gone-practice", "A practice that was removed", "Spain Barcelona 2010", "Gone.", "2010", "Gone."),
    Practice("annual-report", "Annual report (PDF)", "Spain Bilbao 2020", "The yearly report.", "2020", "PDF"),
    Practice("huge-page", "A page far too large", "Spain Madrid 2020", "Enormous.", "2020", "Huge"),
    Practice("private-draft", "Internal draft", "Spain Madrid 2021", "Not for robots.", "2021", "Draft",
             link=f"{BASE}/-/private-draft"),
    Practice("escape", "Traversal attempt", "Italy Turin 2018", "Slug tries to leave the folder.", "2018",
             "A page whose address tries to climb out of the crawl folder with dot dot segments.",
             link=f"{BASE}/-/..%2F..%2Fescaped-file"),
]
OFFSITE_ITEM = ("<div class='element'><h3><a href='http://other.invalid/-/elsewhere'>Elsewhere</a></h3>"
                "<p>Spain Madrid 2020</p><p>Another site.</p></div>")
PAGE_SIZE = 3


@dataclass
class FixtureSite:
    """Serves the portal copy; tests change `practices`/`bodies` between crawls to simulate edits."""

    practices: list[Practice] = field(default_factory=lambda: [Practice(**vars(p)) for p in PRACTICES])
    requests: list[tuple[str, dict]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    url: str = ""

    def listing_url(self) -> str:
        return f"{self.url}{LISTING}"

    def requested(self, path_part: str) -> list[dict]:
        return [headers for path, headers in self.requests if path_part in path]

    # -- pages -----------------------------------------------------------------
    def listing(self, start: int) -> str:
        items = self.practices[start:start + PAGE_SIZE]
        last = start + PAGE_SIZE >= len(self.practices)
        html = [f"<html lang='en'><head><title>Good practices</title></head><body><nav><a href='{BASE}'>Home</a></nav>",
                INTRO, "<div class='asset-publisher'>"]
        for p in items:
            html.append(f"<div class='element'><h3 class='title'><a href='{p.href}'>{p.title}</a></h3>"
                        f"<div class='meta'><span>{p.line}</span></div><p class='teaser'>{p.teaser}</p>"
                        f"<a class='read-more' href='{p.href}'>Read More</a></div>")
        if last:
            html.append(OFFSITE_ITEM)
        html.append("</div><ul class='pager'>")
        for n in range(0, len(self.practices), PAGE_SIZE):
            label = n // PAGE_SIZE + 1
            html.append(f"<li><a href='{LISTING}?_gp_start={n}&amp;_gp_delta={PAGE_SIZE}'>{label}</a></li>")
        if not last:
            html.append(f"<li><a href='?_gp_start={start + PAGE_SIZE}&amp;_gp_delta={PAGE_SIZE}'>Next</a></li>")
        html.append(f"</ul>{SIDEBAR}</body></html>")
        return "".join(html)

    def detail(self, p: Practice) -> str:
        return (f"<html lang='en'><body><nav><a href='{BASE}'>Home</a></nav>{INTRO}"
                f"<a href='{LISTING}'>Back</a><h1>{p.title}</h1><p>{p.period}</p>"
                f"<h3>Purpose</h3><p>{p.body}</p><h3>Impact</h3><p>People of {p.title.lower()} say it works well.</p>"
                f"{SIDEBAR}</body></html>")

    # -- serving ---------------------------------------------------------------
    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        self.requests.append((handler.path, dict(handler.headers.items())))
        self.hits[path] = self.hits.get(path, 0) + 1
        first = self.hits[path] == 1
        if path == "/robots.txt":
            return _send(handler, 200, "User-agent: *\nDisallow: /en/web/interculturalcities/-/private\n", "text/plain")
        if path == LISTING:
            start = int(parse_qs(parts.query).get("_gp_start", ["0"])[0])
            return _send(handler, 200, self.listing(start))
        slug = path.rsplit("/-/", 1)[-1] if "/-/" in path else ""
        if slug == "camden-old-address":
            handler.send_response(301)
            handler.send_header("Location", f"{BASE}/-/camden-intercultural-mediation")
            handler.end_headers()
            return None
        if slug == "oslo-flaky-server" and first:
            return _send(handler, 500, "<h1>Internal error</h1>")
        if slug == "bergen-slow-page" and first:
            time.sleep(1.0)
        if slug == "gone-practice":
            return _send(handler, 404, "<h1>Not found</h1>")
        if slug == "annual-report":
            return _send(handler, 200, "%PDF-1.4 fake", "application/pdf")
        if slug == "huge-page":
            return _send_huge(handler)
        practice = next((p for p in self.practices if p.href.rsplit("/-/", 1)[-1] == slug or p.slug == slug), None)
        if practice is None:
            return _send(handler, 404, "<h1>Not found</h1>")
        body = self.detail(practice)
        etag = f'"{abs(hash(body))}"'
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return None
        return _send(handler, 200, body, extra={"ETag": etag, "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})


def _send(handler: BaseHTTPRequestHandler, status: int, text: str, kind: str = "text/html; charset=utf-8",
          extra: dict | None = None) -> None:
    data = text.encode("utf-8")
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _send_huge(handler: BaseHTTPRequestHandler) -> None:
    """No Content-Length: the crawler must stop reading by itself."""
    handler.close_connection = True
    try:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b"<p>" + b"x" * 65_536 + b"</p>"
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def serve(site: FixtureSite):
    """Start the site in a thread; returns the server (call .shutdown() when done)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            site.respond(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
