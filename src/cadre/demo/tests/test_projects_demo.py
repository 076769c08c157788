"""The demo's project office (demo/projects.py): twelve projects of the Ministry of
Digital Development, exactly one late and one at risk as computed, with the reasons."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.test import Client

from cadre.demo.projects import AT_RISK, LATE
from cadre.projects.models import Milestone, OutcomeKpi, Project
from cadre.projects.selectors import portfolio
from cadre.projects.status import statuses


def test_the_project_office_demo(demo: dict[str, Any]) -> None:
    projects = list(Project.objects.select_related("organisation"))
    assert len(projects) == 12
    assert {p.organisation.code for p in projects} == {"KZ-M01", "KZ-M01-IT"}
    from django.utils import timezone

    found = statuses(projects, timezone.localdate())
    by_status = Counter(s.status for s in found.values())
    assert by_status == {"on_track": 8, "late": 1, "at_risk": 1, None: 2}
    named = {p.name: found[p.pk] for p in projects}
    assert named[LATE].status == "late"
    assert named[LATE].reasons[0].startswith("Milestone “Опытная эксплуатация” was due on")
    assert named[AT_RISK].status == "at_risk"
    assert "closed 10 days late" in named[AT_RISK].reasons[0]
    # the department's projects read its eGov KPI: 78.4 against a target of 75
    egov = [k for s in found.values() for k in s.kpis if k.link.definition.code == "KZ-DIG-EGOV"]
    assert len(egov) == 3
    assert {str(k.achievement) for k in egov} == {"1.0453"}
    assert OutcomeKpi.objects.count() == 4
    assert Milestone.objects.filter(evidence_kind="event").count() == 1
    assert Milestone.objects.filter(closed_on__isnull=False, evidence_kind="").count() == 0
    # the ministry's HR officer sees the whole office on the portfolio page
    from cadre.accounts.models import User

    hr = User.objects.get(username="hr")
    total = portfolio(hr).total
    assert (total.projects, total.by_status["late"], total.by_status["at_risk"]) == (12, 1, 1)
    assert total.budgets == {"KZT": sum(p.budget for p in projects)}
    client = Client()
    client.force_login(hr)
    page = client.get("/projects/portfolio/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    # the demo employee answers for a project and sees it by membership
    employee = Client()
    employee.force_login(User.objects.get(username="employee"))
    mine = Project.objects.filter(owner__user__username="employee").order_by("pk").first()
    assert mine is not None
    assert employee.get(mine.get_absolute_url()).status_code == 200
