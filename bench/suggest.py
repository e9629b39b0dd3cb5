"""Search-as-you-type timing: every keystroke of realistic typing, ours beside a linear scan over all titles.

The keystrokes are every prefix of the query mix's words and of a few place and topic names typed
without accents. Ours is the product's `SearchEngine.complete` (per-generation sorted keys); the
naive baseline folds every title once when it opens (so it is not charged for that) and then, per
keystroke, scans all of them for a word starting with the prefix, as a first version would.
Both run in the same process on the same index, keystroke by keystroke in turn.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index

from practice_search.bench.queries import QUERY_MIX
from practice_search.bench.stats import summarise
from practice_search.index.store import IndexStore
from practice_search.search.complete import MAX_SUGGESTIONS, normalise, normalise_prefix
from practice_search.search.engine import SearchEngine

TYPED_NAMES = ("zurich", "sao paulo", "reykjavik", "portimao", "anti-rumour", "roma school mediators",
               "welcoming and social integration", "united kingdom", "intercultural cities", "kindergarten")
MAX_TYPED = 30  # characters typed per text: later keystrokes of a long query add nothing new


def keystrokes() -> list[str]:
    """Every prefix of every text typed, in typing order, each text once."""
    texts = dict.fromkeys([*(q.q for q in QUERY_MIX if q.q and q.kind != "browse"), *TYPED_NAMES])
    return [text[:n] for text in texts for n in range(1, min(len(text), MAX_TYPED) + 1)]


class NaiveTitles:
    """A linear scan over all titles per keystroke: the approach the per-generation structure replaces."""

    def __init__(self, index: Path) -> None:
        with whoosh_index.open_dir(str(IndexStore(index).current().path)).reader() as reader:
            titles = [stored["title"] for _, stored in reader.iter_docs()]
        self.titles = [(title, " " + normalise(title)) for title in dict.fromkeys(titles)]
        self.folded = dict(self.titles)

    def complete(self, prefix: str) -> list[str]:
        found = sorted((not folded.startswith(" " + normalise_prefix(prefix)), title)
                       for title in self.titles_matching(prefix) for folded in [self.folded[title]])
        return [title for _, title in found[:MAX_SUGGESTIONS]]

    def titles_matching(self, prefix: str) -> list[str]:
        wanted = " " + normalise_prefix(prefix)
        return [title for title, folded in self.titles if wanted in folded] if wanted.strip() else []


def run(index: Path, rounds: int = 3, log: Callable[[str], None] = print) -> dict:
    engine = SearchEngine(index, cache_size=0)
    documents = engine.stats()["documents"]
    started, cpu = time.perf_counter(), time.process_time()
    engine.complete("a", wait=None)
    build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu  # CPU: a busy machine's wall
    naive = NaiveTitles(index)
    typed = keystrokes()
    samples: dict[str, list[float]] = {"ours": [], "naive": []}
    ours = engine.complete
    for _ in range(rounds):
        for prefix in typed:
            for name, complete in (("ours", ours), ("naive", naive.complete)):
                started = time.perf_counter()
                complete(prefix)
                samples[name].append((time.perf_counter() - started) * 1000)
    engine.close()
    result = {"documents": documents, "keystrokes": len(typed), "rounds": rounds, "build_s": round(build_s, 3),
              "build_cpu_s": round(build_cpu_s, 3),
              "titles": len(naive.titles), "latency_ms": {name: summarise(s) for name, s in samples.items()}}
    log(markdown(result))
    return result


def markdown(result: dict) -> str:
    ours, naive = result["latency_ms"]["ours"], result["latency_ms"]["naive"]
    lines = [f"Suggestions at {result['documents']:,} practices: {result['keystrokes']} keystrokes x "
             f"{result['rounds']} rounds; ours built its structure in "
             f"{result['build_s']} s ({result['build_cpu_s']} s of CPU; in the background, from the first keystroke)",
             "", "| approach | p50 ms | p95 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for label, s in (("ours (sorted keys, SearchEngine.complete)", ours),
                     (f"naive (scan of {result['titles']:,} titles)", naive)):
        lines.append(f"| {label} | {s['p50']} | {s['p95']} | {s['p99']} | {s['max']} |")
    if ours.get("p95"):
        lines += ["", f"p95 ratio naive / ours: {naive['p95'] / ours['p95']:.1f}x"]
    return "\n".join(lines)


def write(result: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"suggest-{result['documents']}.json"
    path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    path.with_suffix(".md").write_text(markdown(result) + "\n", encoding="utf-8")
    return path
