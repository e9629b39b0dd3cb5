"""The scale-corpus generator: deterministic, readable by the ingester, shaped like the sample."""

from __future__ import annotations

from click.testing import CliRunner

from practice_search.cli import main
from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.synth import synthesise


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path, corpus_report):
    synthesise(60, tmp_path / "a", seed=3, sample=corpus_report.practices)
    synthesise(60, tmp_path / "b", seed=3, sample=corpus_report.practices)
    synthesise(60, tmp_path / "c", seed=4, sample=corpus_report.practices)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_every_generated_practice_is_ingested_with_facets(tiny_corpus):
    report = load_corpus(tiny_corpus)
    assert not report.rejected
    assert len(report.practices) == 40
    assert len({p.id for p in report.practices}) == 40
    assert all(p.countries and p.topics and p.body for p in report.practices)
    assert any(len(p.cities) > 1 for p in report.practices), "some practices span several cities"
    assert sum(bool(p.years) for p in report.practices) > 30
    assert {p.source.split("/")[0] for p in report.practices} >= {"jsonl"}


def test_html_and_text_pages_are_parsed_like_the_records(tmp_path, corpus_report):
    synthesise(400, tmp_path, seed=11, sample=corpus_report.practices)
    report = load_corpus(tmp_path)
    kinds = {p.source.split("/")[0] for p in report.practices}
    assert kinds == {"jsonl", "pages", "text"}
    assert not report.rejected
    for practice in report.practices:
        if not practice.source.startswith("jsonl"):
            assert practice.countries and practice.topics
            assert "Filter by" not in practice.body and "Reset Filter" not in practice.body


def test_cli_synth_writes_the_corpus(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--n", "5", "--out", str(tmp_path / "out"), "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Wrote 5 practices" in result.output
    assert len(load_corpus(tmp_path / "out").practices) == 5
