"""The five catalogues against the code: every string the interface can show is translated, and safely.

The msgids are extracted the way `pybabel extract -F babel.cfg` does (Python and Jinja sources of web/),
so a string added to a template without a translation fails here, not in front of a user.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from practice_search.ingest.data_files import read_json
from practice_search.web.i18n import TRANSLATIONS, UI_LANGUAGES, catalogue

WEB = Path(__file__).resolve().parents[2] / "web"
TRANSLATED = [code for code in UI_LANGUAGES if code != "en"]
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.xml", "jinja2")]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_TAG = re.compile(r"</?([a-z]+)[^>]*>")


def _extracted() -> dict[str | tuple[str, str], str]:
    found = {}
    for filename, _line, message, _comments, _context in extract_from_dir(WEB, METHODS, keywords=DEFAULT_KEYWORDS):
        key = message if isinstance(message, str) else tuple(m for m in message if isinstance(m, str))
        if key:
            found.setdefault(key if isinstance(key, str) or len(key) > 1 else key[0], filename)
    return found


EXTRACTED = _extracted()


def _catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def test_the_extraction_sees_templates_python_and_plurals():
    assert "Refine results" in EXTRACTED                                 # a template
    assert "That search could not be read" in EXTRACTED                  # Python (web/app.py)
    assert ("%(num)s practice", "%(num)s practices") in EXTRACTED        # ngettext
    assert len(EXTRACTED) > 150


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_has_a_reviewed_translation(language):
    po = _catalogue(language)
    missing, empty, fuzzy = [], [], []
    for msgid in EXTRACTED:
        message = po.get(msgid if isinstance(msgid, str) else msgid[0])
        if message is None:
            missing.append(msgid)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            empty.append(msgid)
        if message.fuzzy:
            fuzzy.append(msgid)
    assert (missing, empty, fuzzy) == ([], [], [])


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_stale_entries_are_left_behind(language):
    known = {m if isinstance(m, str) else m[0] for m in EXTRACTED}
    stale = [m.id for m in _catalogue(language) if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in known]
    assert stale == [] and not _catalogue(language).obsolete


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markup_survive_translation(language):
    """A translation that drops %(url)s or an <a> would break the page; one that adds a name would crash it."""
    for message in _catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_PLACEHOLDER.findall(i) for i in ids))
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) <= wanted, (message.id, string)
            assert sorted(_TAG.findall(string)) == sorted(_TAG.findall(ids[0])), (message.id, string)
        assert set().union(*(_PLACEHOLDER.findall(s) for s in strings)) == wanted, message.id
        assert "%" not in _PLACEHOLDER.sub("", " ".join(strings)).replace("%%", ""), message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_the_languages(language):
    po = _catalogue(language)
    assert po.num_plurals == 2
    translations = catalogue(language)
    # French uses the singular for 0 and 1; the others only for 1
    assert translations.ungettext("%(num)s practice", "%(num)s practices", 0) == \
        (translations.ugettext("%(num)s practice") if language == "fr" else
         translations.ungettext("%(num)s practice", "%(num)s practices", 2))
    assert translations.ungettext("%(num)s practice", "%(num)s practices", 1) != \
        translations.ungettext("%(num)s practice", "%(num)s practices", 5)


def test_the_catalogue_is_compiled_from_the_po_file_not_a_stale_mo():
    assert not list(TRANSLATIONS.glob("*/LC_MESSAGES/*.mo"))
    assert catalogue("de").ugettext("Refine results") == "Ergebnisse eingrenzen"
    assert catalogue("en").ugettext("Refine results") == "Refine results"


def test_topic_table_covers_the_vocabulary_in_every_language():
    table = json.loads((TRANSLATIONS / "topics.json").read_text(encoding="utf-8"))["topics"]
    vocabulary = [t["name"] if isinstance(t, dict) else t for t in read_json("topics.json")["topics"]]
    assert sorted(table) == sorted(vocabulary) and len(table) == 22
    for language in TRANSLATED:
        names = [table[topic][language] for topic in vocabulary]
        assert all(n.strip() for n in names)
        assert len(set(names)) == len(names), language  # two topics never read alike
