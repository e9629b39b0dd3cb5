"""RawPage (or a JSON record) + sidecar -> a normalised Practice."""

from __future__ import annotations

import re

from practice_search.ingest.boilerplate import block_key
from practice_search.ingest.language import detect_language
from practice_search.ingest.model import Practice, Section
from practice_search.ingest.periods import parse_period
from practice_search.ingest.places import gazetteer
from practice_search.ingest.raw import NotAPractice, RawPage
from practice_search.ingest.text_utils import one_line
from practice_search.ingest.topics import normalise_topics

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9\"“])")
_SUMMARY_MAX = 320
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")


def build_practice(raw: RawPage, practice_id: str, source: str | None,
                   warnings: list[str] | None = None, current_year: int | None = None) -> Practice:
    """Fill places from the listing line or the text, parse the period, map topics, detect language."""
    warnings = warnings if warnings is not None else []
    if not raw.title.strip():
        raise NotAPractice("no title")
    if not _ID.match(practice_id):
        raise NotAPractice(f"id {practice_id!r} is not URL-safe")
    g = gazetteer()
    cities, countries, period = list(raw.cities), list(raw.countries), raw.period
    if raw.meta_line:
        line = g.split_listing_line(raw.meta_line)
        cities = cities or line.cities
        countries = countries or line.countries
        period = period or line.period
    sections = [Section(one_line(s.heading), s.text.strip())
                for s in raw.sections if s.heading.strip() or s.text.strip()]
    body = "\n\n".join(f"{s.heading}\n{s.text}".strip() for s in sections)
    if not cities and not countries:
        cities = [p.name for p in g.find_cities(f"{raw.title}\n{body}")]
    cities = list(dict.fromkeys(g.canonical_city(c) for c in cities if c.strip()))
    countries = list(dict.fromkeys([g.canonical_country(c) for c in countries if c.strip()] + g.countries_of(cities)))
    topics, unknown_topics = normalise_topics(raw.topics)
    if unknown_topics:
        warnings.append(f"tags outside the topic vocabulary kept as they are: {', '.join(unknown_topics)}")
    parsed = parse_period(period, current_year)
    if period and not parsed.parsed:
        warnings.append(f"period not understood, kept as text: {period!r}")
    practice = Practice(
        id=practice_id,
        title=one_line(raw.title),
        url=raw.url,
        summary=one_line(raw.summary) or summarise(sections),
        sections=sections,
        body=body,
        cities=cities,
        countries=countries,
        topics=topics + unknown_topics,
        period=one_line(period) if period else None,
        start_year=parsed.start_year,
        end_year=parsed.end_year,
        ongoing=parsed.ongoing,
        years=parsed.years,
        language=detect_language(f"{raw.title}\n{body}", raw.language_hint),
        source=source,
    )
    practice.content_hash = practice.compute_hash()
    return practice


def summarise(sections: list[Section]) -> str:
    """The first one or two sentences of the practice's text."""
    for section in sections:
        for paragraph in section.text.split("\n\n"):
            paragraph = one_line(paragraph)
            if len(paragraph.split()) < 6 or paragraph.startswith(("- ", "|")):
                continue
            summary = ""
            for sentence in _SENTENCE_END.split(paragraph):
                if summary and len(summary) + len(sentence) > _SUMMARY_MAX:
                    break
                summary = f"{summary} {sentence}".strip()
            return summary if len(summary) <= _SUMMARY_MAX else summary[:_SUMMARY_MAX].rsplit(" ", 1)[0] + "…"
    return ""


def strip_blocks(practice: Practice, repeated: set[str]) -> Practice:
    """Drop lines that the corpus repeats on many pages (boilerplate: paragraphs, and headings that are
    chrome read as a heading) and rebuild the body, and the summary when it was taken from the body."""
    if not repeated:
        return practice
    sections = []
    for section in practice.sections:
        kept = [p for p in section.text.split("\n\n") if block_key(p) not in repeated]
        heading = "" if block_key(section.heading) in repeated else section.heading
        if kept or (heading and not section.text):
            sections.append(Section(heading, "\n\n".join(kept)))
    if sections == practice.sections:
        return practice
    if practice.summary == summarise(practice.sections):
        practice.summary = summarise(sections)
    practice.sections = sections
    practice.body = "\n\n".join(f"{s.heading}\n{s.text}".strip() for s in sections)
    practice.content_hash = practice.compute_hash()
    return practice
