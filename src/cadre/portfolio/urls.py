from django.urls import path

from cadre.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("", views.SystemListView.as_view(), name="system_list"),
    path("add/", views.SystemEditView.as_view(), name="system_add"),
    path("<int:pk>/", views.SystemDetailView.as_view(), name="system_detail"),
    path("<int:pk>/edit/", views.SystemEditView.as_view(), name="system_edit"),
    path("<int:pk>/delete/", views.SystemDeleteView.as_view(), name="system_delete"),
    path("<int:pk>/approve-start/", views.ApproveStartView.as_view(), name="approve_start"),
    path("start-policy/", views.StartPolicyView.as_view(), name="start_policy"),
    path("overlaps/", views.OverlapListView.as_view(), name="overlap_list"),
    path("overlaps/run/", views.RunView.as_view(), name="overlap_run"),
    path("overlaps/<int:pk>/", views.OverlapDetailView.as_view(), name="overlap_detail"),
    path("overlaps/<int:pk>/decide/", views.DecideView.as_view(), name="overlap_decide"),
]
