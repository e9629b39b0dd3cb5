"""The measures follow trec_eval's conventions (score order, docid tie-break, graded gains)."""

from __future__ import annotations

import math

import pytest

from practice_search.search.evaluation import (
    EvaluationError,
    Query,
    average_precision,
    evaluate,
    ndcg,
    ordered,
    read_qrels,
    read_run,
    reciprocal_rank,
)


def test_ndcg_uses_graded_gains_and_the_ideal_ranking():
    judged = {"a": 3, "b": 1, "c": 0}
    assert ndcg(["a", "b"], judged) == pytest.approx(1.0)
    swapped = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg(["b", "a"], judged) == pytest.approx(swapped)
    assert ndcg(["c"], judged) == 0.0


def test_run_order_is_by_score_then_greater_docid_whatever_the_rank_column():
    run = read_run(["1 Q0 d1 1 0.5 t", "1 Q0 d9 2 0.5 t", "1 Q0 d5 3 0.9 t"])
    assert ordered(run["1"]) == ["d5", "d9", "d1"]


def test_mrr_and_map():
    judged = {"x": 2, "y": 1}
    assert reciprocal_rank(["n", "x"], judged) == 0.5
    assert average_precision(["x", "n", "y"], judged) == pytest.approx((1 + 2 / 3) / 2)


def test_every_query_counts_and_unjudged_queries_are_an_error():
    queries = [Query("1", "a", "k"), Query("2", "b", "k")]
    report = evaluate(queries, {"1": {"d": 1}, "2": {"e": 1}}, {"1": [("d", 1.0)]})
    assert report.overall["mrr"] == 0.5
    assert report.categories["k"]["ndcg@10"] == 0.5
    with pytest.raises(EvaluationError):
        evaluate([Query("3", "c")], {"1": {"d": 1}}, {})


def test_qrels_with_header_and_bad_lines(tmp_path):
    good = tmp_path / "q.tsv"
    good.write_text("query_id\tdoc_id\trelevance\n1\td\t2\n", encoding="utf-8")
    assert read_qrels(good) == {"1": {"d": 2}}
    bad = tmp_path / "bad.tsv"
    bad.write_text("query_id\tdoc_id\trelevance\n1\td\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="bad.tsv:2"):
        read_qrels(bad)
