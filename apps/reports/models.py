"""The register of issued documents, and reports generated in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.congresses.models import Term
from apps.organizations.models import Organization


class DocType(models.TextChoices):
    """Document type symbols of HD 36-HD/VPTW (the "BC" in "Số 12-BC/ĐU")."""

    BC = "BC", _("Báo cáo")
    TTR = "TTr", _("Tờ trình")
    QD = "QĐ", _("Quyết định")
    BB = "BB", _("Biên bản")
    KH = "KH", _("Kế hoạch")
    NQ = "NQ", _("Nghị quyết")
    CTR = "CTr", _("Chương trình")
    TB = "TB", _("Thông báo")
    CV = "CV", _("Công văn")
    DA = "ĐA", _("Đề án")


class NumberCounter(models.Model):
    """The last number given per organisation, term and document type; locked while numbering,
    so two officers issuing at once never get the same number."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=4, choices=DocType.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số văn bản")
        verbose_name_plural = _("bộ đếm số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["organization", "term", "doc_type"], name="one_counter")
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} {self.term} {self.doc_type}: {self.last_number}"


class IssuedDocument(models.Model):
    """One issued document in the organisation's register (sổ đăng ký văn bản đi).

    Numbers restart at 01 for each document type within each committee term and never repeat.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.CASCADE,
        related_name="issued_documents",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocType.choices)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số và ký hiệu"), max_length=40)
    title = models.CharField(_("trích yếu"), max_length=300)
    report_kind = models.CharField(max_length=32)
    object_id = models.PositiveIntegerField()
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="issued/%Y/", max_length=300)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("sổ văn bản đi")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "doc_type", "number"], name="number_never_repeats"
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def number_symbol(self) -> str:
        """ "01-BC/ĐU": the number and symbol without the header's "Số", for sentences such as
        "Đã cấp số 01-BC/ĐU"."""
        return self.symbol.removeprefix("Số ")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class GeneratedReport(models.Model):
    """A large report made by a Celery job, kept for download from "my reports"."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generated_reports"
    )
    kind = models.CharField(max_length=32)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent: steps_done / steps
    # True progress: the pieces rendered so far out of the pieces plus the joining step
    # (apps.reports.pieces), saved after each one so the job's page shows where it is.
    steps_done = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo đã tạo")
        verbose_name_plural = _("báo cáo đã tạo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
