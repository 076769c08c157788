from django.urls import path

from cadre.staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.StaffingTableListView.as_view(), name="staffingtable_list"),
    path("add/", views.StaffingTableEditView.as_view(), name="staffingtable_add"),
    path("<int:pk>/", views.StaffingTableDetailView.as_view(), name="staffingtable_detail"),
    path("<int:pk>/lines/", views.LineAddView.as_view(), name="table_line_add"),
    path(
        "<int:pk>/lines/<int:line>/remove/",
        views.LineRemoveView.as_view(),
        name="table_line_remove",
    ),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="table_approve"),
    path("<int:pk>/t3/", views.T3View.as_view(), name="table_t3"),
    path("limits/", views.StaffingLimitListView.as_view(), name="staffinglimit_list"),
    path("limits/add/", views.StaffingLimitEditView.as_view(), name="staffinglimit_add"),
    path("limits/<int:pk>/", views.StaffingLimitDetailView.as_view(), name="staffinglimit_detail"),
    path("scenarios/", views.ScenarioListView.as_view(), name="scenario_list"),
    path("scenarios/add/", views.ScenarioEditView.as_view(), name="scenario_add"),
    path("scenarios/compare/", views.CompareView.as_view(), name="scenario_compare"),
    path("scenarios/<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario_detail"),
    path("scenarios/<int:pk>/compute/", views.ComputeView.as_view(), name="scenario_compute"),
    path(
        "scenarios/<int:pk>/approve/", views.ScenarioApproveView.as_view(), name="scenario_approve"
    ),
    path("scenarios/<int:pk>/apply/", views.ApplyView.as_view(), name="scenario_apply"),
    path("graduates/", views.GraduateSupplyListView.as_view(), name="graduatesupply_list"),
    path("graduates/add/", views.GraduateSupplyEditView.as_view(), name="graduatesupply_add"),
    path(
        "graduates/<int:pk>/",
        views.GraduateSupplyDetailView.as_view(),
        name="graduatesupply_detail",
    ),
    path(
        "graduates/<int:pk>/edit/",
        views.GraduateSupplyEditView.as_view(),
        name="graduatesupply_edit",
    ),
    path(
        "graduates/<int:pk>/delete/",
        views.GraduateSupplyDeleteView.as_view(),
        name="graduatesupply_delete",
    ),
    path("demand/", views.DemandView.as_view(), name="demand"),
]
