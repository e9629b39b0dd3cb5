"""Read a corpus folder like ingest.corpus.load_corpus, but re-parse only files that changed.

Each file's practices are cached *before* boilerplate stripping, keyed by the file's and its
sidecar's size, mtime and inode. A changed file is read again, but each of its records whose
inputs are unchanged (one record edited in a large JSONL export) reuses its cached practice.
The corpus-wide boilerplate statistic is then recomputed over all cached practices on every
run (from their cached block digests, which single out the few blocks that repeat), so it stays
exactly what a full parse would give. The cache is a SQLite file beside the index generations:
a crash mid-write leaves the previous state, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from practice_search.ingest.corpus import (
    FileOutcome,
    IngestReport,
    assemble,
    corpus_files,
    file_sizes,
    finish,
    read_practices,
)
from practice_search.ingest.progress import SILENT, Progress

CACHE_NAME = "parse-cache.sqlite"
_LAYOUT = "records-v1"  # part of the cache's context: a cache in an older layout is emptied, not misread


@dataclass
class ScanResult:
    report: IngestReport
    boilerplate: set[str] = field(default_factory=set)
    parsed_files: int = 0
    cached_files: int = 0


def scan_corpus(folder: str | Path, cache_path: Path | None, progress: Progress = SILENT,
                current_year: int | None = None, reparse: bool = False,
                known_boilerplate: set[str] | None = None) -> ScanResult:
    """The same IngestReport load_corpus gives; unchanged files come from the cache unless `reparse`.

    `known_boilerplate` (what the index learned before) is used when the corpus is too small to learn from.
    """
    current_year = current_year or datetime.date.today().year
    report = IngestReport()
    pages, sidecars = corpus_files(folder, report)
    cache = _Cache(cache_path, f"{Path(folder).resolve()}|{current_year}|{_parser_fingerprint()}")
    result = ScanResult(report)
    outcomes: list[FileOutcome] = []
    sizes = file_sizes(pages, sidecars)
    progress.phase("reading", total=len(pages), total_bytes=sum(sizes), unit="files")
    for (path, rel), size in zip(pages, sizes, strict=True):
        sidecar = sidecars.get(rel)
        signature = _signature(path, sidecar)
        stored = None if reparse else cache.get(rel)
        parsed = _outcomes(stored) if stored is not None and stored.signature == signature else None
        if parsed is None:
            parsed, items = _reread(path, rel, sidecar, current_year, stored)
            cache.put(rel, signature, items, stored)
            result.parsed_files += 1
        else:
            result.cached_files += 1
        outcomes.extend(parsed)
        progress.advance(1, size)
    progress.phase("saving the parse cache")
    cache.forget_except({rel for _, rel in pages})
    cache.close()
    progress.phase("analysis (boilerplate, topics)")
    result.boilerplate = finish(report, assemble(outcomes, report, current_year), known_boilerplate)
    return result


@dataclass
class _Stored:
    """A file's last read: its signature then, and each record's key and outcome (JSON), in file order."""

    signature: str
    records: list[tuple[str | None, str]]


def _outcomes(stored: _Stored) -> list[FileOutcome] | None:
    try:
        return [FileOutcome.from_dict(json.loads(item)) for _, item in stored.records]
    except (ValueError, KeyError, TypeError):
        return None


def _reread(path: Path, rel: str, sidecar: Path | None, current_year: int,
            stored: _Stored | None) -> tuple[list[FileOutcome], list[tuple[str | None, str]]]:
    """Parse a new or changed file; each record whose key is unchanged reuses its earlier outcome and JSON."""
    earlier: dict[str, tuple[str, FileOutcome]] = {}
    if stored is not None:
        for (key, item), outcome in zip(stored.records, _outcomes(stored) or [], strict=False):
            if key:
                earlier[key] = (item, outcome)
    parsed = read_practices(path, rel, sidecar, current_year, {key: o for key, (_, o) in earlier.items()})
    records = []
    for outcome in parsed:
        item, before = earlier.get(outcome.key or "", (None, None))
        if before is None or before.sidecar_warnings != outcome.sidecar_warnings:
            item = json.dumps(outcome.to_dict(), ensure_ascii=False)
        records.append((outcome.key, item))
    return parsed, records


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
    package = resources.files("practice_search.ingest")
    for entry in sorted([*package.iterdir(), *package.joinpath("data").iterdir()], key=lambda e: e.name):
        if entry.name.endswith((".py", ".json")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


class _Cache:
    """rel -> _Stored; silently a no-op store when no path is given or it is unusable.

    One row per record, so rewriting one record of a large export writes one row.
    """

    def __init__(self, path: Path | None, context: str) -> None:
        self.db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            self.db = self._open(path, f"{_LAYOUT}|{context}")
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self.db = self._open(path, f"{_LAYOUT}|{context}")

    @staticmethod
    def _open(path: Path, context: str) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key = 'context'").fetchone()
        if row is None or row[0] != context:
            db.execute("DROP TABLE IF EXISTS files")
            db.execute("DROP TABLE IF EXISTS records")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (context,))
        db.execute("CREATE TABLE IF NOT EXISTS files (rel TEXT PRIMARY KEY, signature TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS records "
                   "(rel TEXT, n INTEGER, key TEXT, item TEXT, PRIMARY KEY (rel, n))")
        return db

    def get(self, rel: str) -> _Stored | None:
        """The file's last read, whether or not the file changed since."""
        if self.db is None:
            return None
        row = self.db.execute("SELECT signature FROM files WHERE rel = ?", (rel,)).fetchone()
        if row is None:
            return None
        records = self.db.execute("SELECT key, item FROM records WHERE rel = ? ORDER BY n", (rel,)).fetchall()
        return _Stored(row[0], records)

    def put(self, rel: str, signature: str, records: list[tuple[str | None, str]], before: _Stored | None) -> None:
        """Store a file's new read, writing only the records that differ from `before`."""
        if self.db is None:
            return
        old = before.records if before else []
        try:
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (rel, signature))
            self.db.execute("DELETE FROM records WHERE rel = ? AND n >= ?", (rel, len(records)))
            self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                                [(rel, n, key, item) for n, (key, item) in enumerate(records)
                                 if n >= len(old) or old[n] != (key, item)])
        except sqlite3.Error:
            self._give_up()

    def forget_except(self, present: set[str]) -> None:
        if self.db is None:
            return
        gone = [(rel,) for (rel,) in self.db.execute("SELECT rel FROM files") if rel not in present]
        self.db.executemany("DELETE FROM files WHERE rel = ?", gone)
        self.db.executemany("DELETE FROM records WHERE rel = ?", gone)

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
