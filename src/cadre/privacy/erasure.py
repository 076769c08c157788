"""What Cadre holds about a person, read from every app's ``personal_data``
(``core.registry.PersonalRecords``): the export's sections, and erasure — rows deleted or
anonymised as each app declares, rows a law requires to keep kept and said, and the
values erased from the audit events about them (``core.audit.audit_redact``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from cadre.core.audit import REDACTED, audit_redact, redact_value
from cadre.core.encryption import BlindIndexField
from cadre.core.models import AuditEvent
from cadre.core.registry import ANONYMISE, DELETE, PersonalRecords, personal_records
from cadre.people.models import Employee


def _model(spec: PersonalRecords) -> type[models.Model]:
    return apps.get_model(spec.model)


def rows_of(spec: PersonalRecords, employee: Employee) -> models.QuerySet[Any]:
    manager: Any = _model(spec)._default_manager
    return manager.filter(**{spec.person: employee.pk}).order_by("pk")


def export_fields(spec: PersonalRecords) -> list[str]:
    model = _model(spec)
    if spec.fields:
        return list(spec.fields)
    hidden = {"password"}
    # A blind index is Cadre's own lookup key, not data about the person (decision 0038).
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in hidden and not isinstance(f, BlindIndexField)
    ]


def _column(model: type[models.Model], name: str) -> str:
    """The column ``values()`` reads for ``name``: a foreign key's id."""
    field: Any = model._meta.get_field(name)
    return str(field.attname) if field.is_relation and field.concrete else name


def sections(employee: Employee) -> Iterator[tuple[PersonalRecords, list[dict[str, Any]]]]:
    """Each app's rows about ``employee``, as plain values (foreign keys by id)."""
    for spec in personal_records():
        names = export_fields(spec)
        model = _model(spec)
        columns = [_column(model, n) for n in names]
        rows = list(rows_of(spec, employee).values(*columns))
        yield spec, [{n: row[c] for n, c in zip(names, columns, strict=True)} for row in rows]


@dataclass
class Outcome:
    """What an erasure did, by model label: rows deleted, anonymised, kept (and why)."""

    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # label → count, why
    redacted_events: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "deleted": self.deleted,
            "anonymised": self.anonymised,
            "kept": self.kept,
            "redacted_events": self.redacted_events,
        }


def erase_person(*, employee: Employee, actor: Any, reason: str, source: str) -> Outcome:
    """Delete and anonymise what the apps allow, keep the rest, erase the values from the
    audit events about those rows. The caller holds the transaction and has checked the
    legal holds."""
    outcome = Outcome()
    # (object type, ids) → "*": erase every value of their events; (): only the text
    touched: list[tuple[str, list[str], tuple[str, ...] | str]] = []
    user_id = employee.user_id
    for spec in personal_records():
        model = _model(spec)
        label = model._meta.label_lower
        qs = rows_of(spec, employee)
        pks = [str(pk) for pk in qs.values_list("pk", flat=True)]
        if not pks:
            continue
        if spec.erase == DELETE:
            qs.delete()
            outcome.deleted[label] = len(pks)
            touched.append((label, pks, "*"))
        elif spec.erase == ANONYMISE:
            for obj in qs:
                for name, value in spec.replace.items():
                    setattr(obj, name, value(obj) if callable(value) else value)
                obj.save(update_fields=list(spec.replace))
            outcome.anonymised[label] = len(pks)
            touched.append((label, pks, "*"))
        else:
            outcome.kept[label] = {"count": len(pks), "why": str(spec.kept_because)}
            touched.append((label, pks, ()))
    outcome.redacted_events = _redact(touched, user_id, actor=actor, reason=reason, source=source)
    return outcome


def _redact(
    touched: list[tuple[str, list[str], tuple[str, ...] | str]],
    user_id: int | None,
    *,
    actor: Any,
    reason: str,
    source: str,
) -> int:
    what: dict[tuple[str, str], tuple[str, ...] | str] = {}
    q = Q(pk__in=[])
    for label, pks, fields in touched:
        q |= Q(object_type=label, object_id__in=pks)
        for pk in pks:
            what[(label, pk)] = fields
    if user_id is not None:
        q |= Q(actor_id=user_id)

    def redact(event: AuditEvent) -> bool:
        before = (event.changes, event.object_repr, event.actor_repr)
        fields = what.get((event.object_type, event.object_id))
        if fields is not None:
            event.object_repr = REDACTED
            if fields:  # a row deleted or anonymised: every value it ever had
                event.changes = redact_value(event.changes)
        if user_id is not None and event.actor_id == user_id:
            event.actor_repr = REDACTED
        return (event.changes, event.object_repr, event.actor_repr) != before

    events = AuditEvent.objects.filter(q).exclude(action="audit.redact").order_by("id")
    return audit_redact(
        actor=actor, events=events.iterator(), redact=redact, reason=reason, source=source
    )
