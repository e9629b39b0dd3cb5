"""Hostile queries cost a bounded amount: repeats collapse, item counts are capped."""

from practice_search.search.engine import SearchRequest
from practice_search.search.query import MAX_CLAUSES, MAX_PREFIX_CLAUSES, parse


def test_repeated_items_count_once():
    clauses = parse("-roma " * 80 + "school").clauses
    assert [(c.text, c.negated) for c in clauses] == [("roma", True), ("school", False)]


def test_or_chains_survive_dropped_repeats():
    assert [(c.text, c.or_with_next) for c in parse("bergen OR lisbon OR bergen").clauses] == [
        ("bergen", True), ("lisbon", False)]
    assert [(c.text, c.or_with_next) for c in parse("x a OR a y").clauses] == [
        ("x", False), ("a", False), ("y", False)]


def test_item_and_prefix_counts_are_capped():
    many_words = parse(" ".join(f"w{i}" for i in range(60)))
    assert len(many_words.clauses) == MAX_CLAUSES
    many_prefixes = parse(" ".join(f"a{chr(97 + i % 26)}{chr(97 + i // 26)}*" for i in range(100))[:500])
    assert sum(c.kind == "prefix" for c in many_prefixes.clauses) == MAX_PREFIX_CLAUSES


def test_bounded_queries_still_search(engine):
    result = engine.search(SearchRequest(query="-roma " * 80 + "school"))
    assert result["total"] == engine.search(SearchRequest(query="school -roma"))["total"] > 0
