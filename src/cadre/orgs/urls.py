from django.urls import path

from cadre.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("pick/", views.OrganisationPickView.as_view(), name="pick"),
    path("add/", views.OrganisationEditView.as_view(), name="organisation_add"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/edit/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("<int:pk>/delete/", views.OrganisationDeleteView.as_view(), name="organisation_delete"),
    path("posts/", views.PostListView.as_view(), name="post_list"),
    path("posts/add/", views.PostEditView.as_view(), name="post_add"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<int:pk>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("posts/<int:pk>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
]
