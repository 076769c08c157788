from django.urls import path

from cadre.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/pick/", views.UserPickView.as_view(), name="pick"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("roles/", views.RoleAssignmentListView.as_view(), name="roleassignment_list"),
    path("roles/add/", views.RoleAssignmentCreateView.as_view(), name="roleassignment_add"),
    path("roles/<int:pk>/", views.RoleAssignmentDetailView.as_view(), name="roleassignment_detail"),
    path(
        "roles/<int:pk>/delete/",
        views.RoleAssignmentDeleteView.as_view(),
        name="roleassignment_delete",
    ),
]
