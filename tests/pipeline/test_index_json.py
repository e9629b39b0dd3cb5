"""`practices index --json` prints exactly one JSON object, whatever the corpus holds."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.cli import main
from tests.paths import CORPUS

BAD_FILES = {
    "binary.html": b"\x00\x01\x02junk",
    "empty.txt": b"",
    "blank.html": b"   \n  ",
    "broken.json": b"{not json",
    "record.json": b'{"title": "no id and no body"}',
    "lines.jsonl": b'{"id": "x"}\n[1, 2]\n{bad\n',
    "no-text.txt": b"Back\nA Title Alone\n",
    "notes.rtf": b"{\\rtf1 not a page}",
    "skeleton.html": b"<html><body><nav>Home</nav></body></html>",
}


def _index_json(corpus, index) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.sampled_from(sorted(BAD_FILES)), min_size=1, max_size=len(BAD_FILES), unique=True))
def test_a_corpus_of_only_bad_files_gives_one_object_with_every_file_and_its_reason(tmp_path_factory, names):
    corpus = tmp_path_factory.mktemp("bad")
    for name in names:
        (corpus / name).write_bytes(BAD_FILES[name])
    code, summary, stderr = _index_json(corpus, tmp_path_factory.mktemp("ix"))
    assert code == 1 and summary["error"] and summary["indexed"] == 0
    reported = {r["source"].split(":")[0].split("#")[0] for r in summary["rejected"]}
    assert reported == set(names)
    assert all(r["reason"] for r in summary["rejected"])
    assert stderr.strip().startswith("Error:") and len(stderr.strip().splitlines()) == 1


def test_an_empty_folder_is_an_error_object(tmp_path):
    (tmp_path / "empty").mkdir()
    code, summary, _ = _index_json(tmp_path / "empty", tmp_path / "ix")
    assert code == 1
    assert "no practice files" in summary["error"] and summary["rejected"] == [] and summary["files"] == 0


def test_a_missing_folder_is_an_error_object(tmp_path):
    code, summary, _ = _index_json(tmp_path / "nowhere", tmp_path / "ix")
    assert code == 1 and "not found" in summary["error"]


def test_a_partly_bad_corpus_lists_the_bad_files_beside_the_practices(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted((CORPUS / "pages").glob("*.html"))[:3]:
        shutil.copy(page, corpus / page.name)
    (corpus / "broken.json").write_bytes(BAD_FILES["broken.json"])
    code, summary, _ = _index_json(corpus, tmp_path / "ix")
    assert code == 3 and "error" not in summary
    assert summary["indexed"] == 3 and [r["source"] for r in summary["rejected"]] == ["broken.json"]
    assert summary["title_sources"]["page"] == 3 and summary["listings"] == []
