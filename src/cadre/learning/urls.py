from django.urls import path

from cadre.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.CourseListView.as_view(), name="course_list"),
    path("mine/", views.MyLearningView.as_view(), name="mine"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/sessions/add/", views.SessionAddView.as_view(), name="session_add"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("plans/new/<int:employee>/", views.PlanNewView.as_view(), name="plan_new"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("targets/", views.TargetListView.as_view(), name="trainingtarget_list"),
    path("targets/add/", views.TargetAddView.as_view(), name="trainingtarget_add"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="trainingtarget_detail"),
]
