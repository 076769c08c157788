"""Writes of the assessment app: question banks, tests, attempts, appraisals.

Every refusal names the field and the reason and leaves nothing changed. The parts:
``banks`` (questions files), ``attempts`` (tests and their sittings), ``appraisals``. Views,
the API, the demo and tests call ``services.<name>``, so this package imports the public
names.
"""

from cadre.assessments.services.appraisals import appraisal_submit
from cadre.assessments.services.attempts import (
    attempt_save,
    attempt_start,
    attempt_submit,
    knowledge_test_create,
)
from cadre.assessments.services.banks import QUESTIONS_FORMAT, questions_import

__all__ = [
    "QUESTIONS_FORMAT",
    "appraisal_submit",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "knowledge_test_create",
    "questions_import",
]
