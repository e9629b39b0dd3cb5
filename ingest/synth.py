"""A deterministic scale corpus for benchmarks, recombined from the sample corpus.

Sentences, section headings, titles, places, topics, periods and languages are drawn from
the sample corpus with its own frequencies (so term frequencies stay Zipf-like, as in real
prose), cities from the gazetteer with a Zipf-shaped popularity, and a long tail of invented
partner names gives the rare terms a real collection has. Most practices go to JSONL shards
(fast to write and to ingest); a few are written as HTML pages and as text pages with
sidecars, so every reader of `load_corpus` is exercised at scale.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from practice_search.ingest.corpus import SAMPLE_CORPUS, SAMPLE_MARKER, load_corpus
from practice_search.ingest.model import Practice
from practice_search.ingest.places import gazetteer
from practice_search.ingest.progress import SILENT, Progress
from practice_search.ingest.text_utils import slugify
from practice_search.ingest.topics import topic_names

SHARD_SIZE = 1000
HTML_SHARE = 0.02
TEXT_SHARE = 0.01
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9\"“])")
_SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "dri", "ne", "os", "pa", "ri", "sul", "te", "va",
              "bor", "el", "gan", "is", "mar", "no", "qui", "ta", "ul", "zen", "ber", "ca", "di", "fa", "ho", "ju")
_PARTNER_KINDS = ("association", "foundation", "centre", "collective", "network", "cooperative", "institute",
                  "trust", "club", "forum")
_TITLE_PATTERNS = ("{title}", "{title}", "{title} in {city}", "{city}: {title}", "{title} ({city})")
_PERIOD_PATTERNS = ("{a}", "{a}-{b}", "{a} - ongoing", "Since {a}", "{a} onwards", "March - June {a}",
                    "{a} to {b}", "on-going since {a}", "Ongoing", "", "{a}-{b}", "{a}-{b}")
_PERIOD_WEIGHTS = (8, 30, 12, 6, 4, 2, 6, 3, 3, 7, 10, 9)
_INTRO = ("An intercultural city treats the diversity of its residents as a resource: its policies, services and "
          "public spaces are designed so that people of different origins meet, mix and take part in city life.")


@dataclass
class _Pools:
    """What the sample corpus offers, with its frequencies."""

    sentences: dict[str, list[str]] = field(default_factory=dict)      # language -> sentences
    headings: dict[str, list[list[str]]] = field(default_factory=dict)  # language -> heading sequences
    titles: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)                  # one entry per sample practice
    topic_weights: list[tuple[str, int]] = field(default_factory=list)
    topic_counts: list[int] = field(default_factory=list)
    cities: list[tuple[str, str]] = field(default_factory=list)         # (city, country), popular first
    city_counts: list[int] = field(default_factory=list)
    start_years: list[int] = field(default_factory=list)


@dataclass
class SynthReport:
    practices: int
    files: int
    out: Path


def synthesise(n: int, out: str | Path, seed: int = 1, source: str | Path = SAMPLE_CORPUS,
               sample: list[Practice] | None = None, progress: Progress = SILENT) -> SynthReport:
    """Write `n` practices under `out` (jsonl/, pages/, text/); the same seed gives the same bytes.

    `sample` (already ingested practices) saves reading `source` again.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    out = Path(out)
    pools = _pools(sample if sample is not None else load_corpus(source, progress).practices)
    rng = random.Random(seed)
    partners = _partner_names(random.Random(seed + 1), max(200, n // 4))
    partner_weights = _zipf_cumulative(len(partners))
    for sub in ("jsonl", "pages", "text"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for old in (out / "jsonl").glob("shard-*.jsonl"):
        old.unlink()
    files = 0
    shard: list[str] = []
    progress.phase("writing", total=n)
    for number in range(n):
        record = _practice(rng, pools, partners, partner_weights, number)
        kind = rng.random()
        if kind < HTML_SHARE:
            (out / "pages" / f"{record['id']}.html").write_text(_html_page(record, rng), encoding="utf-8")
            files += 1
        elif kind < HTML_SHARE + TEXT_SHARE:
            _write_text_page(out / "text", record)
            files += 2
        else:
            shard.append(json.dumps(record, ensure_ascii=False))
        if len(shard) >= SHARD_SIZE:
            files += _flush(out, shard)
        progress.advance(1)
    if shard:
        files += _flush(out, shard)
    (out / "CORPUS.md").write_text(f"{SAMPLE_MARKER}\n# A synthetic scale corpus\n\nRecombined by `practices synth "
                                   f"--n {n} --seed {seed}` from the illustrative sample corpus: not real practices.\n",
                                   encoding="utf-8")
    return SynthReport(n, files, out)


def _flush(out: Path, shard: list[str]) -> int:
    number = len(list((out / "jsonl").glob("shard-*.jsonl")))
    (out / "jsonl" / f"shard-{number:05d}.jsonl").write_text("\n".join(shard) + "\n", encoding="utf-8")
    shard.clear()
    return 1


def _pools(practices: list[Practice]) -> _Pools:
    pools = _Pools()
    topics: Counter[str] = Counter()
    cities: Counter[tuple[str, str]] = Counter()
    g = gazetteer()
    for p in sorted(practices, key=lambda p: p.id):
        language = p.language or "en"
        pools.languages.append(language)
        pools.titles.append(p.title)
        headings = [s.heading for s in p.sections if s.heading]
        if headings:
            pools.headings.setdefault(language, []).append(headings)
        for section in p.sections:
            for paragraph in section.text.split("\n\n"):
                if paragraph.startswith(("- ", "|")):
                    continue
                pools.sentences.setdefault(language, []).extend(s for s in _SENTENCE.split(paragraph) if len(s) > 20)
        topics.update(p.topics)
        for city in p.cities:
            place = g.city(city)
            if place:
                cities[(place.name, place.country)] += 1
        if p.start_year:
            pools.start_years.append(p.start_year)
    for name in topic_names():
        topics.setdefault(name, 1)
    pools.topic_weights = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))
    pools.topic_counts = [c for _, c in pools.topic_weights]
    # Popular sample cities first, then every other gazetteer city in a long Zipf tail.
    ranked = [c for c, _ in sorted(cities.items(), key=lambda kv: (-kv[1], kv[0]))]
    rest = sorted({(p.name, p.country) for p in g.cities.values()} - set(ranked))
    pools.cities = ranked + rest
    pools.city_counts = [1000 // (rank + 8) + 1 for rank in range(len(pools.cities))]
    pools.start_years = pools.start_years or [2018]
    for language in list(pools.sentences):
        if len(pools.sentences[language]) < 20 or language not in pools.headings:
            pools.sentences.pop(language)
    pools.languages = [lang for lang in pools.languages if lang in pools.sentences]
    return pools


def _partner_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if word not in seen:
            seen.add(word)
            names.append(word)
    return names


def _zipf_cumulative(count: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return cumulative


def _practice(rng: random.Random, pools: _Pools, partners: list[str], partner_weights: list[float],
              number: int) -> dict:
    language = rng.choice(pools.languages)
    places = _places(rng, pools)
    cities = [c for c, _ in places if c]
    countries = list(dict.fromkeys(country for _, country in places))
    title = rng.choice(_TITLE_PATTERNS).format(title=rng.choice(pools.titles), city=cities[0] if cities else "Europe")
    headings = rng.choice(pools.headings[language])
    sentences = pools.sentences[language]
    sections = []
    for heading in headings:
        paragraphs = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            chosen = [rng.choice(sentences) for _ in range(rng.randint(2, 5))]
            if cities and rng.random() < 0.3:
                chosen.insert(0, f"In {rng.choice(cities)}, the team worked with local partners.")
            if rng.random() < 0.35:
                partner = rng.choices(partners, cum_weights=partner_weights)[0]
                chosen.append(f"The {partner} {rng.choice(_PARTNER_KINDS)} took part from the start.")
            paragraphs.append(" ".join(chosen))
        sections.append({"heading": heading, "text": "\n\n".join(paragraphs)})
    topic_count = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
    topics = list(dict.fromkeys(rng.choices([t for t, _ in pools.topic_weights], weights=pools.topic_counts,
                                            k=topic_count)))
    slug = slugify(f"{cities[0] if cities else countries[0]} {title}", max_length=60)
    return {
        "id": f"{slug}-{number:06d}",
        "title": title,
        "url": f"https://example.org/synthetic/{slug}-{number:06d}",  # a reserved domain: never an official page
        "cities": cities,
        "countries": countries,
        "period": _period(rng, pools),
        "topics": topics,
        "language": language,
        "sections": sections,
    }


def _places(rng: random.Random, pools: _Pools) -> list[tuple[str, str]]:
    """Mostly one city; some practices span several cities, usually in one country."""
    how_many = rng.choices((0, 1, 2, 3, 4, 6), weights=(2, 76, 9, 8, 4, 1))[0]
    first = rng.choices(pools.cities, weights=pools.city_counts)[0]
    if how_many == 0:
        return [("", first[1])]
    places = [first]
    same_country = [c for c in pools.cities if c[1] == first[1] and c != first]
    while len(places) < how_many:
        pool = same_country if same_country and rng.random() < 0.85 else pools.cities
        candidate = rng.choice(pool)
        if candidate not in places:
            places.append(candidate)
        elif len(pool) <= len(places):
            break
    return places


def _period(rng: random.Random, pools: _Pools) -> str:
    start = min(2024, max(2005, rng.choice(pools.start_years) + rng.randint(-3, 3)))
    pattern = rng.choices(_PERIOD_PATTERNS, weights=_PERIOD_WEIGHTS)[0]
    return pattern.format(a=start, b=start + rng.randint(1, 4))


def _html_page(record: dict, rng: random.Random) -> str:
    """The portal's layout: chrome, intro, Back, title, facts, sections, the 'Filter by' sidebar."""
    e = html.escape
    facts = (f"<dl class=\"practice-facts\"><dt>Country</dt><dd>{e(', '.join(record['countries']))}</dd>"
             + (f"<dt>City</dt><dd>{e(', '.join(record['cities']))}</dd>" if record["cities"] else "")
             + (f"<dt>Period</dt><dd>{e(record['period'])}</dd>" if record["period"] else "")
             + "<dt>Topics</dt><dd><ul class=\"topic-list\">"
             + "".join(f"<li><a href=\"#\">{e(t)}</a></li>" for t in record["topics"]) + "</ul></dd></dl>")
    body = "".join(f"<section><h2>{e(s['heading'])}</h2>"
                   + "".join(f"<p>{e(p)}</p>" for p in s["text"].split("\n\n")) + "</section>"
                   for s in record["sections"])
    sidebar = ("<aside class=\"filter-panel\"><h3>Filter by</h3><h4>Topic</h4><ul>"
               + "".join(f"<li><a href=\"#\">{e(t)}</a></li>" for t in topic_names())
               + "</ul><h4>Year</h4><ul>" + "".join(f"<li>{y}</li>" for y in range(2015, 2025))
               + "</ul><p><a href=\"#\" class=\"reset\">Reset Filter</a></p></aside>")
    return (f"<!DOCTYPE html>\n<html lang=\"{record['language']}\">\n<head><meta charset=\"utf-8\">"
            f"<title>{e(record['title'])} - Intercultural Cities</title>"
            f"<link rel=\"canonical\" href=\"{e(record['url'])}\"></head>\n<body>\n"
            "<header class=\"site-header\"><nav><ul><li><a href=\"#\">Home</a></li><li><a href=\"#\">Good practice</a>"
            "</li></ul></nav></header>\n<main><div class=\"portlet-intro\"><h2>Intercultural cities: good practice "
            f"examples</h2><p>{_INTRO}</p></div>\n<div class=\"layout\"><article class=\"practice\">"
            f"<a class=\"back-link\" href=\"#\">Back</a><h1>{e(record['title'])}</h1>\n{facts}\n{body}</article>\n"
            f"{sidebar}</div></main>\n<footer><p>© Council of Europe (layout imitation)</p></footer>\n"
            "</body>\n</html>\n")


def _write_text_page(folder: Path, record: dict) -> None:
    """A 'save as text' page plus the crawler's listing facts in a sidecar."""
    lines = ["Intercultural Cities", "", "Intercultural cities: good practice examples", "", _INTRO, "", "Back", "",
             record["title"], ""]
    for section in record["sections"]:
        lines += [section["heading"], "", *[p for para in section["text"].split("\n\n") for p in (para, "")]]
    lines += ["Filter by", "", "Topic", *topic_names(), "", "Reset Filter", ""]
    (folder / f"{record['id']}.txt").write_text("\n".join(lines), encoding="utf-8")
    meta = {key: record[key] for key in ("url", "cities", "countries", "period", "topics", "language")}
    (folder / f"{record['id']}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")
