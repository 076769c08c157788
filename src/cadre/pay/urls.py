from django.urls import path

from cadre.pay import views, views_setup

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
    path("funds/add/", views_setup.FundEditView.as_view(), name="fund_add"),
    path("funds/<int:pk>/delete/", views_setup.FundDeleteView.as_view(), name="fund_delete"),
    path("salaries/", views_setup.SalaryListView.as_view(), name="salary_list"),
    path("salaries/add/", views_setup.SalaryEditView.as_view(), name="salary_add"),
    path("salaries/<int:pk>/", views_setup.SalaryDetailView.as_view(), name="salary_detail"),
    path("salaries/<int:pk>/delete/", views_setup.SalaryDeleteView.as_view(), name="salary_delete"),
    path("rules/", views_setup.RuleListView.as_view(), name="rule_list"),
    path("rules/add/", views_setup.RuleEditView.as_view(), name="rule_add"),
    path("rules/<int:pk>/", views_setup.RuleDetailView.as_view(), name="rule_detail"),
    path("rules/<int:pk>/edit/", views_setup.RuleEditView.as_view(), name="rule_edit"),
    path(
        "rules/<int:pk>/new-version/",
        views_setup.RuleNewVersionView.as_view(),
        name="rule_new_version",
    ),
    path("rules/<int:pk>/delete/", views_setup.RuleDeleteView.as_view(), name="rule_delete"),
]
