from django.urls import path

from cadre.kpi import views

app_name = "kpi"

urlpatterns = [
    path("", views.DefinitionListView.as_view(), name="definition_list"),
    path("mine/", views.MyKpisView.as_view(), name="mine"),
    path("periods/", views.PeriodsView.as_view(), name="periods"),
    path("definitions/add/", views.DefinitionEditView.as_view(), name="definition_add"),
    path("definitions/<int:pk>/", views.DefinitionDetailView.as_view(), name="definition_detail"),
    path("definitions/<int:pk>/edit/", views.DefinitionEditView.as_view(), name="definition_edit"),
    path(
        "definitions/<int:pk>/revise/",
        views.DefinitionReviseView.as_view(),
        name="definition_revise",
    ),
    path(
        "definitions/<int:pk>/delete/",
        views.DefinitionDeleteView.as_view(),
        name="definition_delete",
    ),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/add/", views.AssignmentEditView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("assignments/<int:pk>/edit/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path(
        "assignments/<int:pk>/delete/",
        views.AssignmentDeleteView.as_view(),
        name="assignment_delete",
    ),
    path("actuals/", views.ActualListView.as_view(), name="actual_list"),
    path("actuals/add/", views.ActualAddView.as_view(), name="actual_add"),
    path("actuals/<int:pk>/", views.ActualDetailView.as_view(), name="actual_detail"),
    path("actuals/<int:pk>/evidence/", views.ActualEvidenceView.as_view(), name="actual_evidence"),
    path("actuals/<int:pk>/delete/", views.ActualDeleteView.as_view(), name="actual_delete"),
    path("achievements/", views.AchievementListView.as_view(), name="achievement_list"),
    path(
        "achievements/<int:pk>/",
        views.AchievementDetailView.as_view(),
        name="achievement_detail",
    ),
]
