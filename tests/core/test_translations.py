"""The English catalogue is complete: every message the code marks for translation has an
English text (both plural forms), none is a fuzzy guess left by makemessages, each keeps the
placeholders of its Vietnamese original, and the compiled catalogue the server reads says the
same as the .po file (a forgotten compilemessages shows Vietnamese to English readers)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_]*\}")


@pytest.fixture(scope="module")
def catalogue():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def _texts(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_message_has_an_english_text_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 1000  # the real catalogue, not an empty file
    untranslated = [e.msgid for e in catalogue if not all(t.strip() for t in _texts(e))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == [], f"{len(untranslated)} without English: {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:5]}"


def test_plural_messages_have_both_english_forms(catalogue):
    plurals = [e for e in catalogue if e.msgid_plural]
    assert plurals, "the catalogue has plural messages (the subtree page's count, at least)"
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


def test_every_translation_keeps_the_placeholders_of_its_original(catalogue):
    wrong = []
    for entry in catalogue:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in _texts(entry):
            if "python-format" in entry.flags and sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(PO.with_suffix(".mo")))}
    stale = []
    for entry in catalogue:
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None or _texts(found) != _texts(entry):
            stale.append(entry.msgid)
    assert stale == [], f"run `make messages`: {len(stale)} differ, e.g. {stale[:3]}"
