"""Broken, hostile and odd files among good ones: each gets a clear report line, every good file is indexed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import MAX_FILE_BYTES, load_corpus
from practice_search.search.engine import SearchEngine, SearchRequest
from tests.reliability.conftest import good_page, run_cli, write

GOOD_IDS = {"alpha", "beta", "gamma"}


def reasons(report) -> dict[str, str]:
    return {r.source: r.reason for r in report.rejected}


def practice_ids(report) -> set[str]:
    return {p.id for p in report.practices}


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("junk.html", bytes(range(256)) * 40, "binary data"),
    ("empty.html", b"", "empty file"),
    ("blank.txt", b"  \n\t \r\n   ", "empty file"),
    ("untitled.html", b"<html><body><div>no heading anywhere</div></body></html>", "no title"),
    ("headless.txt", b"\n\n\n", "empty file"),
    ("broken.json", b'{"id": "x", "title": ', "invalid JSON"),
    ("typed.json", b'{"id": "x", "title": ["not", "a", "string"], "body": "b"}', "must be a string"),
    ("nested.jsonl", b"[" * 100_000 + b"\n", "nested too deeply"),
])
def test_each_bad_file_is_reported_and_the_good_ones_indexed(good_corpus, name, content, reason):
    write(good_corpus, name, content)
    report = load_corpus(good_corpus)
    assert practice_ids(report) == GOOD_IDS
    source = next(s for s in reasons(report) if s.startswith(name))
    assert reason in reasons(report)[source]


def test_oversized_file_is_refused_without_reading_it(good_corpus):
    with open(good_corpus / "huge.html", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size check must come before any read
    report = load_corpus(good_corpus)
    assert reasons(report)["huge.html"] == f"file too large (50 MB; limit {MAX_FILE_BYTES // 2**20} MB)"
    assert practice_ids(report) == GOOD_IDS


def test_ten_thousand_levels_of_nesting_parse_without_recursion(good_corpus):
    depth = 10_000
    write(good_corpus, "deep.html", "<html><body><h1>Deep nesting</h1>" + "<div>" * depth
          + "<p>Text at the bottom of the well.</p>" + "</div>" * depth + "</body></html>")
    write(good_corpus, "deep-spans.html", "<html><body>" + "<span>" * depth + "<h1>t</h1>" + "</span>" * depth)
    report = load_corpus(good_corpus)
    deep = next(p for p in report.practices if p.id == "deep")
    assert deep.title == "Deep nesting" and "bottom of the well" in deep.body
    assert "deep-spans.html" in reasons(report)  # its title sits below the depth limit: reported, not fatal
    assert practice_ids(report) > GOOD_IDS


def test_legacy_encodings_and_boms_decode_to_the_right_text(good_corpus):
    write(good_corpus, "cp1252.html", good_page("Welcome desk in Portimão", "“Smart quotes” – and Zürich.")
          .encode("cp1252"))
    write(good_corpus, "latin1.txt", "Heritage clubs in Reykjavík\n\nPurpose\nFamilies from Zürich and Portimão "
                                     "meet every week to read together.\n".encode("latin-1"))
    write(good_corpus, "bom.html", b"\xef\xbb\xbf" + good_page("Byte order mark page").encode())
    write(good_corpus, "utf16.txt", "Página en UTF-16\n\nPurpose\nLos vecinos de Cádiz reciben a los recién "
                                    "llegados.\n".encode("utf-16"))
    declared = good_page("Łódź welcome").replace("<html", '<html><meta charset="iso-8859-2"', 1)
    write(good_corpus, "declared.html", declared.encode("iso-8859-2"))
    write(good_corpus, "damaged.txt", "Mediação em Portimão\n\nPurpose\nMediadores acompanham famílias ".encode()
          + b"\xff\xfe" + " no Algarve, três dias por semana.\n".encode())
    report = load_corpus(good_corpus)
    by_id = {p.id: p for p in report.practices}
    assert by_id["cp1252"].title == "Welcome desk in Portimão"
    assert "“Smart quotes” – and Zürich." in by_id["cp1252"].body
    assert "Reykjavík" in by_id["latin1"].title and "Zürich and Portimão" in by_id["latin1"].body
    assert by_id["bom"].title == "Byte order mark page"
    assert by_id["utf16"].title == "Página en UTF-16" and "Cádiz" in by_id["utf16"].body
    assert by_id["declared"].title == "Łódź welcome"
    assert by_id["damaged"].title == "Mediação em Portimão"  # valid UTF-8 kept; only the bad bytes replaced
    assert "famílias \ufffd\ufffd no Algarve" in by_id["damaged"].body
    assert not report.rejected


def test_duplicate_ids_keep_the_first_and_name_it(good_corpus):
    write(good_corpus, "sub/alpha.txt", "Another alpha\n\nPurpose\nA different practice with the same file name.\n")
    report = load_corpus(good_corpus)
    assert reasons(report)["sub/alpha.txt"] == "duplicate id 'alpha' (first seen in alpha.html)"
    assert next(p for p in report.practices if p.id == "alpha").title == "Alpha library language cafés"


def test_malformed_jsonl_lines_lose_only_themselves(good_corpus):
    lines = [json.dumps({"id": "j1", "title": "First record", "body": "Body one."}), "{not json", "",
             json.dumps([1, 2]), json.dumps({"id": "j2", "title": "Second record"}),
             json.dumps({"id": "j3", "title": "Third record", "body": "Body three."})]
    write(good_corpus, "export.jsonl", "\n".join(lines) + "\n")
    report = load_corpus(good_corpus)
    assert {"j1", "j3"} <= practice_ids(report)
    bad = reasons(report)
    assert bad["export.jsonl:2"].startswith("invalid JSON")
    assert bad["export.jsonl:4"] == "record is not a JSON object"
    assert bad["export.jsonl:5"] == "missing required field(s): body"


def test_bad_sidecars_are_warnings_and_the_page_still_loads(good_corpus):
    write(good_corpus, "alpha.meta.json", "{not json")
    write(good_corpus, "beta.meta.json", json.dumps({"cities": "Lisbon", "title": 7, "period": "2020"}))
    write(good_corpus, "gamma.meta.json", "[" * 100_000)
    report = load_corpus(good_corpus)
    assert practice_ids(report) == GOOD_IDS and not report.rejected
    warnings = [(w.source, w.reason) for w in report.warnings]
    assert ("alpha.meta.json", "sidecar ignored: invalid JSON (Expecting property name enclosed in double quotes "
            "at line 1)") in warnings
    assert ("beta.meta.json", "sidecar field 'title' has the wrong type; ignored") in warnings
    assert ("beta.meta.json", "sidecar field 'cities' has the wrong type; ignored") in warnings
    assert any(source == "gamma.meta.json" and "ignored" in reason for source, reason in warnings)
    beta = next(p for p in report.practices if p.id == "beta")
    assert beta.title == "Beta neighbourhood mediators" and beta.period == "2020"  # the good field still applies


def test_symlinks_never_loop_or_escape_the_corpus(good_corpus, tmp_path):
    secret = write(tmp_path, "outside/secret.txt", "Secret title\n\nPurpose\nThis file is outside the corpus.\n")
    (good_corpus / "loop").symlink_to(good_corpus, target_is_directory=True)
    (good_corpus / "secret.txt").symlink_to(secret)
    (good_corpus / "dangling.html").symlink_to(good_corpus / "nowhere.html")
    (good_corpus / "self.html").symlink_to(good_corpus / "self.html")
    (good_corpus / "alias.html").symlink_to(good_corpus / "alpha.html")
    report = load_corpus(good_corpus)
    bad = reasons(report)
    assert bad["loop"] == "symlinked folder not followed"
    assert bad["secret.txt"] == "symlink to a file outside the corpus folder; not followed"
    assert bad["dangling.html"] == "symlink to a file outside the corpus folder; not followed" \
        or bad["dangling.html"].startswith("unreadable")
    assert bad["self.html"].startswith(("unreadable", "symlink"))
    assert practice_ids(report) == GOOD_IDS | {"alias"}  # a link inside the corpus is an ordinary file


def test_unreadable_files_and_folders_are_reported(good_corpus, monkeypatch):
    write(good_corpus, "locked.html", good_page("Locked page"))
    write(good_corpus, "private/inner.html", good_page("Inner page"))
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.html"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    # As root (CI) chmod 000 does not stop a read, so the refusal is simulated for the file; the
    # folder is really made unreadable, which only bites for a normal user.
    monkeypatch.setattr(os, "open", refusing_open)
    os.chmod(good_corpus / "private", 0)
    try:
        report = load_corpus(good_corpus)
    finally:
        os.chmod(good_corpus / "private", 0o755)
    assert reasons(report)["locked.html"] == "unreadable: Permission denied"
    if os.geteuid() != 0:
        assert reasons(report)["private"].startswith("unreadable folder")
    assert practice_ids(report) >= GOOD_IDS


def test_odd_file_names_are_indexed_and_undecodable_ones_reported(good_corpus):
    write(good_corpus, "with spaces and ünïcödé.html", good_page("Spaces and accents"))
    write(good_corpus, "line\nbreak.html", good_page("A newline in the name"))
    write(good_corpus, "ﺍﻟﻌﺮﺑﻴﺔ 日本.txt", "Right to left and CJK\n\nPurpose\nNames in any script are fine.\n")
    os.close(os.open(os.fsencode(good_corpus) + b"/latin\xe9.html", os.O_CREAT | os.O_WRONLY))
    report = load_corpus(good_corpus)
    titles = {p.title: p for p in report.practices}
    assert titles["Spaces and accents"].id == "with-spaces-and-unicode"
    assert titles["A newline in the name"].source == "line\nbreak.html"
    assert "Right to left and CJK" in titles
    assert reasons(report)["latin\ufffd.html"] == "file name is not valid UTF-8; rename it"


def test_hostile_corpus_through_the_cli(good_corpus, tmp_path):
    """Everything at once through `practices index`: exit 3, counts in the summary, a usable index."""
    write(good_corpus, "junk.html", bytes(range(256)) * 40)
    write(good_corpus, "empty.html", b"")
    write(good_corpus, "cp1252.html", good_page("Café in Portimão").encode("cp1252"))
    write(good_corpus, "export.jsonl", json.dumps({"id": "j1", "title": "JSON record", "body": "Body."}) + "\n{bad\n")
    write(good_corpus, "alpha.meta.json", "{bad")
    (good_corpus / "loop").symlink_to(good_corpus, target_is_directory=True)
    os.close(os.open(os.fsencode(good_corpus) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    index = tmp_path / "index"

    human = run_cli("index", good_corpus, "--index", index)
    assert human.exit_code == 3
    for line in ("rejected  junk.html: binary data", "rejected  empty.html: empty file",
                 "rejected  export.jsonl:2: invalid JSON", "rejected  loop: symlinked folder not followed",
                 "rejected  caf\ufffd.txt: file name is not valid UTF-8", "warning   alpha.meta.json: sidecar ignored"):
        assert line in human.stderr
    assert "Indexed 5 practices from 7 files; 5 rejected, 1 warning " in human.stdout
    assert "Traceback" not in human.output

    machine = run_cli("index", good_corpus, "--index", index, "--json", "--full")
    assert machine.exit_code == 3
    summary = json.loads(machine.stdout)
    assert summary["indexed"] == 5 and len(summary["rejected"]) == 5
    engine = SearchEngine(index)
    assert engine.get("cp1252").title == "Café in Portimão"
    assert engine.search(SearchRequest(query='"Café in Portimão"'))["total"] == 1


def test_a_corpus_with_nothing_usable_fails_clearly_and_keeps_the_live_index(good_corpus, tmp_path):
    index = tmp_path / "index"
    assert run_cli("index", good_corpus, "--index", index).exit_code == 0
    live = IndexStore(index).current().name
    broken = tmp_path / "broken"
    write(broken, "junk.html", b"\x00" * 100)
    write(broken, "empty.txt", b"")
    result = run_cli("index", broken, "--index", index)
    assert result.exit_code == 1
    # progress lines first (stderr is no terminal here), then the error as one line
    error = f"Error: no practice could be read from {broken} (2 files rejected)"
    assert result.stderr.strip().splitlines()[-1] == error
    assert IndexStore(index).current().name == live
    assert SearchEngine(index).search(SearchRequest())["total"] == 3


SPECIAL_NAMES = ["x.html", "x.jsonl", "x.json", "x.txt", "deep/er/x.htm", "alpha.meta.json"]


def make_special(path, kind: str) -> list:
    """A FIFO or a Unix socket at `path`; returns what must be closed afterwards."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
        return []
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return [server]


@pytest.mark.parametrize("kind", ["fifo", "socket"])
@pytest.mark.parametrize("name", SPECIAL_NAMES)
def test_fifos_and_sockets_are_reported_and_never_opened(good_corpus, kind, name):
    path = good_corpus / name
    keep = make_special(path, kind)
    opened = threading.Event()
    if kind == "fifo":  # a writer blocks until some reader opens the FIFO: it tells whether anyone did
        def writer():
            with open(path, "wb"):
                opened.set()
        threading.Thread(target=writer, daemon=True).start()
    try:
        report = load_corpus(good_corpus)
        assert not opened.wait(0.3), "the FIFO was opened"
    finally:
        if kind == "fifo" and not opened.is_set():
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))  # lets the writer thread finish
        for item in keep:
            item.close()
    kind_name = "a named pipe" if kind == "fifo" else "a socket"
    assert reasons(report)[name] == f"not a regular file ({kind_name}); skipped without opening it"
    assert practice_ids(report) == GOOD_IDS
    if name.endswith(".meta.json"):
        assert next(p for p in report.practices if p.id == "alpha").title == "Alpha library language cafés"


def test_a_symlink_to_a_fifo_inside_the_corpus_is_reported(good_corpus):
    os.mkfifo(good_corpus / "pipe.fifo")
    (good_corpus / "linked.html").symlink_to(good_corpus / "pipe.fifo")
    report = load_corpus(good_corpus)
    assert reasons(report)["linked.html"] == "not a regular file (a named pipe); skipped without opening it"


def test_a_fifo_swapped_in_after_listing_is_refused_without_blocking(good_corpus, monkeypatch):
    """The listing's check is bypassed, as if the FIFO replaced a page after it: the read refuses it."""
    from practice_search.ingest import corpus as corpus_module

    real = corpus_module._special_kind
    monkeypatch.setattr(corpus_module, "_special_kind", lambda path, mode=None: real(path, mode) if mode else None)
    os.mkfifo(good_corpus / "late.html")
    reports = []
    reader = threading.Thread(target=lambda: reports.append(load_corpus(good_corpus)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert reports, "reading the corpus blocked on the FIFO"
    assert reasons(reports[0])["late.html"] == "not a regular file (a named pipe); skipped"


def test_practices_index_with_a_fifo_finishes_and_the_next_run_is_not_locked_out(good_corpus, tmp_path):
    os.mkfifo(good_corpus / "x.jsonl")
    os.mkfifo(good_corpus / "beta.meta.json")
    index = tmp_path / "index"
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "practice_search", "index", str(good_corpus), "--index",
                               str(index), "--wait", "0"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 3, done.stderr
        assert "rejected  x.jsonl: not a regular file (a named pipe)" in done.stderr
        assert "rejected  beta.meta.json: not a regular file (a named pipe)" in done.stderr


def lock_is_held(index) -> bool:
    import fcntl

    with open(index / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@pytest.mark.parametrize("mode", ["--full", "incremental"])
def test_a_killed_indexer_never_leaves_a_lock_behind(good_corpus, tmp_path, mode):
    """SIGKILL while the lock is held: the next run gets the lock at once (--wait 0) and succeeds."""
    index = tmp_path / "index"
    assert run_cli("index", good_corpus, "--index", index).exit_code == 0
    for n in range(300):  # enough work that the indexer is still running when it is killed
        write(good_corpus, f"extra/page-{n}.html", good_page(f"Extra page number {n}", "Text " * 200))
    args = [sys.executable, "-m", "practice_search", "index", str(good_corpus), "--index", str(index), "--quiet"]
    indexer = subprocess.Popen(args + ([mode] if mode.startswith("--") else []), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not lock_is_held(index) and indexer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert indexer.poll() is None, "the indexer finished before it could be killed"
    indexer.send_signal(signal.SIGKILL)
    indexer.wait()
    assert not lock_is_held(index)
    done = subprocess.run(args + ["--wait", "0"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert SearchEngine(index).search(SearchRequest())["total"] == 303
