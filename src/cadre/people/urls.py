from django.urls import path

from cadre.people import views

app_name = "people"

urlpatterns = [
    path("", views.EmployeeListView.as_view(), name="employee_list"),
    path("add/", views.EmployeeEditView.as_view(), name="employee_add"),
    path("<int:pk>/", views.EmployeeDetailView.as_view(), name="employee_detail"),
    path("<int:pk>/edit/", views.EmployeeEditView.as_view(), name="employee_edit"),
    path("<int:pk>/posts/add/", views.AssignmentAddView.as_view(), name="assignment_add"),
    path(
        "<int:pk>/posts/<int:record>/end/",
        views.AssignmentEndView.as_view(),
        name="assignment_end",
    ),
    path("<int:pk>/education/add/", views.EducationAddView.as_view(), name="education_add"),
    path(
        "<int:pk>/education/<int:record>/delete/",
        views.EducationDeleteView.as_view(),
        name="education_delete",
    ),
    path(
        "<int:pk>/certifications/add/",
        views.CertificationAddView.as_view(),
        name="certification_add",
    ),
    path(
        "<int:pk>/certifications/<int:record>/delete/",
        views.CertificationDeleteView.as_view(),
        name="certification_delete",
    ),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/recount/", views.FiguresRefreshView.as_view(), name="figures_refresh"),
]
