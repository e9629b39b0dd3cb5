"""Progress of long commands on stderr: a line redrawn in place on a terminal, a log line every few seconds
otherwise (cron, CI, `2> log`), so no phase of a long job is ever silent.

Rate and ETA are measured in bytes when the phase knows its bytes: corpus files range from a
one-paragraph page to JSONL exports of thousands of records, so counting files would promise
minutes for a job of seconds whenever the big files come first.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from practice_search.ingest.progress import SILENT, Progress

LOG_INTERVAL = 3.0  # seconds between lines without a terminal
REDRAW_INTERVAL = 0.2  # seconds between redraws on a terminal
MIN_ETA_SECONDS = 1.0  # no ETA before this much of a phase has run: the first files say little


def reporter(command: str, quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """The right Progress for `command`'s stderr: nothing when quiet, a live line on a terminal, else log lines."""
    if quiet:
        return SILENT
    stream = stream or sys.stderr
    if stream.isatty():
        return LineProgress(command, stream, REDRAW_INTERVAL, live=True)
    return LineProgress(command, stream, LOG_INTERVAL, live=False)


class LineProgress(Progress):
    """Shows each phase's progress, every `interval` seconds and whenever a phase begins or ends.

    `live` redraws one line in place (a terminal); otherwise each report is a line of its own.
    A ticker thread keeps reporting while a phase makes no countable progress (a commit, an analysis).
    """

    def __init__(self, command: str, stream: TextIO, interval: float, live: bool,
                 clock: Callable[[], float] = time.monotonic, ticker: bool = True) -> None:
        self.command, self.stream, self.interval, self.live, self.clock = command, stream, interval, live, clock
        self.name: str | None = None
        self.unit, self.total, self.total_bytes, self.done, self.bytes = "records", 0, 0, 0, 0
        self.started = self.last_shown = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True) if ticker else None
        if self._thread:
            self._thread.start()

    # -- Progress ------------------------------------------------------------
    def phase(self, name: str, total: int = 0, total_bytes: int = 0, unit: str = "records") -> None:
        with self._lock:
            self._close_phase()
            self.name, self.total, self.total_bytes, self.unit = name, total, total_bytes, unit
            self.done = self.bytes = 0
            self.started = self.clock()
            self._show(self.opening())

    def advance(self, items: int = 1, nbytes: int = 0) -> None:
        with self._lock:
            self.done += items
            self.bytes += nbytes
            if self.clock() - self.last_shown >= self.interval:
                self._show(self.describe())

    def finish(self) -> None:
        self._stop.set()
        with self._lock:
            self._close_phase()
            self.name = None
        if self._thread:
            self._thread.join(timeout=1)

    # -- what is shown ---------------------------------------------------------
    def opening(self) -> str:
        """The phase's first line: what it has to do, when known."""
        sizes = [f"{self.total:,} {self.unit}"] if self.total else []
        sizes += [_size(self.total_bytes)] if self.total_bytes else []
        return f"{self.command}: {self.name}" + (f" ({', '.join(sizes)})" if sizes else "") + "..."

    def describe(self) -> str:
        """One line: phase, items and bytes done of the totals, rate, ETA (or the elapsed time when unknown)."""
        elapsed = self.clock() - self.started
        parts = [f"{self.command}: {self.name}"]
        if self.total or self.done:
            parts.append(f"{self.done:,}/{self.total:,} {self.unit}" if self.total else f"{self.done:,} {self.unit}")
        if self.total_bytes or self.bytes:
            parts.append(f"{_size(self.bytes)}/{_size(self.total_bytes)}" if self.total_bytes else _size(self.bytes))
        rate = self._rate(elapsed)
        if rate:
            parts.append(rate)
        eta = self.eta(elapsed)
        parts.append(f"ETA {_duration(eta)}" if eta is not None else f"{_duration(elapsed)} elapsed")
        return ", ".join(parts)

    def eta(self, elapsed: float) -> float | None:
        """Seconds left, from the share of bytes done when the phase knows its bytes, else of items."""
        if elapsed < MIN_ETA_SECONDS:
            return None
        if self.total_bytes and self.bytes:
            share = self.bytes / self.total_bytes
        elif self.total and self.done:
            share = self.done / self.total
        else:
            return None
        return max(0.0, elapsed * (1 - share) / share) if share < 1 else 0.0

    def _rate(self, elapsed: float) -> str:
        if elapsed < MIN_ETA_SECONDS:
            return ""
        if self.bytes:
            return f"{_size(self.bytes / elapsed)}/s"
        if self.done:
            return f"{self.done / elapsed:,.0f} {self.unit}/s"
        return ""

    def _close_phase(self) -> None:
        if self.name is None:
            return
        elapsed = self.clock() - self.started
        amount = [f"{self.done:,} {self.unit}"] if self.done else []
        amount += [_size(self.bytes)] if self.bytes else []
        summary = f"{self.command}: {self.name} done" + (f", {', '.join(amount)}" if amount else "")
        self._show(f"{summary} in {_duration(elapsed)}", final=True)

    def _show(self, line: str, final: bool = False) -> None:
        self.last_shown = self.clock()
        if self.live:
            width = max(20, shutil.get_terminal_size().columns - 1)
            self.stream.write("\r" + line[:width].ljust(width) + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                if self.name is not None and self.clock() - self.last_shown >= self.interval:
                    self._show(self.describe())


def _size(nbytes: float) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{nbytes:.0f} B"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
