from django.urls import path

from . import views

app_name = "delegates"
urlpatterns = [
    path("org/<str:code>/counts/", views.counts, name="counts"),
    path("congress/<int:pk>/allocation/", views.allocation, name="allocation"),
    path("congress/<int:pk>/allocation/adjust/", views.adjust, name="adjust"),
    path("congress/<int:pk>/election/", views.election, name="election"),
    path("congress/<int:pk>/", views.delegates, name="list"),
    path(
        "congress/<int:pk>/delegate/<int:delegate_pk>/<str:action>/",
        views.delegate_action,
        name="delegate_action",
    ),
]
