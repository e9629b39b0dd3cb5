import unicodedata

import pytest

from practice_search.ingest.text_utils import fold, slugify


@pytest.mark.parametrize(("text", "folded"), [
    ("Zürich", "zurich"), ("Portimão", "portimao"), ("Straße", "strasse"), ("Łódź", "lodz"),
    ("Genève", "geneve"), ("Київ", "київ".replace("ї", "і")), ("MEDIATION", "mediation"), ("", ""),
])
def test_fold_strips_accents_and_case_only(text, folded):
    assert fold(text) == folded


def test_fold_removes_every_combining_mark_and_keeps_other_scripts():
    for code in range(0x80, 0x10000):
        char = chr(code)
        decomposed = unicodedata.normalize("NFKD", fold(char))
        assert not any(unicodedata.combining(c) for c in decomposed), hex(code)
    assert fold("مرحبا שלום 日本") == "مرحبا שלום 日本"


def test_slugify_makes_url_safe_ids():
    assert slugify("Portimão: welcome desk (2019)") == "portimao-welcome-desk-2019"
    assert slugify("???") == "practice"
