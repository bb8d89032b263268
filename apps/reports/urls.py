from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("register/<str:code>/", views.register, name="register"),
    path("issued/<int:pk>/download/", views.issued_download, name="issued_download"),
    path("<str:kind>/<str:key>.pdf", views.preview, name="preview"),
    path("<str:kind>/<str:key>/issue/", views.issue, name="issue"),
]
