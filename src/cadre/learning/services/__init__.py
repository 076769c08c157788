"""Writes of the learning app. Every refusal names the reason and changes nothing.

The parts: ``courses`` (the catalogue), ``enrolments`` (a person in a session, to the
result), ``certificates``. Views, the API, the demo and tests call ``services.<name>``, so
this package imports the public names.
"""

from cadre.learning.services.certificates import (
    SIGNER_SALT,
    add_months,
    certificate_expiry_alerts,
    certificate_revoke,
    certificate_verify,
    holds_certificate,
)
from cadre.learning.services.courses import course_create, session_create
from cadre.learning.services.enrolments import (
    enrolment_approve,
    enrolment_complete,
    enrolment_request,
)

__all__ = [
    "SIGNER_SALT",
    "add_months",
    "certificate_expiry_alerts",
    "certificate_revoke",
    "certificate_verify",
    "course_create",
    "enrolment_approve",
    "enrolment_complete",
    "enrolment_request",
    "holds_certificate",
    "session_create",
]
