from django.urls import path

from cadre.core import views_imports as imports
from cadre.core import views_pages as pages

app_name = "core"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("audit/", pages.AuditEventListView.as_view(), name="auditevent_list"),
    path("audit/<int:pk>/", pages.AuditEventDetailView.as_view(), name="auditevent_detail"),
    path("audit/verify/", pages.AuditVerifyView.as_view(), name="audit_verify"),
    path("jobs/", pages.JobListView.as_view(), name="job_list"),
    path("jobs/<uuid:pk>/", pages.JobDetailView.as_view(), name="job_detail"),
    path("imports/", imports.ImportView.as_view(), name="import"),
    path(
        "imports/template/<str:kind>.<slug:fmt>",  # kinds may hold a dot: kpi.actuals
        imports.ImportTemplateView.as_view(),
        name="import_template",
    ),
]
