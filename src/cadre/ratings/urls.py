from django.urls import path

from cadre.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("mine/", views.my_rating, name="mine"),
    path("public/", views.public_scores, name="public_scores"),
    path("public/<int:pk>/", views.public_body, name="public_body"),
    path("comments/", views.CommentsView.as_view(), name="comments"),
    path("held/", views.HeldView.as_view(), name="held"),
    path(
        "held/<int:pk>/decide/",
        views.RatingActionView.as_view(action="review"),
        name="rating_review",
    ),
    path("points/", views.ServicePointListView.as_view(), name="servicepoint_list"),
    path("points/add/", views.ServicePointEditView.as_view(), name="servicepoint_add"),
    path("points/<int:pk>/", views.ServicePointDetailView.as_view(), name="servicepoint_detail"),
    path("points/<int:pk>/edit/", views.ServicePointEditView.as_view(), name="servicepoint_edit"),
    path(
        "points/<int:pk>/delete/",
        views.ServicePointDeleteView.as_view(),
        name="servicepoint_delete",
    ),
    path("service-types/", views.ServiceTypeListView.as_view(), name="servicetype_list"),
    path("service-types/add/", views.ServiceTypeEditView.as_view(), name="servicetype_add"),
    path(
        "service-types/<int:pk>/",
        views.ServiceTypeDetailView.as_view(),
        name="servicetype_detail",
    ),
    path(
        "service-types/<int:pk>/edit/",
        views.ServiceTypeEditView.as_view(),
        name="servicetype_edit",
    ),
    path(
        "service-types/<int:pk>/delete/",
        views.ServiceTypeDeleteView.as_view(),
        name="servicetype_delete",
    ),
    path(
        "comments/<int:pk>/moderate/",
        views.RatingActionView.as_view(action="moderate"),
        name="comment_moderate",
    ),
    path(
        "comments/<int:pk>/answer/",
        views.RatingActionView.as_view(action="answer"),
        name="comment_answer",
    ),
]
