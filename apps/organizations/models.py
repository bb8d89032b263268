"""The Party organisation tree in CAND, the people in it, and the groups that carry their rights."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from apps.core.text import fold


class OrganizationKind(models.TextChoices):
    CENTRAL = "central", _("Đảng ủy trực thuộc Trung ương")
    ABOVE_GRASSROOTS = "above_grassroots", _("Đảng bộ cấp trên cơ sở")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    PARTIAL_COMMITTEE = "partial_committee", _("Đảng bộ bộ phận")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    CELL_UNDER_COMMITTEE = "cell_under_committee", _("Chi bộ trực thuộc")


CELL_KINDS = frozenset({OrganizationKind.GRASSROOTS_CELL, OrganizationKind.CELL_UNDER_COMMITTEE})


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
    OFFICE_OFFICER = "office_officer", _("Cán bộ văn phòng")
    MEMBER = "member", _("Đảng viên")


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    _("Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang và gạch dưới."),
)


class Organization(MP_Node):
    """A Party organisation (đảng bộ, chi bộ) in the CAND tree.

    Materialised path (treebeard): a subtree is one indexed prefix scan on `path`, which is how the
    permission layer lets a superior's standing committee act on its subordinates without a walk.
    `code` is the stable identifier that imports and URLs use; ids are never shown.
    """

    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": _("Mã tổ chức này đã tồn tại.")},
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại hình"), max_length=32, choices=OrganizationKind.choices)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    place_name = models.CharField(
        _("địa danh ghi trên văn bản"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Quảng Bình. Để trống thì dùng địa danh của tổ chức cấp trên."),
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        permissions = [
            ("lead_organization", _("Lãnh đạo: lập lịch đại hội, trình dự thảo, báo cáo cấp trên")),
            ("approve_personnel", _("Duyệt phương án nhân sự của tổ chức mình")),
            ("comment_drafts", _("Góp ý dự thảo văn kiện")),
            ("keep_registers", _("Quản lý sổ sách, nhập/xuất dữ liệu, tải báo cáo")),
            ("view_subtree", _("Xem tổ chức và các tổ chức cấp dưới")),
            ("supervise_subordinates", _("Quyết định đối với tổ chức cấp dưới trực tiếp")),
        ]
        indexes = [
            # One level of a subtree: depth = n AND path LIKE 'prefix%' (a superior's direct
            # subordinates, tree nodes). LIKE on PostgreSQL needs pattern ops unless the collation
            # is C; the path alone already has one (Django adds it to the unique path column).
            models.Index(
                fields=["depth", "path"],
                name="org_depth_path_prefix",
                opclasses=["int4_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    @property
    def has_subordinates(self) -> bool:
        return self.numchild > 0

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def has_standing_committee(self) -> bool:
        """A cell has no standing committee (Ban Thường vụ): its committee (chi ủy), or the
        cell's meeting where it has none, approves what a committee's standing body would."""
        return not self.is_cell

    @property
    def committee_name(self) -> str:
        """The body that issues documents: "Đảng bộ X" is led by "Đảng ủy X"; a cell by itself."""
        if self.name.startswith("Đảng bộ "):
            return "Đảng ủy " + self.name[len("Đảng bộ ") :]
        return self.name

    @property
    def issuer_code(self) -> str:
        """The issuer part of a document symbol (Số 12-BC/ĐU): ĐUCA, ĐU or CB."""
        if self.kind == OrganizationKind.CENTRAL:
            return "ĐUCA"
        return "CB" if self.is_cell else "ĐU"

    @staticmethod
    def search_text_for(*, code: str, name: str, short_name: str) -> str:
        return fold(f"{name} {short_name} {code}")

    def save(self, *args, **kwargs):
        # Denormalised for diacritic-insensitive search; bulk paths call search_text_for themselves.
        self.search_text = self.search_text_for(
            code=self.code, name=self.name, short_name=self.short_name
        )
        super().save(*args, **kwargs)


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    """guardian's direct foreign key table: object permissions of role groups on organisations."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền của nhóm vai trò trên tổ chức")
        verbose_name_plural = _("quyền của nhóm vai trò trên tổ chức")


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct foreign key table for the rare permission granted to one person."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền riêng của người dùng trên tổ chức")
        verbose_name_plural = _("quyền riêng của người dùng trên tổ chức")


class OrganizationRole(models.Model):
    """The one Group of an (organisation, role): guardian grants object permissions to it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="organization_role")

    class Meta:
        verbose_name = _("nhóm vai trò")
        verbose_name_plural = _("nhóm vai trò")
        constraints = [
            models.UniqueConstraint(fields=["organization", "role"], name="one_group_per_org_role")
        ]

    def __str__(self) -> str:
        return f"{self.organization.code}: {self.get_role_display()}"


class MembershipQuerySet(models.QuerySet):
    def active(self, on: dt.date) -> "MembershipQuerySet":
        """Memberships in force on a local date; ended ones grant nothing."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class Membership(models.Model):
    """A person holding a role in an organisation for a period (start and end inclusive)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    title = models.CharField(_("chức vụ chính quyền"), max_length=200, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò của đảng viên")
        verbose_name_plural = _("vai trò của đảng viên")
        ordering = ["organization__path", "role", "user__username"]
        indexes = [models.Index(fields=["user", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_role",
                violation_error_message=_("Người này đang giữ vai trò này ở tổ chức này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class WorkingGroup(models.Model):
    """A working group (tổ công tác) helping a standing committee follow a set of organisations."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("thuộc Ban Thường vụ của"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = models.CharField(_("tên tổ"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), related_name="working_groups"
    )
    followed = models.ManyToManyField(
        Organization, verbose_name=_("theo dõi các tổ chức"), related_name="followed_by_groups"
    )

    class Meta:
        verbose_name = _("tổ công tác")
        verbose_name_plural = _("tổ công tác")

    def __str__(self) -> str:
        return self.name


class ImportStage(models.TextChoices):
    CHECK = "check", _("Kiểm tra")
    WRITE = "write", _("Ghi")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    CHECKED = "checked", _("Kiểm tra xong, chờ xác nhận")
    REFUSED = "refused", _("Có lỗi, không ghi dòng nào")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Lỗi hệ thống")


class ImportJob(models.Model):
    """A big import file checked (dry run) and then, once confirmed, written by a Celery job
    (apps.organizations.import_jobs): the same importer, the same all-or-nothing transaction
    and row errors as an import in the request, with row progress saved for the job's page."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/jobs/%Y/", max_length=300, blank=True)
    stage = models.CharField(max_length=10, choices=ImportStage.choices, default=ImportStage.CHECK)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # the listed row errors, as text
    errors_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tệp lớn")
        verbose_name_plural = _("lượt nhập tệp lớn")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.what} {self.filename} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def unlisted(self) -> int:
        """Errors beyond the listed ones (settings.IMPORT_MAX_ERRORS_LISTED)."""
        return max(0, self.errors_count - len(self.errors))

    @property
    def percent(self) -> int:
        return self.rows_done * 100 // self.rows_total if self.rows_total else 0


class MembershipCount(models.Model):
    """How many official and probationary Party members an organisation has on a date.

    Counts change; each new figure is a new row (as of its date) and edits keep their history,
    so an allocation made on a date can always be explained by the counts it read.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức đảng"),
        on_delete=models.CASCADE,
        related_name="membership_counts",
    )
    as_of = models.DateField(_("số liệu tính đến ngày"))
    official = models.PositiveIntegerField(_("số đảng viên chính thức"))
    probationary = models.PositiveIntegerField(_("số đảng viên dự bị"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử số đảng viên"), verbose_name_plural=_("lịch sử số đảng viên")
    )

    class Meta:
        verbose_name = _("số đảng viên")
        verbose_name_plural = _("số đảng viên")
        ordering = ["organization__path", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "as_of"],
                name="one_membership_count_per_day",
                violation_error_message=_("Tổ chức này đã có số liệu tính đến ngày này."),
            )
        ]

    def __str__(self) -> str:
        day = self.as_of.strftime("%d/%m/%Y")
        return f"{self.organization.code} {day}: {self.official}+{self.probationary}"

    @property
    def total(self) -> int:
        return self.official + self.probationary
