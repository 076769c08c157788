from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.access import access
from cadre.core.api.viewsets import CadreModelViewSet
from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.orgs.models import Organisation
from cadre.people import services
from cadre.people.api.serializers import (
    AssignmentEndSerializer,
    AssignmentSerializer,
    CertificationSerializer,
    EducationSerializer,
    EmployeeSerializer,
    IndicatorsSerializer,
)
from cadre.people.filtersets import EmployeeFilterSet
from cadre.people.models import Assignment, Certification, Education, Employee
from cadre.people.privacy import sees_personal_data
from cadre.people.selectors import indicators
from cadre.people.views.employees import with_list_annotations


class EmployeeViewSet(CadreModelViewSet):
    """People on the books of organisations in the caller's scope. People are not deleted:
    set ``is_active`` to false when they leave."""

    scoped_model = Employee
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    create_service = services.employee_create
    update_service = services.employee_update
    service_instance_kwarg = "employee"

    def get_queryset(self) -> Any:
        return with_list_annotations(super().get_queryset())

    @property
    def ordering_fields(self) -> list[str]:
        """Ordering by a personal field tells its values as surely as a search: only those
        who see personal data may order by them."""
        request = getattr(self, "request", None)
        if request is not None and not sees_personal_data(request.user):
            return ["last_name"]
        return ["last_name", "birth_date"]  # the identifier is encrypted (decision 0038)


class PersonRecordFilterSet(ScopedFilterSet):
    # By id, not a choice among all people: an id outside the scope simply finds nothing.
    employee = IdFilter(field_name="employee_id")


class _PersonRecordViewSet(CadreModelViewSet):
    """Records of people's files; filter with ``?employee=<id>``."""

    filterset_class = PersonRecordFilterSet


class AssignmentViewSet(_PersonRecordViewSet):
    """Posts held by people over time. A new open main post closes the previous one the day
    before; ``PATCH`` takes only ``end_date``, to close an assignment."""

    scoped_model = Assignment
    serializer_class = AssignmentSerializer
    select_related = ("employee", "post")
    ordering_fields = ["start_date", "end_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = services.assignment_create
    update_service = services.assignment_end
    service_instance_kwarg = "assignment"

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return AssignmentEndSerializer
        return AssignmentSerializer

    @extend_schema(request=AssignmentEndSerializer, responses=AssignmentSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Takes ``end_date`` only; answers the assignment as ``GET`` does."""
        response = super().partial_update(request, *args, **kwargs)
        closed = response.data.serializer.instance
        return Response(AssignmentSerializer(closed, context=self.get_serializer_context()).data)


class EducationViewSet(_PersonRecordViewSet):
    """People's education, each with a specialty from the classifier (by its code)."""

    scoped_model = Education
    serializer_class = EducationSerializer
    select_related = ("specialty",)
    ordering_fields = ["level", "year"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.education_add
    delete_service = services.education_delete
    service_instance_kwarg = "education"


class CertificationViewSet(_PersonRecordViewSet):
    scoped_model = Certification
    serializer_class = CertificationSerializer
    ordering_fields = ["issued_on", "expires_on"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.certification_add
    delete_service = services.certification_delete
    service_instance_kwarg = "certification"


class IndicatorsView(APIView):
    """The registry indicators of an organisation's subtree (``within``), as far as the
    caller may see. Each has a drill-down: the employee list with the same filters."""

    scoped_model = Organisation
    scoped_action = "view"

    @extend_schema(
        parameters=[OpenApiParameter("within", int, required=True)],
        responses=IndicatorsSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("within", "")
        if not raw.isdigit():
            raise ValidationError({"within": ["A whole number (an organisation id) is required."]})
        root = access(Organisation, request.user, int(raw))
        f = indicators(user=request.user, root=root)
        data = {
            "organisation": root.pk,
            **f.__dict__,
            "share_without_it_specialty": f.share_without_it_specialty,
        }
        return Response(IndicatorsSerializer(data).data)
