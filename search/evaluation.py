"""Relevance measurement with trec_eval's conventions: judged queries, graded qrels, TREC runs.

Files:
- queries: JSON Lines, one `{"id", "text", "category"?}` per line;
- qrels: tab-separated `query_id, doc_id, relevance` (a header line is allowed), relevance 0..4;
- runs: `qid Q0 docid rank score tag`; the rank column is ignored, documents are ordered by score
  (ties: the docid greater as a string first), as trec_eval does.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MEASURES = ("ndcg@10", "mrr", "p@5", "p@10", "r@20", "map")
COMPARED = ("ndcg@10", "p@5", "r@20", "mrr")  # the columns shown for ours beside the baseline


class EvaluationError(ValueError):
    """A queries, qrels or run file that cannot be read; the message says where."""


@dataclass
class Query:
    id: str
    text: str
    category: str = ""
    intended: str = ""  # for misspelled queries: the query the user meant


@dataclass
class Report:
    """Mean of every measure over all queries and per category, plus the per-query values."""

    overall: dict[str, float]
    categories: dict[str, dict[str, float]]
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"overall": self.overall, "categories": self.categories, "queries": self.counts["all"],
                "per_category_queries": {k: v for k, v in self.counts.items() if k != "all"},
                "per_query": self.per_query}


def read_queries(path: str | Path) -> list[Query]:
    queries = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            queries.append(Query(str(data["id"]), str(data["text"]), str(data.get("category") or ""),
                                 str(data.get("intended") or "")))
        except (ValueError, KeyError, TypeError):
            raise EvaluationError(f"{path}:{number}: expected a JSON object with 'id' and 'text'") from None
    if not queries:
        raise EvaluationError(f"{path}: no queries")
    return queries


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or line.startswith("#"):
            continue
        if len(parts) == 4:  # classic trec format: qid 0 docid rel
            parts = [parts[0], parts[2], parts[3]]
        if len(parts) != 3 or not parts[2].lstrip("-").isdecimal():
            if number == 1:
                continue  # header
            raise EvaluationError(f"{path}:{number}: expected 'query_id<TAB>doc_id<TAB>relevance'")
        qrels[parts[0]][parts[1]] = int(parts[2])
    return dict(qrels)


def read_run(lines: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
    run: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 6:
            raise EvaluationError(f"run line {number}: expected 'qid Q0 docid rank score tag'")
        try:
            run[parts[0]].append((parts[2], float(parts[4])))
        except ValueError:
            raise EvaluationError(f"run line {number}: score {parts[4]!r} is not a number") from None
    return dict(run)


def trec_lines(qid: str, ranked: list[tuple[str, float]], tag: str) -> list[str]:
    return [f"{qid} Q0 {docid} {rank} {score:.6f} {tag}" for rank, (docid, score) in enumerate(ranked, 1)]


def ordered(ranked: list[tuple[str, float]]) -> list[str]:
    """trec_eval's order: score descending, ties broken by the greater docid (as a string)."""
    return [d for d, _ in sorted(ranked, key=lambda ds: (ds[1], ds[0]), reverse=True)]


def ndcg(docs: list[str], judged: dict[str, int], k: int = 10) -> float:
    gains = [max(judged.get(d, 0), 0) for d in docs[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((max(g, 0) for g in judged.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(docs: list[str], judged: dict[str, int]) -> float:
    for i, d in enumerate(docs, 1):
        if judged.get(d, 0) > 0:
            return 1.0 / i
    return 0.0


def precision(docs: list[str], judged: dict[str, int], k: int) -> float:
    return sum(1 for d in docs[:k] if judged.get(d, 0) > 0) / k


def recall(docs: list[str], judged: dict[str, int], k: int) -> float:
    relevant = sum(1 for g in judged.values() if g > 0)
    return sum(1 for d in docs[:k] if judged.get(d, 0) > 0) / relevant if relevant else 0.0


def average_precision(docs: list[str], judged: dict[str, int]) -> float:
    relevant = sum(1 for g in judged.values() if g > 0)
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, d in enumerate(docs, 1):
        if judged.get(d, 0) > 0:
            hits += 1
            total += hits / i
    return total / relevant


def measure(docs: list[str], judged: dict[str, int]) -> dict[str, float]:
    return {"ndcg@10": ndcg(docs, judged), "mrr": reciprocal_rank(docs, judged), "p@5": precision(docs, judged, 5),
            "p@10": precision(docs, judged, 10), "r@20": recall(docs, judged, 20),
            "map": average_precision(docs, judged)}


def evaluate(queries: list[Query], qrels: dict[str, dict[str, int]],
             run: dict[str, list[tuple[str, float]]]) -> Report:
    """Every query counts (no results = 0); queries without qrels are an error, not silently skipped."""
    unjudged = [q.id for q in queries if q.id not in qrels]
    if unjudged:
        raise EvaluationError(f"no judgments for quer{'y' if len(unjudged) == 1 else 'ies'} {', '.join(unjudged[:5])}")
    per_query = {q.id: measure(ordered(run.get(q.id, [])), qrels[q.id]) for q in queries}
    groups: dict[str, list[str]] = defaultdict(list)
    for q in queries:
        groups[q.category or "uncategorised"].append(q.id)
    categories = {name: _mean(per_query[i] for i in ids) for name, ids in sorted(groups.items())}
    counts = {"all": len(queries), **{name: len(ids) for name, ids in groups.items()}}
    return Report(_mean(per_query.values()), categories, per_query, counts)


def _mean(rows: Iterable[dict[str, float]]) -> dict[str, float]:
    rows = list(rows)
    return {m: sum(r[m] for r in rows) / len(rows) for m in MEASURES} if rows else dict.fromkeys(MEASURES, 0.0)


def format_report(report: Report) -> str:
    header = f"{'':<16}{'queries':>8}" + "".join(f"{m:>9}" for m in MEASURES)
    lines = [header, _row("all", report.counts["all"], report.overall)]
    lines += [_row(name, report.counts[name], values) for name, values in report.categories.items()]
    return "\n".join(lines)


def _row(name: str, count: int, values: dict[str, float]) -> str:
    return f"{name:<16}{count:>8}" + "".join(f"{values[m]:>9.3f}" for m in MEASURES)


def format_comparison(ours: Report, baseline: Report, names: tuple[str, str] = ("ours", "bm25")) -> str:
    """Ours beside the baseline, overall and per category: each measure as 'ours base'."""
    header = f"{'':<16}{'queries':>8}" + "".join(f"{m:>16}" for m in COMPARED)
    sub = f"{'':<24}" + "".join(f"{names[0]:>8}{names[1]:>8}" for _ in COMPARED)
    rows = [("all", ours.counts["all"], ours.overall, baseline.overall)]
    rows += [(name, ours.counts[name], values, baseline.categories[name]) for name, values in ours.categories.items()]
    lines = [header, sub]
    for name, count, mine, theirs in rows:
        lines.append(f"{name:<16}{count:>8}" + "".join(f"{mine[m]:>8.3f}{theirs[m]:>8.3f}" for m in COMPARED))
    return "\n".join(lines)
