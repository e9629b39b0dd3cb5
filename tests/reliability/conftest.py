"""Helpers for the reliability suite: small valid pages, a corpus of hostile files, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_search.cli import main

PAGE = """<html lang="en"><body><a href="/">Back</a><h1>{title}</h1><p>Spain Barcelona 2019</p>
<h3>Purpose</h3><p>{text}</p></body></html>"""


def good_page(title: str, text: str = "Neighbours meet newcomers every week in the public library.") -> str:
    return PAGE.format(title=title, text=text)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_cli(*args: str):
    """The real `practices` command in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def good_corpus(tmp_path) -> Path:
    """Three valid pages; tests add hostile files beside them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "alpha.html", good_page("Alpha library language cafés"))
    write(folder, "beta.html", good_page("Beta neighbourhood mediators", "Mediators from migrant associations."))
    write(
        folder,
        "gamma.txt",
        "Gamma anti-rumour agents\n\nSpain Seville 2015-2017\n\n"
        "Purpose\nSeville trains anti-rumour agents who answer prejudice with facts.\n",
    )
    return folder
