"""Property: a practice wrapped in any chrome the generator can draw parses to the practice alone.

Each page is indexed alone (read exactly as `practices index` reads one file, sidecar included), so
nothing learned from other pages helps: the chrome must be recognised by what it is.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from practice_search.ingest.corpus import read_practices
from practice_search.ingest.model import Practice
from tests.pipeline.shapes import Shape, shapes, words

EXAMPLES = int(os.environ.get("SHAPES_EXAMPLES", "500"))


def parse_alone(shape: Shape) -> Practice:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / shape.name
        path.write_bytes(shape.content.encode(shape.encoding))
        sidecar = None
        if shape.sidecar:
            sidecar = path.with_suffix(".meta.json")
            sidecar.write_text(json.dumps(shape.sidecar), encoding="utf-8")
        outcomes = read_practices(path, shape.name, sidecar, current_year=2026)
    assert len(outcomes) == 1 and outcomes[0].practice is not None, (shape.description, outcomes[0].error)
    return outcomes[0].practice


def squashed(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shapes())
def test_generated_pages_parse_to_the_practice_alone(shape: Shape):
    practice = parse_alone(shape)
    expected = shape.expected
    searchable = f"{practice.title}\n{practice.summary}\n{practice.body}\n" + "\n".join(
        f"{s.heading}\n{s.text}" for s in practice.sections)
    leaked = words(searchable) & expected.chrome_words
    assert not leaked, f"chrome words searchable: {sorted(leaked)[:12]} in {shape.description}"
    body = squashed(practice.body)
    lost = [p for p in expected.paragraphs if squashed(p.removeprefix("- ")) not in body]
    assert not lost, f"body paragraphs lost: {[p[:60] for p in lost]} in {shape.description}"
    assert practice.title == expected.title, f"title {practice.title!r} in {shape.description}"
    assert practice.period == expected.period, f"period {practice.period!r} != {expected.period!r} in " \
                                               f"{shape.description}"
    if expected.years is not None:
        years = (practice.start_year, practice.end_year, practice.ongoing)
        assert years == expected.years, f"years {years} != {expected.years} in {shape.description}"
    if expected.cities is not None:
        assert set(practice.cities) == set(expected.cities), \
            f"cities {practice.cities} != {expected.cities} in {shape.description}"
