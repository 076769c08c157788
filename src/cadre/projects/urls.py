from django.urls import path

from cadre.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("portfolio/", views.PortfolioView.as_view(), name="portfolio"),
    path("add/", views.ProjectEditView.as_view(), name="project_add"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/members/", views.ProjectPartView.as_view(part="member"), name="project_member"),
    path("<int:pk>/kpis/", views.ProjectPartView.as_view(part="kpi"), name="project_kpi"),
    path(
        "<int:pk>/milestones/",
        views.ProjectPartView.as_view(part="milestone"),
        name="project_milestone",
    ),
    path(
        "<int:pk>/it-system/",
        views.ProjectPartView.as_view(part="system"),
        name="project_it_system",
    ),
    path("<int:pk>/state/", views.ProjectPartView.as_view(part="state"), name="project_state"),
    path("milestones/<int:pk>/close/", views.MilestoneCloseView.as_view(), name="milestone_close"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/add/", views.ProgrammeEditView.as_view(), name="programme_add"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme_edit"),
    path(
        "programmes/<int:pk>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="programme_delete",
    ),
]
