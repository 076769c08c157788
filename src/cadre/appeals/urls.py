from django.urls import path

from cadre.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.AppealListView.as_view(), name="appeal_list"),
    path("<int:pk>/", views.AppealDetailView.as_view(), name="appeal_detail"),
    path("lines/<int:pk>/", views.AppealFileView.as_view(), name="appeal_file"),
    path("<int:pk>/admit/", views.AppealActionView.as_view(action="admit"), name="appeal_admit"),
    path("<int:pk>/decide/", views.AppealActionView.as_view(action="decide"), name="appeal_decide"),
    path(
        "<int:pk>/withdraw/",
        views.AppealActionView.as_view(action="withdraw"),
        name="appeal_withdraw",
    ),
]
