"""Plain-text forms of the search layer's HTML snippets, for terminals and feeds."""

from __future__ import annotations

import html
import re

_MARK = re.compile(r"</?mark>")


def plain_snippet(snippet_html: str, marker: str = "") -> str:
    """Drop the <mark> tags (or replace them with `marker`) and unescape the text."""
    return html.unescape(_MARK.sub(marker, snippet_html))
