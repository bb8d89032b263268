from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import congress_day, delegate_views, views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("congresses", views.CongressViewSet, basename="congress")

urlpatterns = [
    path("v1/auth/token/", views.TokenView.as_view(), name="api-token"),
    path("v1/documents/<int:pk>/rounds/", views.RoundCreateView.as_view(), name="api-rounds"),
    path("v1/rounds/<int:pk>/circulate/", views.CirculateView.as_view(), name="api-circulate"),
    path(
        "v1/rounds/<int:pk>/comments/", views.CommentListCreateView.as_view(), name="api-comments"
    ),
    path("v1/personnel-plans/<int:pk>/submit/", views.SubmitPlan.as_view(), name="api-plan-submit"),
    path(
        "v1/personnel-plans/<int:pk>/approve/", views.ApprovePlan.as_view(), name="api-plan-approve"
    ),
    path("v1/personnel-plans/<int:pk>/return/", views.ReturnPlan.as_view(), name="api-plan-return"),
    path(
        "v1/superior-reports/<int:pk>/decision/", views.DecisionView.as_view(), name="api-decision"
    ),
    path(
        "v1/congresses/<int:pk>/reports/<str:kind>.pdf",
        views.CongressReportView.as_view(),
        name="api-report",
    ),
    path(
        "v1/congresses/<int:pk>/checkin/",
        congress_day.CheckInView.as_view(),
        name="api-checkin",
    ),
    path("v1/congresses/<int:pk>/excuse/", congress_day.ExcuseView.as_view(), name="api-excuse"),
    path(
        "v1/congresses/<int:pk>/undo-checkin/",
        congress_day.UndoView.as_view(),
        name="api-undo-checkin",
    ),
    path(
        "v1/congresses/<int:pk>/attendance/",
        congress_day.AttendanceView.as_view(),
        name="api-attendance",
    ),
    path("v1/my-cards/", congress_day.OwnCardsView.as_view(), name="api-my-cards"),
    path("v1/my-cards/<int:pk>.pdf", congress_day.OwnCardPdfView.as_view(), name="api-my-card"),
    path(
        "v1/congresses/<int:pk>/allocation/",
        delegate_views.AllocationView.as_view(),
        name="api-allocation",
    ),
    path(
        "v1/congresses/<int:pk>/allocation/adjust/",
        delegate_views.AllocationAdjustView.as_view(),
        name="api-allocation-adjust",
    ),
    path(
        "v1/congresses/<int:pk>/delegate-election/",
        delegate_views.DelegateElectionView.as_view(),
        name="api-delegate-election",
    ),
    path(
        "v1/congresses/<int:pk>/delegates/",
        delegate_views.DelegateListView.as_view(),
        name="api-delegates",
    ),
    path(
        "v1/congresses/<int:pk>/delegates/<int:delegate_pk>/replace/",
        delegate_views.DelegateReplaceView.as_view(),
        name="api-delegate-replace",
    ),
    path(
        "v1/congresses/<int:pk>/delegates/<int:delegate_pk>/disqualify/",
        delegate_views.DelegateDisqualifyView.as_view(),
        name="api-delegate-disqualify",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include(router.urls)),
]
