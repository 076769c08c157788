from django.urls import path

from cadre.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("public/", views.public_scores, name="public_scores"),
]
