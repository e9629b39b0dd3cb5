"""`python -m practice_search.bench run --sizes 1000 10000`, `... profile --size 10000`, `... suggest --size 10000`.

The harness is the `bench` extra: `pip install 'practice-search[bench]'` brings tantivy and pyinstrument.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

try:
    from practice_search.bench import report
    from practice_search.bench.run import ENGINES, TierOptions, corpus_for, run_tier
    from practice_search.bench.stats import machine
except ModuleNotFoundError as missing:  # the bench extra is not installed
    sys.exit(f"the benchmark harness needs {missing.name}: pip install 'practice-search[bench]'")

RESULTS = Path("bench/results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m practice_search.bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run benchmark tiers and write results")
    run.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    run.add_argument("--rounds", type=int, default=3, help="timed passes over the query mix (naive and SQLite: 1)")
    run.add_argument("--http-seconds", type=float, default=20.0, help="0 skips the HTTP test")
    run.add_argument("--workers", type=int, default=2, help="gunicorn workers for the HTTP test")
    run.add_argument("--no-incremental", action="store_true")
    run.add_argument("--out", type=Path, default=RESULTS)
    profile = commands.add_parser("profile", help="pyinstrument profile of our engine over the query mix")
    profile.add_argument("--size", type=int, default=10000)
    profile.add_argument("--seed", type=int, default=1)
    profile.add_argument("--out", type=Path, default=RESULTS)
    suggest = commands.add_parser("suggest", help="search-as-you-type latency, ours beside a scan of all titles")
    suggest.add_argument("--size", type=int, default=10000)
    suggest.add_argument("--seed", type=int, default=1)
    suggest.add_argument("--rounds", type=int, default=3)
    suggest.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    commands_by_name = {"run": _run, "profile": _profile, "suggest": _suggest}
    return commands_by_name[args.command](args)


def _run(args: argparse.Namespace) -> int:
    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(), "tiers": []}
    for size in args.sizes:
        print(f"tier {size:,}", flush=True)
        options = TierOptions(size=size, work=args.out, seed=args.seed, engines=tuple(args.engines),
                              rounds=args.rounds, http_seconds=args.http_seconds, http_workers=args.workers,
                              incremental=not args.no_incremental)
        tier = run_tier(options, log=lambda line: print(line, flush=True))
        results["tiers"].append(tier.data)
        json_path, md_path = report.write(results, args.out)
    print(f"results: {md_path} and {json_path}")
    return 0


def _index_for(size: int, seed: int, out: Path) -> Path:
    """Our index of the synthetic corpus of this size, built unless a previous run left it."""
    from practice_search.bench.engines.ours import Ours
    from practice_search.ingest.corpus import load_corpus

    corpus = corpus_for(size, seed, out / "cache", print)
    folder = out / f"indexes-{size}" / "ours"
    if not (folder / "CURRENT").exists():
        Ours(folder).build(load_corpus(corpus).practices)
    return folder


def _suggest(args: argparse.Namespace) -> int:
    from practice_search.bench import suggest

    result = suggest.run(_index_for(args.size, args.seed, args.out), rounds=args.rounds)
    print(f"results: {suggest.write(result, args.out)}")
    return 0


def _profile(args: argparse.Namespace) -> int:
    from pyinstrument import Profiler

    from practice_search.bench.engines.ours import Ours
    from practice_search.bench.queries import QUERY_MIX
    from practice_search.ingest.corpus import load_corpus

    corpus = corpus_for(args.size, args.seed, args.out / "cache", print)
    folder = args.out / f"indexes-{args.size}" / "ours"
    engine = Ours(folder)
    if not folder.exists():
        engine.build(load_corpus(corpus).practices)
    engine.open()
    for query in QUERY_MIX:
        engine.search(query)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(3):
            for query in QUERY_MIX:
                engine.search(query)
    path = args.out / f"profile-search-{args.size}.txt"
    path.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    print(profiler.output_text(unicode=True))
    print(f"profile: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
