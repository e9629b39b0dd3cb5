"""`practices search --batch --trec`: plain words, partial matches ranked, all-words matches first."""

from __future__ import annotations

import json

from click.testing import CliRunner

from practice_search.cli import main


def _run(tmp_path, sample_index, queries, *extra):
    path = tmp_path / "queries.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    return CliRunner().invoke(main, ["search", "--batch", str(path), "--index", str(sample_index), *extra])


def test_trec_run_lines_with_decreasing_scores(tmp_path, sample_index):
    result = _run(tmp_path, sample_index, [{"id": "q1", "text": "Roma school mediators"}], "--top", "15", "--trec")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert len(lines) == 15
    assert all(len(parts) == 6 and parts[0] == "q1" and parts[1] == "Q0" for parts in lines)
    assert [int(p[3]) for p in lines] == list(range(1, 16))
    scores = [float(p[4]) for p in lines]
    assert scores == sorted(scores, reverse=True)
    assert lines[0][2] == "lisbon-loures-seixal-roma-school-mediators"


def test_partial_matches_are_ranked_after_all_word_matches(engine):
    ranked = [d for d, _ in engine.rank("Roma mediators Patras", 30)]
    full = [d for d, _ in engine.rank("Roma mediators", 30)]
    assert "patras-empowering-roma-students" in ranked
    assert len(ranked) > 1 and set(full) & set(ranked)
    assert engine.rank("", 10) == []


def test_syntax_characters_are_just_text(engine):
    # A leading '-', quotes, 'field:' and OR would change an interactive query; in batch they are words.
    plain = engine.rank("slip flow dash", 20)
    noisy = engine.rank('/"slip" (flow)/ -dash* ?', 20)
    assert noisy == plain
    fielded = engine.rank("title:Roma OR city:Lisbon", 5)
    assert fielded == engine.rank("title Roma city Lisbon", 5)
    assert engine.rank("refugee welcome -housing", 5)[0][0] == engine.rank("refugee welcome housing", 5)[0][0]


def test_json_lines_without_trec(tmp_path, sample_index):
    result = _run(tmp_path, sample_index, [{"id": "a", "text": "interfaith"}], "--top", "3")
    row = json.loads(result.output.splitlines()[0])
    assert row["id"] == "a" and len(row["results"]) == 3


def test_bad_batch_file_is_one_line_error(tmp_path, sample_index):
    path = tmp_path / "queries.jsonl"
    path.write_text('{"text": "no id"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["search", "--batch", str(path), "--index", str(sample_index)])
    assert result.exit_code == 1 and "queries.jsonl:1" in result.output
