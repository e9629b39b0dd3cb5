"""Page language detection (py3langid, its model ships inside the package)."""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("en", "fr", "es", "it", "de", "pt", "nl", "uk", "ru", "pl", "el", "sv", "da", "no", "ca", "eu",
             "sr", "hr", "ro", "tr", "sq", "fi", "is", "ja", "ko", "he")
_MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of the text; the page's declared language when the text is too short to tell."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS:
        return hint
    code, probability = _identifier().classify(sample)
    if probability < 0.5 and hint:
        return hint
    return str(code)
