"""The `practices` command, through click's runner and as the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_search.cli import main
from tests.paths import CORPUS

SMALL_PAGE = """<html><body><a href="/">Back</a><h1>{title}</h1><p>{line}</p>
<h3>Purpose</h3><p>{text}</p><ul class="tags"><li>{topic}</li></ul></body></html>"""


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    pages = [
        ("bergen-library", "Library language cafés", "Norway Bergen 2019", "Volunteers in Bergen host language cafés.",
         "Multilingualism"),
        ("lisbon-mediators", "Neighbourhood mediators", "Portugal Lisbon Since 2016",
         "Lisbon trains mediators from migrant associations.", "Mediation and conflict resolution"),
        ("sevilla-rumours", "Anti-rumour agents", "Spain Seville 2015-2017",
         "Seville trains anti-rumour agents who answer prejudice with facts.", "Anti-rumour"),
    ]
    for slug, title, line, text, topic in pages:
        (folder / f"{slug}.html").write_text(SMALL_PAGE.format(title=title, line=line, text=text, topic=topic),
                                             encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_index_search_show_stats(small_corpus, tmp_path):
    index = str(tmp_path / "ix")
    result = run("index", str(small_corpus), "--index", index)
    assert result.exit_code == 0, result.output
    assert "Indexed 3 practices from 3 files; 0 rejected" in result.output

    result = run("search", "mediators", "--index", index, "--json")
    data = json.loads(result.output)
    assert data["total"] == 1 and data["results"][0]["id"] == "lisbon-mediators"
    assert data["filters"] == {"topic": [], "country": [], "year": [], "city": []}

    data = json.loads(run("search", "--country", "Spain", "--country", "Norway", "--index", index, "--json").output)
    assert data["total"] == 2
    assert {f["value"]: f["count"] for f in data["facets"]["country"]} == {"Spain": 1, "Norway": 1, "Portugal": 1}

    human = run("search", "anti-rumour", "--index", index).output
    assert "Anti-rumour agents" in human and "Seville · Spain · 2015-2017" in human

    shown = json.loads(run("show", "bergen-library", "--index", index, "--json").output)
    assert shown["cities"] == ["Bergen"] and shown["countries"] == ["Norway"] and "similar" in shown
    assert "Library language cafés" in run("show", "bergen-library", "--index", index).output

    stats = json.loads(run("stats", "--index", index, "--json").output)
    assert stats["documents"] == 3 and stats["facets"]["country"]["Spain"] == 1


def test_rejected_files_are_listed_and_change_the_exit_status(small_corpus, tmp_path):
    (small_corpus / "broken.html").write_bytes(b"\x00\x00junk")
    result = CliRunner().invoke(main, ["index", str(small_corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 3
    assert "rejected  broken.html: binary data" in result.output
    assert "Indexed 3 practices from 4 files; 1 rejected" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["search", "x", "--index", "{tmp}/missing"], "no index at"),
    (["show", "x", "--index", "{tmp}/missing"], "no index at"),
    (["index", "{tmp}/nowhere", "--index", "{tmp}/ix"], "corpus folder not found"),
    (["index", "{tmp}/empty", "--index", "{tmp}/ix"], "no practice files"),
])
def test_expected_failures_are_one_line_errors(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_option_values_are_usage_errors(small_corpus, tmp_path):
    index = str(tmp_path / "ix")
    run("index", str(small_corpus), "--index", index)
    for args in (["--sort", "random"], ["--page", "0"], ["--per-page", "1000"], ["--year", "abc"]):
        result = CliRunner().invoke(main, ["search", "x", "--index", index, *args])
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["search", "x" * 600, "--index", index])
    assert result.exit_code == 1 and "longer than 500" in result.output


def test_unknown_practice_is_an_error(small_corpus, tmp_path):
    index = str(tmp_path / "ix")
    run("index", str(small_corpus), "--index", index)
    result = CliRunner().invoke(main, ["show", "nope", "--index", index])
    assert result.exit_code == 1 and "no practice with id 'nope'" in result.output


def test_index_location_from_the_environment(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("PRACTICES_INDEX", str(tmp_path / "env-ix"))
    assert run("index", str(small_corpus), "-q").exit_code == 0
    assert (tmp_path / "env-ix" / "CURRENT").exists()
    assert json.loads(run("stats", "--json").output)["documents"] == 3


def test_installed_console_script_on_the_sample_corpus(tmp_path):
    script = shutil.which("practices", path=str(Path(sys.executable).parent))
    assert script, "the package installs a `practices` console script"
    index = str(tmp_path / "ix")
    built = subprocess.run([script, "index", str(CORPUS), "--index", index, "--json"],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["rejected"] == []
    found = subprocess.run([script, "search", "roma", "--country", "Spain", "--json", "--index", index],
                           capture_output=True, text=True, timeout=60)
    data = json.loads(found.stdout)
    assert data["total"] >= 1 and all("Spain" in r["countries"] for r in data["results"])
    missing = subprocess.run([script, "search", "x", "--index", str(tmp_path / "none")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and missing.stderr.strip().startswith("Error: no index at")
    assert "Traceback" not in missing.stderr
