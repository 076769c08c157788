from __future__ import annotations

from typing import Any

from django import forms

from cadre.assessments.models import Campaign
from cadre.core.forms import ScopedModelForm


class CampaignForm(ScopedModelForm):
    scoped_fields = {"organisation": "add", "test": "view"}

    class Meta:
        model = Campaign
        fields = [
            "organisation",
            "title",
            "test",
            "self_assessment",
            "manager_assessment",
            "feedback",
            "peers",
            "closes_on",
        ]
        widgets: dict[str, Any] = {"closes_on": forms.DateInput(attrs={"type": "date"})}
