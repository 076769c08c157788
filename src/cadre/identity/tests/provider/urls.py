from django.contrib.auth import views as auth_views
from django.urls import include, path

from cadre.identity.tests.provider import views

urlpatterns = [
    path("o/token/", views.token),  # before the toolkit's own, to spoil it on request
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("test/setup", views.setup),
    path("test/fault", views.fault),
]
