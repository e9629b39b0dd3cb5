"""Map free topic tags onto the site's 22-topic vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from practice_search.ingest.data_files import read_json
from practice_search.ingest.text_utils import fold


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(label).replace("&", " and ")).strip()


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[list[str], dict[str, str]]:
    raw = read_json("topics.json")
    names = list(raw["topics"])
    lookup = {}
    for name, aliases in raw["topics"].items():
        for label in [name, *aliases]:
            lookup[_key(label)] = name
    return names, lookup


def topic_names() -> list[str]:
    return list(_vocabulary()[0])


def normalise_topic(label: str) -> str | None:
    """The canonical topic for a tag, or None when it is not in the vocabulary."""
    return _vocabulary()[1].get(_key(label))


def normalise_topics(labels: list[str]) -> tuple[list[str], list[str]]:
    """Canonical topics (deduplicated, in order) and the tags that matched nothing."""
    known, unknown = [], []
    for label in labels:
        label = " ".join(str(label).split())
        if not label:
            continue
        topic = normalise_topic(label)
        if topic:
            known.append(topic)
        else:
            unknown.append(label)
    return list(dict.fromkeys(known)), unknown
