from django.urls import path

from cadre.mfa import views

app_name = "mfa"

urlpatterns = [
    path("", views.StatusView.as_view(), name="status"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("reset/", views.ResetView.as_view(), name="reset"),
]
