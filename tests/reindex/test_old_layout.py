"""An index written before the `practice_search` package (its schema pickles `index.analysis`) is rebuilt."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import types

from click.testing import CliRunner
from reindex_corpus import TOPICS, write_practice

import practice_search.index.analysis as analysis
import practice_search.index.schema as schema
from practice_search.cli import main


def _index(corpus, root) -> dict:
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(root), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_an_index_of_the_old_layout_is_rebuilt_with_a_note(tmp_path, monkeypatch):
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n, words in enumerate(TOPICS[:3]):
        write_practice(corpus, f"p{n}", words)
    with monkeypatch.context() as old_layout:  # classes pickled under the old top-level module names
        for old_name, module in (("index.analysis", analysis), ("index.schema", schema)):
            old_layout.setitem(sys.modules, old_name, module)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    old_layout.setattr(cls, "__module__", old_name)
        old_layout.setitem(sys.modules, "index", types.ModuleType("index"))
        _index(corpus, root)
    assert b"index.analysis" in b"".join(p.read_bytes() for p in root.rglob("_*.toc"))

    # A new process outside the checkout, as a user runs it: the old module names do not import there.
    rebuilt = subprocess.run([sys.executable, "-m", "practice_search", "index", str(corpus), "--index", str(root),
                              "--json"], cwd=tmp_path, capture_output=True, text=True, check=True)
    report = json.loads(rebuilt.stdout)
    assert report["mode"] == "full"
    assert "older version" in report["reason"] and "'index" in report["reason"]
    assert _index(corpus, root)["mode"] == "unchanged"
