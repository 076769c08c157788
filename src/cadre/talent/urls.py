from django.urls import path

from cadre.talent import views

app_name = "talent"

urlpatterns = [
    path("", views.ReserveEntryListView.as_view(), name="reserveentry_list"),
    path("add/", views.ReserveEntryEditView.as_view(), name="reserveentry_add"),
    path("<int:pk>/", views.ReserveEntryDetailView.as_view(), name="reserveentry_detail"),
    path("<int:pk>/edit/", views.ReserveEntryEditView.as_view(), name="reserveentry_edit"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="reserveentry_approve"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="reserveentry_withdraw"),
    path("vacancies/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("vacancies/add/", views.VacancyEditView.as_view(), name="vacancy_add"),
    path("vacancies/<int:pk>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("vacancies/<int:pk>/fill/", views.FillView.as_view(), name="vacancy_fill"),
    path("vacancies/<int:pk>/cancel/", views.CancelView.as_view(), name="vacancy_cancel"),
    path("vacancies/<int:pk>/ranking/", views.RankingView.as_view(), name="vacancy_ranking"),
    path("matches/", views.MatchListView.as_view(), name="match_list"),
    path("matches/run/", views.MatchManyView.as_view(), name="match_many"),
    path("matches/<int:pk>/", views.MatchDetailView.as_view(), name="match_detail"),
    path("matches/<int:pk>/accept/", views.AcceptView.as_view(), name="match_accept"),
    path("matches/<int:pk>/reject/", views.RejectView.as_view(), name="match_reject"),
]
