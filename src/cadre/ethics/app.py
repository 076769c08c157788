"""What ethics control adds to Cadre (decision 0035): its daily round, the personal data it
holds, and who reaches what — the ethics officer of a body keeps its ethics records (the
``ethics`` data class); the person sees their own; a case's commission sees that case; HR
opens cases without reading them; nobody else sees more than the effect."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import (
    ALL,
    VIEW,
    DataClass,
    grant,
    grant_classes,
    grant_member,
    grant_own,
    may,
    sees_class,
)
from cadre.core.registry import DELETE, KEEP, AppParts, MenuEntry, PersonalRecords, contribute
from cadre.ethics import home

VIEWS = "cadre.ethics.api.views"
MENU_GROUP = _("Ethics")

PERSONAL_DATA = (
    PersonalRecords(
        "ethics.declaration",
        erase=DELETE,
        fields=("kind", "related_organisation", "starts_on", "ends_on", "confirmed_on"),
    ),
    PersonalRecords(
        "ethics.gift",
        erase=KEEP,
        kept_because=_("The register of gifts is kept for the periods the law requires."),
    ),
    PersonalRecords(
        "ethics.case",
        erase=KEEP,
        fields=("opened_on", "state", "outcome", "sanction", "sanction_from", "sanction_until"),
        kept_because=_("A disciplinary case is part of the person's service record."),
    ),
    PersonalRecords(
        "ethics.member",
        "user__employee",
        kept_because=_("A panel's membership is part of the record of the decisions it took."),
    ),
)

contribute(
    AppParts(
        app="ethics",
        urls=(("ethics/", "cadre.ethics.urls"),),
        api_routes=(
            ("ethics-declarations", f"{VIEWS}.DeclarationViewSet", "declaration"),
            ("ethics-gifts", f"{VIEWS}.GiftViewSet", "gift"),
            ("ethics-cases", f"{VIEWS}.CaseViewSet", "case"),
        ),
        menu=(
            MenuEntry(
                _("Declarations of interest"),
                "ethics:declaration_list",
                60,
                may("ethics.declaration"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Gifts and outside activities"),
                "ethics:gift_list",
                60,
                may("ethics.gift"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Ethics figures"),
                "ethics:figures",
                60,
                lambda user: sees_class(user, DataClass.ETHICS),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Disciplinary cases"),
                "ethics:case_list",
                60,
                may("ethics.case"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.for_employee, home.for_officer),
        personal_data=PERSONAL_DATA,
        periodic={
            "ethics-daily": {
                "task": "cadre.ethics.jobs.daily_round",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=50),
            },
        },
    )
)

audit_actions(
    {
        "declaration.confirm": _("declaration confirmed for another year"),
        "declaration.review": _("declaration reviewed"),
        "declaration.remind": _("reminded: the declaration is due for confirmation"),
        "gift.decide": _("gift decided"),
        "case.explain": _("explanation written"),
        "case.commission": _("commission named"),
        "case.decide": _("case decided"),
        "case.appeal": _("decision appealed"),
        "case.appeal_decide": _("appeal decided"),
        "case.read": _("case read"),
        "case.expire": _("sanction ended"),
    }
)

MODELS = {"ethics.declaration": ALL, "ethics.gift": ALL, "ethics.case": ALL}
# The organisations of their scope too: the ethics section of its analytics dashboard.
grant(Role.ETHICS_OFFICER, {**MODELS, "people.employee": VIEW, "orgs.organisation": VIEW})
grant_classes(Role.ETHICS_OFFICER, {DataClass.ETHICS})
# The person declares and registers their own (the services say who may do what else).
OWN_WRITE = frozenset({"view", "add"})
grant_own({"ethics.declaration": OWN_WRITE, "ethics.gift": OWN_WRITE, "ethics.case": VIEW})
grant_member({"ethics.case": VIEW})
