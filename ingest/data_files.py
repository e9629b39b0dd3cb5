"""The data files that ship with the ingest package (vocabularies, gazetteer, spelling variants, synonyms)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """The text of `ingest/data/<name>`, read through the package so it works from a wheel too."""
    return resources.files("practice_search.ingest").joinpath("data", name).read_text(encoding="utf-8")


def read_json(name: str) -> Any:
    """`ingest/data/<name>` parsed as JSON."""
    return json.loads(read_text(name))
