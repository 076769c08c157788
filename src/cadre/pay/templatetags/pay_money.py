"""``{{ amount|money:currency }}``: minor units as the user's language writes the amount."""

from __future__ import annotations

from django import template

from cadre.pay.money import money as _money

register = template.Library()


@register.filter
def money(minor: int | None, currency: str) -> str:
    return _money(minor, currency)
