"""One benchmark tier: synthesise N practices, build every engine, time the query mix, load the server.

Every engine runs in the same process on the same documents and queries, pair by pair in
the same run, so ratios stay meaningful on a noisy machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from practice_search.bench.engines.common import Answer, folder_size
from practice_search.bench.engines.naive import NaiveWhoosh
from practice_search.bench.engines.ours import Ours
from practice_search.bench.engines.sqlite_fts import SqliteFts
from practice_search.bench.engines.tantivy_engine import Tantivy
from practice_search.bench.queries import QUERY_MIX, BenchQuery
from practice_search.bench.stats import summarise
from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.synth import synthesise

ENGINES = {"ours": Ours, "naive": NaiveWhoosh, "tantivy": Tantivy, "sqlite": SqliteFts}
SLOW_ENGINES = ("naive", "sqlite")
Log = Callable[[str], None]


def make_engine(name: str, indexes: Path):
    """Native baselines answer the product's own queries, built from our index (built first)."""
    if name in ("tantivy", "sqlite"):
        return ENGINES[name](indexes / name, reference=indexes / "ours")
    return ENGINES[name](indexes / name)


@dataclass
class TierOptions:
    size: int
    work: Path
    seed: int = 1
    engines: tuple[str, ...] = tuple(ENGINES)  # "ours" first: the baselines take their queries from it
    rounds: int = 3
    slow_rounds: int = 1  # for the engines in SLOW_ENGINES: seconds per query at 10k and more
    http_seconds: float = 20.0
    http_workers: int = 2
    connections: int = 16
    incremental: bool = True


@dataclass
class TierResult:
    size: int
    data: dict = field(default_factory=dict)


def corpus_for(size: int, seed: int, cache: Path, log: Log) -> Path:
    """The synthetic corpus for (size, seed), generated once and kept (it is deterministic)."""
    folder = cache / f"corpus-{size}-s{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        synthesise(size, folder, seed=seed)
        (folder / ".complete").write_text("ok\n")
        log(f"  synthesised {size} practices in {time.perf_counter() - started:.1f} s")
    return folder


def run_tier(options: TierOptions, log: Log = print) -> TierResult:
    result = TierResult(options.size)
    data = result.data
    corpus = corpus_for(options.size, options.seed, options.work / "cache", log)
    started = time.perf_counter()
    report = load_corpus(corpus)
    ingest_s = time.perf_counter() - started
    data["documents"] = len(report.practices)
    data["ingest"] = {"seconds": round(ingest_s, 2), "docs_per_s": round(len(report.practices) / ingest_s, 1),
                      "rejected": len(report.rejected)}
    log(f"  ingested {len(report.practices)} practices in {ingest_s:.1f} s")

    indexes = options.work / f"indexes-{options.size}"
    shutil.rmtree(indexes, ignore_errors=True)
    engines = {}
    data["build"] = {}
    for name in options.engines:
        engine = make_engine(name, indexes)
        started = time.perf_counter()
        engine.build(report.practices)
        seconds = time.perf_counter() - started
        data["build"][name] = {"seconds": round(seconds, 2), "docs_per_s": round(len(report.practices) / seconds, 1),
                               "size_mb": round(folder_size(indexes / name) / 2**20, 2)}
        log(f"  built {name}: {seconds:.1f} s ({len(report.practices) / seconds:.0f} docs/s)")
        engine.open()
        engines[name] = engine

    data["latency"], data["agreement"] = _latencies(engines, options, log)
    for engine in engines.values():
        engine.close()
    if options.incremental and "ours" in engines:
        data["incremental"] = _incremental(corpus, indexes / "ours", options, log)
    if options.http_seconds > 0 and "ours" in engines:
        data["http"] = _http(indexes / "ours", options, log)
    return result


def _latencies(engines: dict, options: TierOptions, log: Log) -> tuple[dict, dict]:
    """Warm every engine once over the mix, then alternate engines query by query for each round."""
    samples: dict[str, list[float]] = {name: [] for name in engines}
    per_query: dict[str, dict[str, list[float]]] = {name: {} for name in engines}
    answers: dict[str, dict[str, Answer]] = {name: {} for name in engines}
    for name, engine in engines.items():
        for query in QUERY_MIX:
            answers[name][query.name] = engine.search(query)
    for round_number in range(options.rounds):
        for query in QUERY_MIX:
            for name, engine in engines.items():
                if name in SLOW_ENGINES and round_number >= options.slow_rounds:
                    continue
                started = time.perf_counter()
                engine.search(query)
                elapsed = (time.perf_counter() - started) * 1000
                samples[name].append(elapsed)
                per_query[name].setdefault(query.name, []).append(elapsed)
    latency = {name: {"all": summarise(values),
                      "by_kind": _by_kind(per_query[name]),
                      "per_query_p50": {q: summarise(v)["p50"] for q, v in per_query[name].items()}}
               for name, values in samples.items()}
    for name in engines:
        log(f"  latency {name}: p50 {latency[name]['all']['p50']:.2f} ms, p95 {latency[name]['all']['p95']:.2f} ms")
    return latency, _agreement(answers)


def _by_kind(per_query: dict[str, list[float]]) -> dict:
    kinds: dict[str, list[float]] = {}
    for query in QUERY_MIX:
        kind = _kind(query)
        kinds.setdefault(kind, []).extend(per_query.get(query.name, []))
    return {kind: summarise(values) for kind, values in kinds.items()}


def _kind(query: BenchQuery) -> str:
    if query.page > 1:
        return "deep page"
    if query.filters or query.year_from or query.year_to or query.sort != "relevance":
        return "filtered/sorted"
    return query.kind


def _agreement(answers: dict[str, dict[str, Answer]]) -> dict:
    """Per baseline: all-words queries whose hit count differs from ours, and facet-count mismatches."""
    ours = answers.get("ours")
    if ours is None:
        return {}
    out = {}
    for name, theirs in answers.items():
        if name == "ours":
            continue
        words = [q for q in QUERY_MIX if q.kind == "words" and not ours[q.name].relaxed]
        total_diff = [q.name for q in words if theirs[q.name].total != ours[q.name].total]
        facet_diff = [q.name for q in words if theirs[q.name].facets != ours[q.name].facets]
        out[name] = {"words_queries": len(words), "total_mismatches": total_diff, "facet_mismatches": facet_diff}
    return out


def _incremental(corpus: Path, index_dir: Path, options: TierOptions, log: Log) -> dict:
    """update_index after changing 1 and 100 practices in a copy of the corpus (end to end)."""
    try:
        from practice_search.index.incremental import update_index
        from practice_search.index.store import IndexStore
    except ImportError:
        return {"available": False}
    work = options.work / f"incremental-{options.size}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus, work)
    store = IndexStore(index_dir)
    out = {"available": True}
    started = time.perf_counter()
    with store.lock():
        update_index(store, work)
    out["unchanged_s"] = round(time.perf_counter() - started, 3)
    for count in (1, min(100, options.size)):
        _touch_practices(work, count)
        started = time.perf_counter()
        with store.lock():
            update = update_index(store, work)
        seconds = time.perf_counter() - started
        out[f"changed_{count}"] = {"seconds": round(seconds, 3), "mode": update.mode,
                                   "changed": len(update.changed)}
        log(f"  incremental update of {count}: {seconds:.2f} s ({update.mode})")
    _touch_practices(work, 1)
    cli = [str(Path(sys.executable).with_name("practices")), "index", str(work), "--index", str(index_dir), "--quiet"]
    started = time.perf_counter()
    subprocess.run(cli, check=True)
    out["changed_1_cli"] = {"seconds": round(time.perf_counter() - started, 3)}
    log(f"  incremental update of 1 through the CLI (a new process): {out['changed_1_cli']['seconds']:.2f} s")
    shutil.rmtree(work, ignore_errors=True)
    return out


def _touch_practices(corpus: Path, count: int) -> None:
    """Change the first `count` JSONL records' titles (a new suffix each call, so each call is a change)."""
    stamp = str(time.time_ns())[-6:]
    for shard in sorted((corpus / "jsonl").glob("*.jsonl")):
        lines = shard.read_text(encoding="utf-8").splitlines()
        for i in range(min(count, len(lines))):
            record = json.loads(lines[i])
            record["title"] = f"{record['title'].split(' [rev')[0]} [rev {stamp}]"
            lines[i] = json.dumps(record, ensure_ascii=False)
        shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
        count -= min(count, len(lines))
        if count <= 0:
            return


def _http(index_dir: Path, options: TierOptions, log: Log) -> dict:
    from practice_search.bench.http_load import load, serve

    log_file = options.work / f"server-{options.size}.log"
    out: dict = {"workers": options.http_workers, "connections": options.connections}

    def measure(server, base: str, label: str) -> None:
        result = load(server.port, base, options.http_seconds, options.connections, server)
        out[label] = result.to_dict()
        log(f"  http {label}: {out[label]['req_per_s']} req/s, p95 {out[label]['latency_ms'].get('p95')} ms, "
            f"{result.errors} errors; CPU: server {out[label].get('server_cpu_pct')}%, "
            f"load generator {out[label]['client_cpu_pct']}%")

    with serve(index_dir, options.http_workers, log_file) as server:
        out["cold_start_s"] = round(server.cold_start_s, 3)
        measure(server, "/api/search", "/api/search")
        measure(server, "/", "/")
        out["rss_mb_per_worker"] = server.worker_rss_mb()
    # The product keeps recent answers per generation; the query mix repeats, so measure without it too.
    with serve(index_dir, options.http_workers, log_file, cache_size=0) as server:
        measure(server, "/api/search", "/api/search (no result cache)")
    return out
