"""Build the wheel, install it into a fresh venv and run every command once from another folder.

What a user gets from `pip install practice-search` is not what the test suite imports (the
checkout, installed editable): this catches files missing from the wheel, paths that only work
inside a checkout, and generic top-level packages. Every step prints one line; the first
failure prints the command, its status and its output, and the script exits 1.

Run by `make wheel-check` (and .ci/run). Needs the package registry for the wheel's dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawl.icc_fixture_site import FixtureSite, serve  # noqa: E402 - after the path is set

GENERIC = {"cli", "ingest", "index", "search", "web", "bench", "corpus"}
JUDGED_QUERIES = [{"id": "q1", "text": "anti-rumour"}, {"id": "q2", "text": "Roma school mediators"}]
JUDGED_QRELS = ("query_id\tdoc_id\trelevance\nq1\tbarcelona-anti-rumour-strategy\t3\n"
                "q2\tlisbon-loures-seixal-roma-school-mediators\t3\n")


class StepFailed(Exception):
    pass


def step(name: str, args: list[str], cwd: Path, expect: tuple[int, ...] = (0,), timeout: float = 300,
         env: dict | None = None) -> str:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if done.returncode not in expect:
        raise StepFailed(f"{name}: `{' '.join(args)}` exited {done.returncode} (expected {expect})\n"
                         f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
    print(f"ok   {name} ({time.perf_counter() - started:.1f} s)", flush=True)
    return done.stdout


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def build_wheel(work: Path) -> Path:
    """From a copy of the tree, so setuptools' build/ and egg-info never land in the checkout."""
    source, dist = work / "source", work / "dist"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "instance", "build", "dist",
                                                                 "*.egg-info", "__pycache__", ".pytest_cache"))
    step("build the wheel", [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
         work)
    wheels = list(dist.glob("practice_search-*.whl"))
    check(len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}")
    return wheels[0]


def fresh_venv(work: Path, wheel: Path) -> Path:
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    step("install the wheel into a fresh venv", [str(env_dir / "bin" / "pip"), "install", "-q", str(wheel)], work,
         timeout=900)
    return env_dir / "bin"


def top_level_packages(bin_dir: Path) -> set[str]:
    out = subprocess.run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    record = next(Path(out).glob("practice_search-*.dist-info")) / "top_level.txt"
    if record.exists():
        return set(record.read_text().split())
    return {p.name for p in Path(out).iterdir() if p.is_dir() and (p / "__init__.py").exists()} & (GENERIC | {
        "practice_search"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_json(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def run_commands(bin_dir: Path, here: Path) -> None:
    practices = str(bin_dir / "practices")
    ix = ["--index", "ix"]

    out = step("index with no argument (the shipped sample corpus)", [practices, "index", *ix], here)
    check("Indexed 168 practices" in out, f"sample corpus not indexed as expected:\n{out}")
    out = step("search", [practices, "search", "anti-rumour", "--country", "Spain", *ix, "--json"], here)
    check(json.loads(out)["total"] > 0, "search found nothing")
    out = step("show", [practices, "show", "barcelona-anti-rumour-strategy", *ix], here)
    check("Barcelona" in out, "show printed no practice")
    step("stats", [practices, "stats", *ix], here)
    (here / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in JUDGED_QUERIES), encoding="utf-8")
    (here / "qrels.tsv").write_text(JUDGED_QRELS, encoding="utf-8")
    out = step("eval on a tiny judged set", [practices, "eval", "queries.jsonl", "qrels.tsv", *ix, "--json"], here)
    check(json.loads(out)["overall"]["ndcg@10"] > 0, "eval scored nothing")
    out = step("synth", [practices, "synth", "--n", "30", "--out", "synth"], here)
    check("Wrote 30 practices" in out, out)
    step("index the synthetic corpus", [practices, "index", "synth", "--index", "synth-ix", "--quiet"], here)

    site = FixtureSite()
    server = serve(site)
    try:
        with urllib.request.urlopen(site.listing_url(), timeout=10) as response:
            (here / "listing.html").write_bytes(response.read())
        out = step("parse-listing on a saved page", [practices, "parse-listing", "listing.html", "--json"], here)
        check(len(json.loads(out)["items"]) == 3, "parse-listing did not find the page's 3 practices")
        polite = ["--delay", "0", "--retries", "1", "--backoff", "0", "--timeout", "10", "--contact", "ci@example.org"]
        step("crawl (loopback fixture site; some pages fail on purpose: status 4)",
             [practices, "crawl", site.listing_url(), "--out", "crawl", *polite], here, expect=(4,))
        step("update (loopback fixture site, into its own index)",
             [practices, "update", site.listing_url(), "--out", "crawl", "--index", "crawl-ix", *polite], here,
             expect=(4,))
    finally:
        server.shutdown()

    port = free_port()
    server_process = subprocess.Popen([practices, "serve", *ix, "--port", str(port), "--workers", "1"], cwd=here,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        health = fetch_json(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        check(health.get("status") == "ok" and health.get("documents") == 168, f"unexpected /healthz: {health}")
        print("ok   serve answered /healthz", flush=True)
    except OSError as exc:
        server_process.kill()
        raise StepFailed(f"serve never answered /healthz ({exc}):\n{server_process.communicate()[0][-3000:]}") from None
    finally:
        server_process.terminate()
        try:
            server_process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server_process.kill()
            raise StepFailed("serve did not stop within 20 s of SIGTERM") from None
    print("ok   serve stopped", flush=True)

    out = step("python -m practice_search --help", [str(bin_dir / "python"), "-m", "practice_search", "--help"], here)
    check("Usage" in out, out)
    bench = subprocess.run([str(bin_dir / "python"), "-m", "practice_search.bench", "run"], cwd=here,
                           capture_output=True, text=True)
    check(bench.returncode != 0 and "pip install 'practice-search[bench]'" in bench.stderr,
          f"bench without its extra should name the extra: {bench.returncode} {bench.stderr}")
    print("ok   bench without its extra names what to install", flush=True)


def main() -> int:
    keep = os.environ.get("WHEEL_CHECK_KEEP")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="wheel-check-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        wheel = build_wheel(work)
        bin_dir = fresh_venv(work, wheel)
        packages = top_level_packages(bin_dir)
        check(packages == {"practice_search"}, f"the wheel installs top-level packages {sorted(packages)}")
        print("ok   one top-level package: practice_search", flush=True)
        elsewhere = work / "elsewhere"
        elsewhere.mkdir(exist_ok=True)
        run_commands(bin_dir, elsewhere)
    except (StepFailed, subprocess.TimeoutExpired) as exc:
        print(f"\nWHEEL CHECK FAILED\n{exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print("wheel check passed: every command works from a non-editable install", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
