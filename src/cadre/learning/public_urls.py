from django.urls import path

from cadre.learning import views

app_name = "learning_public"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:identifier>/", views.verify, name="verify"),
]
