"""Learning plans generated from gaps, and training targets with progress and a forecast
(``docs/learning.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.models import Evidence, Proficiency
from cadre.assessments.selectors import person_gaps
from cadre.competencies.services.frameworks import competency_by_key
from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import reaches
from cadre.learning.choices import PlanStatus, TargetKind
from cadre.learning.models import (
    Certificate,
    Course,
    CourseOutcome,
    LearningPlan,
    PlanItem,
    TrainingTarget,
)
from cadre.learning.services.certificates import holds_certificate
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import acts_for


def _best_course(framework_id: int, code: str, level: int) -> Course | None:
    """The shortest course that builds the competency to the level (then the cheapest)."""
    outcome = (
        CourseOutcome.objects.filter(
            competency__framework_id=framework_id, competency__code=code, level__gte=level
        )
        .select_related("course")
        .order_by("course__hours", "course__cost", "course__code")
        .first()
    )
    return outcome.course if outcome else None


@transaction.atomic
def plan_generate(
    *, actor: Any, employee: Employee, due_on: dt.date, source: str = AuditSource.WEB
) -> LearningPlan:
    """A draft plan: for each gap, the shortest course that closes it, preceded by its
    prerequisites the person lacks; a gap no course closes is listed without a course. Due
    dates are spread evenly until ``due_on``."""
    if not reaches(actor, LearningPlan, "add", employee.organisation):
        raise ApplicationError(
            _("You may not plan the learning of “%(person)s”.") % {"person": employee},
            code="scope",
        )
    today = timezone.localdate()
    if due_on <= today:
        raise ApplicationError(_("The plan must end after today."), field="due_on")
    _version, gaps = person_gaps(employee)
    open_gaps = [g for g in gaps if g.shortfall > 0]
    if not open_gaps:
        raise ApplicationError(
            _("“%(person)s” has no gap against their standard.") % {"person": employee},
            field="employee",
        )
    steps: list[tuple[Course | None, str]] = []
    planned: set[int] = set()

    def add(course: Course, code: str, trail: tuple[int, ...] = ()) -> None:
        if course.pk in planned or course.pk in trail:
            return
        for prerequisite in course.prerequisites.order_by("code"):
            if not holds_certificate(employee, prerequisite):
                add(prerequisite, "", (*trail, course.pk))
        planned.add(course.pk)
        steps.append((course, code))

    for gap in sorted(open_gaps, key=lambda g: (-g.weight, g.competency.position)):
        course = _best_course(gap.competency.framework_id, gap.competency.code, gap.required)
        if course is None:
            steps.append((None, gap.competency.code))
        else:
            add(course, gap.competency.code)
    plan = LearningPlan.objects.create(employee=employee, due_on=due_on)
    span = (due_on - today).days
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            position=i,
            course=course,
            code=code,
            due_on=today + dt.timedelta(days=span * i // len(steps)),
        )
        for i, (course, code) in enumerate(steps, start=1)
    )
    audit_record(
        actor=actor,
        action="create",
        obj=plan,
        changes={"items": [None, [c.code if c else f"({code})" for c, code in steps]]},
        source=source,
    )
    return plan


def _check_manager(actor: Any, plan: LearningPlan) -> None:
    if not acts_for(actor, LearningPlan, "change", plan.employee):
        raise ApplicationError(
            _("Only the person's manager or HR officer may change or approve the plan."),
            code="scope",
        )


def _locked_for_manager(actor: Any, pk: int) -> LearningPlan:
    plan = (
        LearningPlan.objects.select_for_update().select_related("employee__organisation").get(pk=pk)
    )
    _check_manager(actor, plan)
    return plan


def _draft_to_change(actor: Any, pk: int) -> LearningPlan:
    plan = _locked_for_manager(actor, pk)
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(_("An approved plan is not changed; make a new one."))
    return plan


@transaction.atomic
def plan_item_remove(*, actor: Any, item: PlanItem, source: str = AuditSource.WEB) -> None:
    plan = _draft_to_change(actor, item.plan_id)
    audit_record(
        actor=actor,
        action="update",
        obj=plan,
        changes={"removed": [str(item), None]},
        source=source,
    )
    item.delete()


@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    plan: LearningPlan,
    course: Course,
    due_on: dt.date,
    source: str = AuditSource.WEB,
) -> PlanItem:
    """The manager adds a course to a draft plan (at the end, by a date within the plan)."""
    plan = _draft_to_change(actor, plan.pk)
    if plan.items.filter(course=course).exists():
        raise ApplicationError(_("The course is already in the plan."), field="course")
    if not timezone.localdate() <= due_on <= plan.due_on:
        raise ApplicationError(
            _("Choose a date from today to %(end)s.") % {"end": plan.due_on}, field="due_on"
        )
    position = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = PlanItem.objects.create(plan=plan, position=position + 1, course=course, due_on=due_on)
    audit_record(
        actor=actor, action="update", obj=plan, changes={"added": [None, str(item)]}, source=source
    )
    return item


@transaction.atomic
def plan_approve(*, actor: Any, plan: LearningPlan, source: str = AuditSource.WEB) -> LearningPlan:
    plan = _locked_for_manager(actor, plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(_("The plan is already approved."), field="status")
    plan.status = PlanStatus.APPROVED
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_at"])
    audit_record(
        actor=actor,
        action="approve",
        obj=plan,
        changes={"status": [PlanStatus.DRAFT, PlanStatus.APPROVED]},
        source=source,
    )
    return plan


def item_done(item: PlanItem, employee: Employee) -> bool:
    return item.course is not None and holds_certificate(employee, item.course)


# --- targets -------------------------------------------------------------------------------


@transaction.atomic
def target_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    kind: str,
    due_on: dt.date,
    target: int | None = None,
    course: Course | None = None,
    competency: str = "",
    level: int | None = None,
    source: str = AuditSource.WEB,
) -> TrainingTarget:
    """A target for an organisation's subtree: a number of people (or everyone in service)
    holding a certificate of ``course``, or at ``level`` or above in ``competency``
    (``FRAMEWORK:CODE``), by ``due_on``."""
    target_create_check(
        actor=actor,
        organisation=organisation,
        kind=kind,
        due_on=due_on,
        target=target,
        course=course,
        competency=competency,
        level=level,
    )
    fields: dict[str, Any] = {}
    if kind == TargetKind.COURSE:
        fields["course"] = course
    else:
        comp = competency_by_key(competency, field="competency")
        fields.update(framework_id=comp.framework_id, code=comp.code, level=level)
    obj = TrainingTarget(
        organisation=organisation,
        title=title.strip(),
        kind=kind,
        target=target,
        due_on=due_on,
        **fields,
    )
    return create_audited(
        actor=actor,
        obj=obj,
        audited=("organisation", "title", "kind", "course", "code", "level", "target", "due_on"),
        source=source,
    )


def target_create_check(
    *,
    actor: Any,
    organisation: Organisation | None = None,
    kind: str | None = None,
    due_on: dt.date | None = None,
    target: int | None = None,
    course: Course | None = None,
    competency: str | None = None,
    level: int | None = None,
    **_other: Any,
) -> None:
    """Every problem of a target to create, at once (``cadre.core.errors.Problems``); the
    rules whose fields are not given are skipped."""
    problems = Problems()
    if organisation is not None and not reaches(actor, TrainingTarget, "add", organisation):
        problems.add(
            _("You may not set targets for “%(org)s”.") % {"org": organisation},
            field="organisation",
            code="scope",
        )
    if due_on is not None and due_on < timezone.localdate():
        problems.add(_("The end date is in the past."), field="due_on")
    if target is not None and target < 1:
        problems.add(_("The target is at least 1 person."), field="target")
    if kind == TargetKind.COURSE:
        if course is None:
            problems.add(_("Choose the course."), field="course")
    elif kind == TargetKind.COMPETENCY:
        if competency is not None:
            try:
                competency_by_key(competency, field="competency")
            except ApplicationError as exc:
                problems.add_error(exc)
        if level is None or level < 1:
            problems.add(_("Give the level to reach."), field="level")
    elif kind is not None:
        problems.add(_("Unknown kind of target."), field="kind")
    problems.raise_if_any()


@dataclass(frozen=True)
class Progress:
    reached: int
    goal: int
    per_month: float
    forecast: int
    on_track: bool

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.reached / self.goal)) if self.goal else 0


PACE_DAYS = 90


def target_progress(target: TrainingTarget, *, today: dt.date | None = None) -> Progress:
    """People counted now; the pace over the last 90 days (people who reached it in that
    time); the number expected by the due date at that pace."""
    from cadre.people.selectors import counted_within

    today = today or timezone.localdate()
    # The people who count in the organisation's subtree (docs/registry.md), as everywhere.
    people = counted_within(Employee.objects.all(), target.organisation.path)
    inside = Q(employee__in=people.values("pk"))
    since = today - dt.timedelta(days=PACE_DAYS)
    if target.kind == TargetKind.COURSE:
        valid = Certificate.objects.filter(
            inside, course=target.course, revoked_at__isnull=True, employee__is_active=True
        ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        reached = valid.values("employee").distinct().count()
        recent = valid.filter(issued_on__gt=since).values("employee").distinct().count()
    else:
        reached = Proficiency.objects.filter(
            inside,
            framework=target.framework,
            code=target.code,
            level__gte=target.level,
            employee__is_active=True,
        ).count()
        recent = Evidence.objects.filter(
            inside,
            framework=target.framework,
            code=target.code,
            level__gte=target.level,
            observed_at__date__gt=since,
        ).aggregate(n=Count("employee", distinct=True))["n"]
    goal = target.target or people.filter(is_active=True).count()
    per_day = recent / PACE_DAYS
    forecast = reached + round(per_day * max(0, (target.due_on - today).days))
    return Progress(
        reached=reached,
        goal=goal,
        per_month=round(per_day * 30, 1),
        forecast=forecast,
        on_track=forecast >= goal,
    )
