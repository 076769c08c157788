"""The demo's starter catalogue is titled and described in all four languages of the
interface (issue 18, item 5); the starter framework too."""

from __future__ import annotations

import json

from cadre.demo.competencies import STARTER
from cadre.demo.learning import COURSES, DESCRIPTIONS
from cadre.learning.services.courses import DESCRIPTION_MAX

LANGUAGES = {"ru", "kk", "vi", "en"}


def test_the_starter_catalogue_is_described_and_titled_in_all_four_languages() -> None:
    for code, titles, *_rest in COURSES:
        assert set(titles) == LANGUAGES, code
        assert set(DESCRIPTIONS[code]) == LANGUAGES, code
        assert all(len(text) <= DESCRIPTION_MAX for text in DESCRIPTIONS[code].values())
    framework = json.loads(STARTER.read_text(encoding="utf-8"))
    texts = [framework["name"], framework["description"]]
    texts += [lv[k] for lv in framework["levels"] for k in ("name", "descriptor")]
    texts += [c[k] for c in framework["competencies"] for k in ("name", "description")]
    assert len(texts) == 2 + 2 * len(framework["levels"]) + 2 * len(framework["competencies"])
    assert all(set(t) == LANGUAGES and all(t.values()) for t in texts)
