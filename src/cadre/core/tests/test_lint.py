"""Cadre's own lint rule (core/lint.py) holds on the tree, and catches what it should."""

from __future__ import annotations

from pathlib import Path

from cadre.core import lint


def test_no_view_api_or_form_reads_models_directly_beyond_the_baseline() -> None:
    assert lint.model_objects_problems() == []


def test_the_rule_catches_model_objects_in_views_api_and_forms(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pay" / "api").mkdir(parents=True)
    (tmp_path / "pay" / "tests").mkdir()
    (tmp_path / "pay" / "views.py").write_text("def v(r):\n    return Fund.objects.all()\n")
    (tmp_path / "pay" / "api" / "views.py").write_text("x = Fund.objects.get(pk=1)\n")
    (tmp_path / "pay" / "forms.py").write_text("y = Fund.objects.none()\nz = fund.objects\n")
    (tmp_path / "pay" / "selectors.py").write_text("a = Fund.objects.all()\n")
    (tmp_path / "pay" / "tests" / "test_views.py").write_text("b = Fund.objects.all()\n")
    monkeypatch.setattr(lint, "BASELINE", tmp_path / "baseline.json")
    (tmp_path / "baseline.json").write_text('{"pay/forms.py": 1}')
    assert dict(lint.model_objects_uses(tmp_path)) == {
        "pay/views.py": 1,
        "pay/api/views.py": 1,
        "pay/forms.py": 1,
    }
    assert lint.model_objects_problems(tmp_path) == [
        "src/cadre/pay/api/views.py: 1 uses of Model.objects (allowed 0); read through a "
        "selector or an access helper instead",
        "src/cadre/pay/views.py: 1 uses of Model.objects (allowed 0); read through a "
        "selector or an access helper instead",
    ]


def test_the_rule_follows_views_grown_into_a_package(tmp_path: Path, monkeypatch) -> None:
    """``views.py`` split into ``views/`` (issue 16 item 9) is checked file by file."""
    (tmp_path / "pay" / "views").mkdir(parents=True)
    (tmp_path / "pay" / "views" / "__init__.py").write_text("")
    (tmp_path / "pay" / "views" / "funds.py").write_text("f = Fund.objects.all()\n")
    (tmp_path / "pay" / "services").mkdir()
    (tmp_path / "pay" / "services" / "funds.py").write_text("g = Fund.objects.all()\n")
    monkeypatch.setattr(lint, "BASELINE", tmp_path / "baseline.json")
    (tmp_path / "baseline.json").write_text("{}")
    assert dict(lint.model_objects_uses(tmp_path)) == {"pay/views/funds.py": 1}
