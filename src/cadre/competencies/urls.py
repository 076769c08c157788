from django.urls import path, re_path

from cadre.competencies.views import frameworks, standards

app_name = "competencies"

urlpatterns = [
    path("", frameworks.FrameworkListView.as_view(), name="framework_list"),
    path("import/", frameworks.FrameworkImportView.as_view(), name="framework_import"),
    path("<int:pk>/", frameworks.FrameworkDetailView.as_view(), name="framework_detail"),
    path("versions/<int:pk>/", frameworks.VersionDetailView.as_view(), name="version_detail"),
    re_path(
        r"^versions/(?P<pk>[0-9]+)/export\.(?P<fmt>json|csv|xlsx)$",
        frameworks.VersionExportView.as_view(),
        name="version_export",
    ),
    path(
        "versions/<int:pk>/publish/",
        frameworks.VersionPublishView.as_view(),
        name="version_publish",
    ),
    path("standards/", standards.PositionProfileListView.as_view(), name="positionprofile_list"),
    path("standards/add/", standards.PositionProfileEditView.as_view(), name="positionprofile_add"),
    path(
        "standards/<int:pk>/",
        standards.PositionProfileDetailView.as_view(),
        name="positionprofile_detail",
    ),
    path(
        "standards/<int:pk>/edit/",
        standards.PositionProfileEditView.as_view(),
        name="positionprofile_edit",
    ),
    path(
        "standards/<int:pk>/delete/",
        standards.PositionProfileDeleteView.as_view(),
        name="positionprofile_delete",
    ),
    path(
        "standards/<int:pk>/versions/add/",
        standards.ProfileVersionAddView.as_view(),
        name="profileversion_add",
    ),
    path(
        "standards/versions/<int:pk>/in-force/",
        standards.ProfileVersionInForceView.as_view(),
        name="profileversion_in_force",
    ),
    path("standards/<int:pk>/posts/", standards.ProfilePostsView.as_view(), name="profile_posts"),
]
