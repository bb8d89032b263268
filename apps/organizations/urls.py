from django.urls import path

from . import audit_views, transfer_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/subtree/", views.subtree, name="subtree"),
    path("<str:code>/add/", views.add_child, name="add_child"),
    path("<str:code>/import/", transfer_views.import_page, name="import"),
    path("<str:code>/import/jobs/<int:pk>/", transfer_views.import_job, name="import_job"),
    path(
        "<str:code>/import/jobs/<int:pk>/status/",
        transfer_views.import_job_status,
        name="import_job_status",
    ),
    path(
        "<str:code>/import/jobs/<int:pk>/confirm/",
        transfer_views.import_job_confirm,
        name="import_job_confirm",
    ),
    path("<str:code>/export/", transfer_views.export, name="export"),
    path("<str:code>/audit/", audit_views.audit_page, name="audit"),
]
