"""Applications and conflicts: a person applies with a project (and a file, within the size
and type limits, stored under a name of Cadre's), the organiser screens the entries and
adds the calibration entry; conflicts between jurors and entries are found from the
records (same body, line manager) or declared (kin, other), and recuse the juror."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.contests.choices import ConflictKind, EntryState, OpenTo
from cadre.contests.models import Application, Category, Contest, Juror, Recusal
from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.permissions import manages
from cadre.core.scoping import require_reach
from cadre.ethics import selectors as ethics

# Project files: the size and the kinds allowed (settings may narrow or widen them).
MAX_FILE_MB = int(getattr(settings, "CADRE_CONTEST_MAX_FILE_MB", 20))
# extension → the bytes a file of that kind starts with
FILE_TYPES: dict[str, tuple[bytes, ...]] = getattr(
    settings,
    "CADRE_CONTEST_FILE_TYPES",
    {
        "pdf": (b"%PDF-",),
        "docx": (b"PK\x03\x04",),
        "pptx": (b"PK\x03\x04",),
        "odt": (b"PK\x03\x04",),
        "png": (b"\x89PNG\r\n\x1a\n",),
        "jpg": (b"\xff\xd8\xff",),
        "jpeg": (b"\xff\xd8\xff",),
    },
)


def max_file_bytes() -> int:
    return MAX_FILE_MB * 1024 * 1024


def file_too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_MB}


def check_file(file: Any) -> str:
    """Refuse a file too large or of a kind not allowed (by its name and its first bytes);
    the extension it is stored with."""
    if file.size > max_file_bytes():
        raise ApplicationError(file_too_large_message(), field="file", code="too_large")
    ext = PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")
    allowed = ", ".join(sorted(FILE_TYPES))
    if ext not in FILE_TYPES:
        raise ApplicationError(
            _("Files of this type are not accepted; send one of: %(types)s.") % {"types": allowed},
            field="file",
            code="file_type",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(magic) for magic in FILE_TYPES[ext]):
        raise ApplicationError(
            _("The file's content is not a .%(ext)s file.") % {"ext": ext},
            field="file",
            code="file_type",
        )
    return ext


def _employee_of(user: Any) -> Any:
    from cadre.people.models import Employee

    return Employee.objects.select_related("organisation").filter(user=user).first()


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    contest: Contest,
    category: Category,
    title: str,
    summary: str,
    file: Any = None,
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Application:
    """A person applies to a published contest, in one of its categories, while
    applications are open, if the contest's eligibility rules let them."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    today = today or timezone.localdate()
    if not contest.published:
        raise ApplicationError(_("This contest is not open for applications."), code="state")
    if today < contest.applications_open:
        raise ApplicationError(
            _("Applications open on %(date)s.") % {"date": contest.applications_open.isoformat()},
            code="too_early",
        )
    if today > contest.applications_close:
        raise ApplicationError(
            _("Applications closed on %(date)s.")
            % {"date": contest.applications_close.isoformat()},
            code="too_late",
        )
    problems = Problems()
    if getattr(category, "contest_id", None) != contest.pk:
        problems.add(
            _("Choose one of this contest's categories."), field="category", code="invalid"
        )
    employee = _employee_of(actor)
    if contest.open_to == OpenTo.EMPLOYEES and employee is None:
        problems.add(_("This contest is open to employees only."), code="ineligible")
    if contest.open_to == OpenTo.EXTERNAL and employee is not None:
        problems.add(_("This contest is open to external candidates only."), code="ineligible")
    too_old = (
        contest.max_age
        and employee is not None
        and _age(employee.birth_date, contest.applications_close) > contest.max_age
    )
    if too_old:
        problems.add(
            _("This contest is open to people aged %(age)s or younger.") % {"age": contest.max_age},
            code="ineligible",
        )
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        problems.add(_("Name your project."), field="title", code="required")
    if not summary:
        problems.add(_("Describe your project."), field="summary", code="required")
    ext = ""
    if file is not None:
        try:
            ext = check_file(file)
        except ApplicationError as exc:
            problems.add_error(exc)
    if (
        Application.objects.filter(contest=contest, applicant=actor, is_calibration=False)
        .exclude(state=EntryState.WITHDRAWN)
        .exists()
    ):
        problems.add(_("You have applied to this contest already."), code="unique")
    problems.raise_if_any()
    entry = Application(
        contest=contest,
        category=category,
        applicant=actor,
        employee=employee,
        body=employee.organisation if employee else None,
        title=title,
        summary=summary,
        submitted_at=timezone.now(),
    )
    if file is not None:
        entry.file_name = PurePath(file.name).name[:255]
        file.name = f"{uuid.uuid4().hex}.{ext}"  # never the sender's name on disk
        entry.file = file
    entry = create_audited(
        actor=actor,
        obj=entry,
        audited=("contest", "category", "title", "file_name"),
        source=source,
    )
    recusals_detect(actor=actor, contest=contest, entry=entry, source=source)
    return entry


@transaction.atomic
def calibration_add(
    *,
    actor: Any,
    category: Category,
    title: str,
    summary: str,
    source: str = AuditSource.WEB,
) -> Application:
    """The organiser's calibration entry of a category: every juror scores it first; it is
    left out of the results."""
    contest = Contest.objects.select_for_update().get(pk=category.contest_id)
    require_reach(actor, Contest, "change", contest.organisation, field=None)
    if Application.objects.filter(category=category, is_calibration=True).exists():
        raise ApplicationError(_("The category has a calibration entry already."), code="unique")
    entry = Application(
        contest=contest,
        category=category,
        applicant=actor,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        is_calibration=True,
        state=EntryState.ADMITTED,
        submitted_at=timezone.now(),
    )
    return create_audited(
        actor=actor, obj=entry, audited=("contest", "category", "title"), source=source
    )


@transaction.atomic
def application_screen(
    *,
    actor: Any,
    application: Application,
    eligible: bool,
    note: str = "",
    source: str = AuditSource.WEB,
) -> Application:
    """The organiser admits an entry to scoring or finds it not eligible (with the reason)."""
    entry = Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    require_reach(actor, Contest, "change", entry.contest.organisation, field=None)
    if entry.state != EntryState.SUBMITTED or entry.is_calibration:
        raise ApplicationError(
            _("Only a submitted entry is screened; this one is %(state)s.")
            % {"state": entry.get_state_display()},
            code="state",
        )
    note = (note or "").strip()
    if not eligible and not note:
        raise ApplicationError(
            _("Say why the entry is not eligible."), field="note", code="required"
        )
    before = entry.state
    entry.state = EntryState.ADMITTED if eligible else EntryState.INELIGIBLE
    entry.screening_note = note
    entry.save(update_fields=["state", "screening_note", "updated_at"])
    audit_record(
        actor=actor,
        action="entry.screen",
        obj=entry,
        changes={"state": [before, entry.state]},
        reason=note,
        source=source,
    )
    return entry


def _found(juror: Juror, body_of_juror: int | None, entry: Application) -> tuple[str, str] | None:
    """A conflict the records show: the juror works in the applicant's body, or manages
    them."""
    if entry.body is None or entry.is_calibration:
        return None
    if body_of_juror is not None and body_of_juror == entry.body_id:
        return ConflictKind.SAME_BODY, str(entry.body)
    if manages(juror.user, entry.body.path):
        return ConflictKind.MANAGER, str(entry.body)
    return None


def recusals_detect(
    *,
    actor: Any,
    contest: Contest,
    entry: Application | None = None,
    juror: Juror | None = None,
    source: str = AuditSource.SYSTEM,
) -> int:
    """Recuse the contest's jurors from the entries the records show a conflict with (only
    ``entry``'s or only ``juror``'s when given); how many recusals were added."""
    from cadre.people.models import Employee

    jurors = Juror.objects.filter(contest=contest).select_related("user")
    if juror is not None:
        jurors = jurors.filter(pk=juror.pk)
    entries = (
        Application.objects.filter(contest=contest, is_calibration=False)
        .exclude(state=EntryState.WITHDRAWN)
        .select_related("body")
    )
    if entry is not None:
        entries = entries.filter(pk=entry.pk)
    by_category: dict[int, list[Application]] = {}
    for row in entries:
        by_category.setdefault(row.category_id, []).append(row)
    jurors_list = list(jurors)
    bodies = dict(
        Employee.objects.filter(user__in=[j.user_id for j in jurors_list]).values_list(
            "user_id", "organisation_id"
        )
    )
    # Relations declared to ethics control (decision 0035) between a juror and an applicant.
    staff = ethics.employees_of_users([j.user_id for j in jurors_list])
    declared = ethics.declared_bulk(
        (staff[j.user_id].pk, row.employee_id)
        for j in jurors_list
        if j.user_id in staff
        for row in by_category.get(j.category_id, [])
        if row.employee_id
    )
    known = set(
        Recusal.objects.filter(juror__contest=contest).values_list("juror_id", "application_id")
    )
    added = 0
    for j in jurors_list:
        for row in by_category.get(j.category_id, []):
            if (j.pk, row.pk) in known:
                continue
            found = _found(j, bodies.get(j.user_id), row)
            relation = (
                declared.get((staff[j.user_id].pk, row.employee_id or 0))
                if (j.user_id in staff)
                else None
            )
            if found is None and relation and not row.is_calibration:
                kind = ConflictKind.KIN if relation == "kin" else ConflictKind.OTHER
                found = kind, ethics.declared_reason(relation)
            if found is not None:
                _recuse(actor, j, row, found[0], found[1], source)
                added += 1
    return added


def _recuse(
    actor: Any, juror: Juror, entry: Application, kind: str, detail: str, source: str
) -> Recusal:
    recusal = Recusal.objects.create(
        juror=juror, application=entry, kind=kind, detail=detail, declared_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="entry.recuse",
        obj=entry,
        changes={"juror": [None, juror.user.username], "conflict": [None, kind]},
        source=source,
    )
    return recusal


@transaction.atomic
def recusal_declare(
    *,
    actor: Any,
    application: Application,
    kind: str,
    detail: str = "",
    source: str = AuditSource.WEB,
) -> Recusal:
    """A juror declares a conflict with an entry of their category (kin, or another
    interest): they are recused from it."""
    juror = Juror.objects.filter(category_id=application.category_id, user=actor).first()
    if juror is None:
        raise ApplicationError(
            _("Only a juror of the entry's category declares a conflict with it."), code="scope"
        )
    if kind not in ConflictKind.values:
        raise ApplicationError(_("Choose the kind of conflict."), field="kind", code="invalid")
    if Recusal.objects.filter(juror=juror, application=application).exists():
        raise ApplicationError(_("You are recused from this entry already."), code="unique")
    if juror.scores.filter(application=application).exists():
        raise ApplicationError(
            _("You have scored this entry; ask the organiser to handle the conflict."),
            code="state",
        )
    return _recuse(actor, juror, application, kind, (detail or "").strip(), source)


def category_missing_message() -> str:
    return _("Choose one of this contest's categories.")


def no_such_user_message() -> str:
    return _("No active account you may name has this id.")


def no_such_contest_message() -> str:
    return _("No published contest has this id.")


def scores_shape_message() -> str:
    return _("Give the scores as {criterion code: score}.")
