"""Search-as-you-type: the collection's topics, places, practice titles and frequent phrases completing a prefix.

Everything a keystroke needs is built once per index generation (in the background: see
`Suggestions`) and shared by every request: for each kind of suggestion, the folded text from each word
start on ("Anti-rumour agents" gives "anti rumour agents", "rumour agents", "agents"), sorted, so a
prefix is one bisection. A prefix that begins very many keys (one or two letters) has its best entries
listed in advance, so no keystroke ever walks a long range: the cost of a suggestion does not grow
with the collection.

Ranking: the whole text typed exactly first, then texts that start with the prefix, then texts with
a later word starting with it; within each, popular before rare (practices per value), facet values
before phrases. No kind takes more than three places while another kind has candidates.
"""

from __future__ import annotations

import contextlib
import ctypes
import heapq
import json
import logging
import math
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from whoosh.lang import stopwords_for_language

from practice_search.index.analysis import british
from practice_search.ingest.text_utils import fold
from practice_search.search.request import BadRequest

MAX_SUGGESTIONS = 8
MAX_PREFIX = 200                 # characters; a longer prefix is a typed query, not a prefix
KINDS = ("topic", "country", "city", "practice", "phrase")  # also the order that wins a tie between equal texts
FACET_KINDS = {"topic": "topic", "country": "country", "city": "city"}  # kind -> facet field
KIND_BONUS = {"topic": 3.0, "country": 3.0, "city": 2.0, "practice": 1.0, "phrase": 0.0}
KIND_CAP = 3                     # places one kind may take while other kinds have candidates
KEY_CHARS = 32                   # keys are cut here; a longer prefix is checked against the whole text
HOT_RANGE = 64                   # a prefix matching more keys than this has its best entries precomputed
HOT_KEEP = 16                    # distinct entries kept per precomputed prefix (>= MAX_SUGGESTIONS)
LONG_SCAN = 4096                 # keys checked one by one for a prefix longer than KEY_CHARS
TITLE_PHRASE_BONUS = 1.5         # a phrase some title uses names a kind of practice; prose phrases rank lower
PHRASE_BODY_CHARS = 600          # of each body, after title and summary, mined for phrases
MIN_PHRASE_PRACTICES = 2
PHRASE_SHARE = 0.002             # and a phrase of several words this share of them: "took about nine" is noise
MAX_PHRASES = 20_000
MIN_WORD_CHARS = 4               # a one-word phrase shorter than this is not worth suggesting
READ_BATCH = 500                 # stored practices read per hold of the engine's lock
PHRASE_LANGUAGES = ("en", "fr", "de", "it", "es", "pt")
_TIER = 100.0                    # match quality (exact, start, inner word) outweighs any popularity
_SEPARATORS = re.compile(r"[\W_]+")
_BREAKS = ".,;:!?()[]{}\"“”«»„/|–—•…\n"     # punctuation a phrase never spans
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[" + re.escape(_BREAKS) + "]")
_NOT_A_WORD = re.compile(r"[\d\W_]+")
_END = "\U0010ffff"


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str
    count: int                   # practices with this value / title / phrase
    practice_id: str | None = None  # a title that belongs to exactly one practice

    def to_dict(self) -> dict:
        found = {"text": self.text, "kind": self.kind, "count": self.count}
        return {**found, "id": self.practice_id} if self.practice_id else found


def normalise(text: str) -> str:
    """Folded words joined by single spaces: 'Zürich' and 'zurich', 'anti-rumour' and 'anti rumour' compare equal."""
    return _SEPARATORS.sub(" ", fold(text)).strip()


def normalise_prefix(text: str) -> str:
    """Like `normalise`, but a typed separator at the end stays: 'anti ' completes 'anti rumour', not 'antiracism'."""
    folded = _SEPARATORS.sub(" ", fold(text)).lstrip()
    return folded[:-1].rstrip() + " " if folded.endswith(" ") else folded


def word_starts(norm: str) -> list[int]:
    return [0, *(i + 1 for i, c in enumerate(norm) if c == " ")]


@dataclass
class _Entry:
    suggestion: Suggestion
    forms: tuple[str, ...]       # normalised texts it is found by (with and without a compound's hyphens)
    weight: float


class _KindIndex:
    """One kind's keys in sorted order, with each key's entry, match place and rank."""

    def __init__(self, entries: list[_Entry]) -> None:
        rows = sorted({(form[start:start + KEY_CHARS], number, f, start)
                       for number, entry in enumerate(entries)
                       for f, form in enumerate(entry.forms)
                       for start in word_starts(form)})
        self.entries = entries
        self.keys = [row[0] for row in rows]
        self.entry = np.array([row[1] for row in rows], dtype=np.int32)
        self.form = np.array([row[2] for row in rows], dtype=np.int8)
        self.start = np.array([row[3] for row in rows], dtype=np.int32)
        weights = np.array([e.weight for e in entries], dtype=np.float64)
        self.rank = (weights[self.entry] if len(rows) else np.zeros(0)) + _TIER * (self.start == 0)
        self.hot: dict[str, list[int]] = {}
        self._precompute("", 0, len(self.keys))

    def _precompute(self, prefix: str, lo: int, hi: int) -> None:
        """Best distinct entries of every prefix that begins more than HOT_RANGE keys, longest prefixes too."""
        depth = len(prefix)
        if depth >= KEY_CHARS:
            return
        position = lo
        while position < hi and len(self.keys[position]) == depth:  # keys equal to the prefix sort first
            position += 1
        while position < hi:
            child = prefix + self.keys[position][depth]
            end = bisect_left(self.keys, child + _END, position, hi)
            if end - position > HOT_RANGE:
                self.hot[child] = self._best_in(position, end)
                self._precompute(child, position, end)
            position = end

    def _best_in(self, lo: int, hi: int) -> list[int]:
        ranks = self.rank[lo:hi]
        take = min(len(ranks), HOT_KEEP * 4)
        while True:
            top = np.argpartition(-ranks, take - 1)[:take] if take < len(ranks) else np.arange(len(ranks))
            chosen: dict[int, int] = {}
            for offset in top[np.argsort(-ranks[top], kind="stable")]:
                chosen.setdefault(int(self.entry[lo + offset]), lo + int(offset))
                if len(chosen) == HOT_KEEP:
                    return list(chosen.values())
            if take >= len(ranks):
                return list(chosen.values())
            take = min(len(ranks), take * 4)

    def matches(self, prefix: str, limit: int) -> list[tuple[int, bool]]:
        """(entry number, matched at the text's start) of the best entries starting a word with `prefix`."""
        key = prefix[:KEY_CHARS]
        lo = bisect_left(self.keys, key)
        hi = bisect_left(self.keys, key + _END, lo)
        exact = lo
        while exact < hi and self.keys[exact] == key:  # keys equal to the prefix sort first
            exact += 1
        long_prefix = len(prefix) >= KEY_CHARS
        if hi - lo > HOT_RANGE and not long_prefix and key in self.hot:
            positions: Iterable[int] = [*range(lo, min(exact, lo + HOT_KEEP)), *self.hot[key]]
        else:
            positions = range(lo, min(hi, lo + LONG_SCAN))
        best: dict[int, float] = {}
        for position in positions:
            number = int(self.entry[position])
            if long_prefix:
                form = self.entries[number].forms[self.form[position]]
                if not form.startswith(prefix, int(self.start[position])):
                    continue
            rank = float(self.rank[position])
            if position < exact and not long_prefix and self.start[position] == 0:
                rank += _TIER  # the whole text typed
            if rank > best.get(number, -1.0):
                best[number] = rank
        top = heapq.nlargest(limit, best.items(), key=lambda item: item[1])
        return [(number, rank >= _TIER) for number, rank in top]


@dataclass
class Completer:
    """The per-generation structure: one sorted key index per kind of suggestion."""

    indexes: dict[str, _KindIndex] = field(default_factory=dict)

    @classmethod
    def build(cls, facets: dict[str, dict[str, int]], practices: Iterable[tuple[str, str, str]],
              phrases: Iterable[Phrase]) -> Completer:
        """`facets`: kind -> {value: practices}; `practices`: (id, title) pairs; `phrases`: see frequent_phrases."""
        taken: set[str] = set()
        entries: dict[str, list[_Entry]] = {}
        for kind in ("topic", "country", "city"):
            entries[kind] = _unique(kind, ((v, c, None, 0.0) for v, c in facets.get(kind, {}).items()), taken)
        entries["practice"] = _unique("practice", _titles(practices), taken)
        entries["phrase"] = _unique("phrase", ((p.text, p.practices, None, TITLE_PHRASE_BONUS * p.in_titles)
                                               for p in phrases), taken)
        return cls({kind: _KindIndex(found) for kind, found in entries.items()})

    def complete(self, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        """Up to `limit` completions of the typed `prefix`, best first, mixing kinds."""
        if len(prefix) > MAX_PREFIX:
            raise BadRequest(f"a prefix has at most {MAX_PREFIX} characters")
        limit = max(0, min(limit, MAX_SUGGESTIONS))
        typed = normalise_prefix(prefix)
        if not typed.strip() or not limit:
            return []
        scored: dict[tuple[str, int], float] = {}
        for variant in _variants(typed):
            whole = variant.strip()
            for kind, index in self.indexes.items():
                for number, at_start in index.matches(variant, limit):
                    entry = index.entries[number]
                    quality = 3 if at_start and whole in entry.forms else 2 if at_start else 1
                    score = _TIER * quality + entry.weight
                    scored[kind, number] = max(score, scored.get((kind, number), 0.0))
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        chosen = _diverse([key for key, _ in ranked], limit)
        return [self.indexes[kind].entries[number].suggestion for kind, number in chosen]


def _diverse(ranked: list[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    """The best `limit`, but no kind beyond KIND_CAP places while others still have candidates."""
    chosen: list[tuple[str, int]] = []
    per_kind: dict[str, int] = {}
    for key in ranked:
        if per_kind.get(key[0], 0) < KIND_CAP and len(chosen) < limit:
            chosen.append(key)
            per_kind[key[0]] = per_kind.get(key[0], 0) + 1
    rest = [key for key in ranked if key not in set(chosen)]
    chosen += rest[:limit - len(chosen)]
    order = {key: i for i, key in enumerate(ranked)}
    return sorted(chosen, key=order.__getitem__)


def _variants(typed: str) -> list[str]:
    """The prefix as typed and with British spellings (rumor -> rumour), as the pages are written."""
    british_form = " ".join(british(word) if word else word for word in typed.split(" "))
    return [typed] if british_form == typed else [typed, british_form]


def _titles(practices: Iterable[tuple[str, str]]) -> Iterator[tuple[str, int, str | None, float]]:
    """Each distinct title once; a title shared by several practices names none of them."""
    found: dict[str, list] = {}
    for practice_id, title in practices:
        norm = normalise(title)
        if norm:
            found.setdefault(norm, [title, 0, practice_id])[1] += 1
    for title, count, practice_id in found.values():
        yield title, count, practice_id if count == 1 else None, 0.0


def _unique(kind: str, items: Iterable[tuple[str, int, str | None, float]], taken: set[str]) -> list[_Entry]:
    """Entries of one kind, skipping texts an earlier kind already offers (the topic beats the phrase).

    Items are (text, practices, practice id or None, extra weight); of two texts that compare equal
    ('Zürich', 'Zurich') the one more practices use stays."""
    best: dict[str, tuple[str, int, str | None, float]] = {}
    for text, count, practice_id, extra in items:
        text = " ".join(str(text).split())
        norm = normalise(text)
        if norm and norm not in taken and count > best.get(norm, ("", 0, None, 0.0))[1]:
            best[norm] = (text, int(count), practice_id, extra)
    taken.update(best)
    bonus = KIND_BONUS[kind]
    return [_Entry(Suggestion(text, kind, count, practice_id), _forms(norm, text), math.log1p(count) + bonus + extra)
            for norm, (text, count, practice_id, extra) in best.items()]


def _forms(norm: str, text: str) -> tuple[str, ...]:
    """The text's normalised form, and one with hyphenated compounds joined ('antirumour') when it has any."""
    if "-" not in text:
        return (norm,)
    joined = normalise(fold(text).replace("-", ""))
    return (norm,) if joined == norm else (norm, joined)


# -- frequent phrases ---------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    text: str
    practices: int
    in_titles: bool              # some practice's title uses it: a name for a kind of practice, not prose


def frequent_phrases(documents: Iterable[tuple[str, str]], stop_words: frozenset[str] | None = None,
                     min_practices: int = MIN_PHRASE_PRACTICES, limit: int = MAX_PHRASES) -> list[Phrase]:
    """Words and 2-3 word phrases used by several practices, most used first.

    `documents` are (title, text) pairs. A phrase never starts or ends with a stop word or a number
    ("of the", "in 2019") and never spans punctuation; a single word needs MIN_WORD_CHARS letters and
    a title that uses it (prose is full of frequent words nobody searches for: "around", "meet"); a
    phrase of several words needs PHRASE_SHARE of the practices in a large collection.
    Each word is spelled as the collection spells it most often ("Roma school mediators"). Counted
    with arrays of word ids, one sort per phrase length, since a generation's first keystroke waits.
    """
    stops = _stop_words() if stop_words is None else stop_words
    surface_ids: dict[str, int] = dict.fromkeys(_BREAKS, 0)
    tokens: list[int] = []
    lengths: list[int] = []
    title_lengths: list[int] = []
    for title, text in documents:
        in_title = _TOKEN.findall(title)
        found = [*in_title, "\n", *_TOKEN.findall(text), "\n"]
        tokens += [surface_ids.setdefault(t, len(surface_ids)) for t in found]
        lengths.append(len(found))
        title_lengths.append(len(in_title))
    if not lengths:
        return []
    surface = np.array(tokens, dtype=np.int32)
    del tokens
    folded_of, spelling = _spellings(surface_ids, np.bincount(surface, minlength=len(surface_ids) + 1))
    words = list(spelling)
    is_break = np.array([not w for w in words])
    is_edge_bad = is_break | np.array([w in stops or len(w) < 2 or bool(_NOT_A_WORD.fullmatch(w)) for w in words])
    is_short = np.array([len(w) < MIN_WORD_CHARS for w in words])
    folded = folded_of[surface]
    doc = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    titled = np.zeros(len(surface), dtype=bool)
    start = 0
    for length, title_length in zip(lengths, title_lengths, strict=True):
        titled[start:start + title_length] = True
        start += length
    width = len(words)
    phrase_minimum = max(min_practices, math.ceil(len(lengths) * PHRASE_SHARE))
    phrases: list[Phrase] = []
    codes = folded
    for n in (1, 2, 3):
        m = len(folded) - n + 1
        if m <= 0:
            break
        if n > 1:
            codes = codes[:-1].astype(np.int64) * width + folded[n - 1:]
        ok = ~is_edge_bad[folded[:m]] & ~is_edge_bad[folded[n - 1:n - 1 + m]]
        for k in range(1, n - 1):
            ok &= ~is_break[folded[k:k + m]]
        if n == 1:
            ok &= ~is_short[folded[:m]]
        where = np.flatnonzero(ok)
        for count, in_titles, position in _count(codes[where], doc[where], titled[where], min_practices):
            if (n == 1 and in_titles) or (n > 1 and count >= phrase_minimum):
                start = int(where[position])
                text = " ".join(spelling[words[i]] for i in folded[start:start + n])
                phrases.append(Phrase(text, count, in_titles))
    phrases.sort(key=lambda p: (-p.practices, p.text))
    return phrases[:limit]


def _spellings(surface_ids: dict[str, int], uses: np.ndarray) -> tuple[np.ndarray, dict[str, str]]:
    """Surface id -> folded word id, and each folded word's most used spelling ('' is a break)."""
    folded_ids: dict[str, int] = {"": 0}
    to_folded = np.zeros(len(uses), dtype=np.int32)
    best: dict[str, tuple[int, str]] = {"": (0, "")}
    for text, number in surface_ids.items():
        word = normalise(text) if number else ""
        to_folded[number] = folded_ids.setdefault(word, len(folded_ids))
        if int(uses[number]) > best.get(word, (-1, ""))[0]:
            best[word] = (int(uses[number]), text)
    if len(folded_ids) ** 3 >= 2 ** 62:  # codes of three words must fit in 64 bits
        raise ValueError("too many distinct words for phrase codes")
    return to_folded, {word: best[word][1] for word in folded_ids}


def _count(codes: np.ndarray, docs: np.ndarray, titled: np.ndarray,
           min_practices: int) -> Iterator[tuple[int, bool, int]]:
    """(practices, used in a title, an occurrence) for each phrase code that enough practices use."""
    if not len(codes):
        return
    order = np.argsort(codes, kind="stable")  # stable: each code's occurrences stay in document order
    ordered, ordered_docs = codes[order], docs[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    new_doc = first | np.r_[True, ordered_docs[1:] != ordered_docs[:-1]]
    groups = np.flatnonzero(first)
    practices = np.add.reduceat(new_doc.astype(np.int64), groups)
    in_titles = np.add.reduceat(titled[order].astype(np.int64), groups) > 0
    for group in np.flatnonzero(practices >= min_practices):
        yield int(practices[group]), bool(in_titles[group]), int(order[groups[group]])


_STOPS: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOPS
    if _STOPS is None:
        _STOPS = frozenset(normalise(w) for lang in PHRASE_LANGUAGES for w in stopwords_for_language(lang))
    return _STOPS


# -- one completer per index generation ----------------------------------------
log = logging.getLogger(__name__)


class Suggestions:
    """The completers of one index generation (owned by search.generation.Generation).

    The full one reads every stored practice, about a second of work at 10,000 practices, so the
    first keystroke on a generation starts it in a background thread and no keystroke waits for
    it: until it is ready, topics, countries and cities (counted already by the FacetTable
    `facets`) answer alone.
    """

    def __init__(self, reader, facets) -> None:
        self.reader = reader
        self.facets = facets
        self._full: Completer | None = None
        self._facets_only: Completer | None = None
        self._done: threading.Event | None = None
        self._guard = threading.Lock()

    def completer(self, lock, wait: float | None = 0.0) -> tuple[Completer, bool]:
        """The best completer ready, and whether it is the full one.

        `lock` is the engine's: reading shares the reader with searches. `wait` seconds (None: as
        long as it takes) lets a caller that needs the full answer wait for it."""
        if self._full is not None:
            return self._full, True
        with self._guard:
            if self._done is None:
                self._done = threading.Event()
                self._facets_only = Completer.build(_facet_counts(self.facets), [], [])
                threading.Thread(target=self._build_in_background, args=(lock, self._done),
                                 name="suggestions", daemon=True).start()
            done, facets_only = self._done, self._facets_only
        if wait != 0.0:
            done.wait(wait)
        full = self._full
        return (full, True) if full is not None else (facets_only, False)

    def _build_in_background(self, lock, done: threading.Event) -> None:
        reader = self.reader
        try:
            with lock:
                docnums = list(reader.all_doc_ids())
            practices: list[tuple[str, str, str]] = []
            for start in range(0, len(docnums), READ_BATCH):  # the lock is let go between batches: searches go on
                with lock:
                    batch = [reader.stored_fields(d).get("record", "{}") for d in docnums[start:start + READ_BATCH]]
                practices += map(_what_completes, batch)  # only what is needed stays: a whole record is ~10 KB
            self._full = _from_practices(practices, self.facets)
            del practices
            _give_back_memory()
        except Exception:  # noqa: BLE001 - a reader closed by a newer generation, or a bad record: topics still answer
            log.exception("search-as-you-type suggestions could not be built; topics and places answer alone")
        finally:
            done.set()


def _give_back_memory() -> None:
    """The build's records and arrays (~100 MB at 10,000 practices, 15 MB kept) leave freed heap that
    glibc holds on to in every worker; hand it back to the system. Elsewhere this does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _what_completes(record: str) -> tuple[str, str, str]:
    """(id, title, text mined for phrases) of one stored record."""
    r = json.loads(record)
    return r.get("id", ""), r.get("title", ""), f"{r.get('summary', '')}\n{r.get('body', '')[:PHRASE_BODY_CHARS]}"


def _facet_counts(facets) -> dict[str, dict[str, int]]:
    return {kind: {value: int(len(postings)) for value, postings in zip(facets.fields[name].values,
                                                                        facets.fields[name].postings, strict=True)}
            for kind, name in FACET_KINDS.items() if name in facets.fields}


def _from_practices(practices: list[tuple[str, str, str]], facets) -> Completer:
    return Completer.build(_facet_counts(facets), ((pid, title) for pid, title, _ in practices),
                           frequent_phrases((title, text) for _, title, text in practices))
