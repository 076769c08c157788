from django.urls import path

from cadre.competitions import views

app_name = "competitions_public"

urlpatterns = [
    path("", views.announcements, name="announcements"),
    path("<int:pk>/", views.announcement, name="announcement"),
]
