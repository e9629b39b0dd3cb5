"""The blind judged sets (tests/relevance/blind) stay well-formed against the sample corpus.

They were judged from the corpus text alone, so nothing here runs the engine: these checks only
guard the structure a metric relies on (every judged id exists, every query has a useful answer,
no pair is judged twice), and the mutation test shows the checker does catch each defect.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

BLIND = Path(__file__).parent / "blind"
OWN_SET = Path(__file__).parent / "data" / "queries.jsonl"
HEADER = ["query_id", "doc_id", "relevance"]
KINDS = {"keyword", "natural-language", "spelling", "synonym", "other-language", "place"}
LANGUAGES = {"fr", "it", "es", "de", "pt"}
# (queries file, qrels file, id prefix, minimum number of queries)
SETS = {"blind": ("queries.jsonl", "qrels.tsv", "b", 60),
        "crosslang": ("crosslang_queries.jsonl", "crosslang_qrels.tsv", "x", 40),
        "heldout": ("heldout_queries.jsonl", "heldout_qrels.tsv", "h", 60)}
# the sets that mix all six kinds of query (set 2 is other-language only)
MIXED_SETS = ("blind", "heldout")


def read_set(name: str) -> tuple[list[dict], list[str], list[list[str]]]:
    queries_file, qrels_file, _, _ = SETS[name]
    queries = [json.loads(line) for line in (BLIND / queries_file).read_text(encoding="utf-8").splitlines()
               if line.strip()]
    lines = [line.split("\t") for line in (BLIND / qrels_file).read_text(encoding="utf-8").splitlines() if line]
    return queries, lines[0], lines[1:]


def problems(queries: list[dict], header: list[str], rows: list[list[str]], corpus_ids: set[str],
             prefix: str) -> list[str]:
    """Every structural defect of one judged set, as readable messages (empty when the set is sound)."""
    found = [] if header == HEADER else [f"header {header!r}"]
    ids = Counter(q.get("id") for q in queries)
    found += [f"query id {i!r} used {n} times" for i, n in ids.items() if n > 1]
    for q in queries:
        if not str(q.get("id", "")).startswith(prefix) or not q.get("text", "").strip() or not q.get("category"):
            found.append(f"query {q!r} lacks an id with prefix {prefix!r}, a text or a category")
    best: dict[str, int] = {}
    pairs = Counter()
    for row in rows:
        if len(row) != 3 or row[2] not in {"1", "2", "3"}:
            found.append(f"row {row!r} is not query, doc, grade 1-3")
            continue
        query_id, doc_id, grade = row[0], row[1], int(row[2])
        pairs[query_id, doc_id] += 1
        if query_id not in ids:
            found.append(f"row {row!r} judges an unknown query")
        if doc_id not in corpus_ids:
            found.append(f"row {row!r} judges a practice the corpus does not hold")
        best[query_id] = max(best.get(query_id, 0), grade)
    found += [f"pair {pair} judged {n} times" for pair, n in pairs.items() if n > 1]
    found += [f"query {i} has no practice graded 2 or 3" for i in ids if best.get(i, 0) < 2]
    return found


@pytest.fixture(scope="module")
def corpus_ids(corpus_report) -> set[str]:
    return {p.id for p in corpus_report.practices}


@pytest.mark.parametrize("name", sorted(SETS))
def test_each_blind_set_is_sound(name, corpus_ids):
    queries, header, rows = read_set(name)
    assert problems(queries, header, rows, corpus_ids, SETS[name][2]) == []
    assert len(queries) >= SETS[name][3]


@pytest.mark.parametrize("name", MIXED_SETS)
def test_the_mixed_sets_cover_every_kind_of_query_with_personas(name):
    queries, _, _ = read_set(name)
    kinds = Counter(q["category"] for q in queries)
    assert set(kinds) == KINDS
    assert min(kinds.values()) >= 8
    assert all(q.get("persona") for q in queries)


def test_the_heldout_set_asks_its_other_language_queries_in_five_languages():
    queries, _, _ = read_set("heldout")
    foreign = [q for q in queries if q["category"] == "other-language"]
    languages = Counter(q.get("language") for q in foreign)
    assert set(languages) == LANGUAGES and min(languages.values()) >= 2
    assert not any("language" in q for q in queries if q["category"] != "other-language")


def test_the_crosslang_set_asks_in_five_languages_mostly_for_pages_in_others(corpus_report):
    queries, _, rows = read_set("crosslang")
    assert all(q["category"] == q["language"] for q in queries)
    languages = Counter(q["language"] for q in queries)
    assert set(languages) == LANGUAGES and min(languages.values()) >= 8
    page_language = {p.id: p.language for p in corpus_report.practices}
    asked_in = {q["id"]: q["language"] for q in queries}
    elsewhere = [page_language[doc] != asked_in[query] for query, doc, _ in rows]
    assert sum(elsewhere) / len(elsewhere) >= 0.8


def test_blind_ids_never_collide_with_our_own_set():
    own = {json.loads(line)["id"] for line in OWN_SET.read_text(encoding="utf-8").splitlines() if line.strip()}
    for name in SETS:
        queries, _, _ = read_set(name)
        assert not own & {q["id"] for q in queries}


def _unknown_doc(rows, n):
    rows[n] = [rows[n][0], rows[n][1] + "-nowhere", rows[n][2]]


def _duplicate_pair(rows, n):
    rows.append([rows[n][0], rows[n][1], "1"])


def _only_marginal(rows, n):
    query = rows[n][0]
    rows[:] = [[q, d, "1" if q == query else g] for q, d, g in rows]


def _grade_out_of_range(rows, n):
    rows[n] = [rows[n][0], rows[n][1], "4"]


def _unknown_query(rows, n):
    rows[n] = ["zz99", rows[n][1], rows[n][2]]


@given(name=st.sampled_from(sorted(SETS)), where=st.floats(0, 1, exclude_max=True),
       defect=st.sampled_from([_unknown_doc, _duplicate_pair, _only_marginal, _grade_out_of_range, _unknown_query]))
def test_the_checker_catches_each_kind_of_defect_anywhere(corpus_ids, name, where, defect):
    queries, header, rows = read_set(name)
    defect(rows, int(where * len(rows)))
    assert problems(queries, header, rows, corpus_ids, SETS[name][2])
