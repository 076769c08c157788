from django.urls import path

from cadre.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<int:pk>/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/evenness/", views.EvennessView.as_view(), name="evenness"),
    path("<int:pk>/evenness/rows/", views.RowsView.as_view(), name="rows"),
    path("reports/", views.ReportsView.as_view(), name="reports"),
    path("reports/<int:pk>/file/", views.ReportFileView.as_view(), name="report_file"),
]
