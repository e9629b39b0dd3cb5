"""The one record type that flows from ingestion to the web page."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Section:
    heading: str
    text: str


@dataclass
class Practice:
    """A good practice as a city published it, normalised for search."""

    id: str
    title: str
    body: str = ""
    url: str | None = None
    summary: str = ""
    sections: list[Section] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topics_inferred: list[str] = field(default_factory=list)
    period: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    ongoing: bool = False
    years: list[int] = field(default_factory=list)
    language: str | None = None
    source: str | None = None
    content_hash: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Practice:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["sections"] = [
            s if isinstance(s, Section) else Section(str(s.get("heading", "")), str(s.get("text", "")))
            for s in values.get("sections") or []
        ]
        return cls(**values)

    def compute_hash(self) -> str:
        """Hash of everything but the hash itself, so reindexing can skip unchanged practices."""
        data = self.to_dict()
        data.pop("content_hash", None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]
