"""Walk a corpus folder and turn every readable page into a Practice; report the rest."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import UnicodeDammit

from ingest.boilerplate import repeated_blocks
from ingest.html_page import parse_html
from ingest.model import Practice
from ingest.normalise import build_practice, strip_blocks
from ingest.raw import NotAPractice, RawPage
from ingest.records import iter_jsonl, raw_from_record
from ingest.text_page import parse_text
from ingest.text_utils import slugify

MAX_FILE_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SIDECAR_SUFFIX = ".meta.json"
IGNORED_NAMES = {"readme.md", "corpus.md", "license", "license.md", "readme.txt"}
_SIDECAR_FIELDS = {"title": str, "url": str, "summary": str, "teaser": str, "period": str, "language": str,
                   "cities": list, "countries": list, "topics": list, "id": str}


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, nothing in it)."""


@dataclass
class Rejected:
    source: str
    reason: str


@dataclass
class IngestReport:
    practices: list[Practice] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)
    files_seen: int = 0


def load_corpus(folder: str | Path, progress: Callable[[int, int], None] | None = None,
                current_year: int | None = None) -> IngestReport:
    """Ingest a folder; one bad file never stops the others."""
    root = Path(folder)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    report = IngestReport()
    files = sorted(_walk(root, report), key=lambda p: str(p))
    pages = [p for p in files if not p.name.endswith(SIDECAR_SUFFIX)]
    sidecars = {str(p)[: -len(SIDECAR_SUFFIX)]: p for p in files if p.name.endswith(SIDECAR_SUFFIX)}
    if not pages:
        raise CorpusError(f"no practice files (.html, .txt, .json, .jsonl) in {root}")
    seen: dict[str, str] = {}
    for done, path in enumerate(pages, 1):
        report.files_seen += 1
        rel = str(path.relative_to(root))
        for source, practice_id, raw, error in _read_file(path, rel):
            if error:
                report.rejected.append(Rejected(source, error))
                continue
            _apply_sidecar(raw, sidecars.get(str(path.with_suffix(""))), source, report)
            warnings: list[str] = []
            try:
                practice = build_practice(raw, practice_id, source, warnings, current_year)
            except NotAPractice as exc:
                report.rejected.append(Rejected(source, str(exc)))
                continue
            if practice.id in seen:
                report.rejected.append(Rejected(source, f"duplicate id {practice.id!r} (first seen in {seen[practice.id]})"))
                continue
            seen[practice.id] = source
            report.warnings.extend(Rejected(source, w) for w in warnings)
            report.practices.append(practice)
        if progress:
            progress(done, len(pages))
    repeated = repeated_blocks(p.body.split("\n\n") for p in report.practices)
    report.practices = [strip_blocks(p, repeated) for p in report.practices]
    return report


def _walk(root: Path, report: IngestReport) -> Iterator[Path]:
    """Files under root, without following symlinked folders (no loops), hidden ones skipped."""
    def on_error(error: OSError) -> None:
        report.rejected.append(Rejected(str(error.filename), f"unreadable folder: {error.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(dirpath) / name
            if name.startswith(".") or name.lower() in IGNORED_NAMES:
                continue
            suffix = path.suffix.lower()
            if name.endswith(SIDECAR_SUFFIX) or suffix in HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES:
                yield path
            elif suffix not in (".md", ".csv", ".py"):
                report.rejected.append(Rejected(str(path.relative_to(root)), f"unsupported file type {suffix or '(none)'}"))


def _read_file(path: Path, rel: str) -> Iterator[tuple[str, str, RawPage | None, str | None]]:
    try:
        data = _read_bytes(path)
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_records(_decode(data), rel)
            return
        if suffix in JSON_SUFFIXES:
            yield from _json_records(_decode(data), rel)
            return
        text = _decode(data)
        if not text.strip():
            raise NotAPractice("empty file")
        raw = parse_html(data) if suffix in HTML_SUFFIXES else parse_text(text)
        yield rel, slugify(path.name.split(".")[0]), raw, None
    except NotAPractice as exc:
        yield rel, "", None, str(exc)
    except OSError as exc:
        yield rel, "", None, f"unreadable: {exc.strerror or exc}"
    except RecursionError:
        yield rel, "", None, "markup nested too deeply to parse"


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise NotAPractice(f"file too large ({size // (1024 * 1024)} MB; limit {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise NotAPractice("binary data, not a text or HTML page")
    return data


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then whatever the bytes most look like (cp1252, latin-1...)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        dammit = UnicodeDammit(data, ["utf-8", "windows-1252", "iso-8859-1"])
        if dammit.unicode_markup is None:
            raise NotAPractice("cannot decode the file's text") from None
        return dammit.unicode_markup


def _json_records(text: str, rel: str) -> Iterator[tuple[str, str, RawPage | None, str | None]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotAPractice(f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records, 1):
        source = f"{rel}#{i}" if isinstance(data, list) else rel
        yield _record(record, source)


def _jsonl_records(text: str, rel: str) -> Iterator[tuple[str, str, RawPage | None, str | None]]:
    for number, record, error in iter_jsonl(text):
        source = f"{rel}:{number}"
        yield (source, "", None, error) if error else _record(record, source)


def _record(record: object, source: str) -> tuple[str, str, RawPage | None, str | None]:
    try:
        practice_id, raw = raw_from_record(record)
    except NotAPractice as exc:
        return source, "", None, str(exc)
    return source, practice_id, raw, None


def _apply_sidecar(raw: RawPage, sidecar: Path | None, source: str, report: IngestReport) -> None:
    """NAME.meta.json beside a page supplies or overrides fields (the crawler's listing facts)."""
    if sidecar is None:
        return
    try:
        data = json.loads(_decode(_read_bytes(sidecar)))
        if not isinstance(data, dict):
            raise NotAPractice("not a JSON object")
    except (NotAPractice, OSError, json.JSONDecodeError) as exc:
        report.warnings.append(Rejected(sidecar.name, f"sidecar ignored: {exc}"))
        return
    for key, kind in _SIDECAR_FIELDS.items():
        value = data.get(key)
        if value is None or key == "id":
            continue
        if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
            report.warnings.append(Rejected(sidecar.name, f"sidecar field {key!r} has the wrong type; ignored"))
            continue
        if key in ("cities", "countries") and value:
            raw.meta_line = None
        target = "summary" if key == "teaser" else "language_hint" if key == "language" else key
        setattr(raw, target, value)
