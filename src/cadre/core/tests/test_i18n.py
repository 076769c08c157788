"""The four catalogues are complete, compiled, and up to date with the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import cadre

LOCALE = Path(cadre.__file__).parent / "locale"
LANGUAGES = ["ru", "kk", "vi", "en"]


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(lang: str) -> None:
    po = _po(lang)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    po = _po(lang)
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))

    def table(catalogue: polib._BaseFile) -> dict[tuple[str, str], object]:
        return {
            (e.msgctxt or "", e.msgid): (e.msgstr_plural and dict(e.msgstr_plural)) or e.msgstr
            for e in catalogue
            if not e.obsolete and "fuzzy" not in e.flags
        }

    assert table(mo) == table(po), "run: cd src/cadre && django-admin compilemessages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    copy = tmp_path / "cadre"
    shutil.copytree(
        Path(cadre.__file__).parent, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cadre.settings_test",
    }
    made = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "-i",
            "*/tests/*",
            "-i",
            "*/testing/*",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr[-3000:]
    fresh = {
        (e.msgctxt or "", e.msgid)
        for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))
    }
    ours = {(e.msgctxt or "", e.msgid) for e in _po("en")}
    assert sorted(fresh - ours) == [], "run makemessages (docs/development/adding-a-model.md)"
