"""Most of the words: which practices a query's meaningful words admit, and in what order.

A query of several words rarely has every word in every practice worth reading ("how can refugees
find housing after leaving reception centres"). Practices holding all the meaningful words come
first, by BM25F; then those holding most of them: all of 1-2 words, n-1 of 3-4, about 70% beyond, and
when fewer than MIN_RANKED practices reach that share, lower shares down to a single word ("interfaith
dialogue": the interfaith network that never says "dialogue" is worth the second page). Partial matches
rank by their share of the words plus their BM25F relative to the best practice, so a page that is
strongly about two of three words can pass one that mentions all three but one of them in passing.
Among the practices holding every word, those holding them as typed come before those that hold some only
through the thesaurus ("welcome desk": a page saying "welcome desk" before one saying "welcome centre").
Phrases, field:value items and exclusions stay strict in every mode, and `match="all"` keeps only the
practices that hold every word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from practice_search.search.query import QueryPlan
from practice_search.search.term_arrays import TermArrays, Unsupported

MIN_RANKED = 40  # fewer practices than four pages at the required share: admit lower shares, down to one word
COVERAGE_WEIGHT = 1.0  # a partial match's rank: COVERAGE_WEIGHT x its share of the words + its BM25F / the best
TYPED_WEIGHT = 0.25  # an all-words match's rank: its BM25F / the best + TYPED_WEIGHT x its share held as typed
Evaluate = Callable[[wq.Query], tuple[np.ndarray, np.ndarray]]


def required(concepts: int) -> int:
    """How many of a query's meaningful words a practice must hold in "most" mode."""
    if concepts <= 2:
        return concepts
    if concepts <= 4:
        return concepts - 1
    return math.ceil(0.7 * concepts)


@dataclass
class Matches:
    ranked: np.ndarray     # the practices the results come from (before filters)
    all_words: np.ndarray  # those holding every meaningful word
    scores: np.ndarray     # BM25F of every item a practice holds
    order: np.ndarray      # ranking key: all-words matches first, then share of the words + relative score
    relaxed: bool          # no practice held all the words; the best partial matches are shown


def match(evaluate: Evaluate, plan: QueryPlan, live: np.ndarray, mode: str = "most") -> Matches:
    """Evaluate each item once; count the concepts each practice holds."""
    allowed = live.copy()
    scores = np.zeros(len(live))
    coverage = np.zeros(len(live), dtype=np.int32)
    typed = np.zeros(len(live))
    for q in plan.strict:
        mask, item_scores = evaluate(q)
        allowed &= mask
        scores += item_scores
    admitted = allowed.copy()  # the share is chosen before exclusions: '-word' never brings more practices in
    for q in plan.excluded:
        allowed &= ~evaluate(q)[0]
    for n, q in enumerate(plan.concepts):
        mask, item_scores = evaluate(q)
        coverage += mask
        scores += np.where(mask, item_scores, 0.0)
        typed += _typed_share(evaluate, plan.typed[n] if n < len(plan.typed) else q, q, mask, item_scores)
    for q in plan.optional:
        mask, item_scores = evaluate(q)
        scores += np.where(mask, item_scores, 0.0)
    n = len(plan.concepts)
    all_words = allowed & (coverage >= n)
    need = n if mode == "all" else required(n)
    ranked = allowed & (coverage >= need)
    if mode == "most":
        while need > 1 and (admitted & (coverage >= need)).sum() < MIN_RANKED:  # few pages say most of it
            need -= 1
        ranked = allowed & (coverage >= need)
    relaxed = False
    if mode == "most" and n > 1 and not all_words.any():
        best = int(coverage[allowed].max()) if allowed.any() else 0
        ranked = allowed & (coverage >= max(1, min(need, best)))
        relaxed = bool(ranked.any())
    return Matches(ranked, all_words, scores, rank_key(all_words, coverage, n, scores, typed), relaxed)


def _typed_share(evaluate: Evaluate, as_typed: wq.Query | None, q: wq.Query, mask: np.ndarray,
                 item_scores: np.ndarray) -> np.ndarray:
    """How much of a concept each practice holds as typed: the share of the concept's score that its typed
    words give (1 when the concept has no expansion). A share, not a yes/no: a page about the Roma that
    says "travel" once holds "Travellers" mostly through its synonyms; counted as typed, it would pass
    the Roma pages that are the answer."""
    if as_typed is None:
        return np.zeros(len(mask))
    if as_typed == q:
        return mask.astype(float)
    typed_scores = evaluate(as_typed)[1]
    return np.where(mask, np.minimum(1.0, typed_scores / np.maximum(item_scores, 1e-12)), 0.0)


def rank_key(all_words: np.ndarray, coverage: np.ndarray, n: int, scores: np.ndarray,
             typed: np.ndarray) -> np.ndarray:
    """Every all-words match above every partial one, by BM25F plus TYPED_WEIGHT x the share of the words held
    as typed; partial matches by share of the words plus BM25F relative to the best practice.

    Strict tiers of word counts let a page that names a marginal word once outrank one that is about
    the query's rarer words (a long question's "set", "office" or "moved"); BM25F alone would let one
    frequent word outweigh the rest. The blend keeps both: more words or a higher score never ranks lower.
    Among all-words matches, the thesaurus's expansions can outscore the words themselves (a run such as
    "welcome desk" adds its synonym "welcome centre" to both of its words), so the share of the words held as
    typed counts too: a practice ranks above another whose typed share is lower by d unless that one's BM25F
    is higher by more than TYPED_WEIGHT x d x the best score. Partial matches ignore it: there, expansions
    are what brings the relevant pages in, and counting it lowered every set.
    """
    top = float(scores.max()) if len(scores) and scores.max() > 0 else 1.0
    partial = COVERAGE_WEIGHT * coverage / max(n, 1) + scores / top
    return np.where(all_words, COVERAGE_WEIGHT + 1.0 + TYPED_WEIGHT * typed / max(n, 1) + scores / top, partial)


def array_evaluator(arrays: TermArrays, searcher, live: np.ndarray) -> Evaluate:
    """Items on cached posting arrays; a query they cannot reproduce goes through Whoosh."""

    def evaluate(q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        try:
            return arrays.evaluate(q)
        except Unsupported:
            return whoosh_evaluate(searcher, q, live)

    return evaluate


def whoosh_evaluate(searcher, q: wq.Query, live: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mask = np.zeros(len(live), dtype=bool)
    scores = np.zeros(len(live))
    for hit in searcher.search(q, limit=None):
        mask[hit.docnum] = True
        scores[hit.docnum] = hit.score
    return mask & live, scores
