"""Steps the competitions' services share: locking, the state checks and the audit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.competitions.models import Application, Competition
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach


def locked(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("organisation", "vacancy__post", "test")
        .get(pk=competition.pk)
    )


def locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "competition__organisation", "competition__vacancy__post", "user", "employee"
        )
        .get(pk=application.pk)
    )


def require_hr(actor: Any, competition: Competition) -> None:
    require_reach(
        actor,
        Competition,
        "change",
        competition.organisation,
        message=_("You may not run competitions of “%(org)s”."),
        field=None,
    )


def require_stage(competition: Competition, *stages: str) -> None:
    if competition.stage not in stages:
        raise ApplicationError(
            _("This step is not open at the competition's stage: %(stage)s.")
            % {"stage": competition.get_stage_display()},
            code="state",
        )


def no_such_users_message(ids: list[int]) -> str:
    ids_text = ", ".join(map(str, ids))
    return _("No active account you may name has the id %(ids)s.") % {"ids": ids_text}


def not_an_applicant_message() -> str:
    return _("No application to this competition has this id.")


def no_such_competition_message() -> str:
    return _("No competition has this id.")


def fields_object_message() -> str:
    return _("Give an object.")
