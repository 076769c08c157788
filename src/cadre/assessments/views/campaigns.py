"""Pages of assessment campaigns and the 360° feedback a respondent gives."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.assessments import campaigns
from cadre.assessments.charts import campaign_chart
from cadre.assessments.forms import CampaignForm
from cadre.assessments.models import (
    Campaign,
    FeedbackRequest,
)
from cadre.assessments.selectors import (
    person_gaps,
)
from cadre.assessments.views.person import _posted_levels, _scales
from cadre.core.access import may
from cadre.core.charts import export as chart_export
from cadre.core.errors import ApplicationError
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column
from cadre.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin

# --- campaigns -----------------------------------------------------------------------------

CAMPAIGN_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("whose people"), sort="organisation__path"),
    Column("test", _l("test")),
    Column("closes_on", _l("due by"), sort="closes_on"),
    Column("status", _l("status"), sort="status"),
)


class CampaignListView(ObjectListView):
    model = Campaign
    columns = CAMPAIGN_COLUMNS
    select_related = ("organisation", "test")
    default_sort = "-closes_on"


class CampaignEditView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm
    create_service = campaigns.campaign_create

    def _instance(self) -> Any:
        if "pk" in self.kwargs:  # a campaign is not edited once made; launch or close it
            raise Http404
        return super()._instance()


class CampaignDetailView(ObjectDetailView):
    model = Campaign
    select_related = ("organisation", "test")
    fields = CAMPAIGN_COLUMNS[1:]

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        if request.GET.get("export"):  # the CSV behind the progress chart
            campaign = self.get_object("view")
            csv = chart_export(
                request, [campaign_chart(campaign, campaigns.campaign_progress(campaign))]
            )
            if csv is not None:
                return csv
        return super().get(request, pk)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        progress = campaigns.campaign_progress(obj)
        return {
            "progress": progress,
            "chart": campaign_chart(obj, progress),
            "may_change": may(self.request.user, obj, "change"),
            "min_respondents": settings.CADRE_FEEDBACK_MIN_RESPONDENTS,
        }


class CampaignActionView(ScopedViewMixin, View):
    model = Campaign
    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.get_object("change")
        try:
            if self.action == "launch":
                campaigns.campaign_launch(actor=request.user, campaign=campaign)
                messages.success(request, _("The campaign is open."))
            else:
                n = campaigns.campaign_close(actor=request.user, campaign=campaign)
                messages.success(
                    request,
                    _("The campaign is closed; 360° feedback counted for %(n)d people.") % {"n": n},
                )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(campaign.get_absolute_url())


class FeedbackView(LoginRequiredMixin, View):
    """A respondent's 360° answer about one colleague (levels only; anonymous)."""

    template_name = "assessments/feedback.html"

    def _request(self, request: HttpRequest, pk: int) -> FeedbackRequest:
        return get_object_or_404(
            FeedbackRequest.objects.select_related("campaign", "employee"),
            pk=pk,
            respondent=request.user,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._request(request, pk)
        return self._render(request, item)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._request(request, pk)
        levels = _posted_levels(request)
        try:
            campaigns.feedback_answer(actor=request.user, request=item, levels=levels)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return self._render(request, item, status=400)
        messages.success(request, _("Thank you; your answer is saved anonymously."))
        return HttpResponseRedirect(reverse("assessments:mine"))

    def _render(
        self, request: HttpRequest, item: FeedbackRequest, status: int = 200
    ) -> HttpResponse:
        _version, gaps = person_gaps(item.employee)
        levels = _scales(gaps)
        return render(
            request,
            self.template_name,
            {
                "item": item,
                "rows": [(g.competency, levels.get(g.competency.version_id, [])) for g in gaps],
            },
            status=status,
        )
