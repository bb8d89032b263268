from django.urls import path

from . import views

app_name = "congresses"
urlpatterns = [
    path("", views.index, name="index"),
    path("inbox/", views.inbox, name="inbox"),
    path("help/", views.rules_help, name="help"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/postpone/", views.postpone, name="postpone"),
    path("<int:pk>/open/", views.open_congress, name="open"),
    path("<int:pk>/report/", views.report_to_superior, name="report"),
    path("reports/<int:pk>/decide/", views.decide_report, name="decide"),
    path("org/<str:code>/", views.dashboard, name="dashboard"),
    path("org/<str:code>/new/", views.schedule, name="schedule"),
    path("org/<str:code>/lessons/", views.lessons_meeting, name="lessons"),
    path("org/<str:code>/calendar/", views.month_calendar, name="calendar"),
    path("org/<str:code>/ics/<str:token>.ics", views.ics_feed, name="ics"),
    path("org/<str:code>/ics-rotate/", views.ics_rotate, name="ics_rotate"),
]
