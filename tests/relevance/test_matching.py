"""Most-of-the-words matching, over generated queries drawn from the collection's own vocabulary.

The queries are made from words the sample corpus uses (and typos of them), never from a fixed list,
so the properties hold for the class of query, not for examples someone tuned.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from practice_search.index.analysis import english_analyzer
from practice_search.search.coverage import MIN_RANKED, required
from practice_search.search.engine import SearchRequest
from practice_search.search.function_words import is_function_word, optional_words, query_language
from practice_search.search.query import parse
from practice_search.search.spelling import edit_budget, is_real_word

_ANALYZER = english_analyzer()
PROPERTIES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ENGLISH_FUNCTION_WORDS = ["how", "can", "what", "the", "which", "where", "could", "for", "is", "there"]


@pytest.fixture(scope="module")
def vocabulary(corpus_report) -> list[str]:
    """Content words of the English practices, 5+ letters, used by 3 to 40 practices, as written and
    as analysed ("worked" is left out: as "work" it is in half the practices, scored but not required)."""
    counts: Counter[str] = Counter()
    stems: Counter[str] = Counter()
    for practice in corpus_report.practices:
        if practice.language == "en":
            words = {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", practice.body)}
            counts.update(words)
            stems.update({_stem(w) for w in words})
    return sorted(w for w, n in counts.items() if 3 <= n <= 40 and stems[_stem(w)] <= 40 and not is_function_word(w))


def _stem(word: str) -> str:
    return " ".join(t.text for t in _ANALYZER(word))


def _all_results(engine, query: str, **options) -> dict:
    return engine.search(SearchRequest(query=query, per_page=100, **options))


def test_required_share_of_the_words():
    assert [required(n) for n in range(1, 11)] == [1, 2, 2, 3, 4, 5, 5, 6, 7, 7]


@PROPERTIES
@given(data=st.data())
def test_every_all_words_match_ranks_above_every_partial_match(engine, vocabulary, data):
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=2, max_size=5, unique=True))
    result = _all_results(engine, " ".join(words))
    flags = [hit["all_words"] for hit in result["results"]]
    assert flags == sorted(flags, reverse=True), "an all-words match ranked below a partial one"
    assert sum(flags) == min(result["total_all_words"], 100)
    assert result["relaxed"] == (result["total_all_words"] == 0 and result["total"] > 0 and len(words) > 1)


@PROPERTIES
@given(data=st.data())
def test_grouped_versions_are_the_folded_list_with_each_practices_versions_under_it(engine, vocabulary, data):
    """versions=group lists what fold lists, in the same order, each practice followed by its other
    matching versions; together they are the pages versions=all finds, but for the versions lacking a
    word of a practice that holds them all (those stay in its `also`: all-words pages come first)."""
    query = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3, unique=True)))
    grouped, folded, separate = (_all_results(engine, query, versions=v) for v in ("group", "fold", "all"))
    leads = [h["id"] for h in grouped["results"] if not h["version_of"]]
    assert leads == [h["id"] for h in folded["results"]][:len(leads)]
    assert separate["total"] >= grouped["total"] >= folded["total"]
    lead = None
    for hit in grouped["results"]:
        if hit["version_of"] is None:
            lead = hit
        else:
            assert hit["version_of"] == lead["id"] and hit["id"] in {other["id"] for other in lead["also"]}
            assert hit["all_words"] == lead["all_words"]
    if separate["total"] <= 100:
        listed = {h["id"] for h in grouped["results"]}
        complete_alsos = {o["id"] for h in grouped["results"] if h["all_words"] for o in h["also"]}
        left_out = [h for h in separate["results"] if h["id"] not in listed]
        assert listed <= {h["id"] for h in separate["results"]}
        assert all(not h["all_words"] and h["id"] in complete_alsos for h in left_out)
    assert grouped["total_all_words"] == separate["total_all_words"]


@PROPERTIES
@given(data=st.data())
def test_few_all_words_matches_are_followed_by_practices_holding_some_of_the_words(engine, vocabulary, data):
    """Two or three rare words that few practices share: the page goes on with practices holding one of them
    (recall), each ranked below every all-words match, and `match=all` still keeps only the all-words set.
    Counted page by page (versions="all"), so the totals compare one for one."""
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=2, max_size=3, unique=True))
    query = " ".join(words)
    most, strict = _all_results(engine, query, versions="all"), _all_results(engine, query, match="all", versions="all")
    single = [_all_results(engine, word, match="all", versions="all")["total"] for word in words]
    assume(most["total_all_words"] < MIN_RANKED)
    assert most["total"] >= min(MIN_RANKED, max(single)), "practices holding one of the words are left out"
    assert strict["total"] == strict["total_all_words"] == most["total_all_words"]
    flags = [hit["all_words"] for hit in most["results"]]
    assert flags == sorted(flags, reverse=True)


@PROPERTIES
@given(data=st.data())
def test_match_all_keeps_only_practices_holding_every_word(engine, vocabulary, data):
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=2, max_size=4, unique=True))
    query = " ".join(words)
    strict = _all_results(engine, query, match="all")
    most = _all_results(engine, query)
    assert strict["match"] == "all" and most["match"] == "most"
    assert strict["total"] == strict["total_all_words"] == most["total_all_words"]
    assert all(hit["all_words"] for hit in strict["results"])
    assert strict["relaxed"] is False
    assert most["total"] >= strict["total"]


@PROPERTIES
@given(data=st.data())
def test_function_words_are_never_required(engine, vocabulary, data):
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3, unique=True))
    extra = data.draw(st.lists(st.sampled_from(ENGLISH_FUNCTION_WORDS), min_size=1, max_size=3, unique=True))
    plain = _all_results(engine, " ".join(words))
    asked = _all_results(engine, " ".join([*extra, *words]))
    assert (asked["total"], asked["total_all_words"]) == (plain["total"], plain["total_all_words"])


@PROPERTIES
@given(data=st.data())
def test_excluded_words_and_phrases_stay_strict(engine, vocabulary, data):
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=3, max_size=4, unique=True))
    excluded = words.pop()
    result = _all_results(engine, " ".join(words) + f" -{excluded}")
    plain = _all_results(engine, " ".join(words))
    if not result["relaxed"]:  # excluding the only all-words matches relaxes the query: then more may show
        assert result["total"] <= plain["total"]
    for hit in result["results"]:
        assert not re.search(rf"\b{excluded}\b", engine.get(hit["id"]).body.casefold())


def test_a_quoted_phrase_is_required_in_most_mode(engine):
    result = _all_results(engine, '"school mediators" roma zzqqxx')
    assert result["total"] > 0
    for hit in result["results"]:
        practice = engine.get(hit["id"])
        assert "school mediator" in " ".join((practice.title, practice.summary, practice.body)).casefold()


def test_optional_words_follow_the_query_language():
    assert optional_words(["how", "can", "refugees", "find", "housing"]) == {"how", "can", "find"}
    assert optional_words(["comment", "trouver", "un", "logement"]) == {"comment", "trouver", "un"}
    assert optional_words(["people", "fleeing", "the", "war"]) == {"the"}  # "war" is German for "was"
    assert optional_words(["the", "who"]) == set()  # nothing left to require: the words are the query
    assert query_language(["stratégie", "anti-rumeurs"]) == "fr"
    assert query_language(["Roma", "school"]) == "en"


@PROPERTIES
@given(data=st.data())
def test_an_indexed_word_is_never_corrected(engine, vocabulary, data):
    word = data.draw(st.sampled_from(vocabulary))
    result = engine.search(SearchRequest(query=word))
    assert result["corrected"] is None and result["suggestion"] is None


@pytest.mark.parametrize("word", ["expats", "lobbyists", "plumbers", "grandparents", "firefighters", "skateboarding"])
def test_a_real_word_the_index_lacks_is_never_rewritten(engine, word):
    assert is_real_word(word) and not engine._current().speller.known(word)
    result = engine.search(SearchRequest(query=word))
    assert result["corrected"] is None and result["suggestion"] is None


@pytest.mark.parametrize("word", ["rumor", "organize", "neighbors", "Zurich", "Genève"])
def test_other_spellings_of_indexed_words_are_known(engine, word):
    result = engine.search(SearchRequest(query=word))
    assert result["corrected"] is None and result["suggestion"] is None and result["results"]


def _typo(word: str, position: int, kind: int) -> str:
    """One edit, never to the first letter (corrections look among words that share it)."""
    position = 1 + position % (len(word) - 2)
    if kind == 0:
        return word[:position] + word[position + 1:]  # a letter left out
    if kind == 1:
        return word[:position] + word[position] + word[position:]  # a letter doubled
    return word[:position] + word[position + 1] + word[position] + word[position + 2:]  # two letters swapped


@PROPERTIES
@given(data=st.data())
def test_a_typo_is_corrected_within_the_edit_budget(engine, vocabulary, data):
    word = data.draw(st.sampled_from(vocabulary))
    typo = _typo(word, data.draw(st.integers(1, 30)), data.draw(st.integers(0, 2)))
    assume(typo != word and not is_real_word(typo) and len(typo) >= 5)
    gen = engine._current()
    assume(not gen.speller.known(typo))
    result = engine.search(SearchRequest(query=typo))
    assert result["corrected"] is not None and result["corrected"] == result["suggestion"], typo
    assert gen.speller.known(result["corrected"])
    assert OSA.distance(typo, result["corrected"]) <= edit_budget(typo)


@PROPERTIES
@given(data=st.data())
def test_a_typo_in_one_part_of_a_hyphenated_word_is_corrected_there(engine, vocabulary, data):
    """'anti-discrimation', 'intercultral-mediation': the misspelt part is corrected, the other kept."""
    first, second = data.draw(st.lists(st.sampled_from(vocabulary), min_size=2, max_size=2, unique=True))
    typo = _typo(second, data.draw(st.integers(1, 30)), data.draw(st.integers(0, 2)))
    gen = engine._current()
    assume(typo != second and len(typo) >= 5 and not is_real_word(typo) and not gen.speller.known(typo))
    assume(gen.speller.known(first))
    result = engine.search(SearchRequest(query=f"{first}-{typo}"))
    assert result["corrected"] is not None, typo
    kept, corrected = result["corrected"].split("-")
    assert kept == first and gen.speller.known(corrected)
    assert OSA.distance(typo, corrected) <= edit_budget(typo)


def test_short_words_get_no_edits():
    assert [edit_budget("x" * n) for n in (3, 4, 5, 8, 9, 14)] == [0, 0, 1, 1, 2, 2]


def test_corrections_are_computed_once_per_request(engine, monkeypatch):
    gen = engine._current()
    calls = []
    original = gen.speller.corrections
    monkeypatch.setattr(gen.speller, "corrections", lambda words: calls.append(words) or original(words))
    result = engine.search(SearchRequest(query="mediaton panal intercultral netwrok roma zzqqxxa", per_page=5))
    assert len(calls) == 1
    assert result["corrected"].startswith("mediation")


def test_the_corrected_query_runs_and_its_words_are_marked(engine):
    result = engine.search(SearchRequest(query="refugess", per_page=5))
    assert result["corrected"] == result["suggestion"] == "refugees"
    assert result["results"] and any("<mark>refugee" in hit["snippet"].casefold() for hit in result["results"])
    as_typed = engine.search(SearchRequest(query="refugess", per_page=5, correct=False))
    assert as_typed["corrected"] is None and as_typed["suggestion"] == "refugees"


def test_parsed_query_corrections_replace_only_plain_words():
    parsed = parse('mediaton "mediaton panel" -mediaton title:mediaton').corrected({"mediaton": "mediation"})
    assert [(c.kind, c.text) for c in parsed.clauses] == [
        ("word", "mediation"), ("phrase", "mediaton panel"), ("word", "mediation"), ("field", "mediaton")]


def _fake_plan(masks: list[list[bool]], weights: list[float] | None = None):
    """A plan whose concepts are given match masks (concept i scoring weights[i], else 1, where it matches)."""
    import numpy as np
    from whoosh import query as wq

    from practice_search.search.query import QueryPlan

    concepts = [wq.Term("body", f"w{n}") for n in range(len(masks))]
    table = {q: np.array(m) for q, m in zip(concepts, masks, strict=True)}
    weight = dict(zip(concepts, weights or [1.0] * len(concepts), strict=False))
    return QueryPlan(concepts=concepts), lambda q: (table[q].copy(), table[q] * weight[q])


@given(st.lists(st.lists(st.booleans(), min_size=30, max_size=30), min_size=1, max_size=8),
       st.lists(st.floats(0.1, 10.0), min_size=8, max_size=8))
def test_coverage_levels_admit_most_of_the_words_then_the_best_partial_matches(masks, weights):
    import numpy as np

    from practice_search.search.coverage import match

    plan, evaluate = _fake_plan(masks, weights)
    live = np.ones(30, dtype=bool)
    found = match(evaluate, plan, live)
    coverage = np.sum(masks, axis=0)
    n = len(masks)
    assert (found.all_words == (coverage == n)).all()
    if not found.relaxed:
        admitted = coverage[found.ranked]
        assert (admitted >= 1).all() or not found.ranked.any()
        if (admitted < required(n)).any():  # lower shares come in only when the required one is too few
            assert (coverage >= required(n)).sum() < MIN_RANKED
            assert (coverage[~found.ranked] < admitted.min()).all(), "a lower share comes in whole"
    strict = match(evaluate, plan, live, "all")
    assert (strict.ranked == found.all_words).all()
    key, scores = found.order, found.scores
    whole, partial = found.ranked & found.all_words, found.ranked & ~found.all_words
    if whole.any() and partial.any():
        assert key[whole].min() > key[partial].max(), "every all-words match above every partial one"
    for a in np.flatnonzero(partial):
        dominated = partial & (coverage <= coverage[a]) & (scores <= scores[a])
        assert (key[dominated] <= key[a]).all(), "more words or a higher score never ranks lower"
