"""Crashes and broken disks while indexing: clear errors, the live index keeps serving, the next run recovers."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from practice_search.index.store import IndexStore
from practice_search.search.engine import SearchEngine, SearchRequest
from tests.paths import CORPUS, ROOT
from tests.reliability.conftest import good_page, run_cli, write


def cli_process(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "practice_search", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def serves(index: Path, expected_total: int) -> bool:
    engine = SearchEngine(index)
    try:
        return engine.search(SearchRequest(versions="all", query="school"))["total"] > 0 \
            and engine.search(SearchRequest(versions="all"))["total"] == expected_total
    finally:
        engine.close()


def generations(index: Path) -> set[str]:
    return {p.name for p in index.glob("gen-*")}


@pytest.fixture()
def live_index(tmp_path, corpus_report) -> Path:
    index = tmp_path / "index"
    assert run_cli("index", CORPUS, "--index", index, "--quiet").exit_code in (0, 3)
    return index


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """Forty sample pages: enough for a real build, quick enough to rebuild several times."""
    corpus = tmp_path / "small-corpus"
    corpus.mkdir()
    for page in sorted((CORPUS / "pages").glob("*.html"))[:40]:
        shutil.copy(page, corpus / page.name)
    return corpus


@pytest.fixture()
def small_index(tmp_path, small_corpus) -> Path:
    index = tmp_path / "small-index"
    assert run_cli("index", small_corpus, "--index", index, "--quiet").exit_code == 0
    return index


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_kill_9_during_a_full_build_leaves_the_live_index_serving(live_index, corpus_report):
    total = len(corpus_report.practices)
    live = IndexStore(live_index).current().name
    before = generations(live_index)
    build = cli_process("index", CORPUS, "--index", live_index, "--full", "--quiet")
    assert wait_for(lambda: generations(live_index) - before or build.poll() is not None)
    build.send_signal(signal.SIGKILL)
    build.wait()
    if build.returncode == -signal.SIGKILL:  # killed mid-write: the half-built generation is not live
        assert IndexStore(live_index).current().name == live
    assert serves(live_index, total)
    again = run_cli("index", CORPUS, "--index", live_index, "--full", "--quiet")  # the lock died with the process
    assert again.exit_code in (0, 3), again.output
    assert IndexStore(live_index).current().name != live
    assert serves(live_index, total)
    assert len(generations(live_index)) <= 2  # crashed leftovers cleaned: live + rollback only


@pytest.mark.parametrize("delay", [0.4, 1.0])
def test_kill_9_during_an_incremental_update_recovers(small_index, small_corpus, delay):
    write(small_corpus, "zz-new-practice.html", good_page("Brand new school welcome practice"))
    update = cli_process("index", small_corpus, "--index", small_index, "--quiet")
    time.sleep(delay)
    update.send_signal(signal.SIGKILL)
    update.wait()
    assert serves(small_index, 40) or serves(small_index, 41)  # old state or new, never broken
    again = run_cli("index", small_corpus, "--index", small_index, "--quiet")
    assert again.exit_code == 0, again.output
    assert serves(small_index, 41)


def test_disk_full_during_a_build_is_a_clear_error(small_index, small_corpus, monkeypatch):
    """A writer that fails as a full disk does: one-line error, nothing published, the next run recovers."""
    from whoosh.writing import SegmentWriter

    live = IndexStore(small_index).current().name

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(small_index))

    monkeypatch.setattr(SegmentWriter, "add_document", full_disk)
    result = run_cli("index", small_corpus, "--index", small_index, "--full", "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No space left on device") and "Traceback" not in result.output
    assert IndexStore(small_index).current().name == live
    assert generations(small_index) == {live}  # the half-written generation is gone at once
    assert serves(small_index, 40)
    monkeypatch.undo()
    assert run_cli("index", small_corpus, "--index", small_index, "--full", "--quiet").exit_code == 0
    assert IndexStore(small_index).current().name != live


@pytest.fixture()
def small_tmpfs(tmp_path):
    """A real 1 MB filesystem when we may mount one (root on Linux); skipped otherwise."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_really_full_disk(small_tmpfs, tmp_path):
    """The sample corpus does not fit in 1 MB: the build fails cleanly and a smaller corpus then fits."""
    index = small_tmpfs / "index"
    small = tmp_path / "small"
    for n in range(3):
        write(small, f"p{n}.html", good_page(f"Small school practice {n}"))
    assert run_cli("index", small, "--index", index, "--quiet").exit_code == 0
    live = IndexStore(index).current().name
    result = run_cli("index", CORPUS, "--index", index, "--full", "--quiet")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "space" in result.stderr.lower() or "full" in result.stderr.lower()
    assert IndexStore(index).current().name == live
    assert serves(index, 3)
    assert run_cli("index", small, "--index", index, "--full", "--quiet").exit_code == 0
    assert serves(index, 3)


def test_read_only_index_folder(small_index, small_corpus, monkeypatch):
    """As root a chmod does not stop writes, so the refusal is the one a read-only mount gives."""
    live = IndexStore(small_index).current().name
    if os.geteuid() != 0:
        os.chmod(small_index, 0o555)
    else:
        def read_only(self, *args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", str(self.root / ".lock"))

        monkeypatch.setattr(IndexStore, "lock", read_only)
    try:
        result = run_cli("index", small_corpus, "--index", small_index, "--full", "--quiet")
    finally:
        os.chmod(small_index, 0o755)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(("Error: Read-only file system", "Error: Permission denied"))
    assert IndexStore(small_index).current().name == live
    assert serves(small_index, 40)
    monkeypatch.undo()
    assert run_cli("index", small_corpus, "--index", small_index, "--full", "--quiet").exit_code == 0
