"""The IT portfolio's writes: entries (registered, changed, removed, their start approved)
and the coordinators' decisions on overlaps. Each refuses with its reason naming the field,
changes nothing then, and is audited; a new or changed entry is checked for overlaps in
the background (``jobs.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.choices import Currency
from cadre.portfolio.choices import OverlapState, Stage, SystemKind
from cadre.portfolio.coordination import (
    decision_scope_message,
    overlap_decide,
    overlaps_run,
    start_policy_set,
    system_approve_start,
)
from cadre.portfolio.models import Capability, Overlap, System, fingerprint
from cadre.portfolio.selectors import start_approval_required

__all__ = [
    "capabilities_from",
    "decision_scope_message",
    "overlap_decide",
    "overlaps_run",
    "start_policy_set",
    "system_approve_start",
    "system_check",
    "system_create",
    "system_delete",
    "system_update",
]

JOB_ONE = "portfolio.overlaps_for_system"


def capabilities_from(codes: Any, *, field: str = "capabilities") -> list[Capability]:
    """The taxonomy's capabilities of ``codes``; an unknown code is refused by name."""
    if isinstance(codes, str):
        codes = codes.replace(";", ",").split(",")
    wanted: list[str] = []
    for code in codes or []:
        value = code.code if isinstance(code, Capability) else str(code).strip()
        if value and value not in wanted:
            wanted.append(value)
    if not wanted:
        raise ApplicationError(_("Choose at least one capability."), field=field)
    found = Capability.objects.in_bulk(wanted, field_name="code")
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ApplicationError(
            _("Unknown capability code “%(code)s”; use one of: %(known)s.")
            % {
                "code": unknown[0],
                "known": ", ".join(Capability.objects.values_list("code", flat=True)),
            },
            field=field,
            code="unknown_capability",
        )
    return [found[c] for c in wanted]


def _data_sets(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        raise ApplicationError(_("Give the data sets as a list of names."), field="data_sets")
    names = [str(v).strip()[:200] for v in value if str(v).strip()]
    if len(names) > 50:
        raise ApplicationError(_("At most 50 data sets."), field="data_sets")
    return names


def system_check(
    *,
    actor: Any = None,
    instance: System | None = None,
    owner: Any = None,
    capabilities: Any = None,
    cost: Any = None,
    currency: Any = None,
    stage: Any = None,
    kind: Any = None,
    **_ignored: Any,
) -> None:
    """The rules of an entry that a form cannot express, all reported at once."""
    problems = Problems()
    if owner is not None and actor is not None:
        try:
            require_reach(
                actor,
                System,
                "add" if instance is None else "change",
                owner,
                message=_("You may not keep the IT portfolio of “%(org)s”."),
                field="owner",
            )
        except ApplicationError as exc:
            problems.add_error(exc)
    if capabilities is not None:
        try:
            capabilities_from(capabilities)
        except ApplicationError as exc:
            problems.add_error(exc)
    if cost is not None and cost != "":
        try:
            amount = int(cost)
        except (TypeError, ValueError):
            amount = 0
        if amount <= 0:
            problems.add(
                _("The cost must be a whole number of minor units above zero."), field="cost"
            )
        if not currency:
            problems.add(_("Give the currency of the cost."), field="currency")
    if currency and currency not in Currency.values:
        problems.add(
            _("Unknown currency “%(code)s”; use one of: %(known)s.")
            % {"code": currency, "known": ", ".join(Currency.values)},
            field="currency",
        )
    if kind is not None and kind not in SystemKind.values:
        problems.add(_("Choose an IT project or an information system."), field="kind")
    if stage is not None:
        if stage not in Stage.values:
            problems.add(_("Choose a lifecycle stage."), field="stage")
        elif stage == Stage.DEVELOPMENT and start_approval_required(
            owner if owner is not None else getattr(instance, "owner", None)
        ):
            was = instance.stage if instance is not None else None
            approved = instance is not None and instance.start_approved_at is not None
            if was != Stage.DEVELOPMENT and not approved:
                problems.add(
                    _(
                        "Starting development needs an IT coordinator's approval first: "
                        "register the entry as an idea and ask for it."
                    ),
                    field="stage",
                    code="approval_required",
                )
    problems.raise_if_any()


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    name = (data.get("name") or "").strip()
    description = (data.get("description") or "").strip()
    problems = Problems()
    if not name:
        problems.add(_("Give the name."), field="name")
    if not description:
        problems.add(_("Describe what the entry does."), field="description")
    language = data.get("language") or ""
    if language not in dict(settings.LANGUAGES):
        problems.add(_("Choose the language of the description."), field="language")
    problems.raise_if_any()
    cost: Any = data.get("cost")
    return {
        "kind": data["kind"],
        "name": name[:255],
        "description": description,
        "language": language,
        "data_sets": _data_sets(data.get("data_sets") or []),
        "technology": (data.get("technology") or "").strip()[:255],
        "cost": int(cost) if cost not in (None, "") else None,
        "currency": data.get("currency") or "",
        "stage": data["stage"],
    }


def _fingerprint(values: dict[str, Any], codes: Iterable[str]) -> str:
    return fingerprint(
        kind=values["kind"],
        name=values["name"],
        description=values["description"],
        codes=codes,
        data_sets=values["data_sets"],
        technology=values["technology"],
    )


def _check_later(actor: Any, system: System) -> None:
    from cadre.core.services import job_create

    job_create(actor=actor, kind=JOB_ONE, params={"system": system.pk})


@transaction.atomic
def system_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    description: str,
    language: str,
    owner: Any,
    capabilities: Any,
    stage: str = Stage.IDEA,
    data_sets: Any = (),
    technology: str = "",
    cost: Any = None,
    currency: str = "",
    reason: str = "",
    source: str = AuditSource.WEB,
    check: bool = True,
) -> System:
    """Register an entry of ``owner``'s portfolio; its overlaps are looked for after commit
    (``check=False``: a loader that runs the whole detection once at its end)."""
    raw = locals()
    system_check(
        actor=actor,
        owner=owner,
        capabilities=capabilities,
        cost=cost,
        currency=currency,
        stage=stage,
        kind=kind,
    )
    values = _clean(raw)
    caps = capabilities_from(capabilities)
    system = System.objects.create(
        owner=owner, fingerprint=_fingerprint(values, [c.code for c in caps]), **values
    )
    system.capabilities.set(caps)
    audit_record(
        actor=actor,
        action="create",
        obj=system,
        changes={
            **{k: [None, v] for k, v in values.items()},
            "owner": [None, str(owner)],
            "capabilities": [None, [c.code for c in caps]],
        },
        reason=reason,
        source=source,
    )
    if check:
        _check_later(actor, system)
    return system


@transaction.atomic
def system_update(
    *,
    actor: Any,
    instance: System,
    reason: str = "",
    source: str = AuditSource.WEB,
    **changes: Any,
) -> System:
    """Change an entry (any of ``system_create``'s fields). A change of what the overlap
    score reads re-opens its decided overlaps and looks for its overlaps again."""
    system = System.objects.select_for_update().select_related("owner").get(pk=instance.pk)
    require_reach(
        actor,
        System,
        "change",
        system.owner,
        message=_("You may not keep the IT portfolio of “%(org)s”."),
        field="owner",
    )
    unknown = set(changes) - {
        "kind",
        "name",
        "description",
        "language",
        "owner",
        "capabilities",
        "stage",
        "data_sets",
        "technology",
        "cost",
        "currency",
    }
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0])
    current = {
        "kind": system.kind,
        "name": system.name,
        "description": system.description,
        "language": system.language,
        "owner": system.owner,
        "capabilities": [c.code for c in system.capabilities.all()],
        "stage": system.stage,
        "data_sets": system.data_sets,
        "technology": system.technology,
        "cost": system.cost,
        "currency": system.currency,
    }
    merged = {**current, **changes}
    system_check(
        actor=actor,
        instance=system,
        owner=merged["owner"],
        capabilities=merged["capabilities"],
        cost=merged["cost"],
        currency=merged["currency"],
        stage=merged["stage"],
        kind=merged["kind"],
    )
    values = _clean(merged)
    caps = capabilities_from(merged["capabilities"])
    codes = [c.code for c in caps]
    diff = {k: [current[k], v] for k, v in values.items() if current[k] != v}
    if sorted(codes) != sorted(current["capabilities"]):
        diff["capabilities"] = [current["capabilities"], codes]
    if merged["owner"] != system.owner:
        diff["owner"] = [str(system.owner), str(merged["owner"])]
    for name, value in values.items():
        setattr(system, name, value)
    system.owner = merged["owner"]
    new_print = _fingerprint(values, codes)
    changed_content = new_print != system.fingerprint or "owner" in diff
    system.fingerprint = new_print
    system.save()
    system.capabilities.set(caps)
    if changed_content:
        Overlap.objects.filter(system_a=system, state=OverlapState.DECIDED).update(
            state=OverlapState.REOPENED
        )
        Overlap.objects.filter(system_b=system, state=OverlapState.DECIDED).update(
            state=OverlapState.REOPENED
        )
    if diff:
        audit_record(
            actor=actor, action="update", obj=system, changes=diff, reason=reason, source=source
        )
    if changed_content or "stage" in diff:
        _check_later(actor, system)
    return system


@transaction.atomic
def system_delete(
    *, actor: Any, instance: System, reason: str = "", source: str = AuditSource.WEB
) -> None:
    system = System.objects.select_for_update().select_related("owner").get(pk=instance.pk)
    require_reach(
        actor,
        System,
        "delete",
        system.owner,
        message=_("You may not keep the IT portfolio of “%(org)s”."),
        field="owner",
    )
    audit_record(
        actor=actor,
        action="delete",
        obj=system,
        changes={"name": [system.name, None]},
        reason=reason,
        source=source,
    )
    system.delete()
