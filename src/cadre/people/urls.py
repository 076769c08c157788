from django.urls import path

from cadre.people import views

app_name = "people"

urlpatterns = [
    path("", views.EmployeeListView.as_view(), name="employee_list"),
    path("add/", views.EmployeeEditView.as_view(), name="employee_add"),
    path("<int:pk>/", views.EmployeeDetailView.as_view(), name="employee_detail"),
    path("<int:pk>/edit/", views.EmployeeEditView.as_view(), name="employee_edit"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/recount/", views.FiguresRefreshView.as_view(), name="figures_refresh"),
]
