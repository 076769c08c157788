"""Dates and numbers as each of the four languages writes them (issue 18, item 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from cadre.core.numbers import grouped, percent

DAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("lang", "long", "short"),
    [
        ("kk", "6 желтоқсан 2026", "06.12.2026"),
        ("ru", "6 декабря 2026 г.", "06.12.2026"),
        ("vi", "Ngày 06 tháng 12 năm 2026", "06/12/2026"),
        ("en", "Dec. 6, 2026", "12/06/2026"),
    ],
)
def test_dates(lang: str, long: str, short: str) -> None:
    with translation.override(lang):
        assert formats.date_format(DAY) == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short
        # What a user types in the short form is read back to the same day.
        from django import forms

        assert forms.DateField().clean(short) == DAY


def test_every_kazakh_month_is_written_in_lower_case_in_a_date() -> None:
    with translation.override("kk"):
        names = [formats.date_format(dt.date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert names == [
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "amount", "count", "share"),
    [
        ("kk", "1\u202f292\u202f000,50", "1\u202f292", "51,9\u00a0%"),
        ("ru", "1\u00a0292\u00a0000,50", "1\u00a0292", "51,9\u00a0%"),
        ("vi", "1.292.000,50", "1.292", "51,9%"),
        ("en", "1,292,000.50", "1,292", "51.9%"),
    ],
)
def test_numbers_are_grouped_with_the_languages_marks(
    lang: str, amount: str, count: str, share: str
) -> None:
    with translation.override(lang):
        assert grouped(Decimal("1292000.50"), 2) == amount
        assert grouped(1292) == count
        assert percent(Decimal(270) / Decimal(520)) == share
        page = Template("{% load cadre_numbers %}{{ n|num }} {{ s|pct }} {{ x|num }}").render(
            Context({"n": 1292, "s": 0.519, "x": None})
        )
        assert page == f"{count} {share} —"
