from django.urls import path

from cadre.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.MyCompetenciesView.as_view(), name="mine"),
    path("people/<int:pk>/", views.PersonCompetenciesView.as_view(), name="person"),
    path("people/<int:pk>/appraise/", views.AppraiseView.as_view(), name="appraise"),
    path("tests/", views.TestListView.as_view(), name="test_list"),
    path("tests/<int:pk>/", views.TestDetailView.as_view(), name="test_detail"),
    path("tests/<int:pk>/start/", views.AttemptStartView.as_view(), name="attempt_start"),
    path("attempts/<int:pk>/", views.AttemptView.as_view(), name="attempt_detail"),
    path("banks/", views.QuestionBankListView.as_view(), name="questionbank_list"),
    path("banks/<int:pk>/", views.QuestionBankDetailView.as_view(), name="questionbank_detail"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.CampaignEditView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path(
        "campaigns/<int:pk>/launch/",
        views.CampaignActionView.as_view(action="launch"),
        name="campaign_launch",
    ),
    path(
        "campaigns/<int:pk>/close/",
        views.CampaignActionView.as_view(action="close"),
        name="campaign_close",
    ),
    path("feedback/<int:pk>/", views.FeedbackView.as_view(), name="feedback"),
    path("gaps/", views.HeatMapView.as_view(), name="heatmap"),
    path("gaps/people/", views.GapPeopleView.as_view(), name="gap_people"),
    path("gaps/recompute/", views.GapRecomputeView.as_view(), name="gaps_recompute"),
]
