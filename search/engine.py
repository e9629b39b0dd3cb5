"""The search engine: one long-lived searcher per index generation, shared by CLI and web."""

from __future__ import annotations

import json
import math
import pickle
import re
import threading
import time
from dataclasses import replace

import numpy as np
from whoosh import index as whoosh_index

from practice_search.index.facets import CONTRACT_FACETS, FACET, LANGUAGE, YEAR
from practice_search.index.store import IndexMissing, IndexStore
from practice_search.ingest.model import Practice
from practice_search.search.batch import rank as batch_rank
from practice_search.search.collection import Collection
from practice_search.search.complete import MAX_SUGGESTIONS
from practice_search.search.coverage import Matches, array_evaluator, match
from practice_search.search.facets import FacetTable, top_k
from practice_search.search.function_words import query_language
from practice_search.search.generation import Generation
from practice_search.search.query import QueryBuilder, QueryTooLong, facet_key, parse
from practice_search.search.request import (
    MAX_PER_PAGE,
    RESULT_CACHE_SIZE,
    BadRequest,
    SearchRequest,
)
from practice_search.search.snippets import make_snippet

REFRESH_SECONDS = 1.0
_INTERNAL_INFO = ("manifest", "duplicates")  # build.json keys too large to show


class SearchEngine:
    """Opens the live generation once and follows CURRENT when a new one is published."""

    def __init__(self, index_dir, cache_size: int = RESULT_CACHE_SIZE) -> None:
        self.store = IndexStore(index_dir)
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self._gen: Generation | None = None
        self._checked = 0.0

    # -- lifecycle -------------------------------------------------------
    def _current(self) -> Generation:
        now = time.monotonic()
        if self._gen is not None and now - self._checked < REFRESH_SECONDS:
            return self._gen
        with self._lock:
            self._checked = now
            try:
                generation = self.store.current()
                if self._gen is not None and self._gen.name == generation.name and self._gen.searcher.up_to_date():
                    return self._gen
                self._gen = self._open(generation)
            except IndexMissing:
                self.close()  # an index removed under us: every call says so until one is back, none serves stale
                raise
            return self._gen

    def _open(self, generation) -> Generation:
        # Always a fresh searcher: whoosh3's refresh() reuses segment readers that closing the
        # old searcher then closes, and it keeps merged-away segments (duplicate documents).
        try:
            searcher = whoosh_index.open_dir(str(generation.path)).searcher()
        except Exception as exc:  # noqa: BLE001 - an old schema fails to unpickle in many ways
            raise IndexMissing(f"the index at {generation.path} cannot be read ({type(exc).__name__}: {exc}); "
                               "it may come from an older version: rebuild it with: practices index --full") from exc
        old = self._gen
        info = {k: v for k, v in generation.info().items() if k != "manifest"}  # {id: hash} for every practice
        commit = searcher.reader().generation()  # what HTTP validators follow (web/http.py)
        info["commit"] = f"{generation.name}/{commit}"
        info["committed_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(generation.committed(commit)))
        gen = Generation(generation.name, searcher, info)
        if old is not None and old.searcher is not searcher:
            old.close()  # and with it every cache of the old generation
        return gen

    def generation(self) -> str:
        return self._current().name

    def close(self) -> None:
        with self._lock:
            if self._gen is not None:
                self._gen.close()
                self._gen = None

    # -- search ----------------------------------------------------------
    def search(self, request: SearchRequest) -> dict:
        request.validate()
        started = time.perf_counter()
        try:
            parsed = parse(request.query)
        except QueryTooLong as exc:
            raise BadRequest(str(exc)) from None
        key = request.key()
        with self._lock:
            gen = self._current()
            kept = gen.results.get(key)
            if kept is None:
                result = self._search(gen, request, parsed)
                self._remember(gen, key, result)
            else:
                gen.results.move_to_end(key)
                result = pickle.loads(kept)
        return {**result, "took_ms": round((time.perf_counter() - started) * 1000, 2)}

    def _remember(self, gen: Generation, key: tuple, result: dict) -> None:
        """Kept pickled: every caller gets its own copy, so no caller can change what the next one is given."""
        if self.cache_size:
            gen.results[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            while len(gen.results) > self.cache_size:
                gen.results.popitem(last=False)

    def _search(self, gen: Generation, request: SearchRequest, parsed) -> dict:
        table = gen.facets
        builder = QueryBuilder(gen.searcher.reader(), gen.facet_values)
        selected = self._resolve_filters(gen, request.filters)
        masks = {name: table.value_mask(name, values) for name, values in selected.items() if values}
        year_range = _year_range_mask(table, request)
        if year_range is not None:
            masks[YEAR.name] = masks[YEAR.name] & year_range if YEAR.name in masks else year_range

        corrections = gen.speller.corrections(parsed.words())
        ran = parsed.corrected(corrections) if request.correct else parsed
        evaluate = array_evaluator(gen.term_arrays(), gen.searcher, table.live)
        found = match(evaluate, builder.plan(ran), table.live, request.match)
        base = found.ranked

        allowed = base.copy()
        for mask in masks.values():
            allowed &= mask
        leads = allowed
        if request.versions != "all":
            language = query_language(ran.words())
            preferred = [found.all_words] + ([table.value_mask(LANGUAGE.name, [language])] if language else [])
            leads = gen.duplicates().collapse(allowed, found.order, preferred)
        shown = leads
        if request.versions == "group":
            # under a practice holding every word, only its versions that hold them too (the others stay
            # in its `also`), so the all-words pages still come first and are exactly match=all's set
            partial_of_complete = gen.duplicates().with_versions(leads & found.all_words, allowed) & ~found.all_words
            shown = allowed & ~partial_of_complete
        total = int(shown.sum())  # pages listed, as the facets count them
        pages = max(1, math.ceil(total / request.per_page))
        ranked = found if parsed.positive else None  # only -words: browse, newest first
        hits = self._page(gen, ranked, request, np.flatnonzero(leads), shown)
        terms = ran.highlight_terms()
        results = [self._result(gen, docnum, score, terms, bool(found.all_words[docnum]), lead)
                   for docnum, score, lead in hits]
        facets = self._facet_counts(table, base, masks, selected)
        suggestion = _corrected_text(request.query, corrections)
        response = {
            "query": request.query,
            "filters": {name: _display(name, selected.get(name, [])) for name in CONTRACT_FACETS},
            "sort": request.sort,
            "match": request.match,
            "versions": request.versions,
            "total": total, "total_all_words": int((shown & found.all_words).sum()),
            "page": request.page, "per_page": request.per_page, "pages": pages,
            "relaxed": found.relaxed,
            "suggestion": suggestion,
            "corrected": suggestion if request.correct else None,
            "results": results,
            "facets": facets,
        }
        response["filters"].update({name: _display(name, values) for name, values in selected.items()
                                    if values and not FACET[name].contract})  # beyond the contract: when asked
        if request.year_from is not None or request.year_to is not None:
            response["year_from"], response["year_to"] = request.year_from, request.year_to
        if total == 0:
            response["recovery"] = self._recovery(table, base, masks, selected, request)
        return response

    def _resolve_filters(self, gen: Generation, filters: dict[str, list[str]]) -> dict[str, list[str]]:
        """Match filter values case- and accent-insensitively; unknown values stay (and match nothing)."""
        resolved = {}
        for name, values in filters.items():
            known = gen.facet_values.get(name, {})
            clean = [str(v).strip() for v in values if str(v).strip()]
            resolved[name] = list(dict.fromkeys(known.get(facet_key(v), v) for v in clean))
        return resolved

    def _page(self, gen: Generation, found: Matches | None, request: SearchRequest, leads: np.ndarray,
              shown: np.ndarray) -> list[tuple[int, float | None, str | None]]:
        """The page's (docnum, score, version_of) entries: the leads in order, in "group" each followed
        by its other versions among `shown` (a version carries the id of the practice it is listed
        under). Every entry counts towards `per_page`."""
        first, end = (request.page - 1) * request.per_page, request.page * request.per_page
        if found is None or request.sort != "relevance":
            ordered = gen.facets.order(leads, "newest" if request.sort == "relevance" else request.sort)[:end]
        else:
            ordered = top_k(leads, found.order[leads], end)  # each lead is at least one entry
        scores = None if found is None else found.scores
        entries: list[tuple[int, float | None, str | None]] = []
        for lead in map(int, ordered):
            entries.append((lead, _score(scores, lead), None))
            if request.versions == "group":
                versions = gen.duplicates().versions(lead, shown, None if found is None else found.order)
                lead_id = gen.searcher.stored_fields(lead)["id"] if versions else None
                entries += [(version, _score(scores, version), lead_id) for version in versions]
            if len(entries) >= end:
                break
        return entries[first:end]

    def _result(self, gen: Generation, docnum: int, score: float | None, terms: set[str], all_words: bool,
                version_of: str | None = None) -> dict:
        practice = Practice.from_dict(json.loads(gen.searcher.stored_fields(docnum)["record"]))
        snippet = make_snippet(practice, terms)
        return {
            "id": practice.id, "title": practice.title, "url": practice.url,
            "cities": practice.cities, "countries": practice.countries,
            "topics": practice.topics, "topics_inferred": practice.topics_inferred,
            "years": practice.years, "period": practice.period, "language": practice.language,
            "summary": practice.summary, "snippet": snippet.html, "snippet_section": snippet.section,
            "snippet_heading": snippet.heading, "score": score, "all_words": all_words,
            "also": gen.duplicates().also.get(docnum, []), "version_of": version_of,
        }

    def _facet_counts(self, table: FacetTable, base: np.ndarray, masks: dict[str, np.ndarray],
                      selected: dict[str, list[str]]) -> dict:
        """Disjunctive counts: each facet applies the query and every OTHER facet's filters."""
        out = {}
        for name, facet in FACET.items():
            mask = base.copy()
            for other, other_mask in masks.items():
                if other != name:
                    mask &= other_mask
            f = table.fields[name]
            counts = f.counts(mask)
            chosen = set(selected.get(name, []))
            ids = table.index[name]
            shown = np.flatnonzero(counts).tolist() + [ids[v] for v in chosen if v in ids and not counts[ids[v]]]
            entries = [{"value": facet.typed(f.values[i]), "count": int(counts[i]), "selected": f.values[i] in chosen}
                       for i in shown]
            entries += [{"value": facet.typed(v), "count": 0, "selected": True}
                        for v in chosen if v not in ids]
            out[name] = facet.ordered(entries)
        return out

    def _recovery(self, table: FacetTable, base: np.ndarray, masks: dict[str, np.ndarray],
                  selected: dict[str, list[str]], request: SearchRequest) -> list[dict]:
        """For an empty result: what dropping each single filter value (or facet) would give."""
        options = []
        for name, values in selected.items():
            for value in values:
                rest = [v for v in values if v != value]
                mask = base.copy()
                for other, other_mask in masks.items():
                    mask &= other_mask if other != name else (table.value_mask(name, rest) if rest else True)
                total = int(mask.sum())
                if total:
                    options.append({"drop": {name: FACET[name].typed(value)}, "total": total})
        if request.year_from is not None or request.year_to is not None:
            mask = base.copy()
            for other, other_mask in masks.items():
                if other != YEAR.name:
                    mask &= other_mask
            if selected.get(YEAR.name):
                mask &= table.value_mask(YEAR.name, selected[YEAR.name])
            if mask.any():
                options.append({"drop": {"year_range": [request.year_from, request.year_to]}, "total": int(mask.sum())})
        return sorted(options, key=lambda o: -o["total"])

    # -- single practices --------------------------------------------------
    def get(self, practice_id: str) -> Practice | None:
        with self._lock:
            gen = self._current()
            docnum = gen.searcher.document_number(id=practice_id)
            if docnum is None:
                return None
            return Practice.from_dict(json.loads(gen.searcher.stored_fields(docnum)["record"]))

    def practices(self) -> list[Practice]:
        """Every live practice of the current generation (evaluation builds its baseline from them)."""
        with self._lock:
            gen = self._current()
            return [Practice.from_dict(json.loads(fields["record"])) for fields in gen.searcher.all_stored_fields()]

    def rank(self, text: str, limit: int = 1000) -> list[tuple[str, float]]:
        """Batch ranking of plain words: (id, score), all-words matches first (see search.batch)."""
        with self._lock:
            gen = self._current()
            builder = QueryBuilder(gen.searcher.reader(), gen.facet_values)
            ranked = batch_rank(gen.searcher, builder, text, limit, gen.term_arrays(), gen.speller, gen.doc_ids())
            return [(d, round(s, 6)) for d, s in ranked]

    def also(self, practice_id: str) -> list[dict]:
        """The same practice published elsewhere: [{"id", "title", "language", "relation"}]."""
        with self._lock:
            gen = self._current()
            docnum = gen.searcher.document_number(id=practice_id)
            return [] if docnum is None else gen.duplicates().also.get(docnum, [])

    def similar(self, practice_id: str, limit: int = 5) -> list[dict]:
        """More-like-this on the body, excluding the practice itself."""
        with self._lock:
            gen = self._current()
            docnum = gen.searcher.document_number(id=practice_id)
            if docnum is None:
                return []
            record = json.loads(gen.searcher.stored_fields(docnum)["record"])
            hits = gen.searcher.more_like(docnum, "body", text=record.get("body", ""), top=limit, numterms=12)
            out = []
            for hit in hits:
                other = json.loads(hit["record"])
                out.append({"id": other["id"], "title": other["title"], "cities": other["cities"],
                            "countries": other["countries"]})
            return out

    def complete(self, prefix: str, limit: int = MAX_SUGGESTIONS, wait: float | None = 0.0) -> dict:
        """Search-as-you-type completions of `prefix` from the live generation (see search.complete).

        `partial` is true while the generation's titles and phrases are still being read (topics
        and places answer meanwhile); `wait` seconds (None: until ready) waits for them instead."""
        with self._lock:
            gen = self._current()
        found, whole = gen.suggestions.completer(self._lock, wait)
        return {"suggestions": [s.to_dict() for s in found.complete(prefix, limit)], "partial": not whole}

    def collection(self) -> Collection:
        """Whole-collection counts for the overview and the map (search.collection), once per generation."""
        with self._lock:
            gen = self._current()
            return gen.collection()

    def stats(self) -> dict:
        with self._lock:
            gen = self._current()
            table = gen.facets
            facets = {name: {v: int(len(p)) for v, p in zip(f.values, f.postings, strict=True)}
                      for name, f in table.fields.items()}
            info = {k: v for k, v in gen.info.items() if k not in _INTERNAL_INFO}
            return {"generation": gen.name, "documents": int(table.live.sum()), "facets": facets, "build": info}

    # -- web additions: exports and build info ------------------------------
    def export(self, request: SearchRequest, limit: int = 10_000):
        """Every result of a search in display order, page after page, up to `limit` rows."""
        page_request = replace(request, page=1, per_page=MAX_PER_PAGE)
        sent = 0
        while sent < limit:
            result = self.search(page_request)
            for row in result["results"][:limit - sent]:
                yield row
                sent += 1
            if page_request.page >= result["pages"]:
                return
            page_request.page += 1

    def build_info(self) -> dict:
        """The live generation's name and build facts (cheap: no facet counting)."""
        with self._lock:
            gen = self._current()
            return {"generation": gen.name, **{k: v for k, v in gen.info.items() if k not in _INTERNAL_INFO}}


def _display(name: str, values: list[str]) -> list:
    return [FACET[name].typed(v) for v in values]


def _corrected_text(query: str, corrections: dict[str, str]) -> str | None:
    """The query as typed with each corrected word replaced where it stands."""
    text = query
    for word, better in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text)
    return text if corrections and text != query else None


def _year_range_mask(table: FacetTable, request: SearchRequest) -> np.ndarray | None:
    """Practices whose active years overlap [year_from, year_to]."""
    if request.year_from is None and request.year_to is None:
        return None
    low = request.year_from if request.year_from is not None else -1
    high = request.year_to if request.year_to is not None else 10_000
    return table.value_mask(YEAR.name, YEAR.within(table.fields[YEAR.name].values, low, high))


def _score(scores: np.ndarray | None, docnum: int) -> float | None:
    return None if scores is None else round(float(scores[docnum]), 4)
