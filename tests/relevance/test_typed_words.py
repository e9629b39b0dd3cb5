"""The words as typed rank before what the thesaurus adds, without losing what it adds.

What the design guarantees (search/coverage.py, `rank_key`): among practices holding every meaningful word,
the rank is BM25F / the best + TYPED_WEIGHT x the share of the words held as typed (per word, the part of its
score its typed form gives). So a practice whose typed share is higher by d ranks first unless the other's
BM25F is higher by more than TYPED_WEIGHT x d x the best score; partial matches do not see the share, and
every practice the thesaurus brings in is still there. The pairs below are drawn from the thesaurus itself:
two pages alike but for one naming the thing as the query does and the other by a synonym.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.data_files import read_json
from practice_search.ingest.model import Practice
from practice_search.search import synonyms
from practice_search.search.coverage import TYPED_WEIGHT, match
from practice_search.search.engine import SearchEngine, SearchRequest
from practice_search.search.query import QueryPlan

FILLER = "zorvex quandle plimbo vurmish trasken gloddy brexel smorn"  # words no query uses: length, no meaning
DISTRACTORS = 4


def _pairs() -> list[tuple[str, str]]:
    """(as typed, synonym) from the thesaurus's groups, sharing no analysed term either way, where nothing the
    thesaurus adds to the typed words fits inside them (so the typed page holds only its typed words)."""
    pairs = []
    for group in read_json("synonyms.json")["groups"]:
        for typed in group:
            terms = set(synonyms.key(typed))
            added = synonyms.synonyms(typed) + synonyms.related(typed)
            added += [e for word in typed.split() for e in synonyms.synonyms(word) + synonyms.related(word)]
            if not terms or any(set(synonyms.key(e)) <= terms for e in added):
                continue
            pairs += [(typed, other) for other in group
                      if other != typed and synonyms.key(other) and not terms & set(synonyms.key(other))]
    return pairs


PAIRS = _pairs()
RUNS = [(typed, synonym) for typed, synonym in PAIRS if len(synonyms.key(typed)) > 1]  # the synonym adds to each word


def _practice(pid: str, text: str) -> Practice:
    return Practice(id=pid, title="Brexel smorn", body=f"{FILLER} {text}.", summary=FILLER, language="en")


def _engine(tmp_path, typed: str, synonym: str) -> SearchEngine:
    practices = [_practice("typed-page", typed), _practice("synonym-page", synonym)]
    practices += [_practice(f"other-{n}", FILLER) for n in range(DISTRACTORS)]
    build_full(IndexStore(tmp_path), practices)
    return SearchEngine(tmp_path)


def test_the_thesaurus_gives_enough_pairs():
    assert len(PAIRS) >= 50 and len(RUNS) >= 20


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.one_of(st.sampled_from(RUNS), st.sampled_from(PAIRS)))
def test_a_page_saying_the_words_as_typed_ranks_before_one_saying_a_synonym(tmp_path_factory, pair):
    typed, synonym = pair
    engine = _engine(tmp_path_factory.mktemp("typed"), typed, synonym)
    hits = {h["id"]: h for h in engine.search(SearchRequest(query=typed, per_page=10))["results"]}
    assert "typed-page" in hits
    # an entry with a stop word inside ("out of work") is no run of the query: its synonyms then reach no word
    assume("synonym-page" in hits and hits["synonym-page"]["all_words"])
    first, second = hits["typed-page"], hits["synonym-page"]
    order = list(hits)
    # typed share 1 against 0: the typed page leads unless the other's BM25F is higher by TYPED_WEIGHT x the best
    if second["score"] - first["score"] < TYPED_WEIGHT * max(first["score"], second["score"]):
        assert order.index("typed-page") < order.index("synonym-page"), (typed, synonym, first, second)


@pytest.mark.parametrize("query", ["welcome desk", "welcme desk"])
def test_a_run_whose_synonym_outscores_the_words_still_ranks_after_them(tmp_path, query):
    """'welcome desk' adds 'welcome centre' to both of its words: the page saying it scores higher, and the
    words as typed (or as corrected: 'welcme' is 'welcome') still lead."""
    engine = _engine(tmp_path, "welcome desk", "welcome centre")
    result = engine.search(SearchRequest(query=query, per_page=10))
    hits = {h["id"]: h for h in result["results"]}
    assert list(hits)[:2] == ["typed-page", "synonym-page"]
    assert hits["synonym-page"]["score"] > hits["typed-page"]["score"], "the expansion outscores the words"
    assert hits["typed-page"]["all_words"] and hits["synonym-page"]["all_words"]


def _plan(concepts: list[tuple[list[bool], list[float], list[float]]]):
    """A plan of concepts given (match mask, score, typed score) per practice, typed scores at most the score."""
    plan, table = QueryPlan(), {}
    for n, (mask, scores, typed) in enumerate(concepts):
        q, as_typed = wq.Term("body", f"w{n}"), wq.Term("body", f"t{n}")
        held = np.array(mask)
        table[q] = (held, np.where(held, scores, 0.0))
        table[as_typed] = (held & (np.array(typed) > 0), np.where(held, typed, 0.0))
        plan.concepts.append(q)
        plan.typed.append(as_typed)
    return plan, lambda q: (table[q][0].copy(), table[q][1].copy())


_SIZE = 12
_concept = st.tuples(st.lists(st.booleans(), min_size=_SIZE, max_size=_SIZE),
                     st.lists(st.floats(0.5, 10.0), min_size=_SIZE, max_size=_SIZE),
                     st.lists(st.floats(0.0, 1.0), min_size=_SIZE, max_size=_SIZE))


@given(st.lists(_concept, min_size=1, max_size=4))
def test_typed_share_orders_all_words_matches_and_nothing_else(concepts):
    concepts = [(mask, scores, [f * s for f, s in zip(fractions, scores, strict=True)])
                for mask, scores, fractions in concepts]
    plan, evaluate = _plan(concepts)
    live = np.ones(_SIZE, dtype=bool)
    found = match(evaluate, plan, live)
    untyped = match(evaluate, QueryPlan(concepts=plan.concepts), live)  # every concept counted as typed
    n = len(concepts)
    share = sum(np.where(m, np.array(t) / np.array(s), 0.0) for m, s, t in concepts) / n
    key, scores, whole = found.order, found.scores, found.all_words
    assert (found.ranked == untyped.ranked).all() and (whole == untyped.all_words).all(), "same practices"
    partial = found.ranked & ~whole
    assert np.allclose(key[partial], untyped.order[partial]), "partial matches do not see the typed share"
    if whole.any() and partial.any():
        assert key[whole].min() > key[partial].max()
    top = scores.max()
    for a in np.flatnonzero(whole):
        for b in np.flatnonzero(whole):
            if share[a] >= share[b] and scores[a] >= scores[b]:
                assert key[a] >= key[b] - 1e-9
            if scores[b] - scores[a] < TYPED_WEIGHT * (share[a] - share[b]) * top - 1e-9:
                assert key[a] > key[b]
