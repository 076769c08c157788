"""Competitions' writes (docs/talent.md, "Competitions"): every step checks who may take
it, refuses with the reason in the user's language changing nothing, and is audited."""

from cadre.competitions.services.applications import (
    application_check,
    application_submit,
    application_test_record,
)
from cadre.competitions.services.commission import (
    attendance_record,
    commission_name,
    competition_decide,
    recusal_declare,
    score_record,
)
from cadre.competitions.services.common import (
    fields_object_message,
    no_such_competition_message,
    no_such_users_message,
    not_an_applicant_message,
)
from cadre.competitions.services.competitions import (
    competition_advance,
    competition_create,
    competition_update,
)
from cadre.competitions.services.outcome import application_reserve, competition_appoint

__all__ = [
    "application_check",
    "application_reserve",
    "application_submit",
    "application_test_record",
    "attendance_record",
    "commission_name",
    "competition_advance",
    "competition_appoint",
    "competition_create",
    "competition_decide",
    "competition_update",
    "fields_object_message",
    "no_such_competition_message",
    "no_such_users_message",
    "not_an_applicant_message",
    "recusal_declare",
    "score_record",
]
