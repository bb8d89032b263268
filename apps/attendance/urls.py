from django.urls import path

from . import views

app_name = "attendance"
urlpatterns = [
    path("<int:pk>/", views.attendance, name="page"),
    path("<int:pk>/live/", views.live, name="live"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/excuse/<int:delegate_pk>/", views.excuse, name="excuse"),
    path("<int:pk>/undo/<int:delegate_pk>/", views.undo, name="undo"),
    path("<int:pk>/cards.pdf", views.cards, name="cards"),
    path("my-cards/", views.my_cards, name="my_cards"),
    path("my-cards/<int:delegate_pk>.pdf", views.my_card, name="my_card"),
]
