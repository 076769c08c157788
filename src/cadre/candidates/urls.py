from django.urls import path

from cadre.candidates import views

app_name = "candidates"

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/sent/", views.SignupDoneView.as_view(), name="signup_done"),
    path("signup/resend/", views.ResendView.as_view(), name="resend"),
    path("verify/<str:token>/", views.VerifyView.as_view(), name="verify"),
    path("me/", views.ProfileView.as_view(), name="profile"),
    path("me/close/", views.CloseView.as_view(), name="close"),
]
