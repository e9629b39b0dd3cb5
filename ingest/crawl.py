"""Crawl the ICC good-practice listing into a corpus folder: <slug>.html + <slug>.meta.json per practice.

Polite (robots.txt, a delay between requests, a User-Agent with a contact), robust (retries with
backoff and Retry-After, size and type caps, one host only) and incremental (conditional GET;
files of unchanged practices are left untouched; an interrupted crawl resumes where it stopped).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from practice_search.ingest.listing import ListingItem, parse_listing
from practice_search.ingest.progress import SILENT, Progress

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 120.0
MAX_LISTING_PAGES = 500
HTML_TYPES = ("text/html", "application/xhtml+xml")
STATE_FILE = ".crawl-state.json"
TOOL = "PracticeSearchBot/0.1"
DEFAULT_CONTACT = "https://www.coe.int/en/web/interculturalcities (operator: set --contact)"


class CrawlError(Exception):
    """The crawl cannot start (bad start URL, robots.txt forbids it, listing unreachable)."""


class FetchError(Exception):
    """One page could not be fetched; the crawl goes on without it."""


@dataclass
class CrawlOptions:
    delay: float = 1.0
    contact: str = DEFAULT_CONTACT
    retries: int = 3
    backoff: float = 1.0
    timeout: float = 30.0
    max_bytes: int = MAX_BYTES


@dataclass
class CrawlSummary:
    listing_pages: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"listing_pages": self.listing_pages, "new": self.new, "changed": self.changed,
                "unchanged": self.unchanged, "resumed": self.resumed, "failed": self.failed,
                "skipped": self.skipped}


@dataclass
class _Response:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""


def user_agent(contact: str) -> str:
    return f"{TOOL} (+{contact}; good-practice search indexer)"


def crawl(start_url: str, out: str | os.PathLike, options: CrawlOptions | None = None,
          progress: Progress = SILENT, log: Callable[[str], None] | None = None) -> CrawlSummary:
    """Follow the listing's pagination, then fetch every practice's detail page into `out`."""
    options = options or CrawlOptions()
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CrawlError(f"not an http(s) URL: {start_url}")
    with httpx.Client(headers={"User-Agent": user_agent(options.contact)}, timeout=options.timeout,
                      follow_redirects=False) as client:
        fetcher = _Fetcher(client, options, f"{parts.scheme}://{parts.netloc}", log or (lambda _: None))
        return _Crawl(fetcher, start_url, Path(out), progress).run()


class _Fetcher:
    """HTTP GET on one host: robots.txt, politeness delay, redirects, retries, caps."""

    def __init__(self, client: httpx.Client, options: CrawlOptions, origin: str, log: Callable[[str], None]):
        self.client, self.options, self.origin, self.log = client, options, origin, log
        self._last = 0.0
        self.bytes_read = 0
        self.robots = self._robots()

    def allowed(self, url: str) -> bool:
        return self.robots.can_fetch(user_agent(self.options.contact), url)

    def same_host(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def get(self, url: str, headers: dict | None = None) -> _Response:
        """The final response after same-host redirects; 304 is returned as is; errors raise FetchError."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self.same_host(url):
                raise FetchError(f"redirected off the site to {url}")
            if not self.allowed(url):
                raise FetchError("disallowed by robots.txt")
            response = self._with_retries(url, headers or {})
            self.bytes_read += len(response.body)
            if response.status in (301, 302, 303, 307, 308) and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            return response
        raise FetchError("too many redirects")

    def _robots(self) -> RobotFileParser:
        parser = RobotFileParser()
        url = f"{self.origin}/robots.txt"
        try:
            response = self._with_retries(url, {}, html_only=False)
        except FetchError as exc:
            raise CrawlError(f"cannot read {url} ({exc}); not crawling without it") from None
        if response.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser

    def _with_retries(self, url: str, headers: dict, html_only: bool = True) -> _Response:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            self._wait_turn()
            try:
                response = self._once(url, headers, html_only)
            except httpx.TimeoutException:
                reason, wait = "timed out", None
            except httpx.TransportError as exc:
                reason, wait = f"connection failed ({type(exc).__name__})", None
            else:
                if response.status != 429 and response.status < 500:
                    return response
                reason, wait = f"HTTP {response.status}", _retry_after(response.headers.get("retry-after"))
            if attempt + 1 == attempts:
                raise FetchError(f"{reason} after {attempts} attempts")
            wait = self.options.backoff * 2 ** attempt if wait is None else wait
            if wait > MAX_RETRY_AFTER:
                raise FetchError(f"{reason}; server asks to wait {wait:.0f} s")
            self.log(f"retrying {url} in {wait:.1f} s ({reason})")
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict, html_only: bool) -> _Response:
        with self.client.stream("GET", url, headers=headers) as response:
            result = _Response(str(response.url), response.status_code, response.headers)
            if response.status_code != 200:
                return result
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if html_only and kind not in HTML_TYPES:
                raise FetchError(f"not an HTML page ({kind or 'no content type'})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.options.max_bytes:
                raise FetchError(f"page too large ({int(declared) // 1024} KB)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > self.options.max_bytes:
                    raise FetchError(f"page too large (over {self.options.max_bytes // 1024} KB)")
            result.body = bytes(body)
            return result

    def _wait_turn(self) -> None:
        pause = self._last + self.options.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from either its number or its HTTP-date form."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Crawl:
    def __init__(self, fetcher: _Fetcher, start_url: str, out: Path, progress: Progress) -> None:
        self.fetcher, self.start_url, self.progress = fetcher, start_url, progress
        self.out = out
        self.summary = CrawlSummary()
        self.state: dict = {}

    def run(self) -> CrawlSummary:
        if not self.fetcher.allowed(self.start_url):
            raise CrawlError(f"robots.txt does not allow crawling {self.start_url}")
        self.out.mkdir(parents=True, exist_ok=True)
        self.state = self._load_state()
        self.progress.phase("listing pages", unit="pages")
        items = self._read_listings()
        self.progress.phase("detail pages", total=len(items), unit="pages")
        for item in items:
            before = self.fetcher.bytes_read
            self._fetch_detail(item)
            self.progress.advance(1, self.fetcher.bytes_read - before)
        self.state["finished"] = True
        self._save_state()
        return self.summary

    # -- listings ------------------------------------------------------------
    def _read_listings(self) -> list[ListingItem]:
        queue, seen = [self.start_url], {self.start_url}
        items: dict[str, ListingItem] = {}
        while queue and self.summary.listing_pages < MAX_LISTING_PAGES:
            url = queue.pop(0)
            try:
                response = self.fetcher.get(url)
                if response.status != 200:
                    raise FetchError(f"HTTP {response.status}")
            except FetchError as exc:
                if url == self.start_url:
                    raise CrawlError(f"cannot read the listing {url}: {exc}") from None
                self.summary.failed.append({"url": url, "reason": str(exc)})
                continue
            self.summary.listing_pages += 1
            self.progress.advance(1, len(response.body))
            page = parse_listing(response.body, response.url)
            for item in page.items:
                if not self.fetcher.same_host(item.url):
                    self.summary.skipped.append({"url": item.url, "reason": "on another site"})
                    continue
                items.setdefault(item.url, item)
            for link in page.next_pages:
                if link not in seen and self.fetcher.same_host(link) and self.fetcher.allowed(link):
                    seen.add(link)
                    queue.append(link)
        return self._unique_slugs(list(items.values()))

    def _unique_slugs(self, items: list[ListingItem]) -> list[ListingItem]:
        """Two detail URLs may fold to one slug; the later ones get -2, -3..."""
        taken: dict[str, str] = {}
        for item in items:
            base, n = item.slug, 1
            while taken.get(item.slug, item.url) != item.url:
                n += 1
                item.slug = f"{base}-{n}"
            taken[item.slug] = item.url
        return items

    # -- detail pages ----------------------------------------------------------
    def _fetch_detail(self, item: ListingItem) -> None:
        html_path, meta_path = self._paths(item.slug)
        if item.slug in self.state["done"]:
            self.summary.resumed.append(item.slug)
            return
        if not self.fetcher.allowed(item.url):
            self.summary.skipped.append({"url": item.url, "reason": "disallowed by robots.txt"})
            return
        old_meta = _read_json(meta_path) if html_path.exists() else {}
        try:
            response = self.fetcher.get(item.url, _conditional_headers(old_meta))
            if response.status not in (200, 304):
                raise FetchError(f"HTTP {response.status}")
        except FetchError as exc:
            self.summary.failed.append({"url": item.url, "slug": item.slug, "reason": str(exc)})
            return
        meta = _sidecar(item, response, old_meta)
        body_changed = response.status == 200 and (not html_path.exists() or _digest(html_path) != _sha(response.body))
        facts_changed = _facts(meta) != _facts(old_meta)
        if body_changed:
            _write_atomic(html_path, response.body)
        if body_changed or facts_changed:
            _write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        status = "new" if not old_meta else "changed" if body_changed or facts_changed else "unchanged"
        getattr(self.summary, status).append(item.slug)
        self.state["done"].append(item.slug)
        self._save_state()

    def _paths(self, slug: str) -> tuple[Path, Path]:
        root = self.out.resolve()
        html_path = (root / f"{slug}.html").resolve()
        if html_path.parent != root:
            raise CrawlError(f"refusing to write outside {root}: {slug!r}")
        return html_path, root / f"{slug}.meta.json"

    # -- resumable state -------------------------------------------------------
    def _load_state(self) -> dict:
        state = _read_json(self.out / STATE_FILE)
        resumable = state.get("start_url") == self.start_url and not state.get("finished")
        if resumable and isinstance(state.get("done"), list):
            return state
        return {"start_url": self.start_url, "started_at": _now(), "finished": False, "done": []}

    def _save_state(self) -> None:
        _write_atomic(self.out / STATE_FILE, json.dumps(self.state).encode("utf-8"))


def _conditional_headers(meta: dict) -> dict:
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def _sidecar(item: ListingItem, response: _Response, old: dict) -> dict:
    """Listing facts under the keys ingestion reads, plus what the next conditional GET needs."""
    fresh = response.status == 200
    return {
        "title": item.title, "countries": item.countries, "cities": item.cities, "period": item.period,
        "teaser": item.teaser, "url": response.url if fresh else old.get("url", item.url),
        "listing_url": item.listing_url,
        "fetched_at": _now() if fresh else old.get("fetched_at"),
        "etag": response.headers.get("etag") if fresh else old.get("etag"),
        "last_modified": response.headers.get("last-modified") if fresh else old.get("last_modified"),
    }


def _facts(meta: dict) -> dict:
    return {k: meta.get(k) for k in ("title", "countries", "cities", "period", "teaser", "url")}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(path: Path) -> str:
    return _sha(path.read_bytes())


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_atomic(path: Path, data: bytes) -> None:
    """Readers (and a crash) see the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
