from django.urls import path

from cadre.appraisals import views

app_name = "appraisals"

urlpatterns = [
    path("", views.AppraisalListView.as_view(), name="appraisal_list"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("add/", views.AppraisalAddView.as_view(), name="appraisal_add"),
    path("<int:pk>/", views.AppraisalDetailView.as_view(), name="appraisal_detail"),
    path("<int:pk>/delete/", views.AppraisalDeleteView.as_view(), name="appraisal_delete"),
    path("requirements/", views.RequirementListView.as_view(), name="appraisalrequirement_list"),
    path("requirements/add/", views.RequirementAddView.as_view(), name="appraisalrequirement_add"),
    path(
        "requirements/<int:pk>/",
        views.RequirementDetailView.as_view(),
        name="appraisalrequirement_detail",
    ),
    path(
        "requirements/<int:pk>/delete/",
        views.RequirementDeleteView.as_view(),
        name="appraisalrequirement_delete",
    ),
]
