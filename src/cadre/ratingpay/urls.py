from django.urls import path

from cadre.ratingpay import views

app_name = "ratingpay"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="policy_list"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("<int:pk>/", views.PolicyDetailView.as_view(), name="policy_detail"),
    path("<int:pk>/review/<int:employee>/", views.ReviewView.as_view(), name="review"),
]
