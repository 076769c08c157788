from django.urls import path, re_path

from cadre.competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="framework_list"),
    path("import/", views.FrameworkImportView.as_view(), name="framework_import"),
    path("<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    re_path(
        r"^versions/(?P<pk>[0-9]+)/export\.(?P<fmt>json|csv|xlsx)$",
        views.VersionExportView.as_view(),
        name="version_export",
    ),
    path("versions/<int:pk>/publish/", views.VersionPublishView.as_view(), name="version_publish"),
    path("standards/", views.PositionProfileListView.as_view(), name="positionprofile_list"),
    path("standards/add/", views.PositionProfileEditView.as_view(), name="positionprofile_add"),
    path(
        "standards/<int:pk>/",
        views.PositionProfileDetailView.as_view(),
        name="positionprofile_detail",
    ),
    path(
        "standards/<int:pk>/edit/",
        views.PositionProfileEditView.as_view(),
        name="positionprofile_edit",
    ),
    path(
        "standards/<int:pk>/delete/",
        views.PositionProfileDeleteView.as_view(),
        name="positionprofile_delete",
    ),
    path(
        "standards/<int:pk>/versions/add/",
        views.ProfileVersionAddView.as_view(),
        name="profileversion_add",
    ),
    path(
        "standards/versions/<int:pk>/in-force/",
        views.ProfileVersionInForceView.as_view(),
        name="profileversion_in_force",
    ),
    path("standards/<int:pk>/posts/", views.ProfilePostsView.as_view(), name="profile_posts"),
]
