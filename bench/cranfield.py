"""Cranfield, end to end, beside the BM25 reference: `make eval-cranfield DATA=/path/to/cranfield`.

The collection is not ours, so it never enters the project or its test suite: this command takes
the folder a user has (`docs.jsonl`, `queries.jsonl`, `qrels.tsv`), indexes the documents through
the normal JSONL path into a scratch folder, runs the 225 queries in batch mode (plain words,
partial matches ranked, as `practices search --batch` does) and scores the run. It exits 1 when
our nDCG@10 or MAP falls below the reference, so it can guard a ranking change.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import CorpusError, load_corpus
from practice_search.search.engine import SearchEngine
from practice_search.search.evaluation import EvaluationError, evaluate, read_qrels, read_queries

# BM25 as the collection's README reports it (Cranfield 1400, 225 queries, graded qrels).
REFERENCE = {"ndcg@10": 0.367, "map": 0.305, "p@10": 0.233}
FILES = ("docs.jsonl", "queries.jsonl", "qrels.tsv")
TOP = 1000


def evaluate_cranfield(data: Path, work: Path) -> dict:
    """Our scores on the collection in `data`, with scratch files under `work`."""
    corpus = work / "corpus"
    corpus.mkdir()
    shutil.copyfile(data / "docs.jsonl", corpus / "docs.jsonl")  # the corpus walker skips symlinks
    report = load_corpus(corpus)
    build_full(IndexStore(work / "index"), report.practices)
    engine = SearchEngine(work / "index")
    queries = read_queries(data / "queries.jsonl")
    run = {q.id: engine.rank(q.text, TOP) for q in queries}
    scores = evaluate(queries, read_qrels(data / "qrels.tsv"), run).overall
    return {"documents": len(report.practices), "rejected": [r.source for r in report.rejected],
            "queries": len(queries), "ours": {k: round(scores[k], 3) for k in REFERENCE},
            "reference": REFERENCE}


def format_table(result: dict) -> str:
    names = list(REFERENCE)
    lines = [f"Cranfield: {result['documents']} documents indexed ({len(result['rejected'])} rejected: empty), "
             f"{result['queries']} queries, batch mode, top {TOP}", "",
             f"{'run':<28}" + "".join(f"{n:>10}" for n in names),
             f"{'BM25 reference (README)':<28}" + "".join(f"{result['reference'][n]:>10.3f}" for n in names),
             f"{'practice-search':<28}" + "".join(f"{result['ours'][n]:>10.3f}" for n in names)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m practice_search.bench.cranfield", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="folder holding docs.jsonl, queries.jsonl and qrels.tsv")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    missing = [name for name in FILES if not (args.data / name).is_file()]
    if missing:
        print(f"error: {args.data} lacks {', '.join(missing)} (expected {', '.join(FILES)})", file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="cranfield-") as work:
            result = evaluate_cranfield(args.data, Path(work))
    except (CorpusError, EvaluationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    below = [n for n in ("ndcg@10", "map") if result["ours"][n] < REFERENCE[n]]
    if below:
        print(f"below the BM25 reference on {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
