from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from cadre.accounts.roles import can
from cadre.core.access import access, may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.fields import path_ids
from cadre.core.reasons import FIELD as REASON
from cadre.core.reasons import ReasonForm, add_reason_field
from cadre.core.services import job_create
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column, data_column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
    check_form,
    form_reason,
)
from cadre.orgs.models import Organisation
from cadre.people import selectors, services
from cadre.people.choices import AssignmentKind, EducationLevel
from cadre.people.filtersets import EmployeeFilterSet
from cadre.people.forms import (
    AssignmentEndForm,
    AssignmentForm,
    CertificationForm,
    EducationForm,
    EmployeeForm,
)
from cadre.people.imports import LEVELS
from cadre.people.models import Assignment, Certification, Education, Employee
from cadre.people.privacy import sees_personal_data
from cadre.people.selectors import current_q, indicator_breakdown

NAME = Column("name", _("name"), sort="last_name", link=True, value=str)
PUBLIC_COLUMNS = (
    NAME,
    Column("organisation__name", _("organisation"), sort="organisation__name"),
    Column("current_post", _("post")),
    Column("has_it_specialty", _("IT specialty")),
)
PERSONAL_COLUMNS = (
    Column("personal_id", _("personal identifier"), sort="personal_id"),
    Column("birth_date", _("birth date"), sort="birth_date"),
)


def _main_post(person: Employee) -> Assignment | None:
    """The main post in force, the latest first (``selectors.main_posts_in_force``)."""
    main = [a for a in person.export_in_force if a.kind == AssignmentKind.MAIN]  # type: ignore[attr-defined]
    return max(main, key=lambda a: (a.start_date, a.pk), default=None)


def _education(person: Employee) -> Education | None:
    """The education record the export carries: the highest IT-specialty one, or the highest
    one when none is in an IT specialty (so that the figures built on education, which ask
    whether any is IT and how high the highest IT one is, can be counted from the file)."""
    records = person.export_education  # type: ignore[attr-defined]
    return max(records, key=lambda e: (e.specialty.is_it, e.level, e.pk), default=None)


def _concurrent_codes(person: Employee) -> str:
    concurrent = [a for a in person.export_in_force if a.kind == AssignmentKind.CONCURRENT]  # type: ignore[attr-defined]
    return ";".join(sorted({a.post.code for a in concurrent}))


def _of(record: Any, attr: str) -> Any:
    return getattr(record, attr) if record is not None else None


_LEVEL_NAMES = {value: name for name, value in LEVELS.items()}
# The export: the file the people import takes (``people.imports.PeopleImport``), every
# reference by its code, then what the figures use and the import ignores: in service,
# the concurrent posts in force, and whether any education is in an IT specialty.
# ``people.tests.test_export`` holds the names to the import's.
PERSONAL_EXPORT = ("personal_id", "birth_date", "email", "phone")
EXPORT_COLUMNS = (
    data_column("personal_id"),
    data_column("last_name"),
    data_column("first_name"),
    data_column("middle_name"),
    data_column("birth_date"),
    data_column("gender"),
    data_column("email"),
    data_column("phone"),
    data_column("organisation_code", lambda e: e.organisation.code),
    data_column("post_code", lambda e: _of(_of(_main_post(e), "post"), "code")),
    data_column("post_start", lambda e: _of(_main_post(e), "start_date")),
    data_column("education_level", lambda e: _LEVEL_NAMES.get(_of(_education(e), "level"))),
    data_column("specialty_code", lambda e: _of(_of(_education(e), "specialty"), "code")),
    data_column("institution", lambda e: _of(_education(e), "institution")),
    data_column("graduation_year", lambda e: _of(_education(e), "year")),
    data_column("is_active"),
    data_column("concurrent_post_codes", _concurrent_codes),
    data_column("it_specialty", lambda e: any(r.specialty.is_it for r in e.export_education)),
)


def with_list_annotations(qs: Any) -> Any:
    """Current main post and IT specialty for each row, in the same query (no N+1)."""
    post = Assignment.objects.filter(
        current_q(), employee=OuterRef("pk"), kind=AssignmentKind.MAIN
    ).values("post__title")[:1]
    it = Education.objects.filter(employee=OuterRef("pk"), specialty__is_it=True)
    return qs.annotate(current_post=Subquery(post), has_it_specialty=Exists(it))


class EmployeeListView(ObjectListView):
    model = Employee
    filterset_class = EmployeeFilterSet
    select_related = ("organisation",)
    default_sort = "last_name"

    def base_queryset(self, action: str = "view") -> Any:
        return with_list_annotations(super().base_queryset(action))

    def sort(self, qs: Any, key: str) -> Any:
        """Search results that are not too many are sorted by an expression no index
        provides, so that PostgreSQL looks the matches up instead of walking the name index
        past a million rows to reach them (see ``EmployeeFilterSet.search``)."""
        few = getattr(self.filterset, "few_matches", False)
        if not few or key.lstrip("-") != "last_name":
            return super().sort(qs, key)
        name = Lower(key.lstrip("-"))
        return qs.order_by(name.desc() if key.startswith("-") else name.asc(), "pk")

    def get_columns(self) -> Any:
        if sees_personal_data(self.request.user):
            return (NAME, *PERSONAL_COLUMNS, *PUBLIC_COLUMNS[1:])
        return PUBLIC_COLUMNS

    def get_export_columns(self) -> Any:
        """Without personal data (decision 0007) the export is no import file: it lacks the
        identifier, the key of the people import."""
        if sees_personal_data(self.request.user):
            return EXPORT_COLUMNS
        return tuple(c for c in EXPORT_COLUMNS if c.name not in PERSONAL_EXPORT)

    def export_queryset(self, qs: Any) -> Any:
        return selectors.with_export_records(qs)


class EmployeeDetailView(ObjectDetailView):
    model = Employee
    select_related = ("organisation",)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        personal = sees_personal_data(self.request.user, obj)
        fields = [
            (_("organisation"), obj.organisation.name),
            (_("gender"), obj.get_gender_display()),
            (_("in service"), _("yes") if obj.is_active else _("no")),
        ]
        if personal:
            fields[:0] = [
                (_("personal identifier"), obj.personal_id),
                (_("birth date"), obj.birth_date),
                (_("email"), obj.email),
                (_("phone"), obj.phone),
            ]
        return {
            "may_change": may(self.request.user, obj, "change"),
            "person_fields": fields,
            "assignments": obj.assignments.select_related("post__organisation"),
            "education": obj.education.select_related("specialty"),
            "certifications": obj.certifications.all(),
        }


class EmployeeEditView(ObjectEditView):
    model = Employee
    form_class = EmployeeForm
    create_service = services.employee_create
    update_service = services.employee_update
    create_check = services.employee_create_check
    update_check = services.employee_update_check
    service_instance_kwarg = "employee"


class PersonRecordView(ScopedViewMixin, View):
    """Add to a person's file (a post, education, a certification) or change one of its
    records (end a post), through the service, which checks the scope and audits. The
    person decides the scope: outside the view scope 404, without ``change`` 403. The form
    asks for the reason, required where the record's model says (``cadre.core.reasons``)."""

    model = Employee
    select_related = ("organisation",)
    form_class: ClassVar[Any]
    record_model: ClassVar[Any]  # the model of the record added or changed
    service: ClassVar[Any]
    check: ClassVar[Any] = None  # the service's rules a form cannot check (``check_form``)
    record_kwarg: ClassVar[str] = ""  # the service's name for the record, when changing one
    records: ClassVar[str] = ""  # the person's related name of such records
    title: ClassVar[Any]
    anchor: ClassVar[str]

    def _record(self, person: Employee) -> Any:
        if not self.record_kwarg:
            return None
        return get_object_or_404(getattr(person, self.records), pk=self.kwargs["record"])

    def get(self, request: HttpRequest, pk: int, record: int | None = None) -> HttpResponse:
        person = self.get_object("change")
        self._record(person)
        return self._render(person, self._form())

    def _form(self, *args: Any) -> Any:
        form = self.form_class(*args, user=self.request.user)
        action = "change" if self.record_kwarg else "add"
        return add_reason_field(form, model=self.record_model, action=action)

    def post(self, request: HttpRequest, pk: int, record: int | None = None) -> HttpResponse:
        person = self.get_object("change")
        target = self._record(person)
        form = self._form(request.POST)
        kwargs = {self.record_kwarg: target} if target is not None else {"employee": person}
        if check_form(form, type(self).check, actor=request.user, **kwargs):
            data, reason = form_reason(form)
            try:
                type(self).service(
                    actor=request.user, source=AuditSource.WEB, reason=reason, **kwargs, **data
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": person})
                return HttpResponseRedirect(f"{person.get_absolute_url()}#{self.anchor}")
        return self._render(person, form, status=400)

    def _render(self, person: Employee, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "people/record_form.html",
            {"person": person, "form": form, "title": self.title, "anchor": self.anchor},
            status=status,
        )


class AssignmentAddView(PersonRecordView):
    form_class = AssignmentForm
    record_model = Assignment
    service = services.assignment_create
    check = services.assignment_create_check
    title = _("Put in a post")
    anchor = "posts-h"


class AssignmentEndView(PersonRecordView):
    form_class = AssignmentEndForm
    record_model = Assignment
    service = services.assignment_end
    record_kwarg = "assignment"
    records = "assignments"
    title = _("End the assignment")
    anchor = "posts-h"


class EducationAddView(PersonRecordView):
    form_class = EducationForm
    record_model = Education
    service = services.education_add
    title = _("Add education")
    anchor = "edu-h"


class CertificationAddView(PersonRecordView):
    form_class = CertificationForm
    record_model = Certification
    service = services.certification_add
    title = _("Add a certification")
    anchor = "cert-h"


class PersonRecordDeleteView(ScopedViewMixin, View):
    """Remove an education or certification record entered by mistake, after a page that
    asks why (the reason is required, ``cadre.core.reasons``)."""

    model = Employee
    select_related = ("organisation",)
    service: ClassVar[Any]
    record_kwarg: ClassVar[str]
    records: ClassVar[str]
    anchor: ClassVar[str]

    def _target(self, record: int) -> tuple[Employee, Any]:
        person = self.get_object("change")
        return person, get_object_or_404(getattr(person, self.records), pk=record)

    def get(self, request: HttpRequest, pk: int, record: int) -> HttpResponse:
        person, target = self._target(record)
        return self._render(person, target, ReasonForm(model=target, action="delete"))

    def post(self, request: HttpRequest, pk: int, record: int) -> HttpResponse:
        person, target = self._target(record)
        form = ReasonForm(request.POST, model=target, action="delete")
        if form.is_valid():
            try:
                type(self).service(
                    actor=request.user,
                    source=AuditSource.WEB,
                    reason=form.cleaned_data[REASON],
                    **{self.record_kwarg: target},
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Deleted: %(object)s") % {"object": target})
                return HttpResponseRedirect(f"{person.get_absolute_url()}#{self.anchor}")
        return self._render(person, target, form, status=400)

    def _render(self, person: Employee, target: Any, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "people/record_form.html",
            {
                "person": person,
                "form": form,
                "title": _("Remove “%(record)s”") % {"record": target},
                "anchor": self.anchor,
                "remove": True,
            },
            status=status,
        )


class EducationDeleteView(PersonRecordDeleteView):
    service = services.education_delete
    record_kwarg = "education"
    records = "education"
    anchor = "edu-h"


class CertificationDeleteView(PersonRecordDeleteView):
    service = services.certification_delete
    record_kwarg = "certification"
    records = "certifications"
    anchor = "cert-h"


class DashboardView(LoginRequiredMixin, View):
    """The registry indicators of one organisation's subtree, each a link to its rows,
    with the same figures for each organisation directly under it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        visible = Organisation.objects.restrict(user, "view")
        raw = request.GET.get("within")
        root = access(Organisation, user, raw) if raw else visible.order_by("depth", "path").first()
        if root is None:
            return render(request, "people/dashboard.html", {"root": None})
        under = list(visible.filter(parent=root).order_by("name")[:200])
        figures, per_child = indicator_breakdown(user=user, root=root, children=under)
        children = list(zip(under, per_child, strict=True))
        return render(
            request,
            "people/dashboard.html",
            {
                "root": root,
                "ancestors": visible.filter(pk__in=_ancestor_ids(root)).order_by("depth"),
                "figures": figures,
                "cards": _cards(root, figures),
                "levels": _levels(root, figures),
                "children": children,
                "max_it": max([f.it_headcount for _, f in children] or [0]) or 1,
                "may_refresh": can(user, "people.employee", "add"),
            },
        )


class FiguresRefreshView(LoginRequiredMixin, View):
    """Start a recount of the stored dashboard figures (for those who keep records)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "people.employee", "add"):
            raise PermissionDenied
        job = job_create(actor=request.user, kind="people.figures_refresh")
        return HttpResponseRedirect(job.get_absolute_url())


def _ancestor_ids(org: Organisation) -> list[int]:
    return path_ids(org.path)[:-1]


def _people(root: Organisation, **params: str | int) -> str:
    return (
        reverse("people:employee_list")
        + "?"
        + urlencode({"within": str(root.pk), **{k: str(v) for k, v in params.items()}})
    )


def _cards(root: Organisation, f: Any) -> list[tuple[Any, Any, str, Any]]:
    """Each figure with its label, the link to exactly the rows it counts (the same query,
    see ``selectors.PEOPLE_FIGURES``) and, where useful, a note on what those rows are."""
    share = f.share_without_it_specialty
    orgs = reverse("orgs:organisation_list")
    posts = reverse("orgs:post_list")
    within = str(root.pk)
    return [
        (_("Headcount"), f.headcount, _people(root, figure="headcount"), None),
        (_("IT-unit staff"), f.it_headcount, _people(root, figure="it_headcount"), None),
        (
            _("IT staff without an IT specialty"),
            f"{f.it_without_it_specialty}" + (f" ({share:.1%})" if share is not None else ""),
            _people(root, figure="it_without_it_specialty"),
            None,
        ),
        (
            _("IT units with nobody qualified"),
            f.it_units_without_specialist,
            f"{orgs}?{urlencode({'within': within, 'without_it_specialist': 'true'})}",
            None,
        ),
        (
            _("Vacant places"),
            f.vacancies,
            f"{posts}?{urlencode({'within': within, 'vacant': 'true'})}",
            ngettext("in %(posts)d post", "in %(posts)d posts", f.posts_with_vacancies)
            % {"posts": f.posts_with_vacancies},
        ),
        (
            _("Concurrent IT duties"),
            f.concurrent_it_duties,
            _people(root, figure="concurrent_it_duties"),
            None,
        ),
        (
            _("Bodies with a digital lead"),
            f.bodies_with_digital_lead,
            f"{orgs}?{urlencode({'within': within, 'with_digital_lead': 'true'})}",
            None,
        ),
    ]


def _levels(root: Organisation, f: Any) -> list[tuple[Any, int, int, str]]:
    biggest = max([*f.it_by_level.values(), f.it_without_it_specialty, 1])
    rows = [
        (
            label,
            f.it_by_level.get(value, 0),
            int(100 * f.it_by_level.get(value, 0) / biggest),
            _people(root, figure=f"it_level_{value}"),
        )
        for value, label in EducationLevel.choices
    ]
    rows.append(
        (
            _("No IT specialty"),
            f.it_without_it_specialty,
            int(100 * f.it_without_it_specialty / biggest),
            _people(root, figure="it_without_it_specialty"),
        )
    )
    return rows
