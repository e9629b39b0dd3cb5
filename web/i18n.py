"""The interface in six languages: which one a request gets, its message catalogue, localized facet values.

The language comes from `lang=` in the URL when present (so a link or a bookmark keeps it), else from
the browser's Accept-Language, else English. The catalogues are the hand-written .po files under
web/translations, compiled in memory the first time a language is asked for: no .mo files to build,
ship or let go stale, and an installed package needs nothing but its .po files. Facet values stay
canonical English in URLs and JSON; only what a person reads is translated (countries by CLDR's names,
topics by the reviewed table web/translations/topics.json, page languages by CLDR's language names).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

import flask_babel
from babel import Locale, support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from flask import Flask, g, has_request_context, request

from practice_search.search.request import BadRequest
from practice_search.web.geo.places import country_code

UI_LANGUAGES = {"en": "English", "fr": "Français", "it": "Italiano", "es": "Español", "de": "Deutsch",
                "pt": "Português"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).parent / "translations"
# The HTML pages; the machine-readable endpoints answer the same whatever the language.
PAGE_ENDPOINTS = {"pages.search", "pages.practice", "pages.facet", "pages.about", "overview.overview_page"}


def parse_lang(raw: str) -> str:
    """A `lang=` value as one of UI_LANGUAGES ('FR', 'pt-BR' and 'de_AT' are understood)."""
    code = raw.strip().lower().replace("_", "-").split("-")[0]
    if code not in UI_LANGUAGES:
        raise BadRequest(f"unknown language {raw[:20]!r}; use one of: {', '.join(UI_LANGUAGES)}")
    return code


def url_lang() -> str | None:
    """The language named in this request's URL, if a valid one is."""
    if not has_request_context():
        return None
    if "url_lang" not in g:
        try:
            g.url_lang = parse_lang(request.args["lang"]) if request.args.get("lang", "").strip() else None
        except BadRequest:
            g.url_lang = None
    return g.url_lang


def select_language() -> str:
    return url_lang() or request.accept_languages.best_match(UI_LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    locale = flask_babel.get_locale() if has_request_context() else None
    return locale.language if locale is not None else DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> support.NullTranslations:
    """The language's .po file compiled in memory; fuzzy entries are left out, as pybabel compile does."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return support.NullTranslations()
    with path.open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return support.Translations(compiled, domain="messages")


class _CatalogueDomain(flask_babel.Domain):
    def get_translations(self) -> support.NullTranslations:
        return catalogue(current_language())


class _Babel(flask_babel.Babel):
    _domain = _CatalogueDomain()

    @property
    def domain_instance(self) -> flask_babel.Domain:
        return self._domain


def install(app: Flask) -> None:
    """Flask-Babel with our catalogues, `lang=` checked on every request, and HTML that varies by language."""
    _Babel(app, locale_selector=select_language)

    @app.before_request
    def check_lang_and_version():
        """A bad `lang=` is a 400 like any bad parameter. A page's validator (web/http.py, whose hook runs
        first) also names the language, since one URL can now answer in six languages."""
        if request.args.get("lang", "").strip():
            parse_lang(request.args["lang"])
        if "etag" in g and request.endpoint in PAGE_ENDPOINTS:
            g.etag = hashlib.sha256(f"{g.etag}\n{current_language()}".encode()).hexdigest()[:24]

    @app.after_request
    def name_the_language(response):
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")
            response.headers["Content-Language"] = current_language()
        return response

    @app.url_defaults
    def keep_lang(endpoint: str, values: dict) -> None:
        """Every link a page makes to another page carries the language its own URL named."""
        if endpoint in PAGE_ENDPOINTS and "lang" not in values and url_lang() and _on_a_page():
            values["lang"] = url_lang()

    app.jinja_env.globals.update(
        UI_LANGUAGES=UI_LANGUAGES, current_language=current_language, switch_url=switch_url, url_lang=url_lang,
    )
    app.jinja_env.filters.update(country_label=country_name, topic_label=topic_name)


def _on_a_page() -> bool:
    """Links are written by an HTML page (or an error page); feeds and JSON keep language-free links."""
    return request.endpoint in PAGE_ENDPOINTS or request.endpoint is None


def switch_url(language: str) -> str:
    """This same page in another language: the current address with only `lang=` changed."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", language)]
    return f"{request.path}?{urlencode(pairs)}"


# -- facet values as a person reads them ---------------------------------------------------------
def country_name(name: str, language: str | None = None) -> str:
    """CLDR's name of the country in the interface language; the canonical name when none is known."""
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return name
    code = country_code(name)
    return _locale(language).territories.get(code, name) if code else name


def topic_name(topic: str, language: str | None = None) -> str:
    language = language or current_language()
    return _topics().get(topic, {}).get(language, topic)


def language_name(code: str | None, language: str | None = None, *, capital: bool = True) -> str:
    """CLDR's name of a page language ('français', 'Französisch'); capitalised to stand alone as a label."""
    if not code:
        return ""
    name = _locale(language or current_language()).languages.get(code, code)
    return name[:1].upper() + name[1:] if capital and name != code else name


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@lru_cache(maxsize=1)
def _topics() -> dict[str, dict[str, str]]:
    return json.loads((TRANSLATIONS / "topics.json").read_text(encoding="utf-8"))["topics"]


def number(value: int | float) -> str:
    """A count as the interface language writes it: 1,234 / 1 234 / 1.234."""
    return format_decimal(value, locale=current_language())


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The plural form the language needs for `n`, with `%(num)s` written as the language writes numbers."""
    return flask_babel.get_translations().ungettext(singular, plural, n) % {"num": number(n), **variables}
