"""Write practices into a new index generation and publish it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence

from whoosh import index as whoosh_index

from index.schema import build_schema, document_for
from index.store import Generation, IndexStore
from ingest.dedupe import duplicate_links
from ingest.model import Practice

WRITER_MEMORY_MB = 256


def build_full(store: IndexStore, practices: Sequence[Practice], extra_info: dict | None = None,
               progress: Callable[[int, int], None] | None = None) -> Generation:
    """A complete new generation beside the live one; it goes live only once fully written."""
    started = time.time()
    generation = store.new_generation()
    ix = whoosh_index.create_in(str(generation.path), build_schema())
    # One writer process: it leaves the other cores to the web workers while a rebuild runs, and a
    # killed build leaves no helper processes behind that still hold the index lock.
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    try:
        for n, practice in enumerate(practices, 1):
            writer.add_document(**document_for(practice))
            if progress:
                progress(n, len(practices))
        writer.commit()
    except BaseException:
        if not writer.is_closed:  # a commit that failed (disk full) has closed it; cancel would mask the error
            writer.cancel()
        shutil.rmtree(generation.path, ignore_errors=True)
        raise
    info = {"generation": generation.name, "documents": len(practices),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.time() - started, 3),
            "manifest": {p.id: p.content_hash for p in practices}, "whoosh_generation": ix.latest_generation(),
            "duplicates": duplicate_links(list(practices)),
            **(extra_info or {})}
    generation.write_info(info)
    store.publish(generation)
    return generation
