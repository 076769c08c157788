"""Graduate figures of partner universities and IT lyceums, entered as numbers per region
(or body), institution, year and competency family: the workforce forecast's supply."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competencies.selectors import families
from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.staffing.models import GraduateSupply

FIELDS = ("institution", "year", "family", "count")
FIRST_YEAR = 2000
YEARS_AHEAD = 10


def year_range() -> tuple[int, int]:
    """The years a figure may be entered for: 2000 to ten years from now."""
    return FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD


def _check(organisation: Organisation, values: dict[str, Any], pk: int | None = None) -> None:
    problems = Problems()
    if not str(values.get("institution") or "").strip():
        problems.add(_("Name the institution."), field="institution", code="required")
    year = values.get("year")
    low, high = year_range()
    if not isinstance(year, int) or isinstance(year, bool) or not low <= year <= high:
        problems.add(
            _("The year is from %(low)s to %(high)s.") % {"low": low, "high": high},
            field="year",
        )
    count = values.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        problems.add(_("The number of graduates is a whole number, 0 or more."), field="count")
    family = values.get("family")
    if family not in dict(families()):
        problems.add(
            _("“%(family)s” is not a competency family of a published framework.")
            % {"family": family},
            field="family",
        )
    if not problems.errors and isinstance(year, int):
        twin = GraduateSupply.objects.filter(
            organisation=organisation,
            institution=values["institution"].strip(),
            year=int(year),
            family=family,
        ).exclude(pk=pk)
        if twin.exists():
            problems.add(
                _("This institution already has a figure for this year and family here."),
                field="institution",
                code="duplicate",
            )
    problems.raise_if_any()


def _unknown(values: dict[str, Any]) -> None:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0], code="unknown")


@transaction.atomic
def graduates_create(
    *,
    actor: Any,
    organisation: Organisation,
    source: str = AuditSource.WEB,
    reason: str = "",
    **values: Any,
) -> GraduateSupply:
    _unknown(values)
    require_reach(actor, GraduateSupply, "add", organisation)
    if isinstance(values.get("institution"), str):
        values["institution"] = values["institution"].strip()
    _check(organisation, values)
    return create_audited(
        actor=actor,
        obj=GraduateSupply(organisation=organisation, **values),
        audited=("organisation", *FIELDS),
        source=source,
        reason=reason,
    )


@transaction.atomic
def graduates_update(
    *,
    actor: Any,
    figure: GraduateSupply,
    source: str = AuditSource.WEB,
    reason: str = "",
    **values: Any,
) -> GraduateSupply:
    organisation = values.pop("organisation", None)
    _unknown(values)
    require_reach(actor, GraduateSupply, "change", figure.organisation)
    figure = GraduateSupply.objects.select_for_update().get(pk=figure.pk)
    if organisation is not None and organisation != figure.organisation:
        require_reach(actor, GraduateSupply, "change", organisation)
        values["organisation"] = organisation
    if isinstance(values.get("institution"), str):
        values["institution"] = values["institution"].strip()
    merged = {f: getattr(figure, f) for f in FIELDS} | {
        k: v for k, v in values.items() if k in FIELDS
    }
    _check(values.get("organisation", figure.organisation), merged, figure.pk)
    return update_audited(
        actor=actor,
        obj=figure,
        fields=values,
        audited=("organisation", *FIELDS),
        source=source,
        reason=reason,
    )


@transaction.atomic
def graduates_delete(
    *, actor: Any, figure: GraduateSupply, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(actor, GraduateSupply, "delete", figure.organisation)
    delete_audited(
        actor=actor, obj=figure, audited=("organisation", *FIELDS), source=source, reason=reason
    )
