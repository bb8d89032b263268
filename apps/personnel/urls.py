from django.urls import path

from . import views

app_name = "personnel"
urlpatterns = [
    path("congress/<int:pk>/plan/", views.plan, name="plan"),
    path("congress/<int:pk>/plan/edit/", views.edit, name="edit"),
    path("congress/<int:pk>/plan/import/", views.import_candidates, name="import"),
    path("congress/<int:pk>/plan/transition/", views.transition, name="transition"),
    path("congress/<int:pk>/results/", views.results, name="results"),
    path("congress/<int:pk>/first-meeting/", views.first_meeting, name="first_meeting"),
    path("congress/<int:pk>/ratify/", views.ratify, name="ratify"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
]
