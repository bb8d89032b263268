from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("congress/<int:congress_pk>/add/", views.add_document, name="add"),
    path("<int:pk>/", views.document, name="document"),
    path("rounds/<int:pk>/", views.round_page, name="round"),
    path("rounds/<int:pk>/file/", views.download, name="download"),
    path("rounds/<int:pk>/circulate/", views.circulate, name="circulate"),
    path("rounds/<int:pk>/comment/", views.comment, name="comment"),
    path("comments/<int:pk>/dispose/", views.dispose, name="dispose"),
    path("comments/<int:pk>/attachment/", views.attachment, name="attachment"),
]
