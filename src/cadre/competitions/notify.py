"""Who hears of each step of a competition, by e-mail once the step is committed
(``core/notices.py``: each in their own language, a failed send never undoes the step):
the applicant of every change of their application's state, the commission when it is
named and when scores are due."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core.notices import send_notice


def application_state(application: Any) -> None:
    """Tell the applicant where their application stands (with the reason, if any)."""
    competition = application.competition

    def notice() -> tuple[str, str]:
        body = _("Your application to “%(competition)s”: %(state)s.") % {
            "competition": competition.title,
            "state": application.get_state_display(),
        }
        if application.check_reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": application.check_reason}
        if application.state == "interview" and competition.interview_on:
            body += "\n" + _("The interview is on %(date)s.") % {
                "date": competition.interview_on.isoformat()
            }
        body += "\n" + application.get_absolute_url()
        return _("Competition “%(competition)s”") % {"competition": competition.title}, body

    send_notice([application.user], notice)


def commission_named(competition: Any, users: list[Any]) -> None:
    send_notice(
        users,
        lambda: (
            _("You sit on the commission of “%(competition)s”") % {"competition": competition},
            _("You are a member of the commission of the competition “%(competition)s”: %(url)s")
            % {"competition": competition, "url": competition.get_absolute_url()},
        ),
    )


def scores_due(competition: Any, users: list[Any]) -> None:
    send_notice(
        users,
        lambda: (
            _("Scores due: “%(competition)s”") % {"competition": competition},
            _(
                "The interview of “%(competition)s” was on %(date)s and your scores are not all "
                "recorded: %(url)s"
            )
            % {
                "competition": competition,
                "date": competition.interview_on.isoformat() if competition.interview_on else "",
                "url": competition.get_absolute_url(),
            },
        ),
    )


def reserved(application: Any) -> None:
    send_notice(
        [application.user],
        lambda: (
            _("You are in the reserve"),
            _(
                "After the competition “%(competition)s” you are entered in the reserve of "
                "“%(body)s”."
            )
            % {
                "competition": application.competition.title,
                "body": application.competition.organisation,
            },
        ),
    )
