"""Pages that add to or remove from a person's file: posts held, education, certifications.
Each change needs its reason."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.reasons import FIELD as REASON
from cadre.core.reasons import ReasonForm, add_reason_field
from cadre.core.shortcuts import get_object_or_404
from cadre.core.views import (
    ScopedViewMixin,
    apply_application_error,
    check_form,
    form_reason,
)
from cadre.people import services
from cadre.people.forms import (
    AssignmentEndForm,
    AssignmentForm,
    CertificationForm,
    EducationForm,
)
from cadre.people.models import Assignment, Certification, Education, Employee


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
