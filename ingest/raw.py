"""What a parser extracts from one page, before normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from practice_search.ingest.model import Section


class NotAPractice(ValueError):
    """The file was read but holds no practice (no title, no text): reported, not indexed."""


@dataclass
class RawPage:
    title: str
    sections: list[Section] = field(default_factory=list)
    summary: str = ""
    meta_line: str | None = None
    cities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    period: str | None = None
    topics: list[str] = field(default_factory=list)
    url: str | None = None
    language_hint: str | None = None
    title_guessed: bool = False  # the title is the text's first title-like line, with no back link above it
