"""The load test's short version: real server on loopback, stalled clients, then a full reindex swapped in."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.paths import CORPUS, ROOT

SCRIPT = ROOT / "tests" / "reliability" / "loadtest.py"


def test_stalled_clients_then_five_seconds_of_load_with_a_reindex_have_no_errors(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted((CORPUS / "pages").glob("*.html"))[:30]:  # small, so the rebuild lands within seconds
        shutil.copy(page, corpus / page.name)
    done = subprocess.run([sys.executable, str(SCRIPT), "--duration", "5", "--connections", "32", "--workers", "2",
                           "--stalled", "64", "--stalled-clients", "8", "--stalled-seconds", "3",
                           "--stalled-p99-ms", "2000", "--corpus", str(corpus), "--work", str(tmp_path),
                           "--max-seconds", "120", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    summary = json.loads(done.stdout)
    stalled = summary["stalled"]
    assert stalled["errors"] == 0, stalled["error_samples"]
    # Sync workers answer nothing here: 64 stalled connections hold both of them until the requests time out.
    assert all(p["count"] > 0 and p["p99"] < 2000 for p in stalled["latency_ms"].values()), stalled["latency_ms"]
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["swap_seen_s"] is not None and summary["reindex_error"] is None
    assert summary["requests"] > 0 and summary["latency_ms"]["p99"] > 0
    assert len(summary["worker_rss_kb_start"]) == 2 and not summary["workers_replaced"]
    assert done.returncode == (0 if summary["ok"] else 1)
