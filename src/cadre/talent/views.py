"""Pages of the talent reserve: the reserve (list, entry with its development plan, add,
edit, approve, withdraw), vacancies (list, open, fill, cancel, the ranked list of the
reserve for one), the matches (list, accept, reject) and the matching of many vacancies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import access, may
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
)
from cadre.talent import plans, ranking, selectors, services
from cadre.talent.choices import EntryStatus, MatchStatus, VacancyStatus
from cadre.talent.filtersets import MatchFilterSet, ReserveEntryFilterSet, VacancyFilterSet
from cadre.talent.forms import (
    FillForm,
    MatchManyForm,
    OptionalReasonForm,
    ReasonForm,
    ReserveEntryForm,
    VacancyForm,
)
from cadre.talent.models import Match, ReserveEntry, Vacancy

ENTRY_COLUMNS = (
    Column("person", _l("person"), link=True, value=lambda e: e.person_name),
    Column("organisation__name", _l("reserve"), value=lambda e: e.organisation or _("national")),
    Column("post_group", _l("post group"), sort="post_group"),
    Column("source", _l("source"), sort="source"),
    Column("started_on", _l("in reserve from"), sort="started_on"),
    Column("expires_on", _l("expires on"), sort="expires_on"),
    Column("status", _l("status"), sort="status"),
)


class ReserveEntryListView(ObjectListView):
    model = ReserveEntry
    columns = ENTRY_COLUMNS
    filterset_class = ReserveEntryFilterSet
    select_related = ("employee", "candidate", "organisation")
    default_sort = "expires_on"


class ReserveEntryDetailView(ObjectDetailView):
    model = ReserveEntry
    select_related = ("employee", "candidate", "organisation", "region", "approved_by")
    fields = (
        *ENTRY_COLUMNS,
        Column("source_ref", _l("source reference")),
        Column(
            "levels",
            _l("measured levels"),
            value=lambda e: ", ".join(f"{k} {v}" for k, v in sorted(e.levels.items())),
        ),
        Column("region", _l("preferred region")),
        Column("relocation", _l("willing to relocate")),
        Column("status_reason", _l("reason of the status")),
        Column("approved_by", _l("approved by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        keeps = may(user, obj, "change")
        return {
            "plan": plans.development_plan(obj),
            "may_approve": keeps and obj.status == EntryStatus.PENDING,
            "may_withdraw": keeps and obj.status in (EntryStatus.ACTIVE, EntryStatus.PENDING),
            "reason_form": ReasonForm(),
            "optional_form": OptionalReasonForm(),
        }


class ReserveEntryEditView(ObjectEditView):
    model = ReserveEntry
    form_class = ReserveEntryForm
    create_service = services.reserve_entry_add
    update_service = services.reserve_entry_update
    create_check = services.reserve_entry_create_check


class _Step(ScopedViewMixin, View):
    """A step on one object, posted from its page: the form, the service, back to the page."""

    form_class: Any = ReasonForm
    done: Any = ""

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("change")
        form = self.form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
            return HttpResponseRedirect(obj.get_absolute_url())
        try:
            self.call(obj, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(self.done))
        return HttpResponseRedirect(obj.get_absolute_url())


class ApproveView(_Step):
    model = ReserveEntry
    form_class = OptionalReasonForm
    done = _l("The nomination is approved.")

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.reserve_entry_approve(
            actor=self.request.user, entry=obj, reason=data["reason"]
        )


class WithdrawView(_Step):
    model = ReserveEntry
    done = _l("The entry is withdrawn.")

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.reserve_entry_withdraw(
            actor=self.request.user, entry=obj, reason=data["reason"]
        )


VACANCY_COLUMNS = (
    Column("post__title", _l("post"), sort="post__title", link=True),
    Column("organisation__name", _l("unit"), sort="organisation__path"),
    Column("post__category", _l("post group"), sort="post__category"),
    Column("standard", _l("position standard")),
    Column("opened_on", _l("opened on"), sort="opened_on"),
    Column("status", _l("status"), sort="status"),
    Column("filled_by", _l("filled by")),
)


class VacancyListView(ObjectListView):
    model = Vacancy
    columns = VACANCY_COLUMNS
    filterset_class = VacancyFilterSet
    select_related = ("post", "organisation", "standard__profile", "filled_by")
    default_sort = "-opened_on"
    template_name = "talent/vacancy_list.html"


class VacancyDetailView(ObjectDetailView):
    model = Vacancy
    select_related = ("post", "organisation", "standard__profile", "filled_by")
    fields = (
        *VACANCY_COLUMNS,
        Column("closed_on", _l("closed on")),
        Column("status_reason", _l("reason of the status")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        is_open = obj.status == VacancyStatus.OPEN and may(user, obj, "change")
        return {
            "may_fill": is_open,
            "fill_form": FillForm(user=user),
            "reason_form": ReasonForm(),
            "matches": list(
                selectors.matches(user).filter(vacancy=obj).order_by("-score", "pk")[:20]
            ),
        }


class VacancyEditView(ObjectEditView):
    model = Vacancy
    form_class = VacancyForm
    create_service = services.vacancy_open


class FillView(ScopedViewMixin, View):
    model = Vacancy

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        vacancy = self.get_object("change")
        form = FillForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.vacancy_fill(
                    actor=request.user,
                    vacancy=vacancy,
                    employee=data["employee"],
                    candidate=data["candidate"],
                    start_date=data["start_date"],
                    reason=data["reason"],
                    employee_fields=form.employee_fields(),
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("The vacancy is filled."))
                return HttpResponseRedirect(vacancy.get_absolute_url())
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(
                request,
                f"{label}: {' '.join(map(str, errors))}" if label else " ".join(map(str, errors)),
            )
        return HttpResponseRedirect(vacancy.get_absolute_url())


class CancelView(_Step):
    model = Vacancy
    done = _l("The vacancy is cancelled.")

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.vacancy_cancel(actor=self.request.user, vacancy=obj, reason=data["reason"])


class RankingView(ScopedViewMixin, View):
    """The reserve members the user sees ranked for one vacancy, with the reasons."""

    model = Vacancy

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        vacancy = self.get_object("view")
        today = timezone.localdate()
        ranked = ranking.rank(request.user, vacancy, today=today)
        proposed = selectors.proposed_entry_ids(vacancy)
        context = {
            "object": vacancy,
            "ranked": ranked,
            "proposed": proposed,
            "may_propose": vacancy.status == VacancyStatus.OPEN
            and may(request.user, vacancy, "change"),
            "requirements": selectors.requirements_of(vacancy.standard_id),
        }
        return render(request, "talent/ranking.html", context)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        vacancy = self.get_object("change")
        entry = access(ReserveEntry, request.user, request.POST.get("entry"))
        try:
            services.match_propose(actor=request.user, vacancy=vacancy, entry=entry)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Proposed: %(person)s") % {"person": entry.person_name})
        return HttpResponseRedirect(reverse("talent:vacancy_ranking", args=[vacancy.pk]))


MATCH_COLUMNS = (
    Column("vacancy__post__title", _l("vacancy"), link=True, sort="vacancy__post__title"),
    Column("vacancy__organisation__name", _l("unit")),
    Column("entry", _l("reserve member"), value=lambda m: m.entry.person_name),
    Column("score", _l("fit"), sort="score", value=lambda m: f"{m.score:.1f}"),
    Column("status", _l("status"), sort="status"),
    Column("nominated_until", _l("nominated until"), sort="nominated_until"),
)


class MatchListView(ObjectListView):
    model = Match
    columns = MATCH_COLUMNS
    filterset_class = MatchFilterSet
    select_related = (
        "vacancy__post",
        "vacancy__organisation",
        "entry__employee",
        "entry__candidate",
    )
    default_sort = "-score"
    template_name = "talent/match_list.html"


class MatchDetailView(ObjectDetailView):
    model = Match
    select_related = ("vacancy__post", "vacancy__organisation", "entry__employee", "decided_by")
    fields = (
        *MATCH_COLUMNS,
        Column("reasons", _l("reasons"), value=lambda m: "; ".join(ranking.reasons(m.reasons))),
        Column("run", _l("matching run")),
        Column("decided_by", _l("decided by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "may_decide": obj.status == MatchStatus.PROPOSED
            and may(self.request.user, obj, "change"),
            "optional_form": OptionalReasonForm(),
            "reason_form": ReasonForm(),
        }


class AcceptView(_Step):
    model = Match
    form_class = OptionalReasonForm
    done = _l("The match is accepted: the nomination has started.")

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.match_accept(actor=self.request.user, match=obj, reason=data["reason"])


class RejectView(_Step):
    model = Match
    done = _l("The match is rejected.")

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        return services.match_reject(actor=self.request.user, match=obj, reason=data["reason"])


class MatchManyView(ScopedViewMixin, View):
    """Start the matching of many vacancies (a job); the job's page shows its progress and,
    once done, the totals of the optimal assignment and of greedy."""

    model = Match

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        return render(request, "talent/match_many.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("change")
        return self._render(request, MatchManyForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("change")
        form = MatchManyForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                job = services.matching_run(
                    actor=request.user,
                    within=form.cleaned_data["within"],
                    per_vacancy=form.cleaned_data["per_vacancy"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
        return self._render(request, form, status=400)
