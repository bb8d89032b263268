"""The delegate endpoints (issue 22.6): allocation, an election's result, the delegate list,
replacement and disqualification. The same services and permission checks as the pages: a
congress or list the caller may not see is 404, an action they may not take is 403, bad input
400 with the service's message, and a refusal writes nothing."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.congresses.models import Congress
from apps.congresses.selectors import congresses_visible_to
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates import allocation as allocation_services
from apps.delegates import credentials as credential_services
from apps.delegates import elections as election_services
from apps.delegates.models import Allocation, Delegate
from apps.delegates.permissions import (
    may_manage_delegates,
    may_record_delegate_election,
    may_view_delegate_election,
    may_view_delegates,
)
from apps.delegates.selectors import allocation_congress, delegate_list
from apps.organizations.models import Organization

from . import delegate_serializers as ds


def _congress(request, pk: int) -> Congress:
    congress = (
        congresses_visible_to(user=request.user)
        .select_related("organization", "term__rule_set")
        .filter(pk=pk)
        .first()
    )
    if congress is None:
        raise Http404
    return congress


def _managed(request, pk: int, seen: Congress | None = None) -> Congress:
    """A congress whose delegates the caller acts on: 404 if unseen, 403 if seen only (`seen`:
    the congress as the caller reads it another way, e.g. through its allocation)."""
    congress = seen or _congress(request, pk)
    if not may_manage_delegates(request.user, congress):
        raise PermissionDenied(
            _(
                "Chỉ Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ và Văn phòng của tổ chức triệu "
                "tập được làm việc này."
            )
        )
    return congress


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _allocation_data(congress: Congress) -> dict:
    allocation = Allocation.objects.get(congress=congress)
    shares = list(allocation.shares.select_related("organization").order_by("organization__path"))
    return ds.AllocationSerializer(allocation, context={"shares": shares}).data


class AllocationView(APIView):
    """GET the allocation; POST prepares it from the membership counts (again, until issued)."""

    @extend_schema(responses={200: ds.AllocationSerializer})
    def get(self, request, pk: int):
        congress = allocation_congress(user=request.user, pk=pk)
        if congress is None or not Allocation.objects.filter(congress=congress).exists():
            raise Http404
        return Response(_allocation_data(congress))

    @extend_schema(request=ds.AllocationInputSerializer, responses={201: ds.AllocationSerializer})
    def post(self, request, pk: int):
        # a unit reading the allocation is refused (403), as on its page; others see nothing
        congress = _managed(request, pk, allocation_congress(user=request.user, pk=pk))
        data = _valid(ds.AllocationInputSerializer, request)
        allocation_services.allocation_prepare(actor=request.user, congress=congress, **data)
        return Response(_allocation_data(congress), status=status.HTTP_201_CREATED)


class AllocationAdjustView(APIView):
    @extend_schema(request=ds.AdjustInputSerializer, responses={200: ds.AllocationSerializer})
    def post(self, request, pk: int):
        congress = _managed(request, pk)
        data = _valid(ds.AdjustInputSerializer, request)
        codes = [row["organization"] for row in data["shares"]]
        ids = dict(Organization.objects.filter(code__in=codes).values_list("code", "pk"))
        unknown = [c for c in codes if c not in ids]
        if unknown:
            raise DomainError(
                _("Không có đơn vị: %(codes)s.") % {"codes": ", ".join(unknown)}, field="shares"
            )
        allocation_services.allocation_adjust(
            actor=request.user,
            congress=congress,
            seats={ids[r["organization"]]: r["seats"] for r in data["shares"]},
            alternates={
                ids[r["organization"]]: r["alternates"] for r in data["shares"] if "alternates" in r
            },
            reason=data["reason"],
        )
        return Response(_allocation_data(congress))


class DelegateElectionView(APIView):
    """POST the counting board's result of the election of delegates at a subordinate congress
    (`pk`): the candidates with their votes. The list typed on the page, if any and not yet
    recorded, is replaced by this one; everything happens in one transaction."""

    @extend_schema(
        request=ds.ElectionResultInputSerializer, responses={201: ds.ElectionResultSerializer}
    )
    def post(self, request, pk: int):
        congress = _congress(request, pk)
        upper = election_services.upper_congress_of(congress)
        if upper is None or not may_view_delegate_election(request.user, congress, upper):
            raise Http404
        if not may_record_delegate_election(request.user, congress, upper):
            raise PermissionDenied(_("Bạn không có quyền ghi việc bầu đại biểu của đại hội này."))
        data = _valid(ds.ElectionResultInputSerializer, request)
        people = data.pop("candidates")
        with transaction.atomic():
            election = election_services.delegate_election_open(
                actor=request.user, congress=congress
            )
            for old in election.candidates.all():
                election_services.delegate_candidate_remove(actor=request.user, candidate=old)
            added = election_services.delegate_candidates_add(
                actor=request.user,
                election=election,
                people=[
                    election_services.CandidateInput(**{k: v for k, v in p.items() if k != "votes"})
                    for p in people
                ],
            )
            counted = election_services.delegate_election_record(
                actor=request.user,
                election=election,
                votes={c.pk: p["votes"] for c, p in zip(added, people, strict=True)},
                **data,
            )
        return Response(ds.ElectionResultSerializer(counted).data, status=status.HTTP_201_CREATED)


class DelegateListView(APIView):
    """The delegate list of a congress, its counts and the composition of the seated."""

    @extend_schema(responses={200: ds.DelegateListSerializer})
    def get(self, request, pk: int):
        congress = _congress(request, pk)
        if not may_view_delegates(request.user, congress):
            raise Http404
        listing = delegate_list(congress)
        delegates = [d for block in listing.blocks for d in block.delegates]
        return Response(
            {
                "official": listing.official,
                "alternates_waiting": listing.alternates_waiting,
                "replaced": listing.replaced,
                "disqualified": listing.disqualified,
                "missing_sources": [o.code for o in listing.missing_sources],
                "delegates": ds.DelegateSerializer(delegates, many=True).data,
                "composition": ds.CompositionSerializer(listing.composition).data,
            }
        )


class _DelegateActionView(APIView):
    def _delegate(self, request, pk: int, delegate_pk: int) -> tuple[Congress, int]:
        congress = _congress(request, pk)
        if not may_view_delegates(request.user, congress):
            raise Http404
        return _managed(request, pk), delegate_pk


class DelegateReplaceView(_DelegateActionView):
    @extend_schema(request=ds.ReasonSerializer, responses={200: ds.DelegateSerializer})
    def post(self, request, pk: int, delegate_pk: int):
        congress, delegate = self._delegate(request, pk, delegate_pk)
        data = _valid(ds.ReasonSerializer, request)
        chosen = credential_services.delegate_replace(
            actor=request.user,
            congress=congress,
            delegate=delegate,
            reason=data["reason"],
            alternate=data["alternate"],
        )
        chosen = Delegate.objects.select_related("source").get(pk=chosen.pk)
        return Response(ds.DelegateSerializer(chosen).data)


class DelegateDisqualifyView(_DelegateActionView):
    @extend_schema(request=ds.ReasonSerializer, responses={200: ds.DelegateSerializer})
    def post(self, request, pk: int, delegate_pk: int):
        congress, delegate = self._delegate(request, pk, delegate_pk)
        data = _valid(ds.ReasonSerializer, request)
        done = credential_services.delegate_disqualify(
            actor=request.user, congress=congress, delegate=delegate, reason=data["reason"]
        )
        done = Delegate.objects.select_related("source").get(pk=done.pk)
        return Response(ds.DelegateSerializer(done).data)
