"""Progress of long commands: every phase shown, rate and ETA by bytes, a line every few seconds off a terminal."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.progress import LineProgress, reporter
from tests.paths import CORPUS


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def quiet_line(clock: Clock) -> tuple[LineProgress, io.StringIO]:
    stream = io.StringIO()
    return LineProgress("index", stream, interval=3.0, live=False, clock=clock, ticker=False), stream


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(1, 5_000_000), min_size=2, max_size=40), speed=st.floats(1e5, 1e8),
       big_first=st.booleans())
def test_eta_is_the_true_time_left_whatever_the_order_of_file_sizes(sizes, speed, big_first):
    """At a steady byte rate the ETA is exact after every file, even when a few huge files come first."""
    sizes = sorted(sizes, reverse=big_first)
    clock = Clock()
    progress, _ = quiet_line(clock)
    progress.phase("reading", total=len(sizes), total_bytes=sum(sizes), unit="files")
    done = 0
    for size in sizes:
        clock.now += size / speed
        done += size
        progress.advance(1, size)
        eta = progress.eta(clock.now)
        if clock.now >= 1.0:
            assert abs(eta - (sum(sizes) - done) / speed) <= 1e-6 * max(1.0, clock.now)


def test_three_big_files_first_do_not_promise_minutes_for_seconds():
    """The case that was reported: big JSONL exports first, then many small pages."""
    clock = Clock()
    progress, _ = quiet_line(clock)
    sizes = [30_000_000] * 3 + [10_000] * 3000
    progress.phase("reading", total=len(sizes), total_bytes=sum(sizes), unit="files")
    for size in sizes[:3]:
        clock.now += size / 4_000_000  # 4 MB/s
        progress.advance(1, size)
    assert progress.eta(clock.now) == (3000 * 10_000) / 4_000_000  # 7.5 s, not 7-8 minutes by file count
    assert "ETA 8 s" in progress.describe() and "MB/s" in progress.describe()


def test_without_a_terminal_a_line_every_few_seconds_and_at_each_phase_edge():
    clock = Clock()
    progress, stream = quiet_line(clock)
    progress.phase("reading", total=100, total_bytes=100_000, unit="files")
    for _ in range(100):
        clock.now += 0.1  # ten seconds in all: three or four reports, not a hundred
        progress.advance(1, 1000)
    progress.phase("commit (writing segments)")
    clock.now += 2
    progress.finish()
    lines = stream.getvalue().splitlines()
    reading = [line for line in lines if line.startswith("index: reading, ")]
    assert 3 <= len(reading) <= 5, lines
    assert "index: reading done, 100 files, 97.7 kB in 10 s" in lines
    assert "index: commit (writing segments) done in 2 s" in lines


def test_a_phase_with_nothing_to_count_still_reports_while_it_runs():
    stream = io.StringIO()
    progress = LineProgress("index", stream, interval=0.05, live=False)
    progress.phase("near-duplicates")
    time.sleep(0.4)
    progress.finish()
    waiting = [line for line in stream.getvalue().splitlines() if "near-duplicates" in line and "elapsed" in line]
    assert len(waiting) >= 3, stream.getvalue()


def test_quiet_and_json_show_nothing():
    assert not isinstance(reporter("index", quiet=True), LineProgress)
    assert reporter("index", stream=io.StringIO()).live is False


def test_practices_index_off_a_terminal_shows_every_phase(tmp_path):
    done = subprocess.run([sys.executable, "-m", "practice_search", "index", str(CORPUS), "--index",
                           str(tmp_path / "ix")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    phases = re.findall(r"^index: (.+?) done", done.stderr, re.M)
    assert phases == ["reading", "saving the parse cache", "analysis (boilerplate, topics)", "indexing",
                      "commit (writing segments)", "near-duplicates"], done.stderr
    assert re.search(r"^index: reading \(151 files, [\d.]+ MB\)\.\.\.$", done.stderr, re.M), done.stderr
    assert re.search(r"^index: reading done, 151 files, [\d.]+ MB in \d+ s$", done.stderr, re.M), done.stderr
    assert "Indexed 168 practices from 151 files" in done.stdout
