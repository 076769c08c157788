"""Pages of people: the list (with its export), a person's file, the edit form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from cadre.core.access import may, visible_ids
from cadre.core.tables import Column, data_column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from cadre.orgs.models import Post
from cadre.people import panels, selectors, services
from cadre.people.choices import AssignmentKind
from cadre.people.filtersets import EmployeeFilterSet
from cadre.people.forms import (
    EmployeeForm,
)
from cadre.people.imports import LEVELS
from cadre.people.models import Assignment, Education, Employee
from cadre.people.privacy import sees_personal_data
from cadre.people.selectors import current_q

NAME = Column("name", _("name"), sort="last_name", link=True, value=str)
PUBLIC_COLUMNS = (
    NAME,
    Column("organisation__name", _("organisation"), sort="organisation__name"),
    Column("current_post", _("post")),
    Column("has_it_specialty", _("IT specialty")),
)
PERSONAL_COLUMNS = (
    Column("personal_id", _("personal identifier")),  # encrypted: not sortable (0038)
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

    def get_history(self, obj: Any, history: Any) -> Any:
        return panels.person_history(self.request.user, obj)

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
        assignments = list(obj.assignments.select_related("post__organisation"))
        return {
            "may_change": may(self.request.user, obj, "change"),
            "person_fields": fields,
            "assignments": assignments,
            # A post's page only for those who may open it (an employee may not).
            "visible_posts": visible_ids(self.request.user, Post, [a.post_id for a in assignments]),
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


class EmployeePickView(LoginRequiredMixin, View):
    """What the person picker offers for ``?q=``: up to 20 people the user may see (JSON;
    ``people.widgets.EmployeePicker``)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        return JsonResponse(
            {"results": selectors.pick(request.user, request.GET.get("q", "")[:100])}
        )
