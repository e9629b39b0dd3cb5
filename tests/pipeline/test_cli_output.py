"""The command line for people: plurals, one-line errors, short stats, NO_COLOR and COLUMNS, highlighted matches."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_search import cli, render
from practice_search.cli import main
from tests.paths import CORPUS

PAGE = """<html><body><a href="/">Back</a><h1>{title}</h1><p>{line}</p>
<h3>Purpose</h3><p>{text}</p><ul class="tags"><li>Refugees</li></ul></body></html>"""
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_pages(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"p{n}.html").write_text(PAGE.format(
            title=f"Welcome desk number {n}", line="Norway Bergen 2019",
            text=f"Volunteers welcome newcomers at desk {n} with coffee and advice about housing and work."),
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sample_ix(tmp_path_factory) -> str:
    index = str(tmp_path_factory.mktemp("cli-out") / "ix")
    assert run("index", "--index", index, "--quiet").exit_code == 0
    return index


def untimed(output: str) -> list[str]:
    return [line for line in output.replace("\r", "").splitlines() if not line.endswith(" ms)")]


def in_terminal(args: list[str], env: dict) -> str:
    """Run the command with stdout on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "practice_search", *args], stdout=follower,
                          stderr=subprocess.PIPE, env={**os.environ, **env}, timeout=120)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize("count", [1, 2])
def test_plurals_agree(tmp_path, count):
    corpus = write_pages(tmp_path / "c", count)
    index = str(tmp_path / "ix")
    out = run("index", str(corpus), "--index", index).output
    noun, files = ("practice", "file") if count == 1 else ("practices", "files")
    assert f"Indexed {count} {noun} from {count} {files}; 0 rejected, 0 warnings" in out
    assert f"{count} {files} parsed" in out
    assert f"{count} {noun}; showing 1-{count}" in run("search", "welcome", "--index", index).output
    assert run("stats", "--index", index).output.startswith(f"{count} {noun} in generation")
    assert not re.search(r"\b1 (practices|files|warnings|values)\b", run("stats", "--index", index).output)


def test_a_requested_full_rebuild_says_so_once(sample_ix):
    out = run("index", "--index", sample_ix, "--full").output
    assert "full rebuild (requested): 0 added, 0 changed, 0 deleted" in out
    assert out.count("full rebuild") == 1


def test_stats_shows_the_top_cities_and_how_many_more(sample_ix):
    data = json.loads(run("stats", "--index", sample_ix, "--json").output)
    cities = data["facets"]["city"]
    out = run("stats", "--index", sample_ix).output
    section = out.split("\nCity (")[1].split("\n\n")[0].splitlines()
    assert len(section) == 1 + render.STATS_TOP + 1
    assert section[-1] == f"  ... and {len(cities) - render.STATS_TOP} more (--all lists them)"
    assert f"City ({len(cities)} values)" in out
    everything = run("stats", "--index", sample_ix, "--all").output
    assert all(f"  {city}\n" in everything for city in cities)
    assert "illustrative sample practices" in out


def test_columns_sets_the_wrapping_width(sample_ix, monkeypatch):
    for columns in (50, 140):
        monkeypatch.setenv("COLUMNS", str(columns))
        out = run("search", "refugee welcome", "--index", sample_ix).output
        lines = [line for line in out.splitlines() if line.startswith("     ") and "[" not in line]
        widest = max(map(len, lines))
        assert columns - 25 <= widest <= columns, (columns, widest)


def test_matches_are_highlighted_on_a_terminal_and_never_under_no_color(sample_ix):
    args = ["search", "anti-rumour", "--index", sample_ix, "--per-page", "3"]
    coloured = in_terminal(args, {"NO_COLOR": "", "COLUMNS": "100"})
    assert "\x1b[1m" in coloured
    highlighted = re.findall(r"\x1b\[33m\x1b\[1m(.*?)\x1b\[0m", coloured)
    assert highlighted and {w.lower() for w in highlighted} <= {"anti", "rumour", "rumours", "anti-rumour"}
    plain = in_terminal(args, {"NO_COLOR": "1", "COLUMNS": "100"})
    assert not ANSI.search(plain)
    assert untimed(ANSI.sub("", coloured)) == untimed(plain)  # the same text, only the styles differ
    piped = subprocess.run([sys.executable, "-m", "practice_search", *args], capture_output=True, text=True)
    assert not ANSI.search(piped.stdout) and "<mark>" not in piped.stdout


def test_serve_on_a_busy_port_is_one_line(sample_ix):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "practice_search", "serve", "--index", sample_ix,
                               "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"Error: cannot serve on 127.0.0.1:{port}: ")
    assert "--port" in done.stderr


def test_real_pages_do_not_silently_replace_the_sample(sample_ix, tmp_path):
    corpus = write_pages(tmp_path / "crawl", 2)
    refused = CliRunner().invoke(main, ["index", str(corpus), "--index", sample_ix])
    assert refused.exit_code == 1
    assert "holds the illustrative sample corpus (168 practices)" in refused.output
    assert "--replace" in refused.output and "--index DIR" in refused.output
    assert json.loads(run("stats", "--index", sample_ix, "--json").output)["documents"] == 168
    fresh = str(tmp_path / "own")
    assert run("index", str(corpus), "--index", fresh).exit_code == 0  # its own index: nothing to ask
    assert run("index", str(CORPUS), "--index", fresh).exit_code == 0  # samples may replace anything


def test_replace_lets_them(tmp_path):
    index = str(tmp_path / "ix")
    run("index", "--index", index, "--quiet")
    replaced = run("index", str(write_pages(tmp_path / "crawl", 2)), "--index", index, "--replace")
    assert replaced.exit_code == 0 and "168 deleted" in replaced.output


def test_priority_is_lowered_once_per_process(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "_priority_lowered", False)
    monkeypatch.setattr(cli.os, "nice", calls.append)
    corpus = write_pages(tmp_path / "c", 1)
    for _ in range(3):
        run("index", str(corpus), "--index", str(tmp_path / "ix"), "--quiet")
    run("search", "welcome", "--index", str(tmp_path / "ix"))
    assert calls == [cli.INDEXER_NICENESS]


def test_every_command_has_an_example():
    for name, command in main.commands.items():
        assert "Example:" in (command.help or ""), name
        assert "practices " in command.help.split("Example:")[1], name
