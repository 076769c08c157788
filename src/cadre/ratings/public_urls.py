"""The citizen's short link at the root of the site: ``/r/<token>/``."""

from django.urls import path

from cadre.ratings import views

app_name = "rate"

urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    path("<str:token>/", views.RateView.as_view(), name="rate"),
]
