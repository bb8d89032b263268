"""The REST API: the same selectors, services and permission layer as the pages (no second copy
of any rule); objects the caller may not see answer 404."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.throttling import lockout_response
from apps.congresses import services as congress_services
from apps.congresses.facts import evaluate_congress, with_rule_context
from apps.congresses.models import Congress, SuperiorReport
from apps.congresses.selectors import congresses_visible_to
from apps.core.dates import local_today
from apps.core.errors import PermissionDenied
from apps.core.text import fold
from apps.documents import services as document_services
from apps.documents.models import DraftDocument, DraftRound
from apps.documents.permissions import may_view_round
from apps.organizations.selectors import organizations_visible_to, with_parent_code
from apps.personnel import services as personnel_services
from apps.personnel.models import PersonnelPlan, PlanStatus
from apps.personnel.permissions import may_view_personnel
from apps.reports.builders import ReportKind
from apps.reports.services import report_preview
from apps.twofactor import services as twofactor_services
from apps.twofactor.policy import second_factor_expected

from . import serializers as s
from .pagination import FactsCountPagination
from .throttling import AddressScopedRateThrottle


class TokenView(APIView):
    """A token for a user name and password (and the second factor where it applies). Failed
    attempts count with the web form's (django-axes: per account and address, and per address),
    and the endpoint is rate-limited per client address (throttle scope "token")."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenSerializer})
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,  # the HttpRequest django-axes records and locks
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None:
            raise ValidationError({"non_field_errors": ["Tên đăng nhập hoặc mật khẩu không đúng."]})
        self._second_factor(user, data.validated_data.get("otp_token", ""))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def _second_factor(user, otp_token: str) -> None:
        """A token is a sign-in that lasts: whoever signs in on the web with a second factor
        gets a token only with it too. Required roles that have not enrolled do so on the web
        first (the QR code needs a page); a wrong code counts against the device's throttle."""
        if not second_factor_expected(user):
            return
        if not twofactor_services.is_enrolled(user):
            raise PermissionDenied(
                _("Tài khoản này phải bật xác thực hai lớp trên trang web trước khi dùng API.")
            )
        if not otp_token:
            raise ValidationError({"otp_token": [_("Cần mã xác thực hai lớp.")]})
        if twofactor_services.second_factor_check(user=user, token=otp_token) is None:
            raise ValidationError(
                {"otp_token": [_("Mã xác thực không đúng, đã dùng hoặc đã hết hạn.")]}
            )


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OrganizationSerializer
    pagination_class = FactsCountPagination
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_.-]+"

    def get_queryset(self):
        qs = organizations_visible_to(user=self.request.user).order_by("path")
        parent = self.request.query_params.get("parent")
        if parent:
            node = qs.filter(code=parent).first()
            qs = qs.filter(path__startswith=node.path, depth=node.depth + 1) if node else qs.none()
        for word in fold(self.request.query_params.get("search", "")).split():
            qs = qs.filter(search_text__contains=word)
        return with_parent_code(qs)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "parent", str, description="mã tổ chức cấp trên: chỉ các tổ chức trực thuộc"
            ),
            OpenApiParameter("search", str, description="tìm theo tên, không phân biệt dấu"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class CongressViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "put"]
    lookup_value_regex = r"\d+"
    pagination_class = FactsCountPagination

    def get_queryset(self):
        visible = congresses_visible_to(user=self.request.user)
        return with_rule_context(visible).select_related("term").order_by("opening_date", "id")

    def get_serializer_class(self):
        return (
            s.CongressSerializer
            if self.action in ("list", "create")
            else s.CongressDetailSerializer
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["evaluations"] = _LazyEvaluations()
        return context

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = congress_services.congress_schedule(actor=self.request.user, **data)

    def update(self, request, *args, **kwargs):
        congress = self.get_object()
        data = s.CongressDetailSerializer(
            congress, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        congress = congress_services.congress_update(
            actor=request.user, congress=congress, **data.validated_data
        )
        return Response(
            s.CongressDetailSerializer(congress, context=self.get_serializer_context()).data
        )

    def _congress(self, pk) -> Congress:
        congress = self.get_queryset().filter(pk=pk).first()
        if congress is None:
            raise Http404
        return congress

    @extend_schema(request=s.DocumentCreateSerializer, responses={201: s.DocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        congress = self._congress(pk)
        data = _valid(s.DocumentCreateSerializer, request)
        doc = document_services.document_create(actor=request.user, congress=congress, **data)
        return Response(s.DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanInputSerializer, responses={200: s.PlanSerializer})
    @action(detail=True, methods=["put"], url_path="personnel-plan")
    def personnel_plan(self, request, pk=None):
        congress = self._congress(pk)
        if not may_view_personnel(request.user, congress):
            raise Http404
        data = _valid(s.PlanInputSerializer, request)
        plan = personnel_services.plan_save(actor=request.user, congress=congress, **data)
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(request=s.OfficialDateSerializer, responses={201: s.SuperiorReportSerializer})
    @action(detail=True, methods=["post"], url_path="superior-report")
    def superior_report(self, request, pk=None):
        congress = self._congress(pk)
        data = _valid(s.OfficialDateSerializer, request)
        report = congress_services.superior_report_submit(
            actor=request.user, congress=congress, **data
        )
        return Response(s.SuperiorReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.CongressDetailSerializer})
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        congress = congress_services.congress_open(actor=request.user, congress=self._congress(pk))
        return Response(
            s.CongressDetailSerializer(congress, context=self.get_serializer_context()).data
        )

    @extend_schema(request=s.ResultsSerializer, responses={200: s.TallySerializer})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        congress = self._congress(pk)
        data = _valid(s.ResultsSerializer, request)
        votes = _int_keys(data["votes"], "votes")
        _result, tally = personnel_services.results_record(
            actor=request.user,
            congress=congress,
            summoned=data["summoned"],
            excused=data["excused"],
            ballots_issued=data["ballots_issued"],
            ballots_valid=data["ballots_valid"],
            votes=votes,
        )
        if data["first_meeting_date"] and not tally.tie:
            personnel_services.first_meeting_record(
                actor=request.user,
                congress=congress,
                meeting_date=data["first_meeting_date"],
                posts=_int_keys(data["posts"], "posts"),
            )
        return Response(
            {"base": tally.base, "needed": tally.needed, "elected": tally.elected, "tie": tally.tie}
        )

    @extend_schema(request=s.RatificationSerializer, responses={200: s.CongressDetailSerializer})
    @action(detail=True, methods=["post"])
    def ratification(self, request, pk=None):
        congress = self._congress(pk)
        data = _valid(s.RatificationSerializer, request)
        personnel_services.ratify(actor=request.user, congress=congress, **data)
        return Response(
            s.CongressDetailSerializer(
                self._congress(pk), context=self.get_serializer_context()
            ).data
        )


def _int_keys(mapping: dict, field: str) -> dict[int, object]:
    try:
        return {int(k): v for k, v in mapping.items()}
    except ValueError as exc:
        raise ValidationError({field: ["Khóa phải là mã số người ứng cử."]}) from exc


class _LazyEvaluations(dict):
    """Rule evaluations for the congresses a response shows, computed in one batch."""

    def __missing__(self, pk):
        self[pk] = evaluate_congress(Congress(pk=pk), today=local_today()).evaluation
        return self[pk]


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class RoundCreateView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": s.RoundCreateSerializer}, responses={201: s.RoundSerializer}
    )
    def post(self, request, pk: int):
        doc = DraftDocument.objects.filter(
            pk=pk, congress__in=congresses_visible_to(user=request.user)
        ).first()
        if doc is None:
            raise Http404
        data = _valid(s.RoundCreateSerializer, request)
        rnd = document_services.round_submit(actor=request.user, document=doc, **data)
        return Response(s.RoundSerializer(rnd).data, status=status.HTTP_201_CREATED)


def _round_or_404(request, pk: int) -> DraftRound:
    rnd = (
        DraftRound.objects.filter(pk=pk).select_related("document__congress__organization").first()
    )
    if rnd is None or not may_view_round(request.user, rnd):
        raise Http404
    return rnd


class CirculateView(APIView):
    @extend_schema(request=s.CirculateSerializer, responses={201: s.CirculationSerializer})
    def post(self, request, pk: int):
        rnd = _round_or_404(request, pk)
        data = _valid(s.CirculateSerializer, request)
        recipients = data.pop("recipients")
        if recipients != "all":
            found = {
                o.code: o
                for o in organizations_visible_to(user=request.user).filter(code__in=recipients)
            }
            unknown = [c for c in recipients if c not in found]
            if unknown:
                raise ValidationError(
                    {"recipients": [f"Không có tổ chức mã {', '.join(unknown)}."]}
                )
            recipients = [found[c] for c in recipients]
        circulation = document_services.circulate(
            actor=request.user, rnd=rnd, recipients=recipients, **data
        )
        return Response(s.CirculationSerializer(circulation).data, status=status.HTTP_201_CREATED)


class CommentListCreateView(generics.ListAPIView):
    serializer_class = s.CommentSerializer

    def get_queryset(self):
        rnd = _round_or_404(self.request, self.kwargs["pk"])
        return rnd.comments.select_related("organization", "author").order_by("id")

    @extend_schema(request=s.CommentCreateSerializer, responses={201: s.CommentSerializer})
    def post(self, request, pk: int):
        rnd = _round_or_404(request, pk)
        data = _valid(s.CommentCreateSerializer, request)
        org = None
        if data["organization"]:
            org = (
                organizations_visible_to(user=request.user)
                .filter(code=data["organization"])
                .first()
            )
            if org is None:
                raise ValidationError({"organization": ["Không có tổ chức mã này."]})
        comment = document_services.comment_give(  # the capacity: as on the web
            actor=request.user,
            rnd=rnd,
            organization=org,
            section=data["section"],
            text=data["text"],
        )
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class PlanStepView(APIView):
    to: str = ""

    @extend_schema(request=s.PlanStepSerializer, responses={200: s.PlanSerializer})
    def post(self, request, pk: int):
        plan = PersonnelPlan.objects.filter(pk=pk).select_related("congress__organization").first()
        if plan is None or not may_view_personnel(request.user, plan.congress):
            raise Http404
        data = _valid(s.PlanStepSerializer, request)
        plan = personnel_services.plan_transition(plan=plan, to=self.to, by=request.user, **data)
        return Response(s.PlanSerializer(plan).data)


class DecisionView(APIView):
    @extend_schema(request=s.DecisionSerializer, responses={200: s.SuperiorReportSerializer})
    def post(self, request, pk: int):
        report = SuperiorReport.objects.filter(
            pk=pk, congress__in=congresses_visible_to(user=request.user)
        ).first()
        if report is None:
            raise Http404
        data = _valid(s.DecisionSerializer, request)
        report = congress_services.superior_report_decide(actor=request.user, report=report, **data)
        return Response(s.SuperiorReportSerializer(report).data)


class CongressReportView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                OpenApiParameter.PATH,
                enum=[
                    k.value
                    for k in ReportKind
                    if k
                    not in (ReportKind.PROGRESS, ReportKind.CONSOLIDATION, ReportKind.DRAFT_ROUND)
                ],
            )
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int, kind: str):
        if kind not in (
            ReportKind.SUPERIOR_REPORT,
            ReportKind.PERSONNEL_PLAN,
            ReportKind.ELECTION_MINUTES,
            ReportKind.RATIFICATION,
        ):
            raise Http404
        congress = congresses_visible_to(user=request.user).filter(pk=pk).first()
        if congress is None:
            raise Http404
        pdf, _built = report_preview(user=request.user, kind=kind, obj=congress)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}.pdf"'
        return response


class SubmitPlan(PlanStepView):
    to = PlanStatus.SUBMITTED


class ApprovePlan(PlanStepView):
    to = PlanStatus.APPROVED


class ReturnPlan(PlanStepView):
    to = PlanStatus.RETURNED
