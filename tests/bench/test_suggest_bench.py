"""`python -m practice_search.bench suggest` on the sample index: both approaches time every keystroke."""

from __future__ import annotations

from practice_search.bench import suggest
from practice_search.search.engine import SearchEngine


def test_keystrokes_are_every_prefix_typed():
    typed = suggest.keystrokes()
    assert {"z", "zu", "zur", "zuri", "zurich", "sao p"} <= set(typed)
    assert max(map(len, typed)) == suggest.MAX_TYPED and len(typed) > 300


def test_naive_scan_finds_word_starts_like_ours(sample_index):
    naive = suggest.NaiveTitles(sample_index)
    engine = SearchEngine(sample_index)
    try:
        for prefix in ("roma sch", "rumour", "kinder", "lisb"):
            ours = {s["text"] for s in engine.complete(prefix, wait=None)["suggestions"] if s["kind"] == "practice"}
            assert ours and ours <= set(naive.complete(prefix)) | set(naive.titles_matching(prefix))
    finally:
        engine.close()


def test_run_reports_both_and_writes_results(sample_index, tmp_path):
    lines: list[str] = []
    result = suggest.run(sample_index, rounds=1, log=lines.append)
    assert result["documents"] == 168 and result["keystrokes"] == len(suggest.keystrokes())
    for name in ("ours", "naive"):
        assert result["latency_ms"][name]["n"] == result["keystrokes"] and result["latency_ms"][name]["p95"] > 0
    assert "| naive (scan of" in lines[0] and "p95 ratio" in lines[0]
    path = suggest.write(result, tmp_path)
    assert path.exists() and path.with_suffix(".md").read_text().startswith("Suggestions at 168 practices")
