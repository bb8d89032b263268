"""Delegates across the tree: membership counts, seat allocation, elections below, the list above.

How the records fit (issue 22; the rules are in docs/domain.md, "Delegates"):

- ``apps.organizations.models.MembershipCount``: an organisation's official and probationary
  members *as of a date* (history kept by django-simple-history; imported with the
  organisations). The allocation reads, for each subordinate, the latest count on or before the
  allocation's ``counts_as_of`` date.
- ``Allocation`` (one per delegates' congress, ``congress.allocation``): the convening committee
  sets ``seats`` (official delegates). ``by_right`` of them are the outgoing committee's members
  (đại biểu đương nhiên); the rest are shared among the direct subordinates
  (``AllocationShare``: ``computed_seats`` by largest remainder on official members, at least one
  each; ``seats`` after a hand adjustment with ``adjustment_reason``; ``alternates`` = dự khuyết).
  Issued as a numbered QĐ from the register (``issued_on`` set; then it no longer changes).
- ``DelegateElection`` (one per subordinate congress, ``congress.delegate_election``): the
  candidates (``DelegateCandidate``) and their votes, counted with the committee election's rule
  (``apps.personnel.elections.tally``: > ½ of the convened base). Recording it creates the
  ``Delegate`` rows on the *upper* congress's list.
- ``Delegate``: one person on the list of the congress they attend (``congress`` is always the
  upper, convening congress; ``source`` the organisation that sent them; for delegates by right,
  the convening organisation itself). ``kind``: by right / elected / alternate (elected as
  dự khuyết). ``status``: official (seated as official delegate — an alternate who replaced
  someone is official too), alternate (waiting), replaced (an official delegate replaced by an
  alternate, ``replaced_by``), disqualified (``status_reason``). ``vote_rank`` is the order by
  votes within the source's election (1 = most votes; alternates are ranked after the officials
  of the same election). ``code`` is stable and unique: it is printed on the card and typed at
  check-in; it never changes once made.

Rule-set data used here (``apps.congresses.models.RuleSet``): ``delegate_alternates_percent``,
``delegate_composition`` (age bands and groups for the credentials report) and the optional
attendance quorum ``attendance_quorum`` (a Fraction, None when off — see docs/domain.md).
The convened base of a delegates' congress = official delegates summoned minus the convening
committee's members and delegates absent with no replacement (QĐ 190 Art. 30).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.congresses.models import Congress
from apps.organizations.models import Organization
from apps.personnel.models import Sex

# Letters and digits that cannot be misread when typed from a card (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_delegate_code() -> str:
    """A random card code; uniqueness is enforced by the database (services retry on a clash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Allocation(models.Model):
    """The allocation of delegate seats (QĐ phân bổ đại biểu) for one delegates' congress."""

    congress = models.OneToOneField(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="allocation"
    )
    seats = models.PositiveIntegerField(
        _("tổng số đại biểu chính thức"), validators=[MinValueValidator(1)]
    )
    by_right = models.PositiveIntegerField(_("số đại biểu đương nhiên"), default=0)
    counts_as_of = models.DateField(_("số đảng viên tính đến ngày"))
    decided_on = models.DateField(_("ngày quyết định"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử phân bổ đại biểu"),
        verbose_name_plural=_("lịch sử phân bổ đại biểu"),
    )

    class Meta:
        verbose_name = _("phân bổ đại biểu")
        verbose_name_plural = _("phân bổ đại biểu")
        constraints = [
            models.CheckConstraint(
                condition=Q(by_right__lte=models.F("seats")),
                name="by_right_within_seats",
                violation_error_message=_("Số đại biểu đương nhiên vượt tổng số đại biểu."),
            )
        ]

    def __str__(self) -> str:
        return _("Phân bổ đại biểu — %(congress)s") % {"congress": self.congress}

    @property
    def is_issued(self) -> bool:
        return self.issued_on is not None

    @property
    def to_allocate(self) -> int:
        """Seats shared among the subordinates: all but the delegates by right."""
        return self.seats - self.by_right


class AllocationShare(models.Model):
    """One subordinate's seats and alternates in an allocation."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="shares")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="delegate_shares",
    )
    official_members = models.PositiveIntegerField(_("số đảng viên chính thức"))
    computed_seats = models.PositiveIntegerField(_("số đại biểu theo tỷ lệ"))
    seats = models.PositiveIntegerField(_("số đại biểu chính thức"))
    alternates = models.PositiveIntegerField(_("số đại biểu dự khuyết"), default=0)
    adjustment_reason = models.CharField(_("lý do điều chỉnh"), max_length=300, blank=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử phân bổ của đơn vị"),
        verbose_name_plural=_("lịch sử phân bổ của đơn vị"),
    )

    class Meta:
        verbose_name = _("số đại biểu của đơn vị")
        verbose_name_plural = _("số đại biểu của các đơn vị")
        ordering = ["allocation", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "organization"], name="one_share_per_subordinate"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="share_at_least_one_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code}: {self.seats} + {self.alternates}"

    @property
    def is_adjusted(self) -> bool:
        return self.seats != self.computed_seats


class DelegateElection(models.Model):
    """The election of delegates to the upper congress at one subordinate's congress.

    Counted with the committee election's rule (more than half of the convened base; more
    passing than seats → the highest; a tie at a cut-off → a new vote). ``official_seats`` and
    ``alternate_seats`` are what this congress elected for, never more than its share.
    """

    congress = models.OneToOneField(
        Congress,
        verbose_name=_("đại hội bầu"),
        on_delete=models.CASCADE,
        related_name="delegate_election",
    )
    share = models.OneToOneField(
        AllocationShare,
        verbose_name=_("số được phân bổ"),
        on_delete=models.PROTECT,
        related_name="election",
    )
    official_seats = models.PositiveIntegerField(_("số đại biểu chính thức được bầu"))
    alternate_seats = models.PositiveIntegerField(_("số đại biểu dự khuyết được bầu"), default=0)
    summoned = models.PositiveIntegerField(_("số được triệu tập"), null=True, blank=True)
    excused = models.PositiveIntegerField(_("số được trừ theo quy định"), default=0)
    ballots_issued = models.PositiveIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    ballots_valid = models.PositiveIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    election_date = models.DateField(_("ngày bầu cử"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử bầu đại biểu"), verbose_name_plural=_("lịch sử bầu đại biểu")
    )

    class Meta:
        verbose_name = _("bầu đại biểu dự đại hội cấp trên")
        verbose_name_plural = _("bầu đại biểu dự đại hội cấp trên")

    def __str__(self) -> str:
        return _("Bầu đại biểu — %(congress)s") % {"congress": self.congress}

    @property
    def base(self) -> int | None:
        if self.summoned is None:
            return None
        return self.summoned - self.excused

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class CandidateOutcome(models.TextChoices):
    PENDING = "pending", _("Chưa bầu")
    OFFICIAL = "official", _("Trúng cử đại biểu chính thức")
    ALTERNATE = "alternate", _("Trúng cử đại biểu dự khuyết")
    NOT_ELECTED = "not_elected", _("Không trúng cử")


class DelegateCandidate(models.Model):
    """A person on the list for the upper congress, with the facts the credentials need."""

    election = models.ForeignKey(
        DelegateElection, on_delete=models.CASCADE, related_name="candidates"
    )
    position = models.PositiveSmallIntegerField(_("STT"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, default="Kinh")
    current_post = models.CharField(_("chức vụ"), max_length=200, blank=True)
    new_committee_member = models.BooleanField(_("cấp ủy viên mới"), default=False)
    votes = models.PositiveIntegerField(_("số phiếu"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"),
        max_length=12,
        choices=CandidateOutcome.choices,
        default=CandidateOutcome.PENDING,
    )

    class Meta:
        verbose_name = _("người ứng cử đại biểu")
        verbose_name_plural = _("danh sách bầu đại biểu")
        ordering = ["election", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class DelegateKind(models.TextChoices):
    BY_RIGHT = "by_right", _("Đại biểu đương nhiên")
    ELECTED = "elected", _("Đại biểu được bầu")
    ALTERNATE = "alternate", _("Đại biểu dự khuyết")


class DelegateStatus(models.TextChoices):
    OFFICIAL = "official", _("Chính thức")
    ALTERNATE = "alternate", _("Dự khuyết")
    REPLACED = "replaced", _("Đã được thay thế")
    DISQUALIFIED = "disqualified", _("Không đủ tư cách")


class Delegate(models.Model):
    """A person on the delegate list of a (delegates') congress; see the module docstring."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="delegates"
    )
    source = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị bầu/cử"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.ForeignKey(
        DelegateElection,
        verbose_name=_("cuộc bầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegates",
    )
    candidate = models.OneToOneField(
        DelegateCandidate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegate",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegate_seats",
    )
    code = models.CharField(
        _("mã đại biểu"), max_length=16, unique=True, default=new_delegate_code, editable=False
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    current_post = models.CharField(_("chức vụ"), max_length=200, blank=True)
    new_committee_member = models.BooleanField(_("cấp ủy viên mới"), default=False)
    kind = models.CharField(_("loại đại biểu"), max_length=10, choices=DelegateKind.choices)
    votes = models.PositiveIntegerField(_("số phiếu"), null=True, blank=True)
    vote_rank = models.PositiveSmallIntegerField(_("thứ tự theo số phiếu"), null=True, blank=True)
    status = models.CharField(
        _("tư cách"), max_length=12, choices=DelegateStatus.choices, default=DelegateStatus.OFFICIAL
    )
    status_reason = models.CharField(_("lý do"), max_length=300, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("người thay thế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử đại biểu"), verbose_name_plural=_("lịch sử đại biểu")
    )

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        ordering = ["congress", "kind", "source__path", "vote_rank", "full_name", "id"]
        indexes = [
            models.Index(fields=["congress", "status"]),
            models.Index(fields=["congress", "source", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="disqualified") | ~Q(status_reason=""),
                name="disqualified_has_reason",
                violation_error_message=_("Phải ghi lý do không đủ tư cách."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_official(self) -> bool:
        return self.status == DelegateStatus.OFFICIAL


class CredentialsBoard(models.Model):
    """The congress's credentials board (Ban thẩm tra tư cách đại biểu, QĐ 190 Art. 7) and the
    date of its report at the preparatory session: the report PDF is signed by its head."""

    congress = models.OneToOneField(
        Congress, on_delete=models.CASCADE, related_name="credentials_board"
    )
    head = models.CharField(_("trưởng Ban thẩm tra tư cách đại biểu"), max_length=150)
    members = models.TextField(
        _("các thành viên Ban thẩm tra"), blank=True, help_text=_("Mỗi người một dòng.")
    )
    report_date = models.DateField(_("ngày báo cáo"))
    history = HistoricalRecords(
        verbose_name=_("lịch sử Ban thẩm tra tư cách đại biểu"),
        verbose_name_plural=_("lịch sử Ban thẩm tra tư cách đại biểu"),
    )

    class Meta:
        verbose_name = _("Ban thẩm tra tư cách đại biểu")
        verbose_name_plural = _("Ban thẩm tra tư cách đại biểu")

    def __str__(self) -> str:
        return self.head
