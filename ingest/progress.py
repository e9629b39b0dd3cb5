"""What a long job tells the person waiting: its phases, and how far each has got in items and bytes.

The jobs (reading a corpus, indexing, crawling, writing a scale corpus) call `phase()` when they
start a step and `advance()` as they go; how it is shown (a redrawn line on a terminal, a log line
every few seconds otherwise) is the caller's affair (practice_search/progress.py). The base class
shows nothing, so library callers and tests pass nothing.
"""

from __future__ import annotations


class Progress:
    """Receives a job's phases and steps; this one ignores them."""

    def phase(self, name: str, total: int = 0, total_bytes: int = 0, unit: str = "records") -> None:
        """A new step begins: `total` items (0: unknown) weighing `total_bytes` (0: unknown)."""

    def advance(self, items: int = 1, nbytes: int = 0) -> None:
        """`items` more items of the current phase are done, weighing `nbytes`."""

    def finish(self) -> None:
        """The job is over (successfully or not): close any open line."""


SILENT = Progress()
