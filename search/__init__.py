"""Queries -> results: parsing, filters, facet counts, ranking, snippets, suggestions."""
