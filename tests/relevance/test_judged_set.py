"""The judged query set is well-formed, and the engine keeps its measured quality on it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from practice_search.cli import main
from practice_search.search.baseline import StockBM25
from practice_search.search.engine import SearchRequest
from practice_search.search.evaluation import evaluate, read_qrels, read_queries

DATA = Path(__file__).parent / "data"
QUERIES, QRELS = DATA / "queries.jsonl", DATA / "qrels.tsv"
BLIND = Path(__file__).parent / "blind"


def test_at_least_50_queries_in_every_category_with_graded_judgments(corpus_report):
    queries = read_queries(QUERIES)
    qrels = read_qrels(QRELS)
    assert len(queries) >= 50
    counts = Counter(q.category for q in queries)
    assert set(counts) == {"keyword", "place", "need", "variant", "misspelling", "language"}
    assert min(counts.values()) >= 8
    ids = {p.id for p in corpus_report.practices}
    for q in queries:
        assert max(qrels[q.id].values()) >= 2, q.id
        assert set(qrels[q.id]) <= ids
        assert all(0 <= g <= 3 for g in qrels[q.id].values())
    assert all(q.intended for q in queries if q.category == "misspelling")


def _search_run(engine, queries):
    run = {}
    for q in queries:
        ids = [hit["id"] for hit in engine.search(SearchRequest(query=q.text, per_page=20))["results"]]
        run[q.id] = [(d, float(len(ids) - n)) for n, d in enumerate(ids)]
    return run


def test_engine_quality_on_the_judged_set(engine):
    queries, qrels = read_queries(QUERIES), read_qrels(QRELS)
    report = evaluate(queries, qrels, _search_run(engine, queries))
    # Measured 0.85 (before this work: 0.76); the margin absorbs small corpus edits.
    assert report.overall["ndcg@10"] >= 0.80
    assert report.categories["variant"]["ndcg@10"] >= 0.65
    assert report.categories["misspelling"]["ndcg@10"] >= 0.80
    batch = evaluate(queries, qrels, {q.id: engine.rank(q.text, 100) for q in queries})
    assert batch.overall["ndcg@10"] >= 0.88


def _beside_baseline(engine, queries_file: Path, qrels_file: Path):
    queries, qrels = read_queries(queries_file), read_qrels(qrels_file)
    stock = StockBM25(engine.practices())
    baseline = evaluate(queries, qrels, {q.id: stock.rank(q.text, 20) for q in queries})
    return evaluate(queries, qrels, _search_run(engine, queries)), baseline


def test_ours_beats_the_stock_bm25_baseline_on_the_team_set(engine):
    """Measured 0.939 / R@20 0.979 against the baseline's 0.720 / 0.780 (issue 14)."""
    ours, stock = _beside_baseline(engine, QUERIES, QRELS)
    assert ours.overall["ndcg@10"] >= max(0.90, stock.overall["ndcg@10"] + 0.18)
    assert ours.overall["r@20"] >= max(0.94, stock.overall["r@20"] + 0.16)
    for kind in ("keyword", "need", "variant", "misspelling", "place"):
        assert ours.categories[kind]["ndcg@10"] >= stock.categories[kind]["ndcg@10"], kind


def test_ours_beats_the_baseline_on_the_blind_sets(engine):
    """Judged blind: measured 0.743 / R@20 0.753 against 0.504 / 0.502 (every kind above the baseline);
    across languages 0.746 / 0.753 against 0.143 / 0.184, every language above 0.68."""
    ours, stock = _beside_baseline(engine, BLIND / "queries.jsonl", BLIND / "qrels.tsv")
    assert ours.overall["ndcg@10"] >= stock.overall["ndcg@10"] + 0.18
    assert ours.overall["r@20"] >= stock.overall["r@20"] + 0.20
    for kind, values in ours.categories.items():
        assert values["ndcg@10"] >= stock.categories[kind]["ndcg@10"], kind
    across, stock_across = _beside_baseline(engine, BLIND / "crosslang_queries.jsonl", BLIND / "crosslang_qrels.tsv")
    assert across.overall["ndcg@10"] >= 0.70 and across.overall["r@20"] >= 0.70
    for language, values in across.categories.items():
        assert values["ndcg@10"] >= max(0.65, stock_across.categories[language]["ndcg@10"] + 0.35), language


def test_ours_beats_the_baseline_on_the_held_out_set(engine):
    """Held-out set 3, never tuned on: measured 0.694 / R@20 0.681 against 0.509 / 0.531, every kind
    above the baseline."""
    ours, stock = _beside_baseline(engine, BLIND / "heldout_queries.jsonl", BLIND / "heldout_qrels.tsv")
    assert ours.overall["ndcg@10"] >= stock.overall["ndcg@10"] + 0.15
    assert ours.overall["r@20"] >= stock.overall["r@20"] + 0.12
    for kind, values in ours.categories.items():
        assert values["ndcg@10"] >= stock.categories[kind]["ndcg@10"], kind


def test_misspelled_queries_get_the_intended_suggestion(engine):
    for q in read_queries(QUERIES):
        if q.intended:
            result = engine.search(SearchRequest(query=q.text))
            assert (result["suggestion"] or "").casefold() == q.intended.casefold(), q.text
            assert result["results"], q.text


def test_eval_command_prints_measures_per_category(sample_index):
    result = CliRunner().invoke(main, ["eval", str(QUERIES), str(QRELS), "--index", str(sample_index), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["categories"]) == {"keyword", "place", "need", "variant", "misspelling", "language"}
    assert {"ndcg@10", "mrr", "p@5"} <= set(data["overall"])
    assert data["spelling"]["correct"] == data["spelling"]["queries"] == 10
    assert data["baseline"]["overall"]["ndcg@10"] < data["overall"]["ndcg@10"]
    assert set(data["baseline"]["categories"]) == set(data["categories"])
    plain = CliRunner().invoke(main, ["eval", str(QUERIES), str(QRELS), "--index", str(sample_index)])
    assert "ndcg@10" in plain.output and "misspelling" in plain.output
    header, names = plain.output.splitlines()[:2]
    assert header.split() == ["queries", "ndcg@10", "p@5", "r@20", "mrr"]
    assert names.split() == ["ours", "bm25"] * 4


def test_eval_command_reports_bad_files_in_one_line(tmp_path, sample_index):
    bad = tmp_path / "q.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad), str(QRELS), "--index", str(sample_index)])
    assert result.exit_code == 1
    assert "q.jsonl:1" in result.output and "Traceback" not in result.output
