"""finish() with cached block digests finds exactly the boilerplate a count over every block finds."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from practice_search.ingest.corpus import IngestReport, assemble, corpus_files, finish, read_practices
from tests.paths import CORPUS

BANNER = ["Subscribe to the Intercultural Cities newsletter for monthly news!",
          "subscribe to the intercultural cities NEWSLETTER for monthly news!",
          "Subscribe  to the Intercultural Cities newsletter for monthly  news!",
          "Subscribe to the Intercultural Cities newsletter for monthly news!",
          "SUBSCRIBE TO THE INTERCULTURAL CITIES NEWSLETTER FOR MONTHLY NEWS!"]
NEAR_MISS = "Our partners from the network of Intercultural Cities helped with advice."  # on 4 of 10: not enough
FOOTER = "Cette page a été mise à jour par l'équipe éditoriale."


def outcomes_of(folder: Path) -> list:
    pages, sidecars = corpus_files(folder, IngestReport())
    return [o for path, rel in pages for o in read_practices(path, rel, sidecars.get(rel))]


def both_ways(outcomes: list) -> tuple[tuple[set[str], list[dict]], tuple[set[str], list[dict]]]:
    with_digests, without = IngestReport(), IngestReport()
    repeated = finish(with_digests, assemble(copy.deepcopy(outcomes), with_digests))
    assemble(copy.deepcopy(outcomes), without)
    every_block = finish(without)
    return ((repeated, [p.to_dict() for p in with_digests.practices]),
            (every_block, [p.to_dict() for p in without.practices]))


def write_corpus(folder: Path) -> None:
    for n in range(10):
        paragraphs = [f"The city of Ghent runs project number {n} with volunteers from many backgrounds every week.",
                      f"Evaluation of project {n} showed more trust between residents and the municipality."]
        if n < 5:
            paragraphs.append(BANNER[n])  # five spellings of one key: five of ten pages, the threshold
        if n >= 6:
            paragraphs.append(NEAR_MISS)
        if n % 3 == 0:
            paragraphs.append(FOOTER.upper() if n else FOOTER)
        (folder / f"p{n}.json").write_text(json.dumps({"id": f"p{n}", "title": f"Project {n} in Ghent",
                                                       "body": "\n\n".join(paragraphs), "cities": ["Ghent"]}))


def test_spellings_of_one_banner_are_found_and_stripped_as_before(tmp_path):
    write_corpus(tmp_path)
    (repeated, practices), (expected_repeated, expected_practices) = both_ways(outcomes_of(tmp_path))
    assert repeated == expected_repeated == {"subscribe to the intercultural cities newsletter for monthly news!"}
    assert practices == expected_practices
    assert all("newsletter" not in p["body"].lower() for p in practices)
    assert sum("Our partners" in p["body"] for p in practices) == 4


def test_a_missing_digest_falls_back_to_counting_every_block(tmp_path):
    write_corpus(tmp_path)
    outcomes = outcomes_of(tmp_path)
    outcomes[2].blocks = None  # e.g. a practice read by an older parser
    (repeated, practices), (expected_repeated, expected_practices) = both_ways(outcomes)
    assert repeated == expected_repeated and len(repeated) == 1
    assert practices == expected_practices


def test_the_sample_corpus_comes_out_the_same(corpus_report):
    (repeated, practices), (expected_repeated, expected_practices) = both_ways(outcomes_of(CORPUS))
    assert repeated == expected_repeated
    assert practices == expected_practices == [p.to_dict() for p in corpus_report.practices]
