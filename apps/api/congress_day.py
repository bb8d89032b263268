"""The congress day through the API (issue 22.6): check-in by the card's token or the typed code,
an excused absence, the attendance summary, and a delegate's own card. The same services and
selectors as the pages: only the convening organisation's secretary, deputies, standing members
and office act (403 for others who see the congress, 404 for those who do not); the superior's
standing committee reads the summary; a delegate reads only their own card."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as ApiForbidden
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.attendance import selectors, services
from apps.attendance.cards import cards_pdf
from apps.attendance.tokens import card_token
from apps.congresses.models import Congress, CongressKind
from apps.congresses.selectors import congresses_visible_to
from apps.organizations.permissions import Action, may
from apps.personnel.elections import votes_needed

from .pagination import Pagination
from .serializers import Serializer


class CheckInSerializer(Serializer):
    token = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    code = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)


class ExcuseSerializer(Serializer):
    delegate = serializers.IntegerField(help_text="delegate id")
    reason = serializers.CharField(max_length=services.REASON_MAX)


class DelegateBriefSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.CharField()
    delegation = serializers.CharField(source="source.name", help_text="source organisation")


class AttendanceRecordSerializer(Serializer):
    delegate = DelegateBriefSerializer()
    status = serializers.CharField()
    method = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    excused_reason = serializers.CharField()


class AttendanceRowSerializer(Serializer):
    delegate = DelegateBriefSerializer()
    status = serializers.CharField(help_text="present, excused or waiting")
    checked_in_at = serializers.DateTimeField(allow_null=True)


class AttendanceCountsSerializer(Serializer):
    """The day's counts, beside each page of the attendance list."""

    summoned = serializers.IntegerField()
    present = serializers.IntegerField()
    excused = serializers.IntegerField()
    not_arrived = serializers.IntegerField()
    quorum = serializers.CharField(allow_null=True, help_text='the rule set\'s fraction, "2/3"')
    quorum_needed = serializers.IntegerField(allow_null=True)
    quorate = serializers.BooleanField()
    base = serializers.IntegerField(help_text="convened base of an election held now")
    votes_needed = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(many=False)  # a page with the counts beside it, not a list of them
class AttendancePageSerializer(AttendanceCountsSerializer):
    count = serializers.IntegerField(help_text="seated delegates on the list")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AttendanceRowSerializer(many=True)


class OwnCardSerializer(Serializer):
    id = serializers.IntegerField()
    congress = serializers.CharField()
    code = serializers.CharField()
    token = serializers.CharField(help_text="the text of the card's QR code")
    full_name = serializers.CharField()
    kind = serializers.CharField()
    delegation = serializers.CharField(help_text="source organisation")
    pdf = serializers.CharField()


def _congress(request, pk: int) -> Congress:
    congress = congresses_visible_to(user=request.user).filter(pk=pk).first()
    if congress is None or congress.kind != CongressKind.DELEGATES:
        raise Http404
    return congress


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _record(record) -> dict:
    d = record.delegate
    return {
        "delegate": {
            "id": d.pk,
            "code": d.code,
            "full_name": d.full_name,
            "kind": d.kind,
            "source": d.source,
        },
        "status": record.status,
        "method": record.method,
        "checked_in_at": record.checked_in_at,
        "excused_reason": record.excused_reason,
    }


class CheckInView(APIView):
    @extend_schema(
        request=CheckInSerializer,
        responses={201: AttendanceRecordSerializer},
        description="409 when the delegate is already checked in (nothing written).",
    )
    def post(self, request, pk: int):
        congress = _congress(request, pk)
        data = _valid(CheckInSerializer, request)
        record = services.attendance_checkin(actor=request.user, congress=congress, **data)
        return Response(
            AttendanceRecordSerializer(_record(record)).data, status=status.HTTP_201_CREATED
        )


class ExcuseView(APIView):
    @extend_schema(request=ExcuseSerializer, responses={200: AttendanceRecordSerializer})
    def post(self, request, pk: int):
        congress = _congress(request, pk)
        data = _valid(ExcuseSerializer, request)
        record = services.attendance_excuse(
            actor=request.user,
            congress=congress,
            delegate_id=data["delegate"],
            reason=data["reason"],
        )
        return Response(AttendanceRecordSerializer(_record(record)).data)


class UndoView(APIView):
    @extend_schema(request=ExcuseSerializer, responses={204: None})
    def post(self, request, pk: int):
        congress = _congress(request, pk)
        data = _valid(ExcuseSerializer, request)
        services.attendance_undo(
            actor=request.user,
            congress=congress,
            delegate_id=data["delegate"],
            reason=data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendancePagination(Pagination):
    """The delegate list a page at a time (like every list of the API: `page`, `page_size` up
    to 500), with the day's counts beside the page: a congress of 1,500 delegates polled every
    few seconds sends the counts and 50 rows, not 1,500. The counts are the whole list's (one
    aggregate query), whatever the page."""

    summary: dict[str, Any]

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {**self.summary, **response.data}
        return response


class AttendanceView(ListAPIView):
    """The counts against the quorum and the seated delegates with their status, paginated."""

    serializer_class = AttendanceRowSerializer
    pagination_class = AttendancePagination
    paginator: AttendancePagination

    @extend_schema(responses={200: AttendancePageSerializer})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        congress = _congress(request, kwargs["pk"])
        if not (
            services.may_conduct_day(request.user, congress)
            or may(request.user, Action.SUPERVISE, congress)
        ):
            raise ApiForbidden("Bạn không có quyền xem điểm danh của đại hội này.")
        count = selectors.attendance_count(congress)
        self.paginator.summary = AttendanceCountsSerializer(
            {
                "summoned": count.summoned,
                "present": count.present,
                "excused": count.excused,
                "not_arrived": count.not_arrived,
                "quorum": str(count.quorum) if count.quorum is not None else None,
                "quorum_needed": count.needed,
                "quorate": count.quorate,
                "base": count.base,
                "votes_needed": votes_needed(count.base) if count.summoned else None,
            }
        ).data
        page = self.paginate_queryset(selectors.attendance_list(congress))
        rows = [
            {
                "delegate": row.delegate,
                "status": row.record.status if row.record else "waiting",
                "checked_in_at": row.record.checked_in_at if row.record else None,
            }
            for row in selectors.rows_of(page or [])
        ]
        return self.get_paginated_response(AttendanceRowSerializer(rows, many=True).data)


class OwnCardsView(APIView):
    @extend_schema(responses={200: OwnCardSerializer(many=True)})
    def get(self, request):
        return Response(
            OwnCardSerializer(
                [
                    {
                        "id": d.pk,
                        "congress": str(d.congress),
                        "code": d.code,
                        "token": card_token(congress_id=d.congress_id, code=d.code),
                        "full_name": d.full_name,
                        "kind": d.kind,
                        "delegation": d.source.name,
                        "pdf": reverse("api-my-card", args=[d.pk]),
                    }
                    for d in selectors.own_cards(request.user)
                ],
                many=True,
            ).data
        )


class OwnCardPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        delegate = selectors.own_cards(request.user).filter(pk=pk).first()
        if delegate is None:
            raise Http404
        content = cards_pdf(
            selectors.card_header(delegate.congress), [selectors.card_face(delegate)]
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{delegate.code}.pdf"'
        return response
