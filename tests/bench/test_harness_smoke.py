"""The benchmark harness at a tiny size: every engine runs the whole mix and agrees with ours."""

from __future__ import annotations

import pytest

from practice_search.bench import report
from practice_search.bench.engines.naive import NaiveWhoosh
from practice_search.bench.engines.ours import Ours
from practice_search.bench.engines.sqlite_fts import SqliteFts
from practice_search.bench.engines.tantivy_engine import Tantivy
from practice_search.bench.queries import QUERY_MIX
from practice_search.bench.run import TierOptions, run_tier
from practice_search.bench.stats import machine
from practice_search.ingest.corpus import load_corpus

WORDS = [q for q in QUERY_MIX if q.kind == "words"]


@pytest.fixture(scope="module")
def engines(tiny_corpus, tmp_path_factory):
    practices = load_corpus(tiny_corpus).practices
    root = tmp_path_factory.mktemp("engines")
    built = {}
    for cls in (Ours, NaiveWhoosh, Tantivy, SqliteFts):
        native = cls in (Tantivy, SqliteFts)
        engine = cls(root / cls.__name__, reference=root / "Ours") if native else cls(root / cls.__name__)
        engine.build(practices)
        engine.open()
        built[cls.__name__] = engine
    yield built
    for engine in built.values():
        engine.close()


def test_query_mix_is_big_and_varied():
    assert len(QUERY_MIX) >= 60
    assert len({q.name for q in QUERY_MIX}) == len(QUERY_MIX)
    kinds = {q.kind for q in QUERY_MIX}
    assert kinds == {"words", "phrase", "prefix", "browse"}
    assert {len(q.filters) for q in QUERY_MIX} >= {0, 1, 2, 3}
    assert any(q.page > 1 for q in QUERY_MIX)


@pytest.mark.parametrize("baseline", ["Tantivy", "SqliteFts"])
def test_native_baselines_agree_on_hits_and_facets(engines, baseline):
    ours, theirs = engines["Ours"], engines[baseline]
    matched = 0
    for query in WORDS:
        mine, other = ours.search(query), theirs.search(query)
        if mine.relaxed:  # no practice has all the words; only our engine then relaxes to some of them
            continue
        assert other.total == mine.total, query.name
        assert other.facets == mine.facets, query.name
        matched += mine.total > 0
    assert matched > len(WORDS) // 2


def test_naive_whoosh_finds_a_subset_of_ours(engines):
    # Plain MultifieldParser has no synonyms or local-language fields, so it finds at most what we find;
    # and Whoosh ignores a filter that matches no document at all, so only unfiltered queries compare.
    ours, naive = engines["Ours"], engines["NaiveWhoosh"]
    same = 0
    for query in WORDS:
        if query.filters or query.year_from or query.year_to:
            continue
        mine, other = ours.search(query), naive.search(query)
        assert other.total <= mine.total or mine.relaxed, query.name
        same += other.total == mine.total
    assert same > 0


def test_every_engine_answers_every_query(engines):
    for engine in engines.values():
        for query in QUERY_MIX:
            answer = engine.search(query)
            assert answer.total >= 0 and len(answer.ids) <= query.per_page


def test_a_tier_runs_end_to_end_and_reports(tiny_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("practice_search.bench.run.corpus_for", lambda size, seed, cache, log: tiny_corpus)
    tier = run_tier(TierOptions(size=40, work=tmp_path, rounds=1, http_seconds=0, incremental=False,
                                engines=("ours", "tantivy", "sqlite")),
                    log=lambda line: None)
    data = tier.data
    assert data["documents"] == 40
    assert set(data["build"]) == {"ours", "tantivy", "sqlite"}
    assert all(data["latency"][name]["all"]["n"] >= len(QUERY_MIX) for name in data["build"])
    for name in ("tantivy", "sqlite"):
        assert data["agreement"][name]["total_mismatches"] == []
    text = report.markdown({"started": "now", "machine": machine(), "tiers": [data]})
    assert "| ours |" in text and "| tantivy |" in text and "40 practices" in text


def test_http_phase_serves_the_mix_without_errors_and_reports_cpu(tiny_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("practice_search.bench.run.corpus_for", lambda size, seed, cache, log: tiny_corpus)
    tier = run_tier(TierOptions(size=40, work=tmp_path, rounds=1, http_seconds=0.5, connections=4,
                                incremental=False, engines=("ours",)), log=lambda line: None)
    http = tier.data["http"]
    assert http["cold_start_s"] > 0
    assert len(http["rss_mb_per_worker"]) == 2 and all(mb > 10 for mb in http["rss_mb_per_worker"])
    for path in ("/api/search", "/", "/api/search (no result cache)"):
        run = http[path]
        assert run["requests"] > 0 and run["errors"] == 0, path
        assert run["server_cpu_pct"] > 0 and run["client_cpu_pct"] > 0, path
    text = report.markdown({"started": "now", "machine": machine(), "tiers": [tier.data]})
    assert "| /api/search (no result cache) |" in text
