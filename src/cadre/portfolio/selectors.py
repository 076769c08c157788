"""Reads of the IT portfolio, limited to what the caller may see."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.scoping import reach_for
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.portfolio import detection
from cadre.portfolio.choices import OverlapState
from cadre.portfolio.models import Capability, Overlap, StartPolicy, System


def capabilities() -> QuerySet[Capability]:
    return Capability.objects.all()


# The taxonomy changes only by a migration: its names are read once per process.
_NAMES: dict[str, Any] = {}


def capability_names(codes: Any) -> list[str]:
    """The names of ``codes`` in the active language (no query once the names are read)."""
    if not _NAMES:
        _NAMES.update(Capability.objects.values_list("code", "names"))
    return [pick(_NAMES.get(c)) or c for c in codes]


def systems(user: Any) -> QuerySet[System]:
    return System.objects.restrict(user, "view").select_related("owner")


def all_systems() -> QuerySet[System]:
    """Every entry, unscoped: the queryset a scoped picker restricts per request."""
    return System.objects.select_related("owner")


def systems_kept(user: Any) -> QuerySet[System]:
    """The entries of the bodies whose IT portfolio ``user`` keeps (may change)."""
    return System.objects.restrict(user, "change").select_related("owner")


def may_keep(user: Any, body: Organisation, action: str = "add") -> bool:
    """Whether ``user`` keeps (``add``/``change``) the IT portfolio of ``body``."""
    reach = reach_for(user, System, action)
    return reach.everything or any(body.path.startswith(p) for p in reach.paths)


def likely_duplicates(
    *,
    name: str,
    description: str,
    capabilities: Any,
    body: Organisation,
    data_sets: Any = (),
    technology: str = "",
) -> list[detection.Likely]:
    """The entries of other bodies that an entry with this content would likely duplicate
    (``detection.check_new``), best first; for the layers above (the project office)."""
    return detection.check_new(
        name=name,
        description=description,
        capabilities=capabilities,
        body=body,
        data_sets=data_sets,
        technology=technology,
    )


def system_for(user: Any, pk: Any) -> System | None:
    return systems(user).filter(pk=pk).first()


def overlaps(user: Any) -> QuerySet[Overlap]:
    return Overlap.objects.restrict(user, "view").select_related(
        "system_a__owner", "system_b__owner", "decided_by"
    )


def overlaps_of(user: Any, system: System) -> QuerySet[Overlap]:
    return overlaps(user).filter(Q(system_a=system) | Q(system_b=system))


def queue(user: Any) -> QuerySet[Overlap]:
    """The pairs waiting for a decision: open, or changed since their decision."""
    return overlaps(user).filter(state__in=[OverlapState.OPEN, OverlapState.REOPENED])


def may_decide(user: Any, overlap: Overlap) -> bool:
    reach = reach_for(user, Overlap, "change")
    if reach.everything:
        return True
    paths = (overlap.system_a.owner.path, overlap.system_b.owner.path)
    return bool(reach.paths) and all(any(p.startswith(r) for r in reach.paths) for p in paths)


def may_run(user: Any) -> bool:
    return reach_for(user, Overlap, "change").everything


def may_approve(user: Any, system: System) -> bool:
    reach = reach_for(user, System, "approve")
    return reach.everything or any(system.owner.path.startswith(p) for p in reach.paths)


def may_register(user: Any) -> bool:
    return can(user, "portfolio.system", "add")


def reason(*, shared_capabilities: Any, text_similarity: float, shared_terms: Any) -> str:
    """Why two entries look alike, in the reader's language."""
    parts = []
    if shared_capabilities:
        parts.append(
            _("shared capabilities: %(names)s")
            % {"names": ", ".join(capability_names(shared_capabilities))}
        )
    parts.append(_("descriptions %(percent)d%% alike") % {"percent": round(text_similarity * 100)})
    if shared_terms:
        parts.append(_("matching words: %(words)s") % {"words": ", ".join(shared_terms)})
    return "; ".join(parts)


def overlap_reason(overlap: Overlap) -> str:
    return reason(
        shared_capabilities=overlap.shared_capabilities,
        text_similarity=overlap.text_similarity,
        shared_terms=overlap.shared_terms,
    )


def organisations(user: Any = None, action: str = "view") -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if user is None else qs.restrict(user, action)


def start_policy_of(body: Organisation | None) -> tuple[bool, StartPolicy | None]:
    """Whether starting an IT project of ``body`` needs an IT coordinator's approval, and
    the body's rule that says so: its own or the nearest above it (``None``: the national
    setting, ``CADRE_PORTFOLIO_START_APPROVAL``)."""
    national = bool(settings.CADRE_PORTFOLIO_START_APPROVAL)
    if body is None:
        return national, None
    ancestors = [p for p in StartPolicy.objects.select_related("organisation")
                 if body.path.startswith(p.organisation.path)]  # fmt: skip
    if not ancestors:
        return national, None
    nearest = max(ancestors, key=lambda p: len(p.organisation.path))
    return nearest.approval_required, nearest


def start_approval_required(body: Organisation | None) -> bool:
    return start_policy_of(body)[0]


def start_policies(user: Any) -> QuerySet[StartPolicy]:
    """The bodies' own start rules that ``user`` may see."""
    return StartPolicy.objects.restrict(user, "view").select_related("organisation")


def may_set_start_policy(user: Any) -> bool:
    return can(user, "portfolio.startpolicy", "change")


def start_policy_bodies(user: Any) -> QuerySet[Organisation]:
    """The bodies whose start approval policy ``user`` may set."""
    reach = reach_for(user, StartPolicy, "change")
    if reach.everything:
        return Organisation.objects.all()
    where = Q(pk__in=[])
    for path in reach.paths:
        where |= Q(path__startswith=path)
    return Organisation.objects.filter(where)
