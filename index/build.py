"""Write practices into a new index generation and publish it."""

from __future__ import annotations

import gc
import heapq
import itertools
import marshal
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.system import pack_uint, unpack_uint

from practice_search.index import whoosh_internals as internals
from practice_search.index.schema import AnalysedText, build_schema, document_for
from practice_search.index.store import Generation, IndexStore
from practice_search.ingest.dedupe import duplicate_links
from practice_search.ingest.model import Practice
from practice_search.ingest.progress import SILENT, Progress

WRITER_MEMORY_MB = 256  # pooled postings; more are spilled to disk
Posting = tuple[str, bytes, int, float, bytes]  # field, term, docnum, weight, encoded value
TermList = tuple[tuple[str, bytes], list[Posting]]  # (field, term) and its postings in docnum order
POSTING_BYTES = 150  # memory a pooled posting takes besides its value bytes
RUN_CHUNK = 1000  # terms per record of a spilled run: marshal reads a file object slowly, bytes fast


def build_full(store: IndexStore, practices: Sequence[Practice], extra_info: dict | None = None,
               progress: Progress = SILENT) -> Generation:
    """A complete new generation beside the live one; it goes live only once fully written."""
    started = time.time()
    generation = store.new_generation()
    ix = whoosh_index.create_in(str(generation.path), build_schema())
    writer, spelling = _writer(ix)
    try:
        with _collector_paused():
            progress.phase("indexing", total=len(practices), total_bytes=sum(map(text_bytes, practices)))
            for practice in practices:
                writer.add_document(**document_for(practice))
                progress.advance(1, text_bytes(practice))
            for fieldname, counts in spelling.items():
                writer.pool.add_word_counts(fieldname, counts)
            progress.phase("commit (writing segments)")
            writer.commit()
    except BaseException:
        if not writer.is_closed:  # a commit that failed (disk full) has closed it; cancel would mask the error
            writer.cancel()
        shutil.rmtree(generation.path, ignore_errors=True)
        raise
    progress.phase("near-duplicates")
    duplicates = duplicate_links(list(practices))
    info = {"generation": generation.name, "documents": len(practices),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.time() - started, 3),
            "manifest": {p.id: p.content_hash for p in practices}, "whoosh_generation": ix.latest_generation(),
            "duplicates": duplicates,
            **(extra_info or {})}
    generation.write_info(info)
    store.publish(generation)
    return generation


def text_bytes(practice: Practice) -> int:
    """Roughly what indexing a practice costs, for an honest ETA (pages range from a paragraph to a report)."""
    return len(practice.title) + len(practice.summary or "") + len(practice.body)


def _writer(ix: whoosh_index.Index):
    """The build's writer: a posting list at a time through whoosh_internals' codec when it can be used,
    else Whoosh's own writer (slower, same index). One process either way: it leaves the other cores to
    the web workers, and a killed build leaves no helpers behind that still hold the index lock."""
    if not internals.usable():
        return ix.writer(limitmb=WRITER_MEMORY_MB, compound=False), {}
    writer = ix.writer(codec=internals.BuildCodec(), compound=False)  # a compound segment is copied into every searcher
    writer.pool = TermPool(writer.temp_storage(), WRITER_MEMORY_MB)
    return writer, _tally_spelling(writer.schema)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a build runs: each full collection walks every pooled
    posting (~10% of a 10k build), and a build makes no cycles worth collecting before it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tally_spelling(schema: Schema) -> dict[str, Counter[str]]:
    """Have the fields that keep spelling words count them, per spelling field, instead of posting them."""
    tallies = {}
    for name, field in schema.items():
        if isinstance(field, AnalysedText) and field.separate_spelling():
            field.spelling_tally = tallies[field.spelling_fieldname(name)] = Counter()
    return tallies


class TermPool:
    """The postings of a full build, grouped by term, in place of Whoosh's PostingPool.

    Whoosh's pool keeps a tuple per posting, sorts them all at commit and past its memory limit
    spills and merges runs posting by posting (at 10k practices, ~45% of the build). A build
    adds documents in docnum order, so each term's list is sorted already: only terms are sorted,
    and spilled runs merge term by term.
    """

    def __init__(self, storage: Storage, limitmb: int) -> None:
        self._storage, self._limit = storage, limitmb * 1024 * 1024
        self._fields: defaultdict[str, defaultdict[bytes, list[Posting]]] = defaultdict(_term_lists)
        self._size = 0
        self._runs: list[str] = []

    def add(self, item: Posting) -> None:
        self._fields[item[0]][item[1]].append(item)
        self._size += POSTING_BYTES + len(item[4])
        if self._size > self._limit:
            self._spill()

    def add_word_counts(self, fieldname: str, counts: Counter[str]) -> None:
        """A spelling field's words. Whoosh files each document's spelling words as a posting for
        document 0, so only how many documents have a word matters: one posting per word, weighted
        by that count (what `reader.frequency` reports; its doc_frequency is 1)."""
        terms = self._fields[fieldname]
        for word, count in counts.items():
            btext = word.encode("utf-8")
            terms[btext] = [(fieldname, btext, 0, float(count), pack_uint(count))]

    def iter_postings(self) -> Iterator[TermList]:
        """Each (field, term) in order with its postings: what whoosh_internals.BuildCodec's field writer
        takes (Whoosh's take postings one by one; this pool only ever feeds BuildCodec)."""
        runs = [self._read_run(name) for name in self._runs]
        for key, groups in itertools.groupby(heapq.merge(*runs, self._sorted_terms(), key=_key), key=_key):
            lists = [postings for _, postings in groups]
            yield key, lists[0] if len(lists) == 1 else list(itertools.chain.from_iterable(lists))

    def cleanup(self) -> None:
        for name in self._runs:
            if self._storage.file_exists(name):
                self._storage.delete_file(name)
        self._runs = []

    def _spill(self) -> None:
        """Write the pooled terms, sorted, to a run file; later runs hold later documents."""
        name = f"terms-{len(self._runs)}.run"
        terms = list(self._sorted_terms())
        with self._storage.create_file(name) as f:
            for start in range(0, len(terms), RUN_CHUNK):
                chunk = marshal.dumps(terms[start:start + RUN_CHUNK])
                f.write_uint(len(chunk))
                f.write(chunk)
        self._runs.append(name)

    def _sorted_terms(self) -> Iterator[TermList]:
        """((field, term), postings) in order, emptying the pool."""
        fields, self._fields, self._size = self._fields, defaultdict(_term_lists), 0
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for btext in sorted(terms):
                yield (fieldname, btext), terms[btext]

    def _read_run(self, name: str) -> Iterator[TermList]:
        with self._storage.open_file(name) as f:
            while header := f.read(4):
                yield from marshal.loads(f.read(unpack_uint(header)[0]))


_key = itemgetter(0)


def _term_lists() -> defaultdict[bytes, list[Posting]]:
    return defaultdict(list)
