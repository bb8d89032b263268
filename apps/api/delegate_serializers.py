"""API shapes of the delegate endpoints (issue 22.6): parse input, present output; the services
decide (apps.delegates)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.personnel.models import Sex

from .serializers import Serializer


class AllocationInputSerializer(Serializer):
    seats = serializers.IntegerField(min_value=1)
    counts_as_of = serializers.DateField()
    decided_on = serializers.DateField()


class ShareSerializer(Serializer):
    organization = serializers.CharField(source="organization.code")
    name = serializers.CharField(source="organization.name")
    official_members = serializers.IntegerField()
    computed_seats = serializers.IntegerField()
    seats = serializers.IntegerField()
    alternates = serializers.IntegerField()
    adjustment_reason = serializers.CharField()


class AllocationSerializer(Serializer):
    seats = serializers.IntegerField()
    by_right = serializers.IntegerField()
    to_allocate = serializers.IntegerField()
    counts_as_of = serializers.DateField()
    decided_on = serializers.DateField()
    issued_on = serializers.DateField(allow_null=True)
    # Read from the prefetched list the view passes (never one query per share).
    shares = serializers.SerializerMethodField()

    @extend_schema_field(ShareSerializer(many=True))
    def get_shares(self, allocation) -> Any:
        return ShareSerializer(self.context.get("shares", []), many=True).data


class ShareAdjustSerializer(Serializer):
    organization = serializers.CharField(max_length=40)
    seats = serializers.IntegerField(min_value=0)
    alternates = serializers.IntegerField(min_value=0, required=False)


class AdjustInputSerializer(Serializer):
    reason = serializers.CharField(max_length=300)
    shares = ShareAdjustSerializer(many=True)


class CandidateResultSerializer(Serializer):
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    ethnicity = serializers.CharField(max_length=50, default="Kinh")
    current_post = serializers.CharField(max_length=200, required=False, default="")
    new_committee_member = serializers.BooleanField(default=False)
    votes = serializers.IntegerField(min_value=0)


class ElectionResultInputSerializer(Serializer):
    official_seats = serializers.IntegerField(min_value=0)
    alternate_seats = serializers.IntegerField(min_value=0)
    # Omitted when the congress's attendance is recorded in the portal: read from it.
    summoned = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    excused = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    ballots_issued = serializers.IntegerField(min_value=0)
    ballots_valid = serializers.IntegerField(min_value=0)
    election_date = serializers.DateField(required=False, allow_null=True, default=None)
    candidates = CandidateResultSerializer(many=True, allow_empty=False)


class PersonSerializer(Serializer):
    full_name = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True)


class ElectionResultSerializer(Serializer):
    base = serializers.IntegerField()
    needed = serializers.IntegerField()
    official = PersonSerializer(many=True)
    alternates = PersonSerializer(many=True)
    official_left = serializers.IntegerField()
    alternates_left = serializers.IntegerField()


class DelegateSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    ethnicity = serializers.CharField()
    source_code = serializers.CharField(source="source.code")
    kind = serializers.CharField()
    status = serializers.CharField()
    status_reason = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True)
    vote_rank = serializers.IntegerField(allow_null=True)
    replaced_by = serializers.IntegerField(source="replaced_by_id", allow_null=True)


class LineSerializer(Serializer):
    name = serializers.CharField(source="label")
    count = serializers.IntegerField()
    percent = serializers.CharField()


class GroupSerializer(Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    lines = LineSerializer(many=True)


class CompositionSerializer(Serializer):
    total = serializers.IntegerField()
    groups = GroupSerializer(many=True)
    youngest = serializers.IntegerField(allow_null=True)
    oldest = serializers.IntegerField(allow_null=True)
    average_age = serializers.CharField(allow_null=True)


class DelegateListSerializer(Serializer):
    official = serializers.IntegerField()
    alternates_waiting = serializers.IntegerField()
    replaced = serializers.IntegerField()
    disqualified = serializers.IntegerField()
    missing_sources = serializers.ListField(child=serializers.CharField())
    delegates = DelegateSerializer(many=True)
    composition = CompositionSerializer()


class ReasonSerializer(Serializer):
    reason = serializers.CharField(max_length=300)
    alternate = serializers.IntegerField(required=False, allow_null=True, default=None)
