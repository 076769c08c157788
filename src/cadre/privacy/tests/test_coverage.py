"""Every model holding rows about a person is declared in some app's ``personal_data``
(decision 0034), so that the data export and erasure cannot silently miss it.

The rule: a model has a *person column* when it has a foreign key, one-to-one or
many-to-many to ``people.Employee`` or to the user model, except the audit-style columns
in ``ACTOR_COLUMNS`` (who created, decided or approved something: the row is about the
thing, not the person; their names are erased from the audit log by erasure itself). A
model with a person column is declared in ``personal_data`` or listed in ``EXEMPT`` with
the reason."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from cadre.core.registry import personal_records
from cadre.people.models import Employee

# Columns naming who did something to a row, not whom the row is about.
ACTOR_COLUMNS = frozenset(
    {
        "actor",  # core.auditevent: the audit log itself (redacted by erasure)
        "created_by",
        "updated_by",
        "requested_by",
        "proposed_by",
        "approved_by",
        "start_approved_by",
        "confirmed_by",
        "decided_by",
        "reviewed_by",
        "recorded_by",
        "closed_by",
        "taken_by",
        "issuer",  # ratings.interaction: the officer who served the citizen
        "appraiser",  # the manager who wrote an appraisal
        "reviewer",  # ratingpay.review: who reviewed the pay proposal
        "respondent",  # a 360° respondent: who gave the feedback
    }
)

# Models with a person column that are deliberately not in any export, and why.
EXEMPT: dict[str, str] = {
    # The project's owner and sponsor are the officials answerable for it, a work role
    # like an approver; the person's part in projects is exported as projects.member.
    "projects.project": "owner/sponsor are accountable roles, not data about them",
    # Who filled a vacancy is the body's staffing record; the person's appointment is
    # exported (and kept) as people.assignment.
    "talent.vacancy": "the appointment itself is people.assignment",
}


def person_columns(model: type[models.Model]) -> list[str]:
    targets = (Employee, get_user_model())
    return [
        f.name
        for f in model._meta.get_fields()
        if f.concrete
        and f.is_relation
        and f.related_model in targets
        and f.name not in ACTOR_COLUMNS
    ]


def _declared() -> set[str]:
    return {spec.model for spec in personal_records()}


def test_every_model_about_a_person_is_declared_or_exempt() -> None:
    declared = _declared()
    missing = sorted(
        f"{m._meta.label_lower} ({', '.join(person_columns(m))})"
        for m in apps.get_models()
        if person_columns(m)
        and m._meta.label_lower not in declared
        and m._meta.label_lower not in EXEMPT
    )
    assert missing == [], f"{len(missing)} model(s) hold rows about a person undeclared"


def test_the_exemptions_are_still_needed() -> None:
    declared = _declared()
    stale = [
        label for label in EXEMPT if label in declared or not person_columns(apps.get_model(label))
    ]
    assert stale == []


def test_every_declared_lookup_resolves() -> None:
    from cadre.people.models import Employee as E
    from cadre.privacy.erasure import export_fields, rows_of

    probe = E(pk=0)
    for spec in personal_records():
        assert str(rows_of(spec, probe).query)  # the lookup compiles
        model = apps.get_model(spec.model)
        for name in export_fields(spec):
            model._meta.get_field(name)
