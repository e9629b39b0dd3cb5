"""Places in prose and on listing lines: ambiguous names need a cue, dates and period words are never places."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.data_files import read_json
from practice_search.ingest.places import gazetteer
from practice_search.ingest.text_utils import fold

DATA = read_json("gazetteer.json")
NAMES = sorted({n for c in DATA["cities"] for n in [c["name"], *c.get("aliases", [])]})
AMBIGUOUS = sorted(n for n in NAMES if fold(n) in gazetteer().ambiguous and " " not in n)
PLAIN = sorted(n for n in NAMES if fold(n) not in gazetteer().ambiguous and n[0].isupper())[:60]
CUES_BEFORE = ["the City of {n}", "the Municipality of {n}", "la Città di {n}", "la Ville de {n}",
               "el Ayuntamiento de {n}",
               "the Mayor of {n}", "il Comune di {n}", "a Câmara Municipal de {n}", "la Ciutat de {n}", "Δήμος {n}",
               "місто {n}"]
CUES_AFTER = ["{n} City Council", "{n} city hall", "{n} Municipality", "{n} kommune", "{n} Belediyesi"]
NO_CUE = ["Families from {n} communities took part.", "{n} children learn with mediators.",
          "The {n} network met in spring.", "In {n} neighbourhoods, young people meet.", "They speak {n} at home."]


def test_the_ambiguity_classes_come_from_data():
    assert {"Roma", "Porto", "Salt", "Cork"} <= set(AMBIGUOUS)
    assert {m["class"] for m in DATA["other_meanings"].values()} <= {"word", "people", "first name", "surname"}
    assert "roma" in gazetteer().ambiguous  # also the people's topic in the site's vocabulary


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(AMBIGUOUS), sentence=st.sampled_from(NO_CUE))
def test_an_ambiguous_name_without_a_cue_is_no_city(name, sentence):
    assert gazetteer().find_cities(sentence.format(n=name)) == []


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(AMBIGUOUS), cue=st.sampled_from(CUES_BEFORE + CUES_AFTER))
def test_an_ambiguous_name_with_a_cue_is_the_city(name, cue):
    text = f"The project was run by {cue.format(n=name)} with local partners."
    assert [p.name for p in gazetteer().find_cities(text)] == [gazetteer().city(name).name]


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(PLAIN), sentence=st.sampled_from(NO_CUE))
def test_an_unambiguous_name_needs_no_cue(name, sentence):
    assert [p.name for p in gazetteer().find_cities(sentence.format(n=name))] == [gazetteer().city(name).name]


MONTHS = ["January", "March", "December", "mars", "juin", "marzo", "diciembre", "giugno", "Oktober", "setembro"]


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 31), month=st.sampled_from(MONTHS), year=st.integers(2000, 2026),
       city=st.sampled_from(["Barcelona", "Lisbon Loures", "Oslo", ""]), style=st.sampled_from(["{d} {m} {y}",
                                                                                               "{d}. {m} {y}",
                                                                                               "{m} {y}"]))
def test_dates_are_never_places(day, month, year, city, style):
    date = style.format(d=day, m=month, y=year)
    line = " ".join(x for x in ("Spain" if city else "", city, date) if x)
    split = gazetteer().split_listing_line(line)
    assert split.cities == [gazetteer().city(c).name for c in city.split()]
    assert split.period == date


@pytest.mark.parametrize("word", ["Permanent", "permanent", "Ongoing", "on-going", "Permanente", "Laufend"])
def test_period_words_are_never_places(word):
    split = gazetteer().split_listing_line(f"Italy {word}")
    assert split.cities == [] and split.countries == ["Italy"] and split.period == word


def test_a_body_that_never_names_its_city_takes_places_from_the_sidecar_or_none(tmp_path):
    body = ("Mediators from Roma communities visit families every week. Roma children and their parents "
            "take part in school life, and the network of mediators keeps growing.")
    (tmp_path / "mediators.txt").write_text(f"Back\nSchool mediators\n\nPurpose\n{body}\n", encoding="utf-8")
    (tmp_path / "helpers.txt").write_text(f"Back\nSchool helpers\n\nPurpose\n{body}\n", encoding="utf-8")
    (tmp_path / "helpers.meta.json").write_text(json.dumps({"cities": ["Seixal"]}), encoding="utf-8")
    by_id = {p.id: p for p in load_corpus(tmp_path, current_year=2026).practices}
    assert (by_id["mediators"].cities, by_id["mediators"].countries) == ([], [])
    assert (by_id["helpers"].cities, by_id["helpers"].countries) == (["Seixal"], ["Portugal"])


def test_place_finding_is_linear_in_the_text():
    """Copying the text up to each mention made a 9.9 MB page take 53 s; this page took minutes that way."""
    sentence = ("Teams from Barcelona, Lisbon and the City of Porto met Roma families in Rotterdam and Bern. "
                "They shared what works. ")
    text = sentence * (4 * 1024 * 1024 // len(sentence))  # 4 MB, about 170,000 mentions
    started = time.perf_counter()
    mentions = dict((p.name, n) for p, n in gazetteer().city_mentions(text))
    assert time.perf_counter() - started < 20
    assert mentions["Barcelona"] == mentions["Porto"] == text.count("Barcelona")
    assert "Rome" not in mentions


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(AMBIGUOUS), period=st.sampled_from(["2019", "Since 2016", "8 December 2020", ""]))
def test_a_listing_line_is_a_cue_for_an_ambiguous_name(name, period):
    place = gazetteer().city(name)
    split = gazetteer().split_listing_line(f"{place.country} {name} {period}".strip())
    assert split.cities == [place.name] and split.countries == [place.country]
    assert (split.period or "") == period


@given(line=st.sampled_from(["2021 (ongoing since 2017)", "Denmark Aarhus 2021 (ongoing since 2017)", "Permanent"]))
@settings(max_examples=10, deadline=None)
def test_sidecar_places_keep_the_period_of_the_page(tmp_path_factory, line):
    folder = tmp_path_factory.mktemp("sidecar")
    (folder / "desk.txt").write_text(f"Back\nWelcome Desk\n{line}\n\nPurpose\nThe desk helps newcomers settle in "
                                     "and find work, housing and friends in their first year.\n", encoding="utf-8")
    (folder / "desk.meta.json").write_text(json.dumps({"cities": ["Aarhus"]}), encoding="utf-8")
    practice = load_corpus(folder, current_year=2026).practices[0]
    assert practice.cities == ["Aarhus"] and practice.countries == ["Denmark"]
    assert practice.period == line.removeprefix("Denmark Aarhus ")


@pytest.mark.parametrize("label", ["Period:", "Période :", "Periodo:", "Zeitraum:", "Year:"])
def test_a_label_on_a_listing_line_is_no_place(label):
    split = gazetteer().split_listing_line(f"Spain Barcelona {label} 2016-2018")
    assert split.cities == ["Barcelona"] and split.period == "2016-2018"
