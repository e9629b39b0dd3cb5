"""A folder of mixed inputs: every good file is indexed, every bad one reported with a reason."""

import json

import pytest

from practice_search.ingest.corpus import CorpusError, load_corpus

GOOD_HTML = """<html><body><a href="/">Back</a><h1>{title}</h1><p>Norway Bergen 2019</p>
<h3>Purpose</h3><p>Residents of Bergen meet newcomers at the library every week to talk.</p></body></html>"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_broken_files_are_reported_and_good_ones_kept(tmp_path):
    write(tmp_path / "pages" / "good-one.html", GOOD_HTML.format(title="Library talks"))
    write(tmp_path / "pages" / "good-two.html", GOOD_HTML.format(title="Language cafe"))
    (tmp_path / "pages" / "junk.html").write_bytes(b"\x00\x01\x02binary\x00")
    write(tmp_path / "pages" / "empty.html", "")
    write(tmp_path / "pages" / "no-title.html", "<html><body><p>just text</p></body></html>")
    write(tmp_path / "export.jsonl", "\n".join([
        json.dumps({"id": "j1", "title": "Record one", "body": "Text of the first record about Oslo."}),
        "{not json",
        json.dumps({"id": "j2", "title": "No body"}),
        json.dumps({"id": "good-one", "title": "Same id as a page", "body": "duplicate"}),
        json.dumps({"id": "j3", "title": "Bad types", "body": "x", "cities": "Oslo"}),
    ]))
    write(tmp_path / "notes.docx", "whatever")
    report = load_corpus(tmp_path)
    assert sorted(p.id for p in report.practices) == ["good-one", "good-two", "j1"]
    reasons = {r.source: r.reason for r in report.rejected}
    assert "binary" in reasons["pages/junk.html"]
    assert "empty" in reasons["pages/empty.html"]
    assert "title" in reasons["pages/no-title.html"]
    assert "invalid JSON" in reasons["export.jsonl:2"]
    assert "body" in reasons["export.jsonl:3"]
    duplicates = [source for source, reason in reasons.items() if "duplicate id 'good-one'" in reason]
    assert duplicates == ["pages/good-one.html"], "the first file read keeps the id; the second is reported"
    assert "list of strings" in reasons["export.jsonl:5"]
    assert "unsupported file type" in reasons["notes.docx"]


def test_sidecar_supplies_and_overrides_fields(tmp_path):
    write(tmp_path / "p.html", GOOD_HTML.format(title="Library talks"))
    write(tmp_path / "p.meta.json", json.dumps({
        "title": "Library talks in Bergen", "cities": ["Stavanger"], "period": "Since 2015",
        "topics": ["Multilingualism", "Culture, Leisure and Heritage"], "teaser": "Weekly talks.",
        "url": "https://example.org/-/p"}))
    practice, = load_corpus(tmp_path).practices
    assert practice.title == "Library talks in Bergen"
    assert practice.cities == ["Stavanger"] and practice.countries == ["Norway"]
    assert practice.period == "Since 2015" and practice.start_year == 2015 and practice.ongoing
    assert practice.topics == ["Multilingualism", "Culture, Leisure and Heritage"]
    assert practice.summary == "Weekly talks." and practice.url == "https://example.org/-/p"


def test_bad_sidecar_is_a_warning_not_a_loss(tmp_path):
    write(tmp_path / "p.html", GOOD_HTML.format(title="Library talks"))
    write(tmp_path / "p.meta.json", "{broken")
    report = load_corpus(tmp_path)
    assert [p.title for p in report.practices] == ["Library talks"]
    assert "sidecar ignored" in report.warnings[0].reason


def test_json_records_accept_any_document_collection(tmp_path):
    write(tmp_path / "docs.json", json.dumps([
        {"id": "a-1", "title": "Aerofoil", "body": "Lift and drag of thin wings."},
        {"id": "a-2", "title": "Heat", "body": "Conduction in composite slabs.", "topics": ["physics"]},
    ]))
    practices = load_corpus(tmp_path).practices
    assert [p.id for p in practices] == ["a-1", "a-2"]
    assert practices[1].topics == ["physics"]
    assert practices[0].cities == [] and practices[0].years == []


def test_ids_must_be_url_safe(tmp_path):
    write(tmp_path / "x.jsonl", json.dumps({"id": "../etc/passwd", "title": "t", "body": "b"}))
    report = load_corpus(tmp_path)
    assert report.practices == [] and "URL-safe" in report.rejected[0].reason


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no practice files"):
        load_corpus(tmp_path)


def test_repeated_blocks_are_dropped_as_boilerplate(tmp_path):
    banner = "Subscribe to our newsletter to hear about every new practice on this site."
    for n in range(8):
        write(tmp_path / f"p{n}.html", GOOD_HTML.format(title=f"Practice {n}").replace(
            "</body>", f"<p>{banner}</p></body>"))
    practices = load_corpus(tmp_path).practices
    assert len(practices) == 8
    assert all("newsletter" not in p.body for p in practices)
    assert all("Residents of Bergen" in p.body for p in practices)
