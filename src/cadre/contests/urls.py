from django.urls import path

from cadre.contests import views

app_name = "contests"

urlpatterns = [
    path("", views.ContestListView.as_view(), name="contest_list"),
    path("add/", views.ContestEditView.as_view(), name="contest_add"),
    path("calls/", views.CallListView.as_view(), name="calls"),
    path("<int:pk>/", views.ContestDetailView.as_view(), name="contest_detail"),
    path("<int:pk>/edit/", views.ContestEditView.as_view(), name="contest_edit"),
    path("<int:pk>/delete/", views.ContestDeleteView.as_view(), name="contest_delete"),
    path("<int:pk>/apply/", views.ApplyView.as_view(), name="contest_apply"),
    *[
        path(f"<int:pk>/{part}/", views.ContestSetupView.as_view(part=part), name=f"contest_{part}")
        for part in ("category", "criterion", "juror", "calibration", "results")
    ],
    path("entries/", views.ApplicationListView.as_view(), name="application_list"),
    path("entries/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("entries/<int:pk>/file/", views.ApplicationFileView.as_view(), name="application_file"),
    *[
        path(
            f"entries/<int:pk>/{action}/",
            views.ApplicationActionView.as_view(action=action),
            name=f"application_{action}",
        )
        for action in ("score", "declare", "screen")
    ],
]
