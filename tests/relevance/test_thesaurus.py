"""The reviewed thesaurus (ingest/data/synonyms.json): every entry usable, no entry in two groups, and
expansion reaches the pages that name a thing only in another of its group's words.

Properties run over every entry of the file, so a new entry is checked the day it is added.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.index.analysis import english_analyzer
from practice_search.ingest.data_files import read_json
from practice_search.search import synonyms
from practice_search.search.engine import SearchRequest

DATA = read_json("synonyms.json")
SECTIONS = ("groups", "related")
ENTRIES = [(section, member) for section in SECTIONS for group in DATA[section] for member in group]
PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("section", SECTIONS)
def test_every_entry_analyses_to_terms_and_belongs_to_one_group(section):
    seen: dict[tuple[str, ...], int] = {}
    for number, group in enumerate(DATA[section]):
        assert len(group) >= 2, group
        keys = [synonyms.key(member) for member in group]
        assert all(keys), group  # a member made only of stop words would expand nothing
        assert len(set(keys)) >= 2, group  # members that analyse alike are one word, not a group
        for k in set(keys):
            assert seen.setdefault(k, number) == number, (k, group, DATA[section][seen[k]])


def test_expansions_weigh_less_than_the_exact_words():
    assert 0 < synonyms.related_weight() <= synonyms.weight() < 1


@given(st.sampled_from(ENTRIES))
def test_a_member_expands_to_the_other_members_of_its_group(entry):
    section, member = entry
    expand = synonyms.synonyms if section == "groups" else synonyms.related
    group = next(g for g in DATA[section] if member in g)
    others = {synonyms.key(m) for m in group} - {synonyms.key(member)}
    assert others <= {synonyms.key(m) for m in expand(member)}
    assert synonyms.key(member) not in {synonyms.key(m) for m in expand(member)}


@pytest.fixture(scope="module")
def practice_terms(corpus_report) -> dict[str, set[str]]:
    analyzer = english_analyzer()
    return {p.id: {t.text for t in analyzer(f"{p.title} {p.summary} {p.body}")} for p in corpus_report.practices}


@PROPERTIES
@given(st.sampled_from([e for e in ENTRIES if e[0] == "groups"]))
def test_a_word_the_collection_lacks_finds_the_pages_of_its_synonyms(engine, practice_terms, entry):
    """A user's word no page uses ('one-stop office', 'lay health workers') still finds the practices that
    name the same thing in another member of its group."""
    _, member = entry
    terms = set(synonyms.key(member))
    if any(terms <= held for held in practice_terms.values()):
        return  # the collection has the member's own words; nothing to show
    mates = [m for m in synonyms.synonyms(member) if synonyms.key(m)]
    holders = {pid for pid, held in practice_terms.items() for m in mates if set(synonyms.key(m)) <= held}
    found = {hit["id"] for hit in engine.search(SearchRequest(query=member, per_page=100, versions="all"))["results"]}
    assert not holders or found & holders, member
