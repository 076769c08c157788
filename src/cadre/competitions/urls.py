from django.urls import path

from cadre.competitions import views

app_name = "competitions"

C = views.CompetitionActionView
A = views.ApplicationActionView

urlpatterns = [
    path("", views.CompetitionListView.as_view(), name="competition_list"),
    path("add/", views.CompetitionEditView.as_view(), name="competition_add"),
    path("<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"),
    path("<int:pk>/edit/", views.CompetitionEditView.as_view(), name="competition_edit"),
    path("<int:pk>/apply/", views.ApplyView.as_view(), name="competition_apply"),
    path("<int:pk>/advance/", C.as_view(action="advance"), name="competition_advance"),
    path("<int:pk>/commission/", C.as_view(action="commission"), name="competition_commission"),
    path("<int:pk>/attendance/", C.as_view(action="attendance"), name="competition_attendance"),
    path("<int:pk>/decide/", C.as_view(action="decide"), name="competition_decide"),
    path("<int:pk>/appoint/", C.as_view(action="appoint"), name="competition_appoint"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path("applications/<int:pk>/check/", A.as_view(action="check"), name="application_check"),
    path("applications/<int:pk>/test/", A.as_view(action="test"), name="application_test"),
    path("applications/<int:pk>/score/", A.as_view(action="score"), name="application_score"),
    path("applications/<int:pk>/recuse/", A.as_view(action="recuse"), name="application_recuse"),
    path("applications/<int:pk>/reserve/", A.as_view(action="reserve"), name="application_reserve"),
]
