from django.urls import path

from cadre.identity import views

app_name = "identity"

urlpatterns = [
    path("<str:name>/start/", views.start, name="start"),
    path("<str:name>/callback/", views.callback, name="callback"),
]
