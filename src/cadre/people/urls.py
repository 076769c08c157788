from django.urls import path

from cadre.people.views import dashboard, employees, records

app_name = "people"

urlpatterns = [
    path("", employees.EmployeeListView.as_view(), name="employee_list"),
    path("add/", employees.EmployeeEditView.as_view(), name="employee_add"),
    path("pick/", employees.EmployeePickView.as_view(), name="pick"),
    path("<int:pk>/", employees.EmployeeDetailView.as_view(), name="employee_detail"),
    path("<int:pk>/edit/", employees.EmployeeEditView.as_view(), name="employee_edit"),
    path("<int:pk>/posts/add/", records.AssignmentAddView.as_view(), name="assignment_add"),
    path(
        "<int:pk>/posts/<int:record>/end/",
        records.AssignmentEndView.as_view(),
        name="assignment_end",
    ),
    path("<int:pk>/education/add/", records.EducationAddView.as_view(), name="education_add"),
    path(
        "<int:pk>/education/<int:record>/delete/",
        records.EducationDeleteView.as_view(),
        name="education_delete",
    ),
    path(
        "<int:pk>/certifications/add/",
        records.CertificationAddView.as_view(),
        name="certification_add",
    ),
    path(
        "<int:pk>/certifications/<int:record>/delete/",
        records.CertificationDeleteView.as_view(),
        name="certification_delete",
    ),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/recount/", dashboard.FiguresRefreshView.as_view(), name="figures_refresh"),
]
