"""Words a query may hold without requiring them: stop words and question words of its language.

"how can refugees find housing" asks about refugees and housing: a practice need not say "how" or
"can". The query's language is the supported language whose function words cover most of its words
(English on a tie), so the German "war" (was) is optional in "wie war das Projekt" and required
in "people fleeing the war". Optional words still count towards a practice's score where it holds
them; they only stop being conditions.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang import stopwords_for_language

from practice_search.ingest.text_utils import fold

# Words that phrase a need rather than name its subject: questions, modal verbs, "examples of", "help ... find".
QUESTION_WORDS = {
    "en": "how what where which who whom whose why when whether can could should would shall will may might must "
          "do does did done is are was were be been being am has have had there here any some get getting "
          "not no cannot can't don't doesn't "
          "way ways example examples idea ideas help helping helps find finding looking want need needs",
    "fr": "comment quoi que qu qui où quel quelle quels quelles pourquoi quand est ce peut peuvent pouvons "
          "faire fait il y a des exemple exemples aider trouver",
    "de": "wie was wo wohin woher welche welcher welches welchen wer wen wem warum wann kann können könnte "
          "gibt es beispiel beispiele helfen finden",
    "it": "come cosa che dove quale quali chi perché quando può possono si fa esempio esempi aiutare trovare",
    "es": "cómo qué dónde cuál cuáles quién quiénes por porqué cuándo puede pueden se hace ejemplo ejemplos "
          "ayudar encontrar",
    "pt": "como que onde qual quais quem porque quando pode podem se faz exemplo exemplos ajudar encontrar",
}
LANGUAGES = tuple(QUESTION_WORDS)
ENGLISH_ZIPF = 2.5  # below this (wordfreq's Zipf scale) a word is rare in English (the small list starts near 3)


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    lists = {}
    for lang, words in QUESTION_WORDS.items():
        stops = set(stopwords_for_language(lang)) | (set(STOP_WORDS) if lang == "en" else set())
        lists[lang] = frozenset(_key(w) for w in stops | set(words.split()))
    return lists


def _key(word: str) -> str:
    return fold(word).casefold().strip("'’")


def common_zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency from its small lists (common words only, 0 for the rest): they load in
    milliseconds where the large ones take most of a second, and telling languages apart needs no more."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang, wordlist="small")


def is_function_word(word: str) -> bool:
    """A stop or question word of any supported language."""
    return any(_key(word) in words for words in _lists().values())


def query_language(words: list[str]) -> str | None:
    """The language a query is written in, or None when its words tell nothing.

    English unless most words are rare in English ("Roma" and "Torino" are names an English query
    uses too); then the language with the most function words, then where the words are most common,
    then (for words no word list knows, "Elternmentorinnen") the language whose terms they are in the map.
    """
    if not words:
        return None
    lowered = [w.casefold() for w in words]
    foreign = [w for w in lowered if common_zipf(w, "en") < ENGLISH_ZIPF]
    if len(foreign) * 2 <= len(lowered):
        return "en"
    lists = _lists()
    scores = {lang: (sum(_key(w) in lists[lang] for w in lowered), sum(common_zipf(w, lang) for w in foreign))
              for lang in LANGUAGES if lang != "en"}
    best = max(scores, key=scores.__getitem__)
    if any(scores[best]):
        return best
    from practice_search.search.translations import languages_of  # (translations imports this module)

    counts = Counter(lang for w in foreign for lang in languages_of(w))
    ranked = counts.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def optional_words(words: list[str]) -> set[str]:
    """The words (as given) that are function words of the query's language.

    When every word is one ("the who"), none is optional: the query then means exactly its words.
    """
    keys = [_key(w) for w in words]
    lists = _lists()
    best = max(LANGUAGES, key=lambda lang: (sum(k in lists[lang] for k in keys), lang == "en"))
    optional = {w for w, k in zip(words, keys, strict=True) if k in lists[best]}
    return optional if len(optional) < len(words) else set()
