from django.urls import path

from cadre.assessments.views import campaigns, gaps, knowledge_tests, person, taking

app_name = "assessments"

urlpatterns = [
    path("", person.MyCompetenciesView.as_view(), name="mine"),
    path("people/<int:pk>/", person.PersonCompetenciesView.as_view(), name="person"),
    path("people/<int:pk>/appraise/", person.AppraiseView.as_view(), name="appraise"),
    path("tests/", knowledge_tests.TestListView.as_view(), name="test_list"),
    path("tests/<int:pk>/", knowledge_tests.TestDetailView.as_view(), name="test_detail"),
    path("tests/<int:pk>/start/", knowledge_tests.AttemptStartView.as_view(), name="attempt_start"),
    path("attempts/<int:pk>/", taking.AttemptView.as_view(), name="attempt_detail"),
    path("attempts/<int:pk>/review/", taking.AttemptReviewView.as_view(), name="attempt_review"),
    path("banks/", knowledge_tests.QuestionBankListView.as_view(), name="questionbank_list"),
    path(
        "banks/<int:pk>/",
        knowledge_tests.QuestionBankDetailView.as_view(),
        name="questionbank_detail",
    ),
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", campaigns.CampaignEditView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign_detail"),
    path(
        "campaigns/<int:pk>/launch/",
        campaigns.CampaignActionView.as_view(action="launch"),
        name="campaign_launch",
    ),
    path(
        "campaigns/<int:pk>/close/",
        campaigns.CampaignActionView.as_view(action="close"),
        name="campaign_close",
    ),
    path("feedback/<int:pk>/", campaigns.FeedbackView.as_view(), name="feedback"),
    path("gaps/", gaps.HeatMapView.as_view(), name="heatmap"),
    path("gaps/people/", gaps.GapPeopleView.as_view(), name="gap_people"),
    path("gaps/recompute/", gaps.GapRecomputeView.as_view(), name="gaps_recompute"),
]
