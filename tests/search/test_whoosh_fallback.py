"""Whoosh's private names are used in one module, and any failure there falls back to the public API.

A private attribute taken away (as a Whoosh release might rename it) must cost speed, never a
search: answers stay exactly the same and no exception reaches the caller.
"""

from __future__ import annotations

import ast
import logging
import sys
from pathlib import Path

import pytest
import whoosh

from practice_search.index import whoosh_internals as internals
from practice_search.index.build import build_full
from practice_search.index.store import IndexStore
from practice_search.search.engine import SearchEngine
from practice_search.search.request import SearchRequest
from tests.paths import ROOT

QUERIES = ["anti rumour", '"school mediators"', "roma -Bucharest", "refugee welcome", "Portimão", "mediat*"]
PACKAGES = ("ingest", "index", "search", "web", "bench", "practice_search")
WHOOSH_USERS = ("index", "search")  # the packages that hold Whoosh objects
OWN_OBJECTS = {"self", "cls", "analyzer", "sys", "internals"}  # our own objects' private parts are ours to use


@pytest.fixture()
def fresh_state(monkeypatch):
    """The fast paths on, whatever an earlier test did; restored afterwards."""
    monkeypatch.setitem(internals._state, "problem", "")
    monkeypatch.setitem(internals._state, "warned", False)


def answers(index: Path) -> list:
    engine = SearchEngine(index, cache_size=0)
    try:
        out = []
        for query in QUERIES:
            result = engine.search(SearchRequest(query=query, per_page=20, versions="all"))
            out.append((result["total"], [(h["id"], round(h["score"], 6)) for h in result["results"]],
                        result["facets"]))
        return out
    finally:
        engine.close()


class GoneForUs:
    """A private method that whoosh_internals no longer finds (as after a rename in a new Whoosh release),
    while Whoosh's own code, which the public-API fallback runs, still finds it."""

    def __init__(self, real, name: str) -> None:
        self.real, self.name = real, name

    def __get__(self, obj, owner=None):
        if sys._getframe(1).f_globals.get("__name__") == internals.__name__:
            raise AttributeError(f"{owner.__name__!r} object has no attribute {self.name!r}")
        return self.real.__get__(obj, owner)


@pytest.mark.parametrize(("owner", "name"), [("W3LeafMatcher", "_read_ids"), ("W3LeafMatcher", "_read_weights"),
                                             ("W3LeafMatcher", "_read_values"), ("W3LeafMatcher", "_next_block"),
                                             ("W3PerDocReader", "_cached_reader")])
def test_a_missing_private_name_costs_speed_not_a_search(sample_index, fresh_state, monkeypatch, caplog, owner, name):
    expected = answers(sample_index)
    cls = getattr(internals, owner)
    monkeypatch.setattr(cls, name, GoneForUs(cls.__dict__[name], name))
    with caplog.at_level(logging.WARNING, logger=internals.__name__):
        assert answers(sample_index) == expected
    assert not internals.usable()
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "AttributeError" in warnings[0] and name in warnings[0], warnings


def test_a_failure_of_any_kind_falls_back(sample_index, fresh_state, monkeypatch):
    expected = answers(sample_index)

    def broken(matcher):
        raise ValueError("a layout this code does not know")

    monkeypatch.setattr(internals, "block_postings", broken)
    assert answers(sample_index) == expected and not internals.usable()


def test_another_whoosh_version_turns_the_fast_paths_off(monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (3, 55, 0))
    assert "whoosh 3.55.0 is installed" in internals._check()
    monkeypatch.setattr(whoosh, "__version__", internals.PINNED)
    assert internals._check() == ""


def test_a_build_without_the_fast_writer_gives_the_same_index(sample_index, corpus_report, tmp_path, fresh_state,
                                                              monkeypatch):
    expected = answers(sample_index)
    monkeypatch.setitem(internals._state, "problem", "test: public API only")
    build_full(IndexStore(tmp_path / "plain"), corpus_report.practices)
    assert answers(tmp_path / "plain") == expected


def test_private_whoosh_names_appear_in_one_module_only():
    """No other module imports a private Whoosh name, and no other module of index/ or search/ reaches for an
    underscore attribute of anything but its own objects."""
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "whoosh_internals.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                    offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
                    if node.module.startswith(("whoosh.codec", "whoosh.matching", "whoosh.columns")):
                        offenders.append(f"{path.name}: from {node.module}")
                if package in WHOOSH_USERS and isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                        and not node.attr.startswith("__") and ast.unparse(node.value) not in OWN_OBJECTS:
                    offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []
