"""JSON and JSONL exports: any document collection with at least id, title and body."""

from __future__ import annotations

import json

from practice_search.ingest.model import Section
from practice_search.ingest.raw import NotAPractice, RawPage

_LIST_FIELDS = ("cities", "countries", "topics")


def raw_from_record(record: object) -> tuple[str, RawPage]:
    """Validate one record and turn it into (id, RawPage); wrong types are reported, not guessed."""
    if not isinstance(record, dict):
        raise NotAPractice("record is not a JSON object")
    missing = [k for k in ("id", "title", "body") if not record.get(k) and not (k == "body" and record.get("sections"))]
    if missing:
        raise NotAPractice(f"missing required field(s): {', '.join(missing)}")
    for key in ("id", "title", "body", "summary", "period", "url", "language"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            raise NotAPractice(f"field {key!r} must be a string")
    for key in _LIST_FIELDS:
        value = record.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise NotAPractice(f"field {key!r} must be a list of strings")
    page = RawPage(
        title=str(record["title"]),
        sections=_sections(record),
        summary=str(record.get("summary") or ""),
        cities=list(record.get("cities") or []),
        countries=list(record.get("countries") or []),
        period=str(record["period"]) if record.get("period") is not None else None,
        topics=list(record.get("topics") or []),
        url=str(record["url"]) if record.get("url") else None,
        language_hint=str(record["language"]) if record.get("language") else None,
    )
    return str(record["id"]).strip(), page


def _sections(record: dict) -> list[Section]:
    sections = record.get("sections")
    if isinstance(sections, list) and sections:
        if not all(isinstance(s, dict) for s in sections):
            raise NotAPractice("field 'sections' must be a list of {heading, text} objects")
        return [Section(str(s.get("heading") or ""), str(s.get("text") or "")) for s in sections]
    return [Section("", str(record["body"]))]


def iter_jsonl(text: str):
    """(line number, record or error message) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as error:
            yield number, None, f"invalid JSON ({error.msg} at column {error.colno})"
        except RecursionError:
            yield number, None, "JSON nested too deeply to parse"
