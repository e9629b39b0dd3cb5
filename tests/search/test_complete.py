"""Search-as-you-type: folding, word-start matching, ranking and the per-generation structure.

The properties run against a brute-force oracle over a collection large enough that busy prefixes
("a", "co") take the precomputed path, so both paths of the index are checked.
"""

from __future__ import annotations

import random
import re
import threading
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.index.analysis import british
from practice_search.ingest.text_utils import fold
from practice_search.search import complete as complete_module
from practice_search.search.complete import (
    HOT_RANGE,
    KINDS,
    MAX_PREFIX,
    MAX_SUGGESTIONS,
    Completer,
    Phrase,
    frequent_phrases,
    normalise,
    normalise_prefix,
)
from practice_search.search.engine import SearchEngine
from practice_search.search.request import BadRequest, SearchRequest

TOPICS = {"Anti-rumour": 40, "Anti-discrimination and Equality": 60, "Education": 80, "Roma": 25,
          "Refugees": 55, "Culture, Leisure and Heritage": 30, "Communication and public awareness": 20}
COUNTRIES = {"Switzerland": 12, "Portugal": 30, "Brazil": 4, "Spain": 50, "Côte d'Ivoire": 1}
CITIES = {"Zürich": 9, "São Paulo": 3, "Reykjavík": 2, "Portimão": 5, "Bodø": 2, "Lisbon": 20, "Antwerp": 6,
          "Straßburg": 1}
WORDS = ["anti", "rumour", "agents", "community", "council", "cooperation", "cultural", "centre", "school",
         "mediators", "roma", "refugee", "welcome", "desk", "youth", "parliament", "language", "café", "zürich",
         "são", "network", "intercultural", "cities", "plan", "antiracism", "colour", "art", "açores", "ølstykke"]


def _collection(seed: int = 7, size: int = 1500) -> tuple[dict, list[tuple[str, str]], list[Phrase]]:
    rng = random.Random(seed)
    titles = []
    for i in range(size):
        words = rng.sample(WORDS, rng.randint(2, 6))
        if rng.random() < 0.2:
            words[0] = f"{words[0]}-{rng.choice(WORDS)}"
        titles.append((f"p{i}", " ".join(words).capitalize()))
    phrases = [Phrase(f"{a} {b}", rng.randint(2, 90), rng.random() < 0.5)
               for a, b in zip(rng.choices(WORDS, k=400), rng.choices(WORDS, k=400), strict=True)]
    return {"topic": TOPICS, "country": COUNTRIES, "city": CITIES}, titles, phrases


FACETS, TITLES, PHRASES = _collection()
BIG = Completer.build(FACETS, TITLES, PHRASES)
ALL_TEXTS = [*TOPICS, *COUNTRIES, *CITIES, *(t for _, t in TITLES), *(p.text for p in PHRASES)]


@cache
def _forms(text: str) -> frozenset[str]:
    return frozenset({normalise(text), normalise(fold(text).replace("-", ""))})


@cache
def _suffixes(text: str) -> tuple[str, ...]:
    """The text's forms from each word start on."""
    return tuple(form[i:] for form in _forms(text) for i in [0, *(m.end() for m in re.finditer(" ", form))])


def _matches(text: str, prefix: str) -> bool:
    """The oracle: a word of the text (or of its hyphen-joined form) starts with the prefix or its British form."""
    typed = normalise_prefix(prefix)
    wanted = (typed, " ".join(british(w) if w else w for w in typed.split(" ")))
    return any(suffix.startswith(wanted) for suffix in _suffixes(text))


def _quality(text: str, prefix: str) -> int:
    typed = normalise_prefix(prefix)
    wanted = {typed, " ".join(british(w) if w else w for w in typed.split(" "))}
    if any(w.strip() in _forms(text) for w in wanted):
        return 3
    return 2 if any(form.startswith(w) for form in _forms(text) for w in wanted) else 1


def _prefixes() -> st.SearchStrategy[str]:
    """Prefixes of the collection's words and texts, recased, accented, with separators, or plain noise."""
    word_prefix = st.builds(lambda w, n: w[:n], st.sampled_from(WORDS + ALL_TEXTS[:60]), st.integers(1, 40))
    recased = word_prefix.map(str.upper) | word_prefix.map(lambda w: fold(w)) | word_prefix.map(lambda w: w + "-")
    return word_prefix | recased | st.text(min_size=0, max_size=12)


@settings(max_examples=200, deadline=None)
@given(prefix=_prefixes())
def test_every_suggestion_starts_a_word_with_the_prefix_and_none_is_missed(prefix):
    found = BIG.complete(prefix)
    assert len(found) <= MAX_SUGGESTIONS
    assert all(_matches(s.text, prefix) for s in found), [s.text for s in found]
    assert len({normalise(s.text) for s in found}) == len(found)  # no text twice, whatever its kind
    matching = {normalise(t) for t in ALL_TEXTS if normalise_prefix(prefix).strip() and _matches(t, prefix)}
    assert len(found) == min(MAX_SUGGESTIONS, len(matching))  # the precomputed lists lose nothing
    qualities = [_quality(s.text, prefix) for s in found]
    assert qualities == sorted(qualities, reverse=True)  # exact, then text starts, then later words


TITLES_ONLY = Completer.build({}, TITLES, [])


@settings(max_examples=120, deadline=None)
@given(prefix=_prefixes())
def test_one_kind_alone_gets_every_place_best_matches_first(prefix):
    """With one kind, no other kind can hide a loss: all the places, and every text-start match first."""
    found = TITLES_ONLY.complete(prefix)
    matching = {normalise(t): t for _, t in TITLES if normalise_prefix(prefix).strip() and _matches(t, prefix)}
    assert len(found) == min(MAX_SUGGESTIONS, len(matching))
    starting = [t for t in matching.values() if _quality(t, prefix) >= 2]
    assert sum(_quality(s.text, prefix) >= 2 for s in found) == min(MAX_SUGGESTIONS, len(starting))


@pytest.mark.parametrize(("typed", "expected", "kind"), [
    ("zur", "Zürich", "city"), ("ZÜR", "Zürich", "city"), ("sao", "São Paulo", "city"), ("Sao p", "São Paulo", "city"),
    ("reykjavik", "Reykjavík", "city"), ("portimao", "Portimão", "city"), ("bodo", "Bodø", "city"),
    ("strass", "Straßburg", "city"), ("cote d", "Côte d'Ivoire", "country"), ("cote-d’iv", "Côte d'Ivoire", "country"),
])
def test_accents_case_and_separators_do_not_matter(typed, expected, kind):
    assert (expected, kind) in [(s.text, s.kind) for s in BIG.complete(typed)]


def test_words_inside_a_text_match_at_their_start_only():
    small = Completer.build({"topic": {"Anti-rumour": 12}}, [("a1", "Anti-rumour agents in Amadora"),
                                                            ("b1", "Storytelling against prejudice")], [])
    assert [s.text for s in small.complete("rumour")] == ["Anti-rumour", "Anti-rumour agents in Amadora"]
    assert [s.text for s in small.complete("agents in am")] == ["Anti-rumour agents in Amadora"]
    assert small.complete("umour") == [] and small.complete("telling") == []
    assert [s.text for s in small.complete("antiru")] == ["Anti-rumour", "Anti-rumour agents in Amadora"]
    assert [s.text for s in small.complete("rumor")] == ["Anti-rumour", "Anti-rumour agents in Amadora"]


def test_a_typed_separator_ends_the_word():
    small = Completer.build({"topic": {"Anti-rumour": 12, "Antiracism": 30}}, [], [])
    assert [s.text for s in small.complete("anti")] == ["Antiracism", "Anti-rumour"]
    assert [s.text for s in small.complete("anti ")] == ["Anti-rumour"]
    assert [s.text for s in small.complete("anti-")] == ["Anti-rumour"]


def test_exact_then_start_then_inner_and_popular_first():
    small = Completer.build({"topic": {"Roma": 5, "Anti-Roma discrimination": 400},
                             "city": {"Rome": 40, "Romainville": 2}},
                            [("p1", "Roma school mediators")], [Phrase("roma students", 30, True)])
    found = [s.text for s in small.complete("roma")]
    assert found[0] == "Roma"                                   # the whole text typed
    assert found.index("Roma school mediators") < found.index("Anti-Roma discrimination")  # start before inner
    assert found.index("roma students") < found.index("Anti-Roma discrimination")
    assert "Rome" not in found
    facets = [s.text for s in small.complete("rom") if s.kind in ("topic", "city")]
    assert facets == ["Rome", "Roma", "Romainville", "Anti-Roma discrimination"]  # by count, the inner match last


def test_kinds_are_mixed_when_one_kind_has_many_matches():
    titles = [(f"p{i}", f"Community garden number {i}") for i in range(50)]
    small = Completer.build({"topic": {"Communication and public awareness": 20}, "city": {"Comiso": 2}}, titles,
                            [Phrase("community gardens", 12, True)])
    kinds = [s.kind for s in small.complete("com")]
    assert len(kinds) == MAX_SUGGESTIONS and {"topic", "city", "phrase", "practice"} <= set(kinds)


def test_one_kind_fills_every_place_when_it_is_alone():
    titles = [(f"p{i}", f"Community garden number {i}") for i in range(50)]
    assert len(Completer.build({}, titles, []).complete("comm")) == MAX_SUGGESTIONS


def test_a_text_offered_by_several_kinds_appears_once_as_the_richer_kind():
    small = Completer.build({"topic": {"Anti-rumour": 12}}, [("p1", "Anti rumour"), ("p2", "Welcome desk")],
                            [Phrase("anti-rumour", 9, True), Phrase("welcome desk", 4, True)])
    assert [(s.text, s.kind) for s in small.complete("anti")] == [("Anti-rumour", "topic")]
    assert [(s.kind, s.practice_id) for s in small.complete("welc")] == [("practice", "p2")]


def test_a_title_several_practices_share_is_one_suggestion_without_an_id():
    small = Completer.build({}, [("p1", "Welcome desk"), ("p2", "Welcome  Desk"), ("p3", "Welcome centre")], [])
    found = {s.text: s for s in small.complete("welcome")}
    assert found["Welcome desk"].count == 2 and found["Welcome desk"].practice_id is None
    assert found["Welcome centre"].practice_id == "p3"
    assert found["Welcome centre"].to_dict() == {"text": "Welcome centre", "kind": "practice", "count": 1, "id": "p3"}


@pytest.mark.parametrize("prefix", ["", "   ", "\x00\x01", "-–—", "!!!", "\u200b"])
def test_nothing_to_complete_gives_nothing(prefix):
    assert BIG.complete(prefix) == []


def test_limits():
    with pytest.raises(BadRequest):
        BIG.complete("a" * (MAX_PREFIX + 1))
    assert BIG.complete("a" * MAX_PREFIX) == []
    assert len(BIG.complete("c", limit=3)) == 3
    assert len(BIG.complete("c", limit=100)) == MAX_SUGGESTIONS
    assert BIG.complete("c", limit=0) == []


def test_long_prefixes_beyond_the_key_length_are_checked_in_full():
    base = "intercultural cities network plan for "
    titles = [(f"p{i}", base + name) for i, name in enumerate(["youth", "youth parliament", "schools", "art"] * 30)]
    small = Completer.build({}, titles, [])
    assert {s.text for s in small.complete(base + "you")} == {base + "youth", base + "youth parliament"}
    assert small.complete(base + "zz") == []


def test_a_text_typed_exactly_comes_first_even_under_a_busy_prefix():
    titles = [(f"p{i}{copy}", f"Co-op garden {i}") for i in range(300) for copy in "ab"] + [("short", "Co")]
    small = Completer.build({}, titles, [])
    assert "co" in small.indexes["practice"].hot
    assert small.complete("co")[0].practice_id == "short"


def test_busy_prefixes_use_precomputed_lists():
    index = BIG.indexes["practice"]
    assert "c" in index.hot and len(index.hot["c"]) >= MAX_SUGGESTIONS
    assert all(len(key) <= 32 for key in index.hot)
    busy = [key for key in index.hot if len(key) == 1]
    assert busy and all(sum(k.startswith(key) for k in index.keys) > HOT_RANGE for key in busy)


# -- frequent phrases ----------------------------------------------------------
def test_phrases_skip_stop_word_edges_numbers_and_punctuation():
    documents = [("Roma school mediators", "The Roma school mediators of the city, in 2019. Mediators work."),
                 ("School mediators for Roma pupils", "Roma school mediators of the city help; in 2019 too."),
                 ("Other", "A text of the city with 2019 numbers, mediators work.")]
    phrases = {p.text: p for p in frequent_phrases(documents)}
    assert phrases["Roma school mediators"].practices == 2 and phrases["Roma school mediators"].in_titles
    assert phrases["school mediators"].practices == 2
    assert "mediators work" in phrases  # two practices, across documents of different titles
    for text in phrases:
        words = text.lower().split()
        assert words[0] not in {"the", "of", "in", "a"} and words[-1] not in {"the", "of", "in", "a"}
        assert not any(w.isdigit() for w in words)
    assert "city help" not in phrases and "mediators of the city" not in phrases  # one practice; four words
    assert not any("," in t or ";" in t or "." in t for t in phrases)
    assert not {"help", "numbers", "text"} & {t.lower() for t in phrases}  # single words need a title


def test_phrases_count_practices_not_occurrences_and_use_the_usual_spelling():
    documents = [("Welcome Desk", "welcome desk welcome desk welcome desk")] + \
                [("Other", "the welcome desk opens")] * 3
    phrases = {p.text.lower(): p for p in frequent_phrases(documents)}
    assert phrases["welcome desk"].practices == 4
    assert phrases["welcome desk"].text == "welcome desk"  # lower case is how the collection writes it


def test_phrases_in_a_large_collection_need_a_share_of_it():
    documents = [("Title", "filler words here")] * 2000 + [("Other", "rare phrase here")] * 3
    texts = {p.text for p in frequent_phrases(documents)}
    assert "filler words" in texts and "rare phrase" not in texts


def test_phrases_of_nothing():
    assert frequent_phrases([]) == [] and frequent_phrases([("", "")]) == []


# -- the per-generation structure ------------------------------------------------
def test_engine_completes_from_the_sample_index(engine):
    answer = engine.complete("zur", wait=None)
    assert answer["partial"] is False
    found = answer["suggestions"]
    assert {"text": "Zurich", "kind": "city"}.items() <= found[0].items()
    assert found[0]["count"] == engine.stats()["facets"]["city"]["Zurich"]
    kinds = {s["kind"] for s in engine.complete("a")["suggestions"]}
    assert kinds <= set(KINDS) and len(kinds) >= 3
    practice = next(s for s in engine.complete("roma school")["suggestions"] if s["kind"] == "practice")
    assert engine.get(practice["id"]).title == practice["text"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_sample_index_keeps_the_properties(engine, corpus_report, data):
    """The same properties through the engine, on phrases mined from the real sample pages."""
    practice = data.draw(st.sampled_from(corpus_report.practices))
    words = re.findall(r"\w[\w'-]*", " ".join([practice.title, *practice.cities, *practice.countries]))
    word = data.draw(st.sampled_from(words))
    prefix = data.draw(st.sampled_from([word, word.upper(), fold(word)]))[:data.draw(st.integers(1, 12))]
    found = engine.complete(prefix, wait=None)["suggestions"]
    assert 1 <= len(found) <= MAX_SUGGESTIONS  # the word comes from the collection: something completes it
    assert all(_matches(s["text"], prefix) for s in found), [s["text"] for s in found]


def test_built_once_per_reader_in_the_background_topics_and_places_answering_meanwhile(sample_index, monkeypatch):
    gate, calls = threading.Event(), []

    def slow_build(practices, facets):
        calls.append(len(practices))
        gate.wait(30)
        return real_build(practices, facets)

    real_build = complete_module._from_practices
    monkeypatch.setattr(complete_module, "_from_practices", slow_build)
    fresh = SearchEngine(sample_index)
    try:
        early = fresh.complete("zur")
        assert early["partial"] is True
        assert {s["kind"] for s in early["suggestions"]} <= {"topic", "country", "city"}
        assert [s["text"] for s in early["suggestions"]] == ["Zurich"]
        assert fresh.complete("roma sch")["suggestions"] == []  # titles are not read yet
        assert fresh.search(SearchRequest("roma"))["total"] > 0  # searching goes on meanwhile
        gate.set()
        full = fresh.complete("roma sch", wait=None)
        assert full["partial"] is False and full["suggestions"][0]["kind"] == "practice"
        with fresh._lock:
            gen = fresh._current()
        first, _ = gen.suggestions.completer(fresh._lock)
        assert gen.suggestions.completer(fresh._lock)[0] is first
        assert calls == [fresh.stats()["documents"]]  # read once, however many keystrokes
    finally:
        gate.set()
        fresh.close()
