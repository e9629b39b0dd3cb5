"""Helpers several test folders share."""

from practice_search.search.engine import SearchRequest


def matching_ids(engine, query: str) -> set[str]:
    """Ids of every practice a query matches, read page by page (title order: no scoring needed)."""
    ids, page, total = set(), 1, 1
    while len(ids) < total:
        result = engine.search(SearchRequest(query=query, sort="title", per_page=100, page=page, versions="all"))
        ids |= {r["id"] for r in result["results"]}
        total, page = result["total"], page + 1
    return ids
