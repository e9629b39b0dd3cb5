"""Walk a corpus folder and turn every readable page into a Practice; report the rest."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import UnicodeDammit
from bs4.dammit import EncodingDetector

from ingest.boilerplate import repeated_blocks
from ingest.classify import infer_topics
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
PAGE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
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


@dataclass
class FileOutcome:
    """What one record of one file gave: a practice (before corpus-wide cleaning) or the reason it did not."""

    source: str
    practice: Practice | None = None
    error: str | None = None
    warnings: list[Rejected] = field(default_factory=list)          # kept only if the practice is kept
    sidecar_warnings: list[Rejected] = field(default_factory=list)  # always reported

    def to_dict(self) -> dict:
        return {"source": self.source, "error": self.error,
                "practice": self.practice.to_dict() if self.practice else None,
                "warnings": [[w.source, w.reason] for w in self.warnings],
                "sidecar_warnings": [[w.source, w.reason] for w in self.sidecar_warnings]}

    @classmethod
    def from_dict(cls, data: dict) -> FileOutcome:
        return cls(data["source"], Practice.from_dict(data["practice"]) if data.get("practice") else None,
                   data.get("error"), [Rejected(*w) for w in data.get("warnings", [])],
                   [Rejected(*w) for w in data.get("sidecar_warnings", [])])


def load_corpus(folder: str | Path, progress: Callable[[int, int], None] | None = None,
                current_year: int | None = None) -> IngestReport:
    """Ingest a folder; one bad file never stops the others."""
    report = IngestReport()
    pages, sidecars = corpus_files(folder, report)
    outcomes: list[FileOutcome] = []
    for done, (path, rel) in enumerate(pages, 1):
        outcomes.extend(read_practices(path, rel, sidecars.get(rel), current_year))
        if progress:
            progress(done, len(pages))
    assemble(outcomes, report)
    finish(report)
    return report


def corpus_files(folder: str | Path, report: IngestReport) -> tuple[list[tuple[Path, str]], dict[str, Path]]:
    """The page files of a corpus (path, relative name) in a stable order, and each one's sidecar."""
    root = Path(folder)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    files = sorted(_walk(root, report), key=lambda p: str(p))
    pages = [(p, str(p.relative_to(root))) for p in files if not p.name.endswith(SIDECAR_SUFFIX)]
    if not pages:
        raise CorpusError(f"no practice files (.html, .txt, .json, .jsonl) in {root}")
    by_stem = {str(p)[: -len(SIDECAR_SUFFIX)]: p for p in files if p.name.endswith(SIDECAR_SUFFIX)}
    sidecars = {rel: by_stem[str(path.with_suffix(""))] for path, rel in pages if str(path.with_suffix("")) in by_stem}
    report.files_seen = len(pages)
    return pages, sidecars


def read_practices(path: Path, rel: str, sidecar: Path | None, current_year: int | None = None) -> list[FileOutcome]:
    """Parse one file (a page, or every record of a JSON/JSONL export) with its sidecar applied."""
    outcomes = []
    for source, practice_id, raw, error in _read_file(path, rel):
        if error:
            outcomes.append(FileOutcome(source, error=error))
            continue
        sidecar_report = IngestReport()
        _apply_sidecar(raw, sidecar, source, sidecar_report)
        warnings: list[str] = []
        outcome = FileOutcome(source, sidecar_warnings=sidecar_report.warnings)
        try:
            outcome.practice = build_practice(raw, practice_id, source, warnings, current_year)
        except NotAPractice as exc:
            outcome.error = str(exc)
        outcome.warnings = [Rejected(source, w) for w in warnings]
        outcomes.append(outcome)
    return outcomes


def assemble(outcomes: list[FileOutcome], report: IngestReport) -> None:
    """Add the outcomes to the report in corpus order; the first file read keeps a repeated id."""
    seen: dict[str, str] = {}
    for outcome in outcomes:
        report.warnings.extend(outcome.sidecar_warnings)
        practice = outcome.practice
        if practice is None:
            report.rejected.append(Rejected(outcome.source, outcome.error or "not a practice"))
            continue
        if practice.id in seen:
            first = seen[practice.id]
            report.rejected.append(Rejected(outcome.source, f"duplicate id {practice.id!r} (first seen in {first})"))
            continue
        seen[practice.id] = outcome.source
        report.warnings.extend(outcome.warnings)
        report.practices.append(practice)


def finish(report: IngestReport) -> set[str]:
    """Corpus-wide steps: drop boilerplate repeated across pages, then infer topics; returns the boilerplate."""
    repeated = repeated_blocks(p.body.split("\n\n") for p in report.practices)
    report.practices = infer_topics([strip_blocks(p, repeated) for p in report.practices])
    return repeated


def _walk(root: Path, report: IngestReport) -> Iterator[Path]:
    """Files under root, hidden ones skipped; symlinks are followed only to files inside root (no loops, no escape)."""
    inside = Path(os.path.realpath(root))  # realpath, unlike Path.resolve, never raises on a symlink loop

    def reject(path: Path, reason: str) -> None:
        report.rejected.append(Rejected(_display(path.relative_to(root)), reason))

    def on_error(error: OSError) -> None:
        reject(Path(error.filename or root), f"unreadable folder: {error.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        folder = Path(dirpath)
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            if (folder / name).is_symlink():
                reject(folder / name, "symlinked folder not followed")
            elif not _is_utf8(name):
                reject(folder / name, "folder name is not valid UTF-8; rename it")
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            path = folder / name
            if name.startswith(".") or name.lower() in IGNORED_NAMES:
                continue
            suffix = path.suffix.lower()
            if not (name.endswith(SIDECAR_SUFFIX) or suffix in PAGE_SUFFIXES):
                if suffix not in (".md", ".csv", ".py"):
                    reject(path, f"unsupported file type {_display(suffix) or '(none)'}")
            elif not _is_utf8(name):
                reject(path, "file name is not valid UTF-8; rename it")
            elif path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(inside):
                reject(path, "symlink to a file outside the corpus folder; not followed")
            else:
                yield path


def _is_utf8(name: str) -> bool:
    """os.walk hands over undecodable bytes as lone surrogates, which no later step can store or print."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display(path: Path | str) -> str:
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
        is_html = suffix in HTML_SUFFIXES
        text = _decode(data, is_html)
        if not text.strip():
            raise NotAPractice("empty file")
        raw = parse_html(text) if is_html else parse_text(text)
        yield rel, slugify(path.name.split(".")[0]), raw, None
    except NotAPractice as exc:
        yield rel, "", None, str(exc)
    except OSError as exc:
        yield rel, "", None, f"unreadable: {exc.strerror or exc}"
    except RecursionError:
        yield rel, "", None, "nested too deeply to parse"
    except Exception as exc:  # a parser bug must cost one file, never the whole build
        yield rel, "", None, f"could not be parsed ({type(exc).__name__}: {exc})"


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise NotAPractice(f"file too large ({size // (1024 * 1024)} MB; limit {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS):
        raise NotAPractice("binary data, not a text or HTML page")
    return data


def _decode(data: bytes, is_html: bool = False) -> str:
    """UTF-8 (with or without BOM) first; then the charset a page declares; then Windows-1252, Latin-1.

    Decoding here rather than in the HTML parser matters: left to guess, it read a Windows-1252 page
    without a charset as 'Portim\ufffdo'. A UTF-8 file with a few damaged bytes stays UTF-8 (the damage
    becomes U+FFFD) instead of turning every accent into mojibake.
    """
    try:
        return data.decode("utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig")
    except UnicodeDecodeError:
        repaired = data.decode("utf-8-sig", errors="replace")
        damaged = repaired.count("\ufffd")
        if sum(1 for c in repaired if c > "\x7f") - damaged > damaged:
            return repaired
        declared = EncodingDetector.find_declared_encoding(data, is_html=is_html) if is_html else None
        dammit = UnicodeDammit(data, [e for e in (declared, "windows-1252", "iso-8859-1") if e])
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
    except json.JSONDecodeError as exc:
        reason = f"sidecar ignored: invalid JSON ({exc.msg} at line {exc.lineno})"
        report.warnings.append(Rejected(sidecar.name, reason))
        return
    except (NotAPractice, OSError, RecursionError) as exc:
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
