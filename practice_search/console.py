"""Terminal output for people: width from the terminal or $COLUMNS, colour only on a terminal and never
under $NO_COLOR (https://no-color.org), plurals that agree, matched words highlighted in snippets."""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import textwrap

import click

FALLBACK_WIDTH = 100
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^>]+>")
_OPEN, _CLOSE = "\x01", "\x02"  # stand-ins for a highlight while wrapping: one character each, never a space


def colour() -> bool:
    """Styles go to stdout only when it is a terminal and $NO_COLOR is unset or empty."""
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def width() -> int:
    """Columns to wrap at: $COLUMNS, else the terminal's width, else 100."""
    return max(20, shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns)


def echo(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err, color=colour() if not err else None)


def style(text: str, **styles) -> str:
    return click.style(text, **styles) if colour() else text


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 practice', '2 practices', '1,204 practices'."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=width(), initial_indent=indent, subsequent_indent=indent)


def snippet(marked_html: str, indent: str = "     ") -> str:
    """A search snippet (escaped text, matches in <mark>) as wrapped terminal text, matches in bold colour
    where styles are shown and plain otherwise."""
    text = _MARK.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", marked_html)
    text = html.unescape(_TAG.sub("", text)).replace(_OPEN + _CLOSE, "")
    wrapped = wrap(" ".join(text.split()), indent)
    on, off = (click.style("", bold=True, fg="yellow", reset=False), click.style("", reset=True)) \
        if colour() else ("", "")
    return wrapped.replace(_OPEN, on).replace(_CLOSE, off)
