"""Walk a corpus folder and turn every readable page into a Practice; report the rest."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from practice_search.ingest import titles
from practice_search.ingest.boilerplate import block_key, body_lines, carry_over, repeated_blocks
from practice_search.ingest.classify import infer_topics
from practice_search.ingest.model import Practice, Section
from practice_search.ingest.normalise import build_practice, strip_blocks
from practice_search.ingest.periods import parse_period
from practice_search.ingest.places import gazetteer
from practice_search.ingest.progress import SILENT, Progress
from practice_search.ingest.raw import NotAPractice, RawPage
from practice_search.ingest.records import iter_jsonl, raw_from_record
from practice_search.ingest.text_page import parse_text
from practice_search.ingest.text_utils import fold, slugify

# The shipped sample corpus: `corpus/` in a checkout, `practice_search/corpus/` in an installed wheel.
SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# A folder whose CORPUS.md carries this line holds illustrative texts (the sample corpus, or a scale
# corpus recombined from it): an index built from it says so on every page and in the API.
SAMPLE_MARKER = "<!-- practice-search: illustrative sample corpus -->"
MAX_FILE_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PAGE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
RENDERED = HTML_SUFFIXES | TEXT_SUFFIXES  # pages whose title line may carry the portal's back link
SIDECAR_SUFFIX = ".meta.json"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
IGNORED_NAMES = {"readme.md", "corpus.md", "license", "license.md", "readme.txt"}
_NO_TITLE = "no title in the page"
_SIDECAR_FIELDS = {"title": str, "url": str, "summary": str, "teaser": str, "period": str, "language": str,
                   "cities": list, "countries": list, "topics": list, "id": str}


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, nothing in it); `report` holds what was found."""

    def __init__(self, message: str, report: IngestReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Rejected:
    source: str
    reason: str


@dataclass
class ListingFound:
    """A listing page in the corpus: never a practice; its items' facts go to the detail pages they name."""

    source: str
    items: int
    joined: list[str] = field(default_factory=list)  # ids of the practices that took facts from it


@dataclass
class IngestReport:
    practices: list[Practice] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)
    files_seen: int = 0
    listings: list[ListingFound] = field(default_factory=list)
    title_sources: dict[str, str] = field(default_factory=dict)  # practice id -> titles.PAGE, SIDECAR, ...

    def title_counts(self) -> dict[str, int]:
        counts = Counter(self.title_sources.values())
        return {source: counts.get(source, 0) for source in titles.TITLE_SOURCES}


@dataclass
class FileOutcome:
    """What one record of one file gave: a practice (before corpus-wide cleaning) or the reason it did not."""

    source: str
    practice: Practice | None = None
    error: str | None = None
    warnings: list[Rejected] = field(default_factory=list)          # kept only if the practice is kept
    sidecar_warnings: list[Rejected] = field(default_factory=list)  # always reported
    key: str | None = None  # digest of what the practice was built from; None when the record could not be read
    blocks: list[str] | None = None  # block_digests of the practice's body, before boilerplate stripping
    title_source: str | None = None  # where the title came from (titles.PAGE, SIDECAR, SLUG)
    places_from_text: bool = False  # cities found in the prose, not given by the page or a sidecar
    listing: list[dict] | None = None  # a listing page's items (ListingItem dicts): the file is no practice

    def to_dict(self) -> dict:
        return {"source": self.source, "error": self.error,
                "practice": self.practice.to_dict() if self.practice else None,
                "warnings": [[w.source, w.reason] for w in self.warnings],
                "sidecar_warnings": [[w.source, w.reason] for w in self.sidecar_warnings], "key": self.key,
                "blocks": self.blocks, "title_source": self.title_source, "places_from_text": self.places_from_text,
                "listing": self.listing}

    @classmethod
    def from_dict(cls, data: dict) -> FileOutcome:
        return cls(data["source"], Practice.from_dict(data["practice"]) if data.get("practice") else None,
                   data.get("error"), [Rejected(*w) for w in data.get("warnings", [])],
                   [Rejected(*w) for w in data.get("sidecar_warnings", [])], data.get("key"), data.get("blocks"),
                   data.get("title_source"), bool(data.get("places_from_text")), data.get("listing"))


def load_corpus(folder: str | Path, progress: Progress = SILENT, current_year: int | None = None) -> IngestReport:
    """Ingest a folder; one bad file never stops the others."""
    report = IngestReport()
    pages, sidecars = corpus_files(folder, report)
    sizes = file_sizes(pages, sidecars)
    progress.phase("reading", total=len(pages), total_bytes=sum(sizes), unit="files")
    outcomes: list[FileOutcome] = []
    for (path, rel), size in zip(pages, sizes, strict=True):
        outcomes.extend(read_practices(path, rel, sidecars.get(rel), current_year))
        progress.advance(1, size)
    progress.phase("analysis (boilerplate, topics)")
    finish(report, assemble(outcomes, report, current_year))
    return report


def file_sizes(pages: list[tuple[Path, str]], sidecars: dict[str, Path]) -> list[int]:
    """Bytes of each page file with its sidecar: what a progress ETA weighs (files differ a thousandfold)."""
    def size(path: Path | None) -> int:
        try:
            return path.stat().st_size if path else 0
        except OSError:
            return 0
    return [size(path) + size(sidecars.get(rel)) for path, rel in pages]


def is_sample_corpus(folder: str | Path) -> bool:
    """Whether the folder declares itself illustrative (the marker line in its CORPUS.md), whatever its name."""
    try:
        notes = (Path(folder) / "CORPUS.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return SAMPLE_MARKER in notes.splitlines()


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
        raise CorpusError(f"no practice files (.html, .txt, .json, .jsonl) in {root}", report)
    by_stem = {str(p)[: -len(SIDECAR_SUFFIX)]: p for p in files if p.name.endswith(SIDECAR_SUFFIX)}
    sidecars = {rel: by_stem[str(path.with_suffix(""))] for path, rel in pages if str(path.with_suffix("")) in by_stem}
    report.files_seen = len(pages)
    return pages, sidecars


def read_practices(path: Path, rel: str, sidecar: Path | None, current_year: int | None = None,
                   earlier: Mapping[str, FileOutcome] | None = None) -> list[FileOutcome]:
    """Parse one file (a page, or every record of a JSON/JSONL export) with its sidecar applied.

    `earlier` maps keys of outcomes from a previous read of the file (same year, same parser) to
    them: a record whose key is unchanged takes its earlier outcome instead of being built again,
    so editing one record of a large export costs one record's normalisation, not the file's.
    """
    outcomes = []
    for source, practice_id, raw, error in _read_file(path, rel):
        if isinstance(raw, list):
            outcomes.append(FileOutcome(source, listing=[item.to_dict() for item in raw]))
            continue
        if error or raw is None:
            outcomes.append(FileOutcome(source, error=error))
            continue
        sidecar_report = IngestReport()
        page_title = raw.title
        _apply_sidecar(raw, sidecar, source, sidecar_report)
        title_source = _settle_title(raw, page_title, practice_id, rendered=path.suffix.lower() in RENDERED)
        places_from_text = not (raw.cities or raw.countries or _line_has_places(raw.meta_line))
        key = _record_key(source, practice_id, raw)
        if earlier and key in earlier:
            outcomes.append(replace(earlier[key], sidecar_warnings=sidecar_report.warnings))
            continue
        warnings: list[str] = []
        if title_source == titles.SLUG:
            warnings.append(f"{_NO_TITLE}; title {raw.title!r} made from the URL slug")
        outcome = FileOutcome(source, sidecar_warnings=sidecar_report.warnings, key=key, title_source=title_source,
                              places_from_text=places_from_text)
        try:
            outcome.practice = build_practice(raw, practice_id, source, warnings, current_year)
            outcome.blocks = block_digests(outcome.practice.body)
        except NotAPractice as exc:
            outcome.error = str(exc)
        outcome.warnings = [Rejected(source, w) for w in warnings]
        outcomes.append(outcome)
    return outcomes


def _give_back_to_body(raw: RawPage, line: str) -> None:
    """A short first paragraph taken for the title of a rendering that has none (the sidecar names
    another title) is the practice's first paragraph."""
    first = raw.sections[0] if raw.sections else None
    if first is not None and not first.heading:
        raw.sections[0] = Section("", f"{line}\n\n{first.text}".strip())
    else:
        raw.sections.insert(0, Section("", line))


def _line_has_places(line: str | None) -> bool:
    parts = gazetteer().split_listing_line(line) if line else None
    return bool(parts and (parts.cities or parts.countries))


def _settle_title(raw: RawPage, page_title: str, practice_id: str, rendered: bool) -> str:
    """Clean a rendered page's title (back label, boilerplate) and say where it came from; a page without
    one takes the sidecar's, else one made from the URL slug (listing facts, joined later, replace a slug
    title). An export's title is its author's: kept as it is."""
    clean = titles.clean_title if rendered else str.strip
    raw.title, page_title = clean(raw.title), clean(page_title)
    if raw.title and raw.title != page_title:
        if raw.title_guessed and page_title and fold(page_title) != fold(raw.title):
            _give_back_to_body(raw, page_title)
        return titles.SIDECAR
    if raw.title:
        return titles.PAGE
    slug = practice_id
    if raw.url:
        from practice_search.ingest.listing import detail_slug  # BeautifulSoup comes with it: only when needed

        slug = detail_slug(raw.url) or practice_id
    raw.title = titles.title_from_slug(slug)
    return titles.SLUG


def _record_key(source: str, practice_id: str, raw: RawPage) -> str:
    """Digest of every input of build_practice but the year (a dataclass repr lists all fields)."""
    blob = repr((source, practice_id, raw)).encode("utf-8", "backslashreplace")
    return hashlib.sha256(blob).hexdigest()


def block_digests(body: str) -> list[str]:
    """A short digest of each block's boilerplate key: kept with a cached practice, it spares finish() folding
    every block of the corpus on every run."""
    return [hashlib.blake2b(block_key(b).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
            for b in body_lines(body)]


def assemble(outcomes: list[FileOutcome], report: IngestReport,
             current_year: int | None = None) -> list[list[str] | None]:
    """Add the outcomes to the report in corpus order; the first file read keeps a repeated id.

    Listing pages are reported as listings, and their items' facts are joined to the detail pages
    they describe, as a crawl's sidecars would be. Returns the block digests of the practices
    added, in the same order, for finish().
    """
    facts = _ListingFacts([o for o in outcomes if o.listing is not None], report)
    digests: list[list[str] | None] = []
    seen: dict[str, str] = {}
    for outcome in outcomes:
        report.warnings.extend(outcome.sidecar_warnings)
        practice = outcome.practice
        if outcome.listing is not None:
            continue
        if practice is None:
            report.rejected.append(Rejected(outcome.source, outcome.error or "not a practice"))
            continue
        if practice.id in seen:
            first = seen[practice.id]
            report.rejected.append(Rejected(outcome.source, f"duplicate id {practice.id!r} (first seen in {first})"))
            continue
        seen[practice.id] = outcome.source
        practice, title_source = facts.join(practice, outcome, current_year)
        report.warnings.extend(outcome.warnings if title_source != titles.LISTING else [
            *(w for w in outcome.warnings if not w.reason.startswith(_NO_TITLE)),
            Rejected(outcome.source, f"{_NO_TITLE}; title {practice.title!r} taken from a listing page")])
        report.practices.append(practice)
        report.title_sources[practice.id] = title_source
        digests.append(outcome.blocks)
    return digests


class _ListingFacts:
    """The items of the corpus's listing pages, found by slug, detail URL or title."""

    def __init__(self, listings: list[FileOutcome], report: IngestReport) -> None:
        self.by_key: dict[str, tuple[dict, ListingFound]] = {}
        for outcome in listings:
            found = ListingFound(outcome.source, len(outcome.listing or []))
            report.listings.append(found)
            for item in outcome.listing or []:
                for key in (f"slug:{item.get('slug')}", f"url:{item.get('url')}", f"title:{fold(item['title'])}"):
                    self.by_key.setdefault(key, (item, found))

    def join(self, practice: Practice, outcome: FileOutcome, current_year: int | None) -> tuple[Practice, str]:
        """The practice with the facts its page lacks taken from its listing item; and where its title came from.

        A title made from the slug gives way to the listing's; cities found only in the prose give way
        to the listing's places; a missing period or URL is filled in.
        """
        title_source = outcome.title_source or titles.PAGE
        match = self._item_for(practice) if self.by_key else None
        if match is None:
            return practice, title_source
        item, found = match
        changed = replace(practice)
        if title_source == titles.SLUG and item.get("title"):
            changed.title, title_source = item["title"], titles.LISTING
        if outcome.places_from_text and (item.get("cities") or item.get("countries")):
            g = gazetteer()
            changed.cities = list(dict.fromkeys(g.canonical_city(c) for c in item.get("cities") or []))
            changed.countries = list(dict.fromkeys([g.canonical_country(c) for c in item.get("countries") or []]
                                                   + g.countries_of(changed.cities)))
        if not changed.period and item.get("period"):
            parsed = parse_period(item["period"], current_year)
            changed.period = item["period"]
            changed.start_year, changed.end_year, changed.ongoing, changed.years = (
                parsed.start_year, parsed.end_year, parsed.ongoing, parsed.years)
        if not changed.url and item.get("url"):
            changed.url = item["url"]
        if changed == practice:
            return practice, title_source
        changed.content_hash = changed.compute_hash()
        found.joined.append(practice.id)
        return changed, title_source

    def _item_for(self, practice: Practice) -> tuple[dict, ListingFound] | None:
        keys = [f"slug:{practice.id}", f"title:{fold(practice.title)}"]
        if practice.url:
            from practice_search.ingest.listing import detail_slug

            keys[1:1] = [f"url:{practice.url}", f"slug:{detail_slug(practice.url)}"]
        return next((self.by_key[k] for k in keys if k in self.by_key), None)


def finish(report: IngestReport, digests: list[list[str] | None] | None = None,
           known: set[str] | None = None) -> set[str]:
    """Corpus-wide steps: drop boilerplate repeated across pages, then infer topics; returns the boilerplate.

    `known` is what the index's last build learned, used when this corpus is too small to learn from.
    """
    repeated = repeated_blocks(_blocks_seen_twice([body_lines(p.body) for p in report.practices], digests))
    repeated = carry_over(repeated, known, len(report.practices))
    report.practices = infer_topics([strip_blocks(p, repeated) for p in report.practices])
    return repeated


def _blocks_seen_twice(documents: list[list[str]], digests: list[list[str] | None] | None) -> list[list[str]]:
    """Each document's blocks whose digest also occurs in another document: only they can be boilerplate.

    repeated_blocks still sees every document (the share is of all of them) and computes the real
    keys of the blocks it is given, so its answer is the same as from all blocks; equal keys have
    equal digests, so no repeated block is missed. Without a digest for every block, all are kept.
    """
    if digests is None or len(digests) != len(documents) or any(
            d is None or len(d) != len(blocks) for blocks, d in zip(documents, digests, strict=True)):
        return documents
    counts = Counter(digest for d in digests for digest in set(d))
    return [[b for b, digest in zip(blocks, d, strict=True) if counts[digest] > 1]
            for blocks, d in zip(documents, digests, strict=True)]


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
            elif kind := _special_kind(path):
                reject(path, f"not a regular file ({kind}); skipped without opening it")
            else:
                yield path


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _special_kind(path: Path, mode: int | None = None) -> str | None:
    """What a non-regular file is (reading a FIFO or a device could block forever); None for a regular one.

    From the file's status only (a symlink's target), so nothing is opened; a file that cannot even be
    stat'ed is left to the reader, which reports it as unreadable.
    """
    if mode is None:
        try:
            mode = path.stat().st_mode
        except OSError:
            return None
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a file")


def _is_utf8(name: str) -> bool:
    """os.walk hands over undecodable bytes as lone surrogates, which no later step can store or print."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display(path: Path | str) -> str:
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_file(path: Path, rel: str) -> Iterator[tuple[str, str, RawPage | list | None, str | None]]:
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
        items = _listing_items(text, is_html)
        if items is not None:
            yield rel, "", items, None
            return
        raw = _parse_html(text) if is_html else parse_text(text)
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
    """The file's bytes, refused from its status alone when it is too large or not a regular file.

    Opened without blocking and checked again on the open descriptor, so a FIFO put in a file's place
    after the corpus was listed cannot hang the indexer either.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if kind := _special_kind(path, info.st_mode):
            raise NotAPractice(f"not a regular file ({kind}); skipped")
        if info.st_size > MAX_FILE_BYTES:
            raise NotAPractice(f"file too large ({info.st_size // (1024 * 1024)} MB; "
                               f"limit {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        data = handle.read()
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
        from bs4 import UnicodeDammit  # imported here, like the HTML parser: most runs need neither
        from bs4.dammit import EncodingDetector

        repaired = data.decode("utf-8-sig", errors="replace")
        damaged = repaired.count("\ufffd")
        if sum(1 for c in repaired if c > "\x7f") - damaged > damaged:
            return repaired
        declared = EncodingDetector.find_declared_encoding(data, is_html=is_html) if is_html else None
        dammit = UnicodeDammit(data, [e for e in (declared, "windows-1252", "iso-8859-1") if e])
        if dammit.unicode_markup is None:
            raise NotAPractice("cannot decode the file's text") from None
        return dammit.unicode_markup


def _listing_items(text: str, is_html: bool) -> list | None:
    """A listing page's items (HTML or text), or None for any other page."""
    from practice_search.ingest.listing import listing_items, text_listing_items

    return listing_items(text) if is_html else text_listing_items(text)


def _parse_html(text: str) -> RawPage:
    from practice_search.ingest.html_page import parse_html  # BeautifulSoup is a tenth of a second to import

    return parse_html(text)


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
        if key in ("cities", "countries") and value and raw.meta_line:
            # the sidecar's places replace the page's place line, but not the period written on it
            raw.period = raw.period or gazetteer().split_listing_line(raw.meta_line).period
            raw.meta_line = None
        target = "summary" if key == "teaser" else "language_hint" if key == "language" else key
        setattr(raw, target, value)
