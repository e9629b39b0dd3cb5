"""Write practices into a new index generation and publish it."""

from __future__ import annotations

import gc
import heapq
import itertools
import marshal
import shutil
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter, sub

from whoosh import index as whoosh_index
from whoosh.codec.base import PerDocumentReader
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_uint, unpack_uint

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
    # One writer process: it leaves the other cores to the web workers while a rebuild runs, and a
    # killed build leaves no helper processes behind that still hold the index lock.
    writer = ix.writer(codec=BuildCodec(), compound=False)  # a compound segment is copied into every searcher
    writer.pool = TermPool(writer.temp_storage(), WRITER_MEMORY_MB)
    spelling = _tally_spelling(writer.schema)
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
        """Each (field, term) in order with its postings: what BuildCodec's field writer takes (Whoosh's
        take postings one by one; this pool only ever feeds BuildCodec)."""
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


class BuildCodec(W3Codec):
    """Whoosh's own index format, written a posting list at a time instead of a posting at a time.

    Its segments name the plain W3Codec, so reading an index never needs this class.
    """

    def new_segment(self, storage: Storage, indexname: str) -> W3Segment:
        return W3Segment(W3Codec(), indexname)

    def field_writer(self, storage: Storage, segment: W3Segment) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: StructFile, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Schema, lengths: PerDocumentReader, items: Iterable[TermList]) -> None:
        """TermPool's terms in order, each term's postings written in one call."""
        current = None
        for (fieldname, btext), postings in items:
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                current, field_lengths = fieldname, _field_lengths(lengths, fieldname)
            self.start_term(btext)
            _, _, ids, weights, values = zip(*postings, strict=True)
            self._postwriter.add_posting_list(ids, weights, values, [field_lengths[d] for d in ids])
            self.finish_term()
        if current is not None:
            self.finish_field()


def _field_lengths(lengths: PerDocumentReader, fieldname: str) -> list[int | None]:
    """Each document's length in the field, read once instead of once per posting."""
    length_of = lengths.doc_field_length_reader(fieldname)
    return [length_of(docnum) for docnum in range(lengths.doc_count_all())]


class _PostingsWriter(W3PostingsWriter):
    """Writes documents' postings (not term vectors, whose ids are terms)."""

    def add_posting_list(self, ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes],
                         lengths: Sequence[int | None]) -> None:
        """What `add_posting` does for each posting in turn, a block at a time: same blocks, same bytes."""
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                self._write_block()
            end = start + limit
            self._ids = array("I", ids[start:end])
            self._weights = array("f", weights[start:end])
            self._values = [v for v in values[start:end] if v]
            self._maxweight = max(0, *weights[start:end])
            known = [n for n in lengths[start:end] if n]
            self._minlength = min(known) if known else None
            self._maxlength = max(known) if known else 0

    def _mini_ids(self) -> tuple:
        """The block's docnum gaps, as Whoosh's `_mini_ids` gives them, without a generator step per posting."""
        ids = self._ids
        return (ids[0], *map(sub, ids[1:], ids)) if ids else ()

    def _mini_weights(self) -> tuple | float | None:
        """As Whoosh's `_mini_weights`: None if all are 1, the one weight if all are equal, else all of them."""
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)


_key = itemgetter(0)


def _term_lists() -> defaultdict[bytes, list[Posting]]:
    return defaultdict(list)
