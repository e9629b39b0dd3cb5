"""Load test on loopback: hostile slow clients, then N connections while a full reindex is swapped in.

    python tests/reliability/loadtest.py --duration 60 --connections 32 --size 10000

Builds (or reuses) a scale corpus and its index and starts the real server on 127.0.0.1. Two phases:

1. Stalled clients (--stalled-seconds): --stalled connections that never finish (half of them send half
   a request, the others complete requests and then keep the connection open; each reconnects as soon
   as the server drops it) beside --stalled-clients active clients asking /api/search and /healthz.
   Fails on any error or a p99 over --stalled-p99-ms on either path.
2. Reindex: keep-alive clients, `practices index --full` started part-way through, the load kept on
   until the server answers from the new generation. Fails on any error, no swap, or a worker growing
   by more than --max-growth.

Reports requests, errors, latency percentiles and worker memory. Only ever talks to 127.0.0.1, and
stops after --max-seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PRACTICES = [sys.executable, "-m", "practice_search"]
WARM_UP_SECONDS = 2.0
WARM_UP_SHARE = 0.2  # memory is measured from here: by then every worker has loaded its caches


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="loadtest-"))
    corpus = Path(args.corpus) if args.corpus else _scale_corpus(work, args.size)
    index = work / "index"
    if not (index / "CURRENT").exists():  # a --work folder from an earlier run keeps its index
        _practices("index", corpus, "--index", index, "--full", "--quiet")
    port = _free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 - open for the server's whole life
    server = subprocess.Popen([*PRACTICES, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                               str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads),
                               "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        stalled = _stalled_phase(args, base, port, server.pid) if args.stalled_seconds > 0 else None
        summary = {"ok": True} if args.skip_reindex else _run(args, base, server.pid, corpus, index)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    if stalled is not None:
        summary["stalled"] = stalled
        summary["ok"] = summary["ok"] and stalled["ok"]
    summary["corpus"], summary["server_log"] = str(corpus), str(work / "server.log")
    summary["worker_class"] = args.worker_class
    print(json.dumps(summary, indent=2) if args.json else _human(summary))
    return 0 if summary["ok"] else 1


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (at least)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--size", type=int, default=10_000, help="practices in the synthetic scale corpus")
    parser.add_argument("--corpus", help="use this corpus folder instead of a synthetic one")
    parser.add_argument("--work", help="folder for the corpus and index (default: a new temporary folder)")
    parser.add_argument("--reindex-at", type=float, default=0.5, help="fraction of --duration")
    parser.add_argument("--max-seconds", type=float, default=1200.0, help="hard stop, reindex or not")
    parser.add_argument("--max-growth", type=float, default=0.10, help="allowed worker RSS growth")
    parser.add_argument("--worker-class", default="gevent", choices=["gevent", "gthread", "sync"])
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (gthread only)")
    parser.add_argument("--stalled", type=int, default=64, help="stalled connections in the first phase")
    parser.add_argument("--stalled-clients", type=int, default=32, help="active clients beside them")
    parser.add_argument("--stalled-seconds", type=float, default=30.0, help="length of the first phase (0: skip)")
    parser.add_argument("--stalled-p99-ms", type=float, default=1000.0, help="allowed p99 of each path")
    parser.add_argument("--skip-reindex", action="store_true", help="run the stalled-client phase only")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def _scale_corpus(work: Path, size: int) -> Path:
    from practice_search.ingest.synth import synthesise

    corpus = work / f"corpus-{size}"
    if not corpus.exists():
        synthesise(size, corpus, seed=1)
    return corpus


def _practices(*args) -> subprocess.CompletedProcess:
    done = subprocess.run([*PRACTICES, *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"practices {args[0]} failed: {done.stderr.strip()}")
    return done


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _urls(base: str) -> list[str]:
    """A mix of what users do: words, phrases, facets, pages, the API, a practice page."""
    stats = _get_json(f"{base}/api/stats")
    facets = stats["facets"]
    top = {name: sorted(values, key=values.get, reverse=True)[:8] for name, values in facets.items()}
    sample = _get_json(f"{base}/api/search?per_page=20")["results"]
    words = ["roma", "school", "refugee", "mediation", "women", "library", "welcome", "youth", "anti rumour",
             '"intercultural city"', "integrat*", "sport -football", "housing OR neighbourhood", "théâtre"]
    urls = [f"{base}/?q={w}" for w in words] + [f"{base}/api/search?q={w}" for w in words]
    urls += [f"{base}/?country={c}" for c in top.get("country", [])]
    urls += [f"{base}/api/search?topic={t}&year={y}" for t in top.get("topic", [])[:4] for y in top.get("year", [])[:3]]
    urls += [f"{base}/practice/{r['id']}" for r in sample] + [f"{base}/?page=2", f"{base}/healthz"]
    return urls


STALLED_TIMEOUT = 10.0  # an active request not answered by then counts as an error
SEARCHES = ["roma", "school", "refugee", "mediation", "women", "library", "welcome", "youth", "anti rumour",
            '"intercultural city"', "integrat*", "sport -football", "housing OR neighbourhood", "théâtre"]


def _stalled_phase(args: argparse.Namespace, base: str, port: int, master: int) -> dict:
    """Active clients on /api/search and /healthz while hostile connections hold on to the server."""
    stop = threading.Event()
    latencies: dict[str, list[float]] = {"/api/search": [], "/healthz": []}
    errors: list[str] = []
    lock = threading.Lock()
    stats = _get_json(f"{base}/api/stats")["facets"]
    topics = sorted(stats.get("topic", {}), key=stats["topic"].get, reverse=True)[:6]
    searches = [f"/api/search?q={q}" for q in SEARCHES] + [f"/api/search?topic={t}" for t in topics]

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=STALLED_TIMEOUT) as http:
            while not stop.is_set():
                path = "/healthz" if rng.random() < 0.25 else rng.choice(searches)
                started = time.perf_counter()
                try:
                    status = http.get(path).status_code
                except httpx.HTTPError as exc:
                    status, detail = 0, f"{type(exc).__name__} {path}"
                else:
                    detail = f"{status} {path}"
                with lock:
                    latencies[path.split("?")[0]].append(time.perf_counter() - started)
                    if status != 200:
                        errors.append(detail)

    counts = {"reconnects": 0}
    release = threading.Event()
    holder = threading.Thread(target=_hold_stalled, args=(port, args.stalled, release, counts), daemon=True)
    holder.start()
    time.sleep(1.0)  # every stalled connection is in place before the clients start
    clients = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.stalled_clients)]
    started = time.monotonic()
    for thread in clients:
        thread.start()
    time.sleep(args.stalled_seconds)
    memory = _worker_memory(master)
    stop.set()
    for thread in clients:  # the stalled connections stay until every client's last request is over
        thread.join(timeout=STALLED_TIMEOUT + 5)
    seconds = time.monotonic() - started
    release.set()
    holder.join(timeout=5)
    paths = {path: _percentiles(values) for path, values in latencies.items()}
    count = sum(len(v) for v in latencies.values())
    ok = not errors and all(values and p["p99"] < args.stalled_p99_ms for values, p in
                            zip(latencies.values(), paths.values(), strict=True))
    return {"ok": ok, "stalled_connections": args.stalled, "clients": args.stalled_clients,
            "seconds": round(seconds, 1), "requests": count, "errors": len(errors), "error_samples": errors[:10],
            "requests_per_second": round(count / seconds, 1), "latency_ms": paths,
            "reconnects": counts["reconnects"],
            "worker_rss_kb": memory, "rss_kb_total": sum(memory.values())}


def _hold_stalled(port: int, count: int, stop: threading.Event, counts: dict[str, int]) -> None:
    """Keep `count` connections stalled: half send half a request, half a whole one and never close.

    A connection the server drops is opened again at once, as a hostile client would.
    """
    half = b"GET /api/search?q=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    whole = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    selector = selectors.DefaultSelector()

    def connect(payload: bytes) -> None:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(payload)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, payload)

    for n in range(count):
        connect(half if n % 2 == 0 else whole)
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            try:
                data = key.fileobj.recv(65536)  # an answer is read (and ignored); the connection stays open
            except OSError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
                connect(key.data)
                counts["reconnects"] += 1
    for key in list(selector.get_map().values()):
        key.fileobj.close()
    selector.close()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {"count": len(values), "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0)}


def _run(args: argparse.Namespace, base: str, master: int, corpus: Path, index: Path) -> dict:
    urls = _urls(base)
    first_generation = _get_json(f"{base}/healthz")["generation"]
    latencies: list[float] = []
    errors: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(timeout=60) as http:
            while not stop.is_set():
                url = rng.choice(urls)
                started = time.perf_counter()
                try:
                    status = http.get(url).status_code
                except httpx.HTTPError as exc:
                    status, detail = 0, f"{type(exc).__name__} {url}"
                else:
                    detail = f"{status} {url}"
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if status != 200:
                        errors.append(detail)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(max(WARM_UP_SECONDS, WARM_UP_SHARE * args.duration))
    memory_start = _worker_memory(master)
    time.sleep(max(0.0, args.duration * args.reindex_at - (time.monotonic() - started)))
    reindex_started = time.monotonic() - started
    # Niced, as an operator should run it beside a live server: serving keeps the CPU it needs.
    reindex = subprocess.Popen(["nice", "-n", "10", *PRACTICES, "index", str(corpus), "--index", str(index), "--full",
                                "--quiet"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    swapped_at = None
    while time.monotonic() - started < args.max_seconds:
        elapsed = time.monotonic() - started
        if swapped_at is None and reindex.poll() is not None:
            generation = _get_json(f"{base}/healthz")["generation"]
            swapped_at = elapsed if generation != first_generation else None
        if elapsed >= args.duration and (swapped_at is not None or reindex.poll() not in (None, 0, 3)):
            break
        time.sleep(0.2)
    memory_end = _worker_memory(master)
    stop.set()
    for thread in threads:
        thread.join(timeout=70)
    reindex_error = None
    if reindex.poll() is None:
        os.killpg(reindex.pid, signal.SIGKILL)  # the group: Whoosh's writer processes hold the index lock too
        reindex_error = "reindex still running at --max-seconds"
    elif reindex.returncode not in (0, 3):
        reindex_error = reindex.stderr.read().strip()
    return _summary(args, latencies, errors, time.monotonic() - started, reindex_started, swapped_at,
                    reindex_error, memory_start, memory_end)


def _get_json(url: str) -> dict:
    """The script's own requests wait in the same queue as the load, so they get a long timeout."""
    return httpx.get(url, timeout=300).json()


def _wait_until_up(base: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def _worker_memory(master: int) -> dict[int, int]:
    """RSS in kB of each gunicorn worker (the master's children), from /proc."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master and "VmRSS" in fields:
            out[int(entry.name)] = int(fields["VmRSS"].split()[0])
    return out


def _summary(args, latencies, errors, seconds, reindex_started, swapped_at, reindex_error, memory_start,
             memory_end) -> dict:
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    growth = {pid: round(memory_end[pid] / kb - 1, 4) for pid, kb in memory_start.items() if pid in memory_end}
    max_growth = max(growth.values(), default=0.0)
    ok = not errors and swapped_at is not None and not reindex_error and max_growth < args.max_growth \
        and len(growth) == len(memory_start) > 0
    return {
        "ok": ok, "connections": args.connections, "workers": args.workers, "seconds": round(seconds, 1),
        "requests": len(latencies), "errors": len(errors), "error_samples": errors[:10],
        "requests_per_second": round(len(latencies) / seconds, 1),
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0)},
        "reindex_started_s": round(reindex_started, 1),
        "swap_seen_s": round(swapped_at, 1) if swapped_at is not None else None, "reindex_error": reindex_error,
        "worker_rss_kb_start": memory_start, "worker_rss_kb_end": memory_end,
        "worker_growth_max": max_growth, "workers_replaced": len(growth) != len(memory_start),
    }


def _human(s: dict) -> str:
    lines = _human_stalled(s["stalled"]) if "stalled" in s else []
    if "latency_ms" not in s:
        return "\n".join(lines)
    lat = s["latency_ms"]
    return "\n".join([
        *lines,
        f"{'PASS' if s['ok'] else 'FAIL'}: {s['requests']} requests in {s['seconds']} s over {s['connections']} "
        f"connections ({s['requests_per_second']}/s, {s['workers']} workers); {s['errors']} errors",
        f"latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}",
        f"full reindex started at {s['reindex_started_s']} s; new generation served from {s['swap_seen_s']} s"
        + (f"; reindex error: {s['reindex_error']}" if s["reindex_error"] else ""),
        f"worker RSS growth after warm-up: max {s['worker_growth_max']:.1%} "
        f"(start {s['worker_rss_kb_start']} kB, end {s['worker_rss_kb_end']} kB)",
        *(f"error: {e}" for e in s["error_samples"]),
    ])



def _human_stalled(s: dict) -> list[str]:
    paths = "; ".join(f"{path} p50 {p['p50']} p95 {p['p95']} p99 {p['p99']} max {p['max']} ms ({p['count']})"
                      for path, p in s["latency_ms"].items())
    return [
        f"{'PASS' if s['ok'] else 'FAIL'} (stalled clients): {s['stalled_connections']} stalled connections "
        f"({s['reconnects']} reconnects after the server dropped them), {s['clients']} active clients, "
        f"{s['requests']} requests in {s['seconds']} s ({s['requests_per_second']}/s); {s['errors']} errors",
        f"  {paths}",
        f"  worker RSS {s['rss_kb_total'] // 1024} MB in all {s['worker_rss_kb']}",
        *(f"  error: {e}" for e in s["error_samples"]),
    ]


if __name__ == "__main__":
    sys.exit(main())
