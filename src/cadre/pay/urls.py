from django.urls import path

from cadre.pay import views

app_name = "pay"

urlpatterns: list = []
