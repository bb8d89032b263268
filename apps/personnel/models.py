"""Personnel plans for the next committee, their approval, election results and ratification."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.congresses.models import Congress, Term
from apps.organizations.models import Organization


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình Ban Thường vụ")
    APPROVED = "approved", _("Ban Thường vụ đã duyệt")
    RETURNED = "returned", _("Ban Thường vụ trả lại")


# The workflow of docs/domain.md §5.3: a status, this table, and one service (plan_transition).
TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.SUBMITTED}),
    PlanStatus.SUBMITTED: frozenset({PlanStatus.APPROVED, PlanStatus.RETURNED}),
    PlanStatus.RETURNED: frozenset({PlanStatus.SUBMITTED}),
    PlanStatus.APPROVED: frozenset(),
}
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})


class PersonnelPlan(models.Model):
    """The plan for the next committee (phương án nhân sự), in numbered versions.

    R20 requires the approved plan in the report to the superior; the standing committee of the
    organisation itself (or, for a cell, its committee) approves it.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="personnel_plans")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    seats = models.PositiveSmallIntegerField(
        _("số lượng cấp ủy viên"), validators=[MinValueValidator(1)]
    )
    standing_seats = models.PositiveSmallIntegerField(
        _("số lượng Ủy viên Ban Thường vụ"), default=0
    )
    deputy_posts = models.PositiveSmallIntegerField(_("số Phó Bí thư"), default=1)
    inspection_seats = models.PositiveSmallIntegerField(_("số Ủy viên Ủy ban Kiểm tra"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_meeting_date = models.DateField(
        _("ngày họp Ban Thường vụ duyệt"), null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu tán thành"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(
        _("tổng số thành viên dự họp"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("phương án nhân sự")
        verbose_name_plural = _("phương án nhân sự")
        ordering = ["congress", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "version"], name="one_plan_version"),
            models.CheckConstraint(
                condition=models.Q(standing_seats__lte=models.F("seats")),
                name="standing_within_committee",
                violation_error_message=_(
                    "Số Ủy viên Ban Thường vụ không được vượt số cấp ủy viên."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Phương án nhân sự %(congress)s (phiên bản %(v)s)") % {
            "congress": self.congress.organization.name,
            "v": self.version,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Post(models.TextChoices):
    COMMITTEE = "committee", _("Cấp ủy viên")
    STANDING = "standing", _("Ủy viên Ban Thường vụ")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY = "deputy", _("Phó Bí thư")
    INSPECTION = "inspection", _("Ủy viên Ủy ban Kiểm tra")


class Candidate(models.Model):
    """A person on the plan's list, with the facts the composition targets need."""

    plan = models.ForeignKey(PersonnelPlan, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("STT"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, default="Kinh")
    current_post = models.CharField(_("chức vụ hiện tại"), max_length=200, blank=True)
    is_incumbent = models.BooleanField(_("tái cử"), default=False)
    proposed_posts = models.JSONField(_("dự kiến chức danh"), default=list, blank=True)

    class Meta:
        verbose_name = _("người trong danh sách")
        verbose_name_plural = _("danh sách nhân sự")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def proposed_posts_display(self) -> str:
        labels = dict(Post.choices)
        return ", ".join(str(labels.get(p, p)) for p in self.proposed_posts or [])


class PlanStep(models.Model):
    """One step of the plan's approval: who moved it from what to what, when, with which note."""

    plan = models.ForeignKey(PersonnelPlan, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bước duyệt phương án")
        verbose_name_plural = _("các bước duyệt phương án")
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ElectionResult(models.Model):
    """The election of the new committee at the congress, and its first meeting.

    The convened base (members or delegates summoned minus those excused by the rules) decides
    who wins: more than half of it, not of ballots cast (docs/domain.md §7.3).
    """

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="election")
    plan = models.ForeignKey(PersonnelPlan, on_delete=models.PROTECT, related_name="+")
    summoned = models.PositiveIntegerField(_("số được triệu tập"))
    excused = models.PositiveIntegerField(_("số được trừ theo quy định"), default=0)
    ballots_issued = models.PositiveIntegerField(_("số phiếu phát ra"))
    ballots_valid = models.PositiveIntegerField(_("số phiếu hợp lệ"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The counting board's minutes are dated on the election day and signed by the board
    # (Ban kiểm phiếu), not by the committee on the day someone typed the result in.
    election_date = models.DateField(_("ngày bầu cử"), null=True, blank=True)
    counting_board_head = models.CharField(_("trưởng Ban kiểm phiếu"), max_length=150, blank=True)
    counting_board_members = models.TextField(
        _("các thành viên Ban kiểm phiếu"), blank=True, help_text=_("Mỗi người một dòng.")
    )
    first_meeting_date = models.DateField(_("ngày hội nghị lần thứ nhất"), null=True, blank=True)
    ratification_requested_on = models.DateField(_("ngày đề nghị chuẩn y"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả bầu cử")
        verbose_name_plural = _("kết quả bầu cử")

    def __str__(self) -> str:
        return str(self.congress)

    @property
    def counting_board(self) -> list[str]:
        """The board's members, head first."""
        others = [n.strip() for n in self.counting_board_members.splitlines() if n.strip()]
        return [self.counting_board_head, *others] if self.counting_board_head else others

    @property
    def base(self) -> int:
        return self.summoned - self.excused


class CandidateVote(models.Model):
    """A candidate's votes, whether they won, and the post the first meeting gave them."""

    result = models.ForeignKey(ElectionResult, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="votes")
    votes = models.PositiveIntegerField(_("số phiếu"))
    elected = models.BooleanField(_("trúng cử"), default=False)
    post = models.CharField(
        _("chức danh sau hội nghị lần thứ nhất"),
        max_length=12,
        choices=Post.choices,
        default=Post.COMMITTEE,
    )

    class Meta:
        verbose_name = _("số phiếu của người ứng cử")
        verbose_name_plural = _("số phiếu bầu")
        ordering = ["result", "-votes", "candidate__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "candidate"], name="one_vote_row_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class Ratification(models.Model):
    """The superior's ratification (chuẩn y) of the elected committee and its leaders."""

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="ratification")
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ratified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuẩn y")
        verbose_name_plural = _("chuẩn y")

    def __str__(self) -> str:
        return self.decision_number


class NonReelection(models.Model):
    """A committee member not re-elected, and the policy applied to them (chính sách)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    policy = models.TextField(_("chính sách áp dụng"), blank=True)

    class Meta:
        verbose_name = _("cấp ủy viên không tái cử")
        verbose_name_plural = _("cấp ủy viên không tái cử")

    def __str__(self) -> str:
        return str(self.user)


class FollowUpKind(models.TextChoices):
    REGULATIONS = "regulations", _("Ban hành Quy chế làm việc")
    ACTION_PLAN = "action_plan", _("Chương trình hành động thực hiện Nghị quyết")
    ASSIGNMENTS = "assignments", _("Phân công nhiệm vụ cấp ủy viên")
    POLICY = "policy", _("Giải quyết chính sách cán bộ không tái cử")


class FollowUpTask(models.Model):
    """Work after the congress, tracked with a due date until done."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("việc"), max_length=16, choices=FollowUpKind.choices)
    due_date = models.DateField(_("hạn"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc sau đại hội")
        verbose_name_plural = _("việc sau đại hội")
        ordering = ["congress", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="one_follow_up_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
