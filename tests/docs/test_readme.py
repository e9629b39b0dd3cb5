"""The README's examples do what it says, run as written from a folder that is not the checkout."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request

from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str) -> list[str]:
    """The command lines of the first ```sh block after `marker`, comments dropped."""
    text = README[README.index(marker):]
    body = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    return [line.split("  #")[0].strip() for line in body.splitlines() if line.startswith("practices ")]


def practices(args: list[str], cwd, **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "practice_search", *args]
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("PRACTICES_INDEX", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_first_session_works_as_written(tmp_path):
    lines = block_after("A first session")
    assert [shlex.split(line)[1] for line in lines] == ["index", "search", "search", "show", "stats", "serve"]
    outputs = {}
    for line in lines[:-1]:
        done = practices(shlex.split(line)[1:], tmp_path)
        assert done.returncode == 0, (line, done.stderr)
        outputs[line] = done.stdout
    index, roma, anti, show, stats = lines[:5]
    assert "Indexed 168 practices" in outputs[index] and (tmp_path / "instance" / "index" / "CURRENT").exists()
    assert "Roma school mediators in the Lisbon metropolitan area" in outputs[roma]  # what the README promises
    found = json.loads(outputs[anti])
    assert found["total"] >= 2 and {"Spain", "Portugal"} <= {c for r in found["results"] for c in r["countries"]}
    assert "Barcelona" in outputs[show] and "Similar practices:" in outputs[show]
    assert "and" in outputs[stats] and "more (--all lists them)" in outputs[stats]

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "practice_search", *shlex.split(lines[-1])[1:], "--port",
                               str(port), "--workers", "1"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    health = json.loads(response.read())
                break
            except OSError:
                assert time.monotonic() < deadline, "serve never answered"
                time.sleep(0.3)
        assert health["documents"] == 168 and health["sample"] is True
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_evaluation_commands_work_as_written(tmp_path):
    lines = block_after("Commands:")
    runnable = [line.replace("/tmp/rel-ix", str(tmp_path / "rel-ix")) for line in lines
                if "/tmp/rel-ix" in line]
    assert len(runnable) == 3
    for line in runnable:
        done = practices(shlex.split(line)[1:], ROOT)
        assert done.returncode == 0, (line, done.stderr)
    assert "ndcg@10" in done.stdout.lower()
