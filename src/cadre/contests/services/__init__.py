"""Writes of contests: ``contests`` (a contest and its set-up), ``entries`` (applications,
screening, calibration, conflicts), ``scoring`` (scorecards), ``results`` (publishing, with
the reserve step of ``reserve``). Callers use ``cadre.contests.services.<name>``."""

from cadre.contests.services.contests import (
    category_add,
    contest_create,
    contest_delete,
    contest_update,
    criterion_add,
    juror_add,
)
from cadre.contests.services.entries import (
    application_screen,
    application_submit,
    calibration_add,
    category_missing_message,
    check_file,
    file_too_large_message,
    max_file_bytes,
    no_such_contest_message,
    no_such_user_message,
    recusal_declare,
    recusals_detect,
    scores_shape_message,
)
from cadre.contests.services.results import results_publish
from cadre.contests.services.scoring import juror_for, scorecard_submit

__all__ = [
    "application_screen",
    "application_submit",
    "calibration_add",
    "category_add",
    "category_missing_message",
    "check_file",
    "contest_create",
    "contest_delete",
    "contest_update",
    "criterion_add",
    "file_too_large_message",
    "juror_add",
    "juror_for",
    "max_file_bytes",
    "no_such_contest_message",
    "no_such_user_message",
    "recusal_declare",
    "recusals_detect",
    "results_publish",
    "scorecard_submit",
    "scores_shape_message",
]
