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

from ingest.boilerplate import repeated_blocks
from ingest.corpus import SIDECAR_SUFFIX, CorpusError, IngestReport, Rejected, _apply_sidecar, _read_file, _walk
from ingest.model import Practice
from ingest.normalise import build_practice, strip_blocks
from ingest.raw import NotAPractice

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
    root = Path(folder)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    current_year = current_year or datetime.date.today().year
    report = IngestReport()
    files = sorted(_walk(root, report), key=lambda p: str(p))
    pages = [p for p in files if not p.name.endswith(SIDECAR_SUFFIX)]
    sidecars = {str(p)[: -len(SIDECAR_SUFFIX)]: p for p in files if p.name.endswith(SIDECAR_SUFFIX)}
    if not pages:
        raise CorpusError(f"no practice files (.html, .txt, .json, .jsonl) in {root}")
    cache = _Cache(cache_path, f"{root.resolve()}|{current_year}|{_parser_fingerprint()}")
    result = ScanResult(report)
    entries: list[dict] = []
    for done, path in enumerate(pages, 1):
        rel = str(path.relative_to(root))
        sidecar = sidecars.get(str(path.with_suffix("")))
        signature = _signature(path, sidecar)
        items = None if reparse else cache.get(rel, signature)
        if items is None:
            items = _parse_file(path, rel, sidecar, current_year)
            cache.put(rel, signature, items)
            result.parsed_files += 1
        else:
            result.cached_files += 1
        entries.extend(items)
        if progress:
            progress(done, len(pages))
    cache.forget_except({str(p.relative_to(root)) for p in pages})
    cache.close()
    report.files_seen = len(pages)
    _collect(entries, report)
    result.boilerplate = repeated_blocks(p.body.split("\n\n") for p in report.practices)
    report.practices = [strip_blocks(p, result.boilerplate) for p in report.practices]
    return result


def _parse_file(path: Path, rel: str, sidecar: Path | None, current_year: int) -> list[dict]:
    """One file's outcome as plain data: practices (unstripped), rejections and warnings, in order."""
    items = []
    for source, practice_id, raw, error in _read_file(path, rel):
        if error:
            items.append({"source": source, "error": error})
            continue
        scratch = IngestReport()
        _apply_sidecar(raw, sidecar, source, scratch)
        warnings: list[str] = []
        item: dict = {"source": source, "sidecar_warnings": [[w.source, w.reason] for w in scratch.warnings]}
        try:
            item["practice"] = build_practice(raw, practice_id, source, warnings, current_year).to_dict()
        except NotAPractice as exc:
            item["error"] = str(exc)
        item["warnings"] = warnings
        items.append(item)
    return items


def _collect(entries: list[dict], report: IngestReport) -> None:
    """Rebuild the report in corpus order, with load_corpus's rule for duplicate ids."""
    seen: dict[str, str] = {}
    for item in entries:
        source = item["source"]
        report.warnings.extend(Rejected(s, r) for s, r in item.get("sidecar_warnings", []))
        if "practice" not in item:
            report.rejected.append(Rejected(source, item["error"]))
            continue
        practice = Practice.from_dict(item["practice"])
        if practice.id in seen:
            first = seen[practice.id]
            report.rejected.append(Rejected(source, f"duplicate id {practice.id!r} (first seen in {first})"))
            continue
        seen[practice.id] = source
        report.warnings.extend(Rejected(source, w) for w in item["warnings"])
        report.practices.append(practice)


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
