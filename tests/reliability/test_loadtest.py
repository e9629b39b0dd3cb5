"""The load test's 5-second version: real server on loopback, 32 connections, a full reindex swapped in."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.paths import CORPUS, ROOT

SCRIPT = ROOT / "tests" / "reliability" / "loadtest.py"


def test_five_seconds_of_load_with_a_reindex_has_no_errors(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted((CORPUS / "pages").glob("*.html"))[:30]:  # small, so the rebuild lands within seconds
        shutil.copy(page, corpus / page.name)
    done = subprocess.run([sys.executable, str(SCRIPT), "--duration", "5", "--connections", "32", "--workers", "2",
                           "--corpus", str(corpus), "--work", str(tmp_path), "--max-seconds", "120", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    summary = json.loads(done.stdout)
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["swap_seen_s"] is not None and summary["reindex_error"] is None
    assert summary["requests"] > 0 and summary["latency_ms"]["p99"] > 0
    assert len(summary["worker_rss_kb_start"]) == 2 and not summary["workers_replaced"]
    assert done.returncode == (0 if summary["ok"] else 1)
