"""Posting lists, positions and field lengths read in bulk equal what Whoosh's own API reads.

The index has two segments and deleted documents in the first, as after an incremental update, so
the block readers' segment offsets and deletion filtering are exercised too.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import index as whoosh_index

from practice_search.index import whoosh_internals as internals
from practice_search.index.build import build_full
from practice_search.index.schema import TEXT_FIELDS, document_for
from practice_search.index.store import IndexStore
from practice_search.search.facets import FacetTable
from practice_search.search.term_arrays import TermArrays, _read_positions, _read_postings

FIELDS = (*TEXT_FIELDS, "text_es", "topic")


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, corpus_report):
    practices = corpus_report.practices
    store = IndexStore(tmp_path_factory.mktemp("two-segments"))
    ix = whoosh_index.open_dir(str(build_full(store, practices).path))
    with ix.writer() as writer:
        for practice in practices[:40:3]:
            writer.delete_by_term("id", practice.id)
        for practice in practices[:6]:
            writer.update_document(**document_for(practice))
    searcher = ix.searcher()
    assert len(searcher.reader().leaf_readers()) == 2 and searcher.reader().has_deletions()
    yield searcher
    searcher.close()


def _terms(searcher, field: str) -> list[str]:
    return list(searcher.reader().field_terms(field))


def _reference_postings(reader, field, text):
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field, leaf.schema[field].to_bytes(text)) in leaf:
            matcher = leaf.postings(field, text)
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                weights.append(matcher.weight())
                matcher.next()
    return ids, weights


def _reference_positions(reader, field, text):
    ids, counts, positions = [], [], []
    for leaf, offset in reader.leaf_readers():
        if (field, leaf.schema[field].to_bytes(text)) in leaf:
            for docnum, doc_positions in leaf.postings(field, text).items_as("positions"):
                ids.append(docnum + offset)
                counts.append(len(doc_positions))
                positions.extend(doc_positions)
    return ids, counts, positions


@pytest.mark.parametrize("field", FIELDS)
def test_postings_equal_whoosh_matchers(searcher, field):
    reader = searcher.reader()
    terms = _terms(searcher, field)
    assert terms
    for text in terms:
        ids, weights = _read_postings(reader, field, text)
        expected_ids, expected_weights = _reference_postings(reader, field, text)
        assert ids.tolist() == expected_ids, text
        assert weights.tolist() == expected_weights, text


@pytest.mark.parametrize("field", [f for f in FIELDS if f != "topic"])
def test_positions_equal_whoosh_decoding(searcher, field):
    reader = searcher.reader()
    for text in _terms(searcher, field):
        ids, counts, positions = _read_positions(reader, field, text)
        expected = _reference_positions(reader, field, text)
        assert (ids.tolist(), counts.tolist(), positions.tolist()) == expected, text


def test_deleted_documents_have_no_postings(searcher):
    reader = searcher.reader()
    deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
    assert deleted
    found = set()
    for text in _terms(searcher, "body")[:300]:
        found.update(_read_postings(reader, "body", text)[0].tolist())
    assert found and not found & deleted


@pytest.mark.parametrize("field", [*FIELDS, "no_such_field"])
def test_field_lengths_equal_the_scorers(searcher, field):
    arrays = TermArrays(searcher, FacetTable(searcher.reader()).live)
    expected = [searcher.doc_field_length(d, field, 1) or 1 for d in range(searcher.reader().doc_count_all())]
    assert np.array_equal(arrays.lengths(field), np.asarray(expected, dtype=np.float32))


def test_common_terms_are_read_a_block_at_a_time_in_both_segments(searcher, monkeypatch):
    reader = searcher.reader()
    text = max(_terms(searcher, "body"), key=lambda t: reader.doc_frequency("body", t))
    blocks = []
    real = internals.block_postings
    monkeypatch.setattr(internals, "block_postings", lambda m: blocks.append(m) or real(m))
    ids, _ = _read_postings(reader, "body", text)
    assert len(blocks) == 2 and len(ids) > 100
    first_segment = reader.leaf_readers()[0][0].postings("body", text)
    assert type(internals.unwrapped(first_segment)[0]) is internals.W3LeafMatcher
    assert internals.unwrapped(first_segment)[1]  # the deletions it skips


def test_a_segment_without_the_field_gives_lengths_of_one(searcher):
    from practice_search.search.term_arrays import _segment_lengths

    leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    missing = [(leaf, field) for leaf in leaves for field in FIELDS
               if not leaf._perdoc.has_column(f"_{field}_len")]
    assert missing  # the second segment holds six practices: some local-language fields are absent
    for leaf, field in missing:
        assert _segment_lengths(leaf, field).tolist() == [1.0] * leaf.doc_count_all()
