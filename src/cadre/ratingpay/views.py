"""Pages: rating pay policies, one policy with whom it flags and why each consequence does
or does not apply (with the review form for managers and HR), officials listed for
recognition, and "My rating": the person's own frozen scores and how the policy applied."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from cadre.pay.money import percent
from cadre.ratingpay import selectors, services
from cadre.ratingpay.models import Policy, ReviewStage

COLUMNS = (
    Column("organisation__name", _l("covers"), sort="organisation__name", link=True),
    Column("period__code", _l("period"), sort="period__code"),
    Column("min_ratings", _l("minimum ratings")),
    Column("min_probability", _l("minimum probability of being worse")),
    Column("share", _l("share of the bonus withheld"), value=lambda p: percent(p.share)),
)


class PolicyListView(ObjectListView):
    model = Policy
    columns = COLUMNS
    select_related = ("organisation", "period")
    default_sort = "-period__code"


class ReviewForm(forms.Form):
    stage = forms.ChoiceField(label=_l("review"), choices=ReviewStage.choices)
    agrees = forms.TypedChoiceField(
        label=_l("the consequence should apply"),
        choices=[("yes", _l("yes")), ("no", _l("no"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_l("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PolicyDetailView(ObjectDetailView):
    model = Policy
    select_related = ("organisation", "period")
    fields = COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "candidates": selectors.candidates_for(self.request.user, obj),
            "recognised": selectors.recognised_for(self.request.user, obj),
            "snapshot": selectors.snapshot_of(obj.period),
            "review_form": ReviewForm(),
        }


class ReviewView(ScopedViewMixin, View):
    """POST a review of one flagged official."""

    model = Policy

    def post(self, request: HttpRequest, pk: Any, employee: int) -> HttpResponse:
        policy = self.get_object("view")
        back = HttpResponseRedirect(policy.get_absolute_url())
        found = {c.employee.pk: c for c in selectors.candidates_for(request.user, policy)}
        form = ReviewForm(request.POST)
        if employee not in found:
            messages.error(request, services.not_flagged_message())
            return back
        if not form.is_valid():
            for field, errors in form.errors.items():
                text = " ".join(map(str, errors))
                messages.error(request, f"{form.fields[field].label}: {text}")
            return back
        try:
            services.review_record(
                actor=request.user,
                policy=policy,
                employee=found[employee].employee,
                stage=form.cleaned_data["stage"],
                agrees=form.cleaned_data["agrees"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, services.reviewed_message())
        return back


class MineView(LoginRequiredMixin, View):
    """My frozen scores by period, and how each period's policy applied to me."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.my_rows(request.user)
        outcomes = selectors.my_outcomes(request.user, rows)
        pairs = [(row, outcomes.get(row.pk)) for row in rows]
        return render(request, "ratingpay/mine.html", {"pairs": pairs})
