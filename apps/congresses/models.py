"""Terms, rule sets, congresses and the records the deadline rules read (R30, R20, RA)."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.organizations.models import Organization, OrganizationKind

from .deadlines import RuleParams
from .rules import DEFAULT_FOLLOW_UP_DAYS


class DocumentKind(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Báo cáo chính trị")
    REVIEW_REPORT = "review_report", _("Báo cáo kiểm điểm của Ban Chấp hành")
    RESOLUTION = "resolution", _("Nghị quyết Đại hội")
    ACTION_PROGRAMME = "action_programme", _("Chương trình hành động")
    PLAN = "plan", _("Kế hoạch")
    SUBMISSION = "submission", _("Tờ trình")
    PERSONNEL_SCHEME = "personnel_scheme", _("Đề án nhân sự")


# The rule set's default numbers are the pure module's (deadlines.RuleParams): one place says
# 30 and 20 days, the reminders and the required documents; a new RuleSet row starts from them.
DEFAULTS = RuleParams()


def default_required_kinds() -> list[str]:
    return list(DEFAULTS.required_kinds)


def default_reminder_offsets() -> list[int]:
    return list(DEFAULTS.reminder_offsets)


def default_comment_reminder_offsets() -> list[int]:
    return list(DEFAULTS.comment_reminder_offsets)


def default_follow_up_days() -> dict[str, int]:
    return dict(DEFAULT_FOLLOW_UP_DAYS)


def default_composition_targets() -> dict:
    return {"under_40_min_percent": 10, "women_min_percent": 15, "renewal_min_percent": 30}


def default_delegate_composition() -> dict:
    """What the credentials board's report counts (docs/domain.md, delegates): age bands at the
    opening date (boundaries in years: under 30, 30–39, …, 60 and over) and the groups listed."""
    return {
        "age_bands": [30, 40, 50, 60],
        "groups": ["kind", "source", "sex", "ethnicity", "new_committee_member"],
    }


class RuleSet(models.Model):
    """The numbers of a term's rules, stored as data and editable in admin (docs/domain.md §6.1).

    Every day count the deadline engine uses comes from here, never from a literal in code:
    Chỉ thị 35-CT/TW (2019) and Chỉ thị 45-CT/TW (2025) are two rows.
    """

    name = models.CharField(_("tên"), max_length=200)
    source_documents = models.TextField(_("văn bản căn cứ"), blank=True)
    r30_days = models.PositiveSmallIntegerField(
        _("số ngày gửi dự thảo lấy ý kiến trước khai mạc (R30)"), default=DEFAULTS.r30_days
    )
    r20_days = models.PositiveSmallIntegerField(
        _("số ngày báo cáo cấp trên trước khai mạc (R20)"), default=DEFAULTS.r20_days
    )
    working_days = models.BooleanField(
        _("tính theo ngày làm việc"),
        default=DEFAULTS.working_days,
        help_text=_("Bỏ thứ Bảy, Chủ nhật và ngày lễ khi đếm ngày."),
    )
    holidays = models.JSONField(_("ngày nghỉ lễ (YYYY-MM-DD)"), default=list, blank=True)
    due_soon_days = models.PositiveSmallIntegerField(
        _("cảnh báo sắp đến hạn trước (ngày)"), default=DEFAULTS.due_soon_days
    )
    reminder_offsets = models.JSONField(
        _("nhắc việc trước hạn (ngày)"), default=default_reminder_offsets
    )
    announcement_enabled = models.BooleanField(
        _("kiểm tra thông báo triệu tập"), default=DEFAULTS.announcement_enabled
    )
    announcement_working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc thông báo triệu tập trước khai mạc"),
        default=DEFAULTS.announcement_working_days,
    )
    required_document_kinds = models.JSONField(
        _("văn kiện bắt buộc lấy ý kiến"), default=default_required_kinds
    )
    surplus_cap_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ dư tối đa (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    comment_reminder_offsets = models.JSONField(
        _("nhắc góp ý trước hạn góp ý (ngày)"),
        default=default_comment_reminder_offsets,
        help_text=_("Ví dụ [3, 1]: nhắc người chưa góp ý 3 ngày và 1 ngày trước hạn góp ý."),
    )
    follow_up_days = models.JSONField(
        _("hạn việc sau đại hội, tính từ ngày chuẩn y (ngày)"),
        default=default_follow_up_days,
        help_text=_(
            "Số ngày cho từng việc: regulations (quy chế làm việc), assignments (phân công), "
            "action_plan (chương trình hành động), policy (chính sách cán bộ không tái cử)."
        ),
    )
    composition_targets = models.JSONField(
        _("chỉ tiêu cơ cấu"), default=default_composition_targets, blank=True
    )
    delegate_alternates_percent = models.PositiveSmallIntegerField(
        _("số đại biểu dự khuyết so với đại biểu chính thức được phân bổ (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("Mỗi đơn vị được ít nhất 1 đại biểu dự khuyết; làm tròn lên."),
    )
    # An attendance quorum is no general rule of the Charter, QĐ 24 or QĐ 190 (docs/domain.md,
    # delegates): off (empty) by default; a fraction such as 2/3 when a rule set adopts one.
    attendance_quorum_numerator = models.PositiveSmallIntegerField(
        _("tỷ lệ có mặt tối thiểu — tử số"), null=True, blank=True
    )
    attendance_quorum_denominator = models.PositiveSmallIntegerField(
        _("tỷ lệ có mặt tối thiểu — mẫu số"), null=True, blank=True
    )
    delegate_composition = models.JSONField(
        _("cơ cấu đại biểu cần thống kê"), default=default_delegate_composition, blank=True
    )
    history = HistoricalRecords(
        verbose_name=_("lịch sử bộ quy tắc"), verbose_name_plural=_("lịch sử bộ quy tắc")
    )

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(attendance_quorum_numerator__isnull=True)
                    & Q(attendance_quorum_denominator__isnull=True)
                )
                | Q(
                    attendance_quorum_numerator__gte=1,
                    attendance_quorum_denominator__gte=models.F("attendance_quorum_numerator"),
                ),
                name="attendance_quorum_is_a_fraction",
                violation_error_message=_(
                    "Tỷ lệ có mặt tối thiểu phải là một phân số từ 0 đến 1 (ví dụ 2/3), "
                    "hoặc để trống cả hai."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The reminder days and the follow-up days are data an administrator types: refuse
        what the sweep or the ratification could not use, naming the field."""
        from django.core.exceptions import ValidationError

        offsets = self.comment_reminder_offsets
        if not isinstance(offsets, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in offsets
        ):
            raise ValidationError(
                {"comment_reminder_offsets": _("Cần một danh sách số ngày dương, ví dụ [3, 1].")}
            )
        days = self.follow_up_days
        if (
            not isinstance(days, dict)
            or set(days) - set(DEFAULT_FOLLOW_UP_DAYS)
            or not all(
                isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in days.values()
            )
        ):
            raise ValidationError(
                {
                    "follow_up_days": _("Cần số ngày dương cho các việc: %(kinds)s.")
                    % {"kinds": ", ".join(DEFAULT_FOLLOW_UP_DAYS)}
                }
            )

    @property
    def attendance_quorum(self) -> Fraction | None:
        """The share of those summoned who must be present, or None when the rule set has none."""
        if self.attendance_quorum_numerator is None or not self.attendance_quorum_denominator:
            return None
        return Fraction(self.attendance_quorum_numerator, self.attendance_quorum_denominator)


class Term(models.Model):
    """A five-year term (nhiệm kỳ); its rule set says which numbers apply to its congresses."""

    code = models.CharField(_("mã"), max_length=20, unique=True)  # e.g. "2020-2025"
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("bộ quy tắc"), on_delete=models.PROTECT, related_name="terms"
    )

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class CongressKind(models.TextChoices):
    ALL_MEMBER = "all_member", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


ABOVE_GRASSROOTS_KINDS = frozenset({OrganizationKind.CENTRAL, OrganizationKind.ABOVE_GRASSROOTS})


def congress_kind_for(organization: Organization) -> str:
    """The form of congress an organisation holds by default (Điều lệ Đảng; QĐ 24-QĐ/TW 2021):
    an organisation above the grassroots (a provincial police Party organisation, the central
    committee) holds a delegates' congress; a grassroots committee or a cell holds an
    all-member congress (a grassroots committee may hold a delegates' congress with its
    superior's agreement, chosen when scheduling). Read from the kind of organisation, never
    from whether it has subordinates at the moment."""
    if organization.kind in ABOVE_GRASSROOTS_KINDS:
        return CongressKind.DELEGATES
    return CongressKind.ALL_MEMBER


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    PREPARING = "preparing", _("Đang chuẩn bị")
    DRAFTS_CIRCULATED = "drafts_circulated", _("Đã gửi dự thảo lấy ý kiến")
    REPORTED = "reported", _("Đã báo cáo cấp trên")
    RETURNED = "returned", _("Cấp trên trả lại")
    APPROVED = "approved", _("Cấp trên đồng ý")
    CONVENED = "convened", _("Đã triệu tập")
    IN_SESSION = "in_session", _("Đang họp")
    CLOSED = "closed", _("Đã bế mạc")
    RATIFIED = "ratified", _("Đã chuẩn y")
    FOLLOWUP_DONE = "followup_done", _("Đã hoàn thành việc sau đại hội")
    POSTPONED = "postponed", _("Hoãn")


OPEN_OR_LATER = frozenset(
    {
        CongressStatus.IN_SESSION,
        CongressStatus.CLOSED,
        CongressStatus.RATIFIED,
        CongressStatus.FOLLOWUP_DONE,
    }
)


def congress_title(org_name: str, ordinal: str, term: Term) -> str:
    """How a congress is named everywhere, from a model instance or a bulk-read row alike."""
    return congress_title_wording() % {"org": org_name, "ordinal": ordinal, "term": term}


def congress_title_wording() -> str:
    """The pattern of congress_title() in the active language, for a caller naming thousands
    of congresses (the sweep's notices) that looks it up once."""
    return gettext("Đại hội %(org)s lần thứ %(ordinal)s, nhiệm kỳ %(term)s")


class Congress(models.Model):
    """A congress (đại hội) of one organisation in one term.

    The opening date is what every rule counts back from; moving it re-evaluates all of them.
    `is_pilot` marks a pilot congress (đại hội điểm) held before the superior's lessons meeting.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức đảng"),
        on_delete=models.CASCADE,
        related_name="congresses",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="congresses"
    )
    kind = models.CharField(
        _("hình thức"), max_length=20, choices=CongressKind.choices, default=CongressKind.DELEGATES
    )
    ordinal = models.CharField(_("lần thứ"), max_length=20, help_text=_("Ví dụ: XVII"))
    opening_date = models.DateField(_("ngày khai mạc"))
    days = models.PositiveSmallIntegerField(
        _("số ngày họp"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    delegate_count = models.PositiveIntegerField(
        _("số đại biểu/đảng viên triệu tập"), null=True, blank=True
    )
    is_pilot = models.BooleanField(_("đại hội điểm"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=CongressStatus.choices,
        default=CongressStatus.PLANNED,
    )
    announced_on = models.DateField(_("ngày thông báo triệu tập"), null=True, blank=True)
    opened_at = models.DateTimeField(_("khai mạc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử đại hội"), verbose_name_plural=_("lịch sử đại hội")
    )

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["opening_date", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "ordinal"],
                name="one_congress_per_org_term_ordinal",
                violation_error_message=_("Tổ chức này đã có đại hội lần này trong nhiệm kỳ."),
            )
        ]
        indexes = [
            models.Index(fields=["term", "opening_date"]),
            # The API's list order: a page of the root's list reads its rows from this index
            # (0.7 ms) instead of sorting every visible congress (25 ms at 13,000).
            models.Index(fields=["opening_date", "id"], name="congress_opening_order"),
        ]

    def __str__(self) -> str:
        return congress_title(self.organization.name, self.ordinal, self.term)

    @property
    def is_open_or_later(self) -> bool:
        return self.status in OPEN_OR_LATER


class SubcommitteeKind(models.TextChoices):
    DOCUMENTS = "documents", _("Tiểu ban Văn kiện")
    PERSONNEL = "personnel", _("Tiểu ban Nhân sự")
    LOGISTICS = "logistics", _("Tiểu ban Tổ chức phục vụ")


class Subcommittee(models.Model):
    """A subcommittee preparing the congress; documents members may submit and circulate drafts."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="subcommittees")
    kind = models.CharField(_("tiểu ban"), max_length=20, choices=SubcommitteeKind.choices)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng tiểu ban"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        blank=True,
        related_name="subcommittees",
    )

    class Meta:
        verbose_name = _("tiểu ban")
        verbose_name_plural = _("tiểu ban")
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="one_subcommittee_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SupervisionAssignment(models.Model):
    """A standing member of the superior assigned to guide (phụ trách) a subordinate's congress.

    The sweep escalates overdue rules to this person.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức được phụ trách"),
        on_delete=models.CASCADE,
        related_name="supervisions",
    )
    term = models.ForeignKey(Term, verbose_name=_("nhiệm kỳ"), on_delete=models.CASCADE)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("đồng chí phụ trách"),
        on_delete=models.CASCADE,
        related_name="supervisions",
    )

    class Meta:
        verbose_name = _("phân công phụ trách")
        verbose_name_plural = _("phân công phụ trách")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "supervisor"], name="one_assignment_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.organization}"


class LessonsMeeting(models.Model):
    """The lessons-learned meeting after the pilot congresses of an organisation's subordinates.

    Its existence means the organisation chose pilots for the term: until `held_on` is recorded,
    non-pilot subordinates may not open their congresses.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức chọn đại hội điểm"),
        on_delete=models.CASCADE,
        related_name="lessons_meetings",
    )
    term = models.ForeignKey(Term, verbose_name=_("nhiệm kỳ"), on_delete=models.CASCADE)
    held_on = models.DateField(_("ngày tổ chức hội nghị rút kinh nghiệm"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử hội nghị rút kinh nghiệm"),
        verbose_name_plural=_("lịch sử hội nghị rút kinh nghiệm"),
    )

    class Meta:
        verbose_name = _("hội nghị rút kinh nghiệm")
        verbose_name_plural = _("hội nghị rút kinh nghiệm")
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="one_lessons_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.term}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý")
    RETURNED = "returned", _("Trả lại")


class SuperiorReport(models.Model):
    """The report on documents and personnel to the directly superior committee (R20, RA).

    R20 reads `official_date` of the latest submission that was not returned; RA reads its
    decision. A returned report stays as history; the organisation submits a new one.
    """

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="superior_reports"
    )
    official_date = models.DateField(_("ngày văn bản"))
    backdate_reason = models.CharField(_("lý do ghi ngày trước"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    note = models.TextField(_("nội dung tóm tắt"), blank=True)
    plan = models.ForeignKey(
        "personnel.PersonnelPlan",
        verbose_name=_("phương án nhân sự"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superior_reports",
    )
    rounds = models.ManyToManyField(
        "documents.DraftRound", verbose_name=_("dự thảo kèm theo"), blank=True, related_name="+"
    )
    decision = models.CharField(
        _("quyết định"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("ý kiến của cấp trên"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử báo cáo cấp trên"),
        verbose_name_plural=_("lịch sử báo cáo cấp trên"),
    )

    class Meta:
        verbose_name = _("báo cáo cấp trên")
        verbose_name_plural = _("báo cáo cấp trên")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "-submitted_at"]),
            models.Index(
                fields=["submitted_at"], name="report_awaiting", condition=Q(decision="pending")
            ),
        ]

    def __str__(self) -> str:
        return _("Báo cáo cấp trên ngày %(date)s") % {
            "date": self.official_date.strftime("%d/%m/%Y")
        }
