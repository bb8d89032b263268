"""API shapes. Validation of rules is not here: the services decide and the error handler maps
their refusals; serializers only parse input and present output."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.congresses.models import Congress, CongressKind, Decision, DocumentKind, Term
from apps.core.validators import (
    control_character_in,
    control_character_message,
    no_control_characters,
)
from apps.documents.models import Comment, DraftDocument, DraftRound
from apps.organizations.models import Organization
from apps.organizations.selectors import organizations_visible_to
from apps.personnel.models import Candidate, PersonnelPlan, Sex


def _refuse_control_characters(fields: dict) -> dict:
    """Every text field a client writes refuses control characters (apps.core.validators), the
    same check as the forms and the importers: a place "Hall\\x0bA" sent here broke the XLSX
    exports. Applied by the two base classes below, which every serializer here derives from."""
    for field in fields.values():
        for text in (field, getattr(field, "child", None)):
            if isinstance(text, serializers.CharField) and not text.read_only:
                # Ours names U+0000 in the caller's language; DRF's own NUL check would answer
                # "Null characters are not allowed." in English (it has no Vietnamese).
                validators = [
                    v for v in text.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                if no_control_characters not in validators:
                    validators.append(no_control_characters)
                text.validators = validators
    return fields


class Serializer(serializers.Serializer):
    def get_fields(self):
        return _refuse_control_characters(super().get_fields())


class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        return _refuse_control_characters(super().get_fields())


class OrganizationSerializer(ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["code", "name", "short_name", "kind", "is_active", "depth", "numchild", "parent"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent(self, org: Organization) -> str | None:
        """Annotated by the view's queryset (organizations.selectors.with_parent_code) in the
        same statement as the rows: no query per row or per distinct parent."""
        return org.parent_code


class VisibleOrganizationField(serializers.SlugRelatedField):
    """An organisation code the caller may see; any other code is answered as unknown (400),
    exactly as a code that does not exist, so the API does not reveal other provinces' codes
    (it answered 403 for those and 400 for the missing)."""

    default_error_messages = {
        "does_not_exist": "Không có tổ chức mã “{value}”.",
        "invalid": "Mã tổ chức không hợp lệ.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return organizations_visible_to(user=request.user)


class CongressSerializer(ModelSerializer):
    organization = VisibleOrganizationField()
    term = serializers.SlugRelatedField(slug_field="code", queryset=Term.objects.all())
    kind = serializers.ChoiceField(choices=CongressKind.choices, default=CongressKind.DELEGATES)

    class Meta:
        model = Congress
        fields = [
            "id",
            "organization",
            "term",
            "ordinal",
            "kind",
            "opening_date",
            "days",
            "place",
            "delegate_count",
            "is_pilot",
            "status",
        ]
        read_only_fields = ["id", "status"]
        validators: list = []  # uniqueness is the service's to refuse, with its message


class RuleSerializer(Serializer):
    deadline = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        choices=[
            "not_applicable",
            "pending",
            "due_soon",
            "done",
            "done_late",
            "overdue",
            "returned",
        ]
    )
    done_on = serializers.DateField(allow_null=True)


class RulesSerializer(Serializer):
    R30 = RuleSerializer()
    R20 = RuleSerializer()
    RA = RuleSerializer()
    PILOTS = RuleSerializer()
    ANNOUNCE = RuleSerializer()


class CongressDetailSerializer(CongressSerializer):
    rules = serializers.SerializerMethodField()
    can_open = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    earliest_lawful_opening = serializers.SerializerMethodField()

    class Meta(CongressSerializer.Meta):
        fields = [
            *CongressSerializer.Meta.fields,
            "rules",
            "can_open",
            "reasons",
            "earliest_lawful_opening",
        ]
        read_only_fields = ["id", "status", "organization", "term"]

    def _evaluation(self, congress):
        return self.context["evaluations"][congress.pk]

    @extend_schema_field(RulesSerializer)
    def get_rules(self, congress) -> dict:
        return self._evaluation(congress).as_dict()["rules"]

    def get_can_open(self, congress) -> bool:
        return self._evaluation(congress).can_open

    def get_reasons(self, congress) -> list[str]:
        return list(self._evaluation(congress).reasons)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_earliest_lawful_opening(self, congress):
        return self._evaluation(congress).earliest_lawful_opening


class DocumentCreateSerializer(Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DocumentSerializer(ModelSerializer):
    class Meta:
        model = DraftDocument
        fields = ["id", "congress", "kind", "title"]


class RoundCreateSerializer(Serializer):
    file = serializers.FileField(required=False)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    change_summary = serializers.CharField(required=False, allow_blank=True, default="")


class RoundSerializer(ModelSerializer):
    class Meta:
        model = DraftRound
        fields = [
            "id",
            "document",
            "number",
            "original_filename",
            "content_type",
            "body",
            "change_summary",
            "submitted_at",
        ]


class CirculateSerializer(Serializer):
    recipients = serializers.JSONField(help_text='Mã các tổ chức trực thuộc, hoặc "all"')
    include_committee_members = serializers.BooleanField(default=False)
    include_subordinate_secretaries = serializers.BooleanField(default=False)
    comment_deadline = serializers.DateField()
    official_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate_recipients(self, value):
        if value == "all":
            return value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise serializers.ValidationError('Phải là "all" hoặc danh sách mã tổ chức.')
        for code in value:
            if bad := control_character_in(code):
                raise serializers.ValidationError(control_character_message(bad))
        return value


class CirculationSerializer(Serializer):
    id = serializers.IntegerField()
    official_date = serializers.DateField()
    comment_deadline = serializers.DateField()
    to_subordinates = serializers.BooleanField()


class CommentCreateSerializer(Serializer):
    text = serializers.CharField(max_length=10000)
    organization = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="mã tổ chức góp ý thay"
    )
    section = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CommentSerializer(ModelSerializer):
    # A personal comment has no organisation: null, and the schema says so.
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "round",
            "organization",
            "author",
            "section",
            "text",
            "disposition",
            "disposition_note",
            "submitted_at",
        ]


class CandidateSerializer(ModelSerializer):
    sex = serializers.ChoiceField(choices=Sex.choices)

    class Meta:
        model = Candidate
        fields = ["full_name", "birth_date", "sex", "ethnicity", "current_post", "is_incumbent"]
        extra_kwargs = {"ethnicity": {"required": False}, "current_post": {"required": False}}


class PlanInputSerializer(Serializer):
    seats = serializers.IntegerField(min_value=1, max_value=500)
    standing_seats = serializers.IntegerField(min_value=0, max_value=500, default=0)
    deputy_posts = serializers.IntegerField(min_value=0, max_value=10, default=1)
    inspection_seats = serializers.IntegerField(min_value=0, max_value=500, default=0)
    candidates = CandidateSerializer(many=True)


class PlanSerializer(ModelSerializer):
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta:
        model = PersonnelPlan
        fields = [
            "id",
            "congress",
            "version",
            "status",
            "seats",
            "standing_seats",
            "deputy_posts",
            "inspection_seats",
            "candidates",
        ]


class PlanStepSerializer(Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_date = serializers.DateField(required=False, allow_null=True, default=None)
    votes_for = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    votes_total = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0
    )


class OfficialDateSerializer(Serializer):
    official_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuperiorReportSerializer(Serializer):
    id = serializers.IntegerField()
    congress = serializers.IntegerField(source="congress_id")
    official_date = serializers.DateField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    decided_on = serializers.DateField(allow_null=True)


class DecisionSerializer(Serializer):
    decision = serializers.ChoiceField(choices=[Decision.APPROVED, Decision.RETURNED])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResultsSerializer(Serializer):
    # Omitted when the congress's attendance is recorded in the portal: the base is read from it.
    summoned = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    excused = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    ballots_issued = serializers.IntegerField(min_value=0)
    ballots_valid = serializers.IntegerField(min_value=0)
    votes = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="candidate id → votes"
    )
    first_meeting_date = serializers.DateField(required=False, allow_null=True, default=None)
    posts = serializers.DictField(child=serializers.CharField(), required=False, default=dict)


class TallySerializer(Serializer):
    base = serializers.IntegerField()
    needed = serializers.IntegerField()
    elected = serializers.ListField(child=serializers.IntegerField())
    tie = serializers.ListField(child=serializers.IntegerField())


class RatificationSerializer(Serializer):
    decision_number = serializers.CharField(max_length=50)
    decision_date = serializers.DateField()
    policy_note = serializers.CharField(required=False, allow_blank=True, default="")


class TokenRequestSerializer(Serializer):
    username = serializers.CharField()
    password = serializers.CharField()
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="Mã 6 chữ số của ứng dụng xác thực hoặc một mã dự phòng: bắt buộc với tài "
        "khoản đã bật xác thực hai lớp (và mọi vai trò phê duyệt, quyết định, chuẩn y, nhập dữ "
        "liệu).",
    )


class TokenSerializer(Serializer):
    token = serializers.CharField()
