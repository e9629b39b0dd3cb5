"""Practice.to_dict / from_dict: the record every layer stores and reads back."""

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from practice_search.ingest.model import Practice, Section

words = st.text(max_size=30)
practices = st.builds(
    Practice,
    id=st.text(min_size=1, max_size=12), title=words, body=words, url=st.none() | words, summary=words,
    sections=st.lists(st.builds(Section, heading=words, text=words), max_size=3),
    cities=st.lists(words, max_size=3), countries=st.lists(words, max_size=3),
    topics=st.lists(words, max_size=3), topics_inferred=st.lists(words, max_size=2),
    period=st.none() | words, start_year=st.none() | st.integers(1900, 2100),
    end_year=st.none() | st.integers(1900, 2100), ongoing=st.booleans(),
    years=st.lists(st.integers(1900, 2100), max_size=4), language=st.none() | st.sampled_from(["en", "de", "es"]),
    source=st.none() | words, content_hash=words,
)


@given(practices)
def test_to_dict_is_what_asdict_gives_in_the_same_order(practice: Practice) -> None:
    data = practice.to_dict()
    assert data == asdict(practice)
    assert list(data) == list(asdict(practice))


@given(practices)
def test_to_dict_copies_lists_so_the_record_stays_unchanged(practice: Practice) -> None:
    data = practice.to_dict()
    data["cities"].append("Elsewhere")
    data["sections"].append({"heading": "h", "text": "t"})
    assert len(practice.cities) == len(data["cities"]) - 1
    assert len(practice.sections) == len(data["sections"]) - 1


@given(practices)
def test_from_dict_round_trips_and_ignores_unknown_keys(practice: Practice) -> None:
    data = {**practice.to_dict(), "not_a_field": 1}
    assert Practice.from_dict(data) == practice
