from django.urls import path

from cadre.ethics import views

app_name = "ethics"

urlpatterns = [
    path("declarations/", views.DeclarationListView.as_view(), name="declaration_list"),
    path("declarations/add/", views.DeclarationEditView.as_view(), name="declaration_add"),
    path(
        "declarations/<int:pk>/", views.DeclarationDetailView.as_view(), name="declaration_detail"
    ),
    path(
        "declarations/<int:pk>/confirm/",
        views.DeclarationConfirmView.as_view(),
        name="declaration_confirm",
    ),
    path(
        "declarations/<int:pk>/review/",
        views.DeclarationReviewView.as_view(),
        name="declaration_review",
    ),
    path("gifts/", views.GiftListView.as_view(), name="gift_list"),
    path("gifts/add/", views.GiftEditView.as_view(), name="gift_add"),
    path("gifts/<int:pk>/", views.GiftDetailView.as_view(), name="gift_detail"),
    path("gifts/<int:pk>/decide/", views.GiftDecideView.as_view(), name="gift_decide"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/add/", views.CaseEditView.as_view(), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/explain/", views.CaseExplainView.as_view(), name="case_explain"),
    path("cases/<int:pk>/commission/", views.CaseCommissionView.as_view(), name="case_commission"),
    path("cases/<int:pk>/decide/", views.CaseDecideView.as_view(), name="case_decide"),
    path("cases/<int:pk>/appeal/", views.CaseAppealView.as_view(), name="case_appeal"),
    path(
        "cases/<int:pk>/appeal-decide/",
        views.CaseAppealDecideView.as_view(),
        name="case_appeal_decide",
    ),
]
