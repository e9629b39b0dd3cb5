"""`make eval-cranfield`: a collection in Cranfield's layout (a tiny one written here) is indexed and scored."""

from __future__ import annotations

import json

from practice_search.bench import cranfield

DOCS = [
    {"id": "1", "title": "Boundary layer flow over a flat plate", "body": "laminar boundary layer flow measured "
     "over a heated flat plate at low speed"},
    {"id": "2", "title": "Heat transfer in composite slabs", "body": "heat conduction through composite slabs "
     "with a contact resistance between layers"},
    {"id": "3", "title": "Supersonic wing flutter", "body": "flutter of thin wings at supersonic speed and the "
     "damping of panel modes"},
    {"id": "4", "title": "Empty", "body": ""},
]
QUERIES = [{"id": "1", "text": "heat conduction in composite slabs"}, {"id": "2", "text": "wing flutter"}]


def _collection(folder, qrels: str):
    folder.mkdir()
    (folder / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    (folder / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in QUERIES), encoding="utf-8")
    (folder / "qrels.tsv").write_text("query_id\tdoc_id\trelevance\n" + qrels, encoding="utf-8")
    return folder


def test_scores_are_reported_beside_the_reference(tmp_path, capsys):
    data = _collection(tmp_path / "cran", "1\t2\t4\n2\t3\t3\n")
    assert cranfield.main([str(data)]) == 0
    out = capsys.readouterr().out
    assert "3 documents indexed (1 rejected: empty), 2 queries" in out
    reference, ours = out.splitlines()[-2:]
    assert reference.split()[-3:] == ["0.367", "0.305", "0.233"]
    assert ours.split()[-3:] == ["1.000", "1.000", "0.100"]


def test_a_run_below_the_reference_fails(tmp_path, capsys):
    data = _collection(tmp_path / "cran", "1\t1\t4\n2\t1\t4\n")  # judged relevant: a document both rank low
    assert cranfield.main([str(data), "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ours"]["map"] < cranfield.REFERENCE["map"]
    assert "below the BM25 reference" in captured.err


def test_a_folder_without_the_files_is_one_clear_error(tmp_path, capsys):
    assert cranfield.main([str(tmp_path)]) == 2
    assert "lacks docs.jsonl, queries.jsonl, qrels.tsv" in capsys.readouterr().err
