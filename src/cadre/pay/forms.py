"""The forms of the pay pages: a salary, a rule version, a fund. Amounts are typed in
major units with their currency and reach the services in minor units, converted exactly;
achievement parameters are typed in per cent and reach them as the fractions they keep.
People, organisations, periods and rules are picked from what the user may use, as the KPI
assignment form picks them (``cadre.kpi.selectors``), never typed as ids."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.kpi import selectors as kpi
from cadre.pay import money, selectors, services
from cadre.pay.models import Fund, Rule, Salary
from cadre.pay.services import RULE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Parameters on the achievement scale (1.0000 = 100 %): typed and shown in per cent.
PERCENT_FIELDS = ("min_achievement", "max_factor")
HUNDRED = Decimal(100)


class MajorAmountMixin(forms.Form):
    """``amount`` typed in major units (``150000.50``) next to ``currency``; ``clean``
    turns it into minor units (``15000050``), refusing more decimals than the currency
    has. With no valid currency the amount is left out (the currency's error says why)."""

    amount = forms.DecimalField(
        label=_("amount"), max_digits=20, help_text=_("In the currency's units, e.g. 150000.50.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        amount, currency = cleaned.get("amount"), cleaned.get("currency")
        if amount is None:
            return cleaned
        if not currency:
            cleaned.pop("amount")
            return cleaned
        minor = money.to_minor(amount, currency)
        if minor is None:
            n = money.places(currency)
            self.add_error(
                "amount",
                gettext("A %(currency)s amount has at most %(places)s decimal places.")
                % {"currency": currency, "places": n}
                if n
                else gettext("A %(currency)s amount has no decimal places.")
                % {"currency": currency},
            )
        else:
            cleaned["amount"] = minor
        return cleaned

    def _post_clean(self) -> None:
        # The services check the row (its scope, its rules); not the model form.
        pass


class SalaryForm(MajorAmountMixin, ScopedModelForm):
    """A person's base monthly salary from a date."""

    class Meta:
        model = Salary
        fields = ["employee", "amount", "currency", "valid_from"]
        widgets = {"valid_from": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["employee"].queryset = (
            kpi.employees(user).filter(is_active=True).order_by("last_name", "first_name")
        )
        fields["amount"].label = _("monthly salary")
        fields["currency"].initial = "KZT"
        fields["valid_from"].initial = timezone.localdate().replace(day=1)


class RuleForm(ScopedModelForm):
    """A rule version: its organisation and code on creation (the same code again makes
    the next version), and every parameter."""

    min_achievement = forms.DecimalField(
        label=_("minimum achievement, %"), max_digits=7, decimal_places=2, initial=0
    )
    max_factor = forms.DecimalField(
        label=_("highest achievement factor, %"),
        max_digits=7,
        decimal_places=2,
        initial=100,
        help_text=_(
            "The achievement counted at most: 150 pays up to one and a half times the target."
        ),
    )

    class Meta:
        model = Rule
        fields = ["organisation", "code", *RULE_FIELDS]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        if self.instance.pk:  # what it is and who keeps it stay; a change is a new version
            del fields["organisation"]
            del fields["code"]
            for name in PERCENT_FIELDS:
                self.initial[name] = percent_of(getattr(self.instance, name))
        else:
            fields["organisation"].queryset = kpi.organisations(user, "add").order_by("path")
            fields["code"].help_text = _(
                "The code of an existing rule makes its next version; a new code, version 1."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in PERCENT_FIELDS:
            if cleaned.get(name) is not None:
                cleaned[name] = cleaned[name] / HUNDRED
        return cleaned

    def _post_clean(self) -> None:
        pass


def percent_of(fraction: Decimal) -> Decimal:
    """A stored fraction (``0.5000``) as the form shows it (``50.00``)."""
    return (fraction * HUNDRED).quantize(Decimal("0.01"))


def rule_initial(rule: Rule) -> dict[str, Any]:
    """The form's values for the next version of ``rule``."""
    values: dict[str, Any] = {"organisation": rule.organisation_id, "code": rule.code}
    for name in RULE_FIELDS:
        value = getattr(rule, name)
        values[name] = percent_of(value) if name in PERCENT_FIELDS else value
    return values


class FundForm(MajorAmountMixin, ScopedModelForm):
    """A bonus fund: its name, the organisation whose subtree it covers, the KPI period,
    the rule version, the amount and its currency."""

    class Meta:
        model = Fund
        fields = ["name", "organisation", "period", "rule", "amount", "currency"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = kpi.organisations(user, "add").order_by("path")
        fields["period"].queryset = kpi.periods().order_by("-start", "code")
        fields["rule"].queryset = selectors.rules(user).order_by("code", "-version")
        fields["currency"].initial = "KZT"


def fund_check(**known: Any) -> None:
    """The fund service's rules on what a form could read (every problem at once); the
    actor and anything else given are not the fund's."""
    names = ("organisation", "period", "amount", "currency")
    services.fund_check(fund=Fund(**{k: known[k] for k in names if known.get(k) is not None}))
