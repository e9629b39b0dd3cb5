"""HTTP under load: start `practices serve`, time its cold start, hammer it, read workers' RSS.

The load generator is plain threads with http.client, one connection per request (so numbers stay
comparable with runs from before the gevent workers, which closed every connection); 16 threads
keep 16 requests in flight.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from practice_search.bench.queries import QUERY_MIX
from practice_search.bench.stats import summarise

HOST = "127.0.0.1"
START_TIMEOUT = 120.0


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    cold_start_s: float
    log: Path

    def worker_rss_mb(self) -> list[float]:
        return [_rss_mb(pid) for pid in _children(self.process.pid)]

    def cpu_seconds(self) -> float:
        """CPU time the gunicorn master and its workers have used so far."""
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *_children(self.process.pid)])


@dataclass
class LoadResult:
    path: str
    seconds: float
    requests: int
    errors: int  # 5xx answers and failed connections
    client_errors: int  # 4xx answers (e.g. the HTML page's 404 past the last page)
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    client_cpu_s: float = 0.0  # the load generator's own CPU time: it shares the machine with the server
    server_cpu_s: float | None = None

    def to_dict(self) -> dict:
        out = {"path": self.path, "seconds": round(self.seconds, 2), "requests": self.requests,
               "errors": self.errors, "client_errors": self.client_errors,
               "req_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0,
               "latency_ms": summarise(self.latencies_ms),
               "client_cpu_pct": round(100 * self.client_cpu_s / self.seconds) if self.seconds else 0}
        if self.server_cpu_s is not None and self.seconds:
            out["server_cpu_pct"] = round(100 * self.server_cpu_s / self.seconds)
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def serve(index_dir: Path, workers: int, log: Path, cache_size: int | None = None) -> Iterator[Server]:
    """A gunicorn server on a free port; cold start = process start until /api/search answers."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("practices")), "serve", "--index", str(index_dir),
               "--host", HOST, "--port", str(port), "--workers", str(workers)]
    if cache_size is not None:
        command += ["--cache-size", str(cache_size)]
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_ready(process, port, started)
            yield Server(process, port, time.perf_counter() - started, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen, port: int, started: float) -> None:
    while time.perf_counter() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before answering")
        try:
            status, _ = _get(port, "/api/search?q=community")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError("server did not answer within the start timeout")


def _get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def paths(base: str) -> list[str]:
    return [f"{base}?{urlencode(q.params())}" for q in QUERY_MIX]


def load(port: int, base: str, seconds: float, connections: int = 16, server: Server | None = None) -> LoadResult:
    """`connections` threads, each requesting the query mix in turn (from its own offset) until time is up.

    CPU use (in % of one core) of this process and of the server, if given, tells whether the
    server was CPU-bound and how much of the machine the load generator took from it.
    """
    targets = paths(base)
    latencies: list[float] = []
    errors = [0, 0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(offset: int) -> None:
        local, failed, refused, i = [], 0, 0, offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _ = _get(port, targets[i % len(targets)])
            except OSError:
                status = 599
            local.append((time.perf_counter() - started) * 1000)
            failed += status >= 500
            refused += 400 <= status < 500
            i += 1
        with lock:
            latencies.extend(local)
            errors[0] += failed
            errors[1] += refused

    server_cpu = server.cpu_seconds() if server else 0.0
    client_cpu = _own_cpu_seconds()
    began = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n * 7,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(base, time.perf_counter() - began, len(latencies), errors[0], errors[1], latencies,
                      client_cpu_s=_own_cpu_seconds() - client_cpu,
                      server_cpu_s=server.cpu_seconds() - server_cpu if server else None)


def _own_cpu_seconds() -> float:
    """This process's CPU time, all threads, to the nanosecond (os.times counts 10 ms ticks: a short run read 0)."""
    return time.process_time()


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0
