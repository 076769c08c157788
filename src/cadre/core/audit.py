"""The tamper-evident audit log: append an event, verify a chain.

``audit_record`` must be called inside the service's transaction, so that the event and the
change it describes are committed together or not at all.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from cadre.core.choices import AuditSource
from cadre.core.models import AuditEvent, AuditHead
from cadre.core.stale import figures_mark_stale

GENESIS = "0" * 64


def _normalise(value: Any) -> Any:
    """JSON round trip, so that what is hashed is exactly what the database gives back."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def event_digest(
    *,
    prev_hash: str,
    chain: str,
    occurred_at: datetime,
    actor_id: int | None,
    actor_repr: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    organisation_path: str,
    changes: Any,
    reason: str,
    source: str,
) -> str:
    payload = [
        prev_hash,
        chain,
        occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        actor_id,
        actor_repr,
        action,
        object_type,
        object_id,
        object_repr,
        organisation_path,
        changes,
        reason,
        source,
    ]
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _digest_of(event: AuditEvent) -> str:
    return event_digest(
        prev_hash=event.prev_hash,
        chain=event.chain,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_repr=event.actor_repr,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        organisation_path=event.organisation_path,
        changes=event.changes,
        reason=event.reason,
        source=event.source,
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    organisation_path: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
    source: str = AuditSource.SYSTEM,
    chain: str = "main",
) -> AuditEvent:
    """Append one event to ``chain``; must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
        organisation_path = organisation_path or _organisation_path_of(obj)
    entry = AuditEntry(
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        organisation_path=organisation_path,
        changes=changes or {},
        reason=reason,
    )
    return audit_record_many(actor=actor, entries=[entry], source=source, chain=chain)[-1]


@dataclass
class AuditEntry:
    """One event to append with ``audit_record_many``."""

    action: str
    object_type: str
    object_id: str
    object_repr: str
    organisation_path: str
    changes: dict[str, Any]
    reason: str = ""


def audit_record_many(
    *,
    actor: Any,
    entries: Iterable[AuditEntry],
    source: str = AuditSource.SYSTEM,
    chain: str = "main",
    batch_size: int = 2000,
) -> list[AuditEvent]:
    """Append many events to ``chain`` under one lock of its head, in order; for bulk
    writes (imports) that change many records in one transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    actor_id = actor.pk if is_user else None
    actor_repr = actor.get_username() if is_user else ""
    occurred_at = timezone.now()

    head, _ = AuditHead.objects.get_or_create(chain=chain)
    head = AuditHead.objects.select_for_update().get(pk=head.pk)
    prev_hash = head.last_hash or GENESIS
    events: list[AuditEvent] = []
    for entry in entries:
        event = AuditEvent(
            chain=chain,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_repr=actor_repr,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            object_repr=entry.object_repr[:255],
            organisation_path=entry.organisation_path,
            changes=_normalise(entry.changes),
            reason=entry.reason,
            source=source,
            prev_hash=prev_hash,
        )
        event.hash = prev_hash = _digest_of(event)  # the same digest audit_verify checks
        events.append(event)
    if not events:
        return []
    figures_mark_stale({e.object_type for e in events})
    # Inserted one batch after another in chain order, so ids grow along the chain.
    for start in range(0, len(events), batch_size):
        AuditEvent.objects.bulk_create(events[start : start + batch_size])
    last = events[-1]
    if last.pk is None:  # a backend that does not return ids from bulk inserts
        last.pk = AuditEvent.objects.filter(chain=chain, hash=last.hash).values_list(
            "pk", flat=True
        )[0]
    AuditHead.objects.filter(pk=head.pk).update(last_event_id=last.pk, last_hash=last.hash)
    return events


def _organisation_path_of(obj: models.Model) -> str:
    lookup = getattr(obj, "scope_org_path", None)
    if not lookup:
        return ""
    value: Any = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def field_values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields``, foreign keys by id, for a before/after diff."""
    from cadre.core.encryption import EncryptedTextField, blind_index

    values: dict[str, Any] = {}
    for name in fields:
        f: Any = obj._meta.get_field(name)
        values[name] = getattr(obj, f.attname) if f.is_relation else getattr(obj, name)
        if isinstance(f, EncryptedTextField) and values[name]:
            # A field kept encrypted is never written in clear into the log (decision 0038):
            # its keyed blind index shows that it changed, and to what, to whoever holds
            # the value, and nothing to whoever reads a dump.
            values[name] = f"index:{blind_index(values[name])}"
    return _normalise(values)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed (absent counts as None)."""
    keys = list(before) + [k for k in after if k not in before]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def audit_entry(
    *, action: str, obj: models.Model, changes: dict[str, Any], object_repr: str = ""
) -> AuditEntry:
    """The event ``audit_record`` would append for ``obj``, to append many at once with
    ``audit_record_many`` (services that write in bulk, e.g. for imports)."""
    return AuditEntry(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=(object_repr or str(obj))[:255],
        organisation_path=_organisation_path_of(obj),
        changes=changes,
    )


def relations_of(model: type[models.Model]) -> list[str]:
    """The foreign keys of ``model``: bulk writes leave them out of ``full_clean``, which
    would run a query per key per object; the objects are resolved already and the database
    checks the keys."""
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


def save_many_audited(
    *,
    actor: Any,
    model: type[models.Model],
    create: list[Any],
    update: list[tuple[Any, dict[str, Any]]],
    audited: Iterable[str],
    source: str,
    clean_exclude: Iterable[str] = (),
    batch_size: int = 500,
) -> tuple[int, int]:
    """``create_audited`` and ``update_audited`` for many objects in a few statements: each
    object validated (uniqueness is the caller's to check, once for all), inserted or
    updated in bulk, and audited as those would audit it; an update that changes nothing is
    neither written nor audited. Returns (created, updated)."""
    from cadre.core.errors import full_clean_or_raise

    audited = tuple(audited)
    exclude = [*clean_exclude, *relations_of(model)]
    now = timezone.now()
    for obj in create:
        if hasattr(obj, "created_by_id"):
            obj.created_by = obj.updated_by = actor
        full_clean_or_raise(obj, exclude=exclude, validate_unique=False, validate_constraints=False)
    changed: list[tuple[Any, dict[str, Any]]] = []
    written: set[str] = set()
    for obj, fields in update:
        before = field_values(obj, audited)
        for name, value in fields.items():
            setattr(obj, name, value)
        changes = diff(before, field_values(obj, audited))
        if not changes:
            continue
        if hasattr(obj, "updated_by_id"):
            obj.updated_by, obj.updated_at = actor, now
            written |= {"updated_by", "updated_at"}
        full_clean_or_raise(obj, exclude=exclude, validate_unique=False, validate_constraints=False)
        changed.append((obj, changes))
        written |= set(fields)
    manager: Any = model._default_manager
    manager.bulk_create(create, batch_size=batch_size)
    if changed:
        manager.bulk_update([o for o, _c in changed], sorted(written), batch_size=batch_size)
    entries = [
        audit_entry(action="create", obj=o, changes=diff({}, field_values(o, audited)))
        for o in create
    ] + [audit_entry(action="update", obj=o, changes=c) for o, c in changed]
    audit_record_many(actor=actor, entries=entries, source=source)
    return len(create), len(changed)


def create_audited(
    *,
    actor: Any,
    obj: Any,
    audited: Iterable[str],
    source: str,
    reason: str = "",
    clean_exclude: Iterable[str] = (),
) -> Any:
    """Validate and insert ``obj``, auditing every audited field as created."""
    from cadre.core.errors import full_clean_or_raise

    if hasattr(obj, "created_by_id"):
        obj.created_by = obj.updated_by = actor
    full_clean_or_raise(obj, exclude=list(clean_exclude))
    obj.save()
    audit_record(
        actor=actor,
        action="create",
        obj=obj,
        changes=diff({}, field_values(obj, audited)),
        reason=reason,
        source=source,
    )
    return obj


def delete_audited(
    *, actor: Any, obj: Any, audited: Iterable[str], source: str, reason: str = ""
) -> None:
    """Audit the last values of ``obj`` and delete it."""
    audit_record(
        actor=actor,
        action="delete",
        obj=obj,
        changes=diff(field_values(obj, audited), {}),
        reason=reason,
        source=source,
    )
    obj.delete()


def update_audited(
    *,
    actor: Any,
    obj: Any,
    fields: dict[str, Any],
    audited: Iterable[str],
    source: str,
    reason: str = "",
    clean_exclude: Iterable[str] = (),
) -> Any:
    """Set ``fields`` on ``obj`` (locked by the caller), validate, save, and audit what
    changed, field by field; nothing is audited when nothing changed."""
    from cadre.core.errors import full_clean_or_raise

    audited = tuple(audited)
    before = field_values(obj, audited)
    for name, value in fields.items():
        setattr(obj, name, value)
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = actor
    full_clean_or_raise(obj, exclude=list(clean_exclude), validate_unique=False)
    obj.save()
    changes = diff(before, field_values(obj, audited))
    if changes:
        audit_record(
            actor=actor, action="update", obj=obj, changes=changes, reason=reason, source=source
        )
    return obj


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def audit_verify(*, chain: str = "main", batch: int = 2000, progress: Any = None) -> ChainReport:
    """Walk ``chain`` in order; report the first event whose hash or link does not hold.
    An event whose values were erased (``audit_redact``) holds when its content has the
    digest that a later redaction event of the chain recorded for it."""
    expected_prev = GENESIS
    checked = 0
    total = AuditEvent.objects.filter(chain=chain).count()
    redactions = _redactions(chain)
    for event in _iter_chain(chain, batch):
        if event.prev_hash != expected_prev:
            return ChainReport(chain, checked, event.pk, "link")
        digest = _digest_of(event)
        if digest != event.hash and redactions.get(event.pk) != digest:
            return ChainReport(chain, checked, event.pk, "content")
        expected_prev = event.hash
        checked += 1
        if progress is not None and checked % batch == 0:
            progress(checked, total)
    head = AuditHead.objects.filter(chain=chain).first()
    if head is not None and head.last_hash and head.last_hash != expected_prev:
        return ChainReport(chain, checked, head.last_event_id, "head")
    return ChainReport(chain, checked, None, "")


# Erasure (decision 0034): an event's personal values may be replaced by ``REDACTED``. The
# event keeps its hash and its place in the chain; a redaction event appended to the same
# chain records, for each event it redacted, the digest of the event as it now reads
# (``{"<event id>": [null, "<digest>"]}``), and that redaction event is itself chained.
REDACT_ACTION = "audit.redact"
REDACTED = "[erased]"


def _redactions(chain: str) -> dict[int, str]:
    """Event id → the digest its redacted content must have (the latest redaction wins)."""
    out: dict[int, str] = {}
    rows = AuditEvent.objects.filter(chain=chain, action=REDACT_ACTION).order_by("id")
    for changes in rows.values_list("changes", flat=True):
        for key, value in (changes or {}).items():
            if isinstance(value, list) and len(value) == 2 and key.isdigit():
                out[int(key)] = value[1]
    return out


REDACTABLE = ("changes", "object_repr", "actor_repr", "reason")


def redact_value(value: Any) -> Any:
    """``value`` with every value replaced by ``REDACTED`` (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return REDACTED


def _redaction_of(before: Any, after: Any) -> bool:
    """Whether ``after`` is ``before`` with some values erased: the same shape (same keys,
    same lengths), each leaf unchanged, ``REDACTED`` or ``None``."""
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and after.keys() == before.keys()
            and all(_redaction_of(before[key], after[key]) for key in before)
        )
    if isinstance(before, list):
        return (
            isinstance(after, list)
            and len(after) == len(before)
            and all(_redaction_of(b, a) for b, a in zip(before, after, strict=True))
        )
    return after is None or after == REDACTED or (type(after) is type(before) and after == before)


def _check_redaction(event: AuditEvent, before: dict[str, Any]) -> None:
    """Refuse a ``redact`` callback that rewrote an event instead of erasing its values."""
    for name in REDACTABLE:
        after = getattr(event, name)
        if name == "changes":
            if not _redaction_of(before[name], after):
                raise ValueError(
                    f"audit event {event.pk}: redaction may only erase values of changes"
                )
        elif after != before[name] and after != REDACTED:
            raise ValueError(f"audit event {event.pk}: redaction may only erase {name}")


def audit_redact(
    *,
    actor: Any,
    events: Iterable[AuditEvent],
    redact: Any,
    reason: str = "",
    source: str = AuditSource.SYSTEM,
) -> int:
    """Erase values from recorded events, keeping every chain verifiable; must run inside
    the caller's transaction. ``redact(event)`` changes the event's ``changes``,
    ``object_repr``, ``actor_repr`` or ``reason`` in place (nothing else) and says whether it
    did. An event that does not verify as it stands is refused (a tampered event is not
    laundered by an erasure), and so is a callback that does more than erase: each string
    stays or becomes ``REDACTED``; ``changes`` keeps its shape, each value unchanged,
    ``REDACTED`` or ``None`` (``ValueError``, nothing written). Returns how many events
    were redacted."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_redact must be called inside the service's transaction")
    events = list(events)
    known: dict[str, dict[int, str]] = {}
    digests: dict[str, dict[str, list[Any]]] = {}
    changed: list[AuditEvent] = []
    for event in events:
        if event.chain not in known:
            known[event.chain] = _redactions(event.chain)
        digest = _digest_of(event)
        if digest != event.hash and known[event.chain].get(event.pk) != digest:
            raise ValueError(f"audit event {event.pk} does not verify; it is not redacted")
        before = {name: copy.deepcopy(getattr(event, name)) for name in REDACTABLE}
        if not redact(event):
            continue
        _check_redaction(event, before)
        event.object_repr = event.object_repr[:255]
        digests.setdefault(event.chain, {})[str(event.pk)] = [None, _digest_of(event)]
        changed.append(event)
    _write_redacted(changed)
    for chain, recorded in digests.items():
        audit_record(
            actor=actor,
            action=REDACT_ACTION,
            object_type="core.auditevent",
            changes=recorded,
            reason=reason,
            source=source,
            chain=chain,
        )
    return sum(len(d) for d in digests.values())


def _write_redacted(events: list[AuditEvent]) -> None:
    """Write the redacted content of ``events``: the one UPDATE the trigger lets through
    (migration core.0004), opened and closed around the batch."""
    from django.db import connection

    if not events:
        return
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT set_config('cadre.audit_redaction', 'on', true)")
        else:  # SQLite: the trigger lets it through while this table holds a row
            cursor.execute("INSERT INTO cadre_audit_redaction (id) VALUES (1)")
    # The JSON as the model's field writes it (``json.dumps``, no encoder of its own).
    rows = [(json.dumps(e.changes), e.object_repr, e.actor_repr, e.reason, e.pk) for e in events]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if postgres:  # one UPDATE per thousand events, from arrays
            for start in range(0, len(rows), 1000):
                part = rows[start : start + 1000]
                cursor.execute(
                    f"UPDATE {table} e SET changes = v.changes::jsonb, "  # noqa: S608
                    "object_repr = v.object_repr, actor_repr = v.actor_repr, "
                    "reason = v.reason FROM (SELECT unnest(%s::text[]) AS changes, "
                    "unnest(%s::text[]) AS object_repr, unnest(%s::text[]) AS actor_repr, "
                    "unnest(%s::text[]) AS reason, unnest(%s::bigint[]) AS id) v "
                    "WHERE e.id = v.id",
                    [list(column) for column in zip(*part, strict=True)],
                )
        else:
            cursor.executemany(
                f"UPDATE {table} SET changes = %s, object_repr = %s, "  # noqa: S608
                "actor_repr = %s, reason = %s WHERE id = %s",
                rows,
            )
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT set_config('cadre.audit_redaction', 'off', true)")
        else:
            cursor.execute("DELETE FROM cadre_audit_redaction")


def _iter_chain(chain: str, batch: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(chain=chain, id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].pk


def audit_chains() -> list[str]:
    return list(AuditHead.objects.order_by("chain").values_list("chain", flat=True))
