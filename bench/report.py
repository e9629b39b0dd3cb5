"""Results as JSON and as a markdown table (the same numbers BENCHMARKS.md quotes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

BASELINES = ("naive", "tantivy", "sqlite")


def write(results: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    json_path = folder / f"bench-{stamp}.json"
    md_path = folder / f"bench-{stamp}.md"
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    for path in (json_path, md_path):
        latest = folder / f"latest{path.suffix}"
        latest.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return json_path, md_path


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [f"# Benchmark run {results['started']}", "",
             f"Machine: {m['cpu']} · {m['cores']} cores · {m['memory_gb']} GB · {m['os']} · Python {m['python']} · "
             f"whoosh3 {m['whoosh']} · tantivy {m['tantivy']} · SQLite {m['sqlite']} · commit {m['commit']}", ""]
    for tier in results["tiers"]:
        lines += _tier(tier)
    return "\n".join(lines) + "\n"


def _tier(tier: dict) -> list[str]:
    n = tier["documents"]
    lines = [f"## {n:,} practices", "",
             f"Ingest (load_corpus): {tier['ingest']['seconds']} s, {tier['ingest']['docs_per_s']} docs/s", "",
             "| engine | build s | docs/s | index MB | p50 ms | p95 ms | p99 ms | p95 ratio vs ours |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    ours_p95 = tier["latency"].get("ours", {}).get("all", {}).get("p95")
    for name, build in tier["build"].items():
        lat = tier["latency"][name]["all"]
        ratio = f"{lat['p95'] / ours_p95:.2f}×" if ours_p95 and name != "ours" else "—"
        lines.append(f"| {name} | {build['seconds']} | {build['docs_per_s']} | {build['size_mb']} | {lat['p50']} | "
                     f"{lat['p95']} | {lat['p99']} | {ratio} |")
    lines += ["", "Latency by query kind (p50 / p95 ms):", "",
              "| kind | " + " | ".join(tier["latency"]) + " |", "|---|" + "---:|" * len(tier["latency"])]
    kinds = next(iter(tier["latency"].values()))["by_kind"]
    for kind in kinds:
        cells = []
        for name in tier["latency"]:
            s = tier["latency"][name]["by_kind"].get(kind, {})
            cells.append(f"{s.get('p50', '-')} / {s.get('p95', '-')}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    agreement = tier.get("agreement", {})
    if agreement:
        lines += ["", "Agreement with ours on all-words queries: " + "; ".join(
            f"{name}: {len(a['total_mismatches'])} hit-count and {len(a['facet_mismatches'])} facet-count "
            f"mismatches of {a['words_queries']}" for name, a in agreement.items())]
    inc = tier.get("incremental")
    if inc:
        if inc.get("available"):
            parts = [f"no change {inc['unchanged_s']} s"]
            parts += [f"{k.split('_')[1]} changed {v['seconds']} s ({v['mode']})" for k, v in inc.items()
                      if k.startswith("changed_") and "mode" in v]
            if "changed_1_cli" in inc:
                parts.append(f"1 changed via `practices index` (new process) {inc['changed_1_cli']['seconds']} s")
            lines += ["", "Incremental update (end to end, update_index): " + ", ".join(parts)]
        else:
            lines += ["", "Incremental update: index/incremental.py not available."]
    http = tier.get("http")
    if http:
        lines += ["", f"HTTP ({http['workers']} gunicorn workers, {http['connections']} connections): "
                      f"cold start {http['cold_start_s']} s, RSS per worker {http['rss_mb_per_worker']} MB", "",
                  "| path | req/s | p50 ms | p95 ms | p99 ms | requests | errors (5xx) | 4xx | CPU % server / client |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for path in [k for k in http if k.startswith("/")]:
            h = http[path]
            lat = h["latency_ms"]
            lines.append(f"| {path} | {h['req_per_s']} | {lat.get('p50')} | {lat.get('p95')} | {lat.get('p99')} | "
                         f"{h['requests']} | {h['errors']} | {h.get('client_errors', 0)} | "
                         f"{h.get('server_cpu_pct', '-')} / {h.get('client_cpu_pct', '-')} |")
    return lines + [""]
