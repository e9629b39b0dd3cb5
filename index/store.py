"""Where the index lives: generations side by side, a CURRENT pointer switched atomically.

Layout of an index folder:
    CURRENT          name of the live generation (replaced with os.replace, never edited in place);
                     its modification time is when that generation was made live
    PREVIOUS         name of the generation before it, for --rollback
    gen-<stamp>/     one complete Whoosh index plus build.json
    .lock            held while an indexer runs
"""

from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import shlex
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INDEX = Path("instance") / "index"
BUILD_INFO = "build.json"


class IndexMissing(Exception):
    """No built index at the given location."""


class IndexBusy(Exception):
    """Another indexer holds the lock."""


def index_path(option: str | os.PathLike | None = None) -> Path:
    """--index, else $PRACTICES_INDEX, else instance/index."""
    return Path(option or os.environ.get("PRACTICES_INDEX") or DEFAULT_INDEX)


@dataclass
class Generation:
    name: str
    path: Path
    published: float = 0.0  # when CURRENT last named it (time.time() scale)

    def info(self) -> dict:
        try:
            return json.loads((self.path / BUILD_INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def committed(self, whoosh_generation: int | None) -> float:
        """When this content went live: the later of its publication and its last Whoosh commit.

        Both are modification times of files replaced atomically with the content they describe (CURRENT,
        Whoosh's table of contents), so a reader never pairs new content with an old time, or the reverse.
        """
        toc = self.path / f"_MAIN_{whoosh_generation}.toc"
        try:
            return max(self.published, toc.stat().st_mtime)
        except OSError:
            return self.published

    def write_info(self, info: dict) -> None:
        """Replace build.json in one step, so a reader or a crash never sees half of it."""
        tmp = self.path / f".{BUILD_INFO}.tmp"
        tmp.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path / BUILD_INFO)


class IndexStore:
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def current(self) -> Generation:
        try:
            with open(self.root / "CURRENT", encoding="utf-8") as handle:
                published = os.fstat(handle.fileno()).st_mtime  # the same file as the name read: no race
                name = handle.read().strip()
        except (OSError, UnicodeDecodeError):
            name, published = None, 0.0
        if not name or not (self.root / name).is_dir():
            raise IndexMissing(f"no index at {self.root}; build one with: "
                               f"practices index --index {_shell_word(self.root)}")
        return Generation(name, self.root / name, published)

    def last_commit(self) -> float:
        """When the live content was committed (publication, rollback or incremental commit); 0 if none."""
        try:
            live = self.current()
        except IndexMissing:
            return 0.0
        tocs = [p.stat().st_mtime for p in live.path.glob("_MAIN_*.toc")]
        return max([live.published, *tocs])

    def await_next_second(self) -> None:
        """Wait, if needed, until the clock is in a later whole second than the last commit.

        HTTP dates have one-second resolution: two commits in the same second would give the same
        Last-Modified, and a browser revalidating with If-Modified-Since alone would keep the old page.
        Called before every commit, so each one is dated strictly later than the one before (at most
        a one-second pause, and only when commits follow each other that closely). A last commit dated
        in the future (a clock set back) is not waited for.
        """
        delay = math.floor(self.last_commit()) + 1 - time.time()
        if 0 < delay <= 1:
            time.sleep(delay)

    def exists(self) -> bool:
        try:
            self.current()
        except IndexMissing:
            return False
        return True

    def new_generation(self) -> Generation:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        for n in range(1000):
            name = f"gen-{stamp}-{n:03d}"
            try:
                (self.root / name).mkdir()
            except FileExistsError:
                continue
            return Generation(name, self.root / name)
        raise RuntimeError("could not allocate a generation folder")

    def publish(self, generation: Generation) -> None:
        """Make `generation` live in one atomic rename; keep the old one for rollback."""
        old = self._read_pointer("CURRENT")
        if old and old != generation.name:
            self._write_pointer("PREVIOUS", old)
        self.await_next_second()
        self._write_pointer("CURRENT", generation.name)
        self.cleanup()

    def rollback(self) -> Generation:
        previous = self._read_pointer("PREVIOUS")
        if not previous or not (self.root / previous).is_dir():
            raise IndexMissing("no previous generation to roll back to")
        current = self._read_pointer("CURRENT")
        self.await_next_second()
        self._write_pointer("CURRENT", previous)
        if current:
            self._write_pointer("PREVIOUS", current)
        return Generation(previous, self.root / previous)

    def cleanup(self) -> None:
        """Remove generations that are neither live nor the rollback target (crashed builds included)."""
        keep = {self._read_pointer("CURRENT"), self._read_pointer("PREVIOUS")}
        for child in self.root.glob("gen-*"):
            if child.is_dir() and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    @contextmanager
    def lock(self, wait_seconds: float = 5.0):
        """Only one indexer at a time; the lock dies with its process, so a crash leaves none behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as handle:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                        raise IndexBusy(f"another indexer is running on {self.root}; "
                                        "try again when it has finished") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read_pointer(self, name: str) -> str | None:
        try:
            return (self.root / name).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def _write_pointer(self, name: str, value: str) -> None:
        tmp = self.root / f".{name}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.root / name)


def _shell_word(path: Path) -> str:
    """The path as it can be pasted into a shell."""
    return shlex.quote(str(path))
