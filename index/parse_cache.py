"""Read a corpus folder like ingest.corpus.load_corpus, but re-parse only files that changed.

Each file's practices are cached *before* boilerplate stripping, keyed by the file's and its
sidecar's size, mtime and inode. The corpus-wide boilerplate statistic is then recomputed from
all cached bodies on every run (counting paragraphs is cheap), so it stays exactly what a full
parse would give. The cache is a SQLite file beside the index generations: a crash mid-write
leaves the previous state, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ingest.corpus import FileOutcome, IngestReport, assemble, corpus_files, finish, read_practices

CACHE_NAME = "parse-cache.sqlite"


@dataclass
class ScanResult:
    report: IngestReport
    boilerplate: set[str] = field(default_factory=set)
    parsed_files: int = 0
    cached_files: int = 0


def scan_corpus(folder: str | Path, cache_path: Path | None, progress: Callable[[int, int], None] | None = None,
                current_year: int | None = None, reparse: bool = False) -> ScanResult:
    """The same IngestReport load_corpus gives; unchanged files come from the cache unless `reparse`."""
    current_year = current_year or datetime.date.today().year
    report = IngestReport()
    pages, sidecars = corpus_files(folder, report)
    cache = _Cache(cache_path, f"{Path(folder).resolve()}|{current_year}|{_parser_fingerprint()}")
    result = ScanResult(report)
    outcomes: list[FileOutcome] = []
    for done, (path, rel) in enumerate(pages, 1):
        sidecar = sidecars.get(rel)
        signature = _signature(path, sidecar)
        cached = None if reparse else cache.get(rel, signature)
        if cached is None:
            parsed = read_practices(path, rel, sidecar, current_year)
            cache.put(rel, signature, [o.to_dict() for o in parsed])
            result.parsed_files += 1
        else:
            parsed = [FileOutcome.from_dict(item) for item in cached]
            result.cached_files += 1
        outcomes.extend(parsed)
        if progress:
            progress(done, len(pages))
    cache.forget_except({rel for _, rel in pages})
    cache.close()
    assemble(outcomes, report)
    result.boilerplate = finish(report)
    return result


def _signature(path: Path, sidecar: Path | None) -> str:
    parts = []
    for p in (path, sidecar):
        try:
            st = p.stat() if p else None
        except OSError:
            st = None
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" if st else "-")
    return "|".join(parts)


def _parser_fingerprint() -> str:
    """Changes whenever the ingest code or its data changes, so a new parser never serves stale parses."""
    digest = hashlib.sha256()
    package = resources.files("ingest")
    for entry in sorted([*package.iterdir(), *package.joinpath("data").iterdir()], key=lambda e: e.name):
        if entry.name.endswith((".py", ".json")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


class _Cache:
    """path -> (signature, parsed items); silently a no-op store when no path is given or it is unusable."""

    def __init__(self, path: Path | None, context: str) -> None:
        self.db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            self.db = self._open(path, context)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self.db = self._open(path, context)

    @staticmethod
    def _open(path: Path, context: str) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE IF NOT EXISTS files (rel TEXT PRIMARY KEY, signature TEXT, items TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key = 'context'").fetchone()
        if row is None or row[0] != context:
            db.execute("DELETE FROM files")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (context,))
        return db

    def get(self, rel: str, signature: str) -> list[dict] | None:
        if self.db is None:
            return None
        row = self.db.execute("SELECT signature, items FROM files WHERE rel = ?", (rel,)).fetchone()
        if row is None or row[0] != signature:
            return None
        try:
            return json.loads(row[1])
        except ValueError:
            return None

    def put(self, rel: str, signature: str, items: list[dict]) -> None:
        if self.db is not None:
            try:
                self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                                (rel, signature, json.dumps(items, ensure_ascii=False)))
            except sqlite3.Error:
                self._give_up()

    def forget_except(self, present: set[str]) -> None:
        if self.db is None:
            return
        gone = [rel for (rel,) in self.db.execute("SELECT rel FROM files") if rel not in present]
        self.db.executemany("DELETE FROM files WHERE rel = ?", [(rel,) for rel in gone])

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.commit()
            except sqlite3.Error:
                self._give_up()
                return
            self.db.close()

    def _give_up(self) -> None:
        """A full or read-only disk costs the cache (next run re-parses), never the build."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self.db = None
