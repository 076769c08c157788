from django.urls import path

from cadre.privacy.views import national, people

app_name = "privacy"

urlpatterns = [
    path("holds/", people.LegalHoldListView.as_view(), name="legalhold_list"),
    path("holds/add/", people.LegalHoldEditView.as_view(), name="legalhold_add"),
    path("holds/<int:pk>/", people.LegalHoldDetailView.as_view(), name="legalhold_detail"),
    path("holds/<int:pk>/edit/", people.LegalHoldEditView.as_view(), name="legalhold_edit"),
    path("holds/<int:pk>/release/", people.LegalHoldReleaseView.as_view(), name="hold_release"),
    path("erasure/", people.ErasureRequestListView.as_view(), name="erasurerequest_list"),
    path("erasure/mine/", people.ErasureMineView.as_view(), name="erasure_mine"),
    path("erasure/add/", people.ErasureRequestEditView.as_view(), name="erasurerequest_add"),
    path(
        "erasure/<int:pk>/",
        people.ErasureRequestDetailView.as_view(),
        name="erasurerequest_detail",
    ),
    path("erasure/<int:pk>/review/", people.ErasureReviewView.as_view(), name="erasure_review"),
    path("exports/", people.DataExportListView.as_view(), name="dataexport_list"),
    path("exports/start/", people.DataExportAddView.as_view(), name="export_start"),
    path("exports/<int:pk>/", people.DataExportDetailView.as_view(), name="dataexport_detail"),
    path(
        "exports/<int:pk>/download/",
        people.DataExportDownloadView.as_view(),
        name="export_download",
    ),
    path("retention/", national.RetentionView.as_view(), name="retention"),
    path("retention/preview/", national.RetentionPreviewView.as_view(), name="retention_preview"),
    path("retention/<int:pk>/", national.RetentionPolicyEditView.as_view(), name="policy_change"),
    path("breaches/", national.BreachListView.as_view(), name="breaches"),
    path("breaches/record/", national.BreachEditView.as_view(), name="breach_record"),
    path("breaches/<int:pk>/", national.BreachDetailView.as_view(), name="breach"),
    path("breaches/<int:pk>/change/", national.BreachEditView.as_view(), name="breach_change"),
]
