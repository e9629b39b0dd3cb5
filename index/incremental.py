"""Bring the index in line with a corpus folder, writing only the practices that changed.

The live generation's manifest ({id: content_hash}) is compared with a fresh scan of the corpus;
additions, changes and deletions go into the live generation in one Whoosh commit, which is
atomic (a new table of contents is renamed into place), so searchers see all of it or none.
A full rebuild writes a new generation instead and switches CURRENT when it is complete; it is
chosen when asked for, when there is no usable index, when the schema changed, or when most
practices changed anyway (then a fresh generation is as fast and leaves a rollback point).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from practice_search.index.build import WRITER_MEMORY_MB, build_full, text_bytes
from practice_search.index.parse_cache import CACHE_NAME, scan_corpus
from practice_search.index.schema import build_schema, document_for
from practice_search.index.store import Generation, IndexMissing, IndexStore
from practice_search.ingest.corpus import CorpusError, IngestReport, is_sample_corpus
from practice_search.ingest.dedupe import duplicate_links
from practice_search.ingest.progress import SILENT, Progress

FULL_REBUILD_SHARE = 0.5
FULL_REBUILD_MIN_CHANGES = 20


@dataclass
class IndexUpdate:
    """What one `practices index` run did, for the report and --json."""

    mode: str
    reason: str
    generation: str
    report: IngestReport
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    boilerplate_added: int = 0
    boilerplate_removed: int = 0
    parsed_files: int = 0
    cached_files: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"mode": self.mode, "reason": self.reason, "generation": self.generation,
                "documents": len(self.report.practices), "added": self.added, "changed": self.changed,
                "deleted": self.deleted, "boilerplate_added": self.boilerplate_added,
                "boilerplate_removed": self.boilerplate_removed, "parsed_files": self.parsed_files,
                "cached_files": self.cached_files, "seconds": self.seconds}


def update_index(store: IndexStore, corpus: str | Path, full: bool = False, progress: Progress = SILENT,
                 current_year: int | None = None) -> IndexUpdate:
    """Index `corpus` into `store`; the caller holds store.lock(). `progress` hears every phase."""
    started = time.time()
    store.root.mkdir(parents=True, exist_ok=True)
    store.cleanup()
    scan = scan_corpus(corpus, store.root / CACHE_NAME, progress, current_year, reparse=full,
                       known_boilerplate=_learned_boilerplate(store))
    report = scan.report
    if not report.practices:
        listings = f", {len(report.listings)} listing pages" if report.listings else ""
        raise CorpusError(f"no practice could be read from {corpus} ({len(report.rejected)} files rejected{listings})",
                          report)
    extra = {"corpus": str(Path(corpus).resolve()), "rejected": len(report.rejected),
             "boilerplate": sorted(scan.boilerplate), "sample": is_sample_corpus(corpus)}
    update = IndexUpdate("incremental", "", "", report, parsed_files=scan.parsed_files,
                         cached_files=scan.cached_files)
    live, reason = _live_index(store, full)
    if live is None:
        return _finish(_rebuild(store, update, extra, reason, progress), started)
    generation, ix = live
    info = generation.info()
    manifest = _manifest(ix, info)
    fresh = _diff(update, manifest)
    if "boilerplate" in info:
        update.boilerplate_added = len(scan.boilerplate - set(info["boilerplate"]))
        update.boilerplate_removed = len(set(info["boilerplate"]) - scan.boilerplate)
    changes = len(update.added) + len(update.changed) + len(update.deleted)
    if changes >= FULL_REBUILD_MIN_CHANGES and changes > FULL_REBUILD_SHARE * max(len(manifest), 1):
        ix.close()
        return _finish(_rebuild(store, update, extra, f"{changes} of {len(manifest)} practices changed",
                                progress), started)
    update.generation = generation.name
    if not changes:
        update.mode, update.reason = "unchanged", "nothing to write"
        if info.get("sample") != extra["sample"]:  # same texts, but the folder now says otherwise
            generation.write_info({**info, "sample": extra["sample"]})
        ix.close()
        return _finish(update, started)
    store.await_next_second()  # this commit's Last-Modified must be later than the one before
    _apply(ix, update, fresh, progress)
    progress.phase("near-duplicates")
    duplicates = duplicate_links(report.practices)
    generation.write_info({**info, **extra, "documents": len(fresh),
                           "manifest": {i: p.content_hash for i, p in fresh.items()},
                           "duplicates": duplicates,
                           "updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                           "last_update": {"added": len(update.added), "changed": len(update.changed),
                                           "deleted": len(update.deleted)},
                           "whoosh_generation": ix.latest_generation()})
    ix.close()
    update.reason = f"{changes} practices written"
    return _finish(update, started)


def _learned_boilerplate(store: IndexStore) -> set[str]:
    """The repeated lines the live generation's build learned (build.json keeps them with the index)."""
    try:
        learned = store.current().info().get("boilerplate")
    except IndexMissing:
        return set()
    return {line for line in learned if isinstance(line, str)} if isinstance(learned, list) else set()


def _live_index(store: IndexStore, full: bool) -> tuple[tuple[Generation, whoosh_index.Index] | None, str]:
    """The live generation opened for writing, or None and why a full rebuild is needed."""
    if full:
        return None, "requested"
    try:
        generation = store.current()
    except IndexMissing:
        return None, "no index yet"
    try:
        ix = whoosh_index.open_dir(str(generation.path))
    except ModuleNotFoundError as exc:  # its schema names modules of the layout before `practice_search`
        return None, f"the live index was written by an older version (it names the module '{exc.name}')"
    except Exception as exc:  # noqa: BLE001 - a schema pickled by an older version fails in many ways
        return None, f"live index unreadable ({type(exc).__name__}: {exc})"
    if set(ix.schema.names()) != set(build_schema().names()):
        ix.close()
        return None, "index schema changed"
    return (generation, ix), ""


def _manifest(ix: whoosh_index.Index, info: dict) -> dict[str, str]:
    """build.json's manifest when it describes the latest commit, else read back from the index itself.

    A crash between a Whoosh commit and the build.json update leaves them out of step; the index
    is the truth then.
    """
    if isinstance(info.get("manifest"), dict) and info.get("whoosh_generation") == ix.latest_generation():
        return info["manifest"]
    with ix.reader() as reader:
        return {fields["id"]: fields.get("content_hash", "") for fields in reader.all_stored_fields()}


def _diff(update: IndexUpdate, manifest: dict[str, str]) -> dict:
    fresh = {p.id: p for p in update.report.practices}
    update.added = [i for i in fresh if i not in manifest]
    update.changed = [i for i in fresh if i in manifest and manifest[i] != fresh[i].content_hash]
    update.deleted = sorted(i for i in manifest if i not in fresh)
    return fresh


def _previous_manifest(store: IndexStore) -> dict[str, str]:
    """What the live generation says it holds, for reporting a full rebuild's differences."""
    try:
        manifest = store.current().info().get("manifest")
    except IndexMissing:
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _apply(ix: whoosh_index.Index, update: IndexUpdate, fresh: dict, progress: Progress) -> None:
    # Separate files, not one compound file: every searcher would copy a compound segment into memory.
    writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
    try:
        for practice_id in update.deleted:
            writer.delete_by_term("id", practice_id)
        todo = [fresh[i] for i in update.added + update.changed]
        progress.phase("indexing", total=len(todo), total_bytes=sum(map(text_bytes, todo)))
        for practice in todo:
            writer.update_document(**document_for(practice))
            progress.advance(1, text_bytes(practice))
        progress.phase("commit (merging segments)")
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _rebuild(store: IndexStore, update: IndexUpdate, extra: dict, reason: str, progress: Progress) -> IndexUpdate:
    if not (update.added or update.changed or update.deleted):
        _diff(update, _previous_manifest(store))
    generation = build_full(store, update.report.practices, extra, progress=progress)
    update.mode, update.reason, update.generation = "full", reason, generation.name
    return update


def _finish(update: IndexUpdate, started: float) -> IndexUpdate:
    update.seconds = round(time.time() - started, 3)
    return update
