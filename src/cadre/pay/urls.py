from django.urls import path

from cadre.pay import views

app_name = "pay"

urlpatterns = [
    path("", views.FundListView.as_view(), name="fund_list"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("funds/<int:pk>/", views.FundDetailView.as_view(), name="fund_detail"),
    path("funds/<int:pk>/propose/", views.FundProposeView.as_view(), name="fund_propose"),
    path("funds/<int:pk>/what-if/", views.FundWhatIfView.as_view(), name="fund_whatif"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path(
        "runs/<int:pk>/approve/",
        views.RunActionView.as_view(action="approve"),
        name="run_approve",
    ),
    path(
        "runs/<int:pk>/withdraw/",
        views.RunActionView.as_view(action="withdraw"),
        name="run_withdraw",
    ),
    path("runs/<int:pk>/export/", views.RunExportView.as_view(), name="run_export"),
    path("lines/<int:pk>/", views.RunLineDetailView.as_view(), name="runline_detail"),
]
