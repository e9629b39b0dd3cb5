"""Result sets as spreadsheet rows, with formula injection defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

EXPORT_LIMIT = 10_000
CSV_COLUMNS = ("id", "title", "cities", "countries", "topics", "period", "first_year", "last_year",
               "summary", "original_url", "page_url", "version_of")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote makes it text."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_row(result: dict, page_url: str) -> list[str]:
    years = result.get("years") or []
    values = [
        result["id"], result["title"], "; ".join(result["cities"]), "; ".join(result["countries"]),
        "; ".join(result["topics"]), result.get("period") or "",
        str(min(years)) if years else "", str(max(years)) if years else "",
        result.get("summary") or "", result.get("url") or "", page_url, result.get("version_of") or "",
    ]
    return [neutralise(str(v)) for v in values]


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text line by line (with a BOM so spreadsheet programs read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
