"""Topics for untagged pages: vocabulary rules plus a small classifier trained on the tagged pages.

The classifier is a TF-IDF centroid per topic (the mean of the tagged pages' vectors); a page gets
the topics whose centroid it is most similar to, a topic named in its title (or by one of its
aliases, e.g. 'mediation', 'Roma') is added by rule. Inferred topics go to `topics_inferred`,
never to `topics`: the UI shows them as suggestions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from practice_search.ingest.model import Practice
from practice_search.ingest.text_utils import fold
from practice_search.ingest.topics import normalise_topic, topic_names

MIN_TRAINING = 20  # fewer tagged pages than this: rules only
MAX_TOPICS = 3
RELATIVE_CUTOFF = 0.85  # keep topics scoring at least this share of the best one
MIN_SIMILARITY = 0.08
_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "are",
        "was",
        "were",
        "their",
        "they",
        "them",
        "have",
        "has",
        "had",
        "not",
        "but",
        "its",
        "into",
        "also",
        "been",
        "which",
        "who",
        "will",
        "more",
        "than",
        "other",
        "such",
        "these",
        "those",
        "when",
        "where",
        "each",
        "about",
        "over",
        "after",
        "only",
        "les",
        "des",
        "une",
        "pour",
        "dans",
        "que",
        "qui",
        "par",
        "sur",
        "est",
        "aux",
        "del",
        "las",
        "los",
        "con",
        "por",
        "para",
        "una",
        "der",
        "die",
        "und",
        "das",
        "den",
        "von",
        "mit",
        "ein",
        "eine",
        "ist",
        "auf",
        "sich",
        "nel",
        "della",
        "delle",
        "per",
        "con",
        "gli",
        "dos",
        "das",
        "uma",
        "com",
        "nos",
        "não",
        "city",
        "cities",
        "people",
    ]
)


@dataclass
class TopicModel:
    idf: dict[str, float]
    centroids: dict[str, dict[str, float]]

    def predict(self, practice: Practice) -> list[str]:
        scores = self.scores(practice)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < MIN_SIMILARITY:
            chosen: list[str] = []
        else:
            best = ranked[0][1]
            chosen = [t for t, s in ranked[:MAX_TOPICS] if s >= best * RELATIVE_CUTOFF]
        for topic in rule_topics(practice):
            if topic not in chosen:
                chosen.append(topic)
        return chosen

    def scores(self, practice: Practice) -> dict[str, float]:
        vector = _vector(_terms(practice), self.idf)
        return {topic: _dot(vector, centroid) for topic, centroid in self.centroids.items()}


def train(practices: list[Practice]) -> TopicModel:
    tagged = [p for p in practices if p.topics]
    docs = [_terms(p) for p in tagged]
    df = Counter(term for terms in docs for term in set(terms))
    idf = {t: math.log((1 + len(docs)) / (1 + n)) + 1 for t, n in df.items()}
    sums: dict[str, Counter] = {}
    for practice, terms in zip(tagged, docs, strict=True):
        vector = _vector(terms, idf)
        for topic in practice.topics:
            sums.setdefault(topic, Counter()).update(vector)
    return TopicModel(idf, {topic: _normalise(dict(total)) for topic, total in sums.items()})


def infer_topics(practices: list[Practice]) -> list[Practice]:
    """The same practices; those without topics get `topics_inferred` (tagged ones are untouched)."""
    if not any(not p.topics for p in practices):
        return practices
    model = train(practices) if sum(1 for p in practices if p.topics) >= MIN_TRAINING else None
    out = []
    for p in practices:
        if p.topics:
            out.append(p)
            continue
        inferred = model.predict(p) if model else rule_topics(p)
        out.append(replace(p, topics_inferred=inferred) if inferred != p.topics_inferred else p)
    return out


def rule_topics(practice: Practice) -> list[str]:
    """Topics named in the title, by their name or an alias from the vocabulary file."""
    title = fold(practice.title)
    found = []
    for name in topic_names():
        words = re.findall(r"[a-z]+", fold(name))
        head = " ".join(w for w in words if w not in ("and", "of", "a"))
        if head and head in title:
            found.append(name)
    for word in re.findall(r"[a-z][a-z-]+", title):
        topic = normalise_topic(word)
        if topic and topic not in found:
            found.append(topic)
    return found


def held_out_scores(practices: list[Practice], folds: int = 5) -> dict[str, float]:
    """Micro precision and recall of predicted topics on tagged pages hidden from training, k-fold."""
    tagged = sorted((p for p in practices if p.topics), key=lambda p: p.id)
    hits = predicted = actual = 0
    for k in range(folds):
        test = tagged[k::folds]
        held = {p.id for p in test}
        model = train([p for p in tagged if p.id not in held])
        for p in test:
            guess = set(model.predict(replace(p, topics=[])))
            truth = set(p.topics)
            hits += len(guess & truth)
            predicted += len(guess)
            actual += len(truth)
    precision = hits / predicted if predicted else 0.0
    recall = hits / actual if actual else 0.0
    return {"precision": precision, "recall": recall, "pages": len(tagged), "folds": folds}


def _terms(p: Practice) -> list[str]:
    text = fold(f"{p.title} {p.title} {p.summary} {p.body}")
    return [_stem(w) for w in _WORD.findall(text) if w not in _STOP]


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _vector(terms: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(terms)
    return _normalise({t: (1 + math.log(n)) * idf[t] for t, n in counts.items() if t in idf})


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
