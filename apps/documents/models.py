"""Draft congress documents, their numbered rounds, circulations for comments, and comments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.congresses.models import Congress, DocumentKind
from apps.organizations.models import Organization


class DraftDocument(models.Model):
    """One document of a congress (e.g. its political report); its text lives in rounds."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại văn kiện"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    is_restricted = models.BooleanField(_("tài liệu mật (đóng dấu khi tải)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dự thảo văn kiện")
        verbose_name_plural = _("dự thảo văn kiện")
        ordering = ["congress", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="one_document_per_kind")
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


def round_upload_to(instance: DraftRound, filename: str) -> str:
    # The stored name never comes from the user: it is the round's identity plus a safe extension.
    # Imported here, not for a cycle: uploads loads pypdf (0.13 s), which only storing a file needs.
    from .uploads import safe_extension

    doc = instance.document
    name = f"round-{instance.number}-{uuid.uuid4().hex}{safe_extension(filename)}"
    return f"drafts/{doc.congress_id}/{doc.kind}/{name}"


class DraftRound(models.Model):
    """Draft round N ("Dự thảo lần N"): immutable once submitted; a new round supersedes it."""

    document = models.ForeignKey(DraftDocument, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("lần"))
    file = models.FileField(_("tệp"), upload_to=round_upload_to, blank=True, max_length=300)
    original_filename = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(_("nội dung soạn trên web"), blank=True)
    extracted_text = models.TextField(blank=True, editable=False)
    change_summary = models.TextField(_("tóm tắt thay đổi"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("trình lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần dự thảo")
        verbose_name_plural = _("lần dự thảo")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_round_number")
        ]

    def __str__(self) -> str:
        return _("%(doc)s — dự thảo lần %(n)s") % {"doc": self.document, "n": self.number}

    @property
    def text(self) -> str:
        """What the diff compares: the body written in the form, else the file's extracted text."""
        return self.body or self.extracted_text


class Circulation(models.Model):
    """A round sent for comments (lấy ý kiến), with the official date R30 reads.

    `to_subordinates` is stored when it is created (it went to at least one subordinate
    organisation), so the sweep reads R30's facts with one grouped query.
    """

    round = models.ForeignKey(DraftRound, on_delete=models.CASCADE, related_name="circulations")
    official_date = models.DateField(_("ngày gửi (ngày văn bản)"))
    backdate_reason = models.CharField(_("lý do ghi ngày trước"), max_length=300, blank=True)
    comment_deadline = models.DateField(_("hạn góp ý"))
    to_subordinates = models.BooleanField(default=False, editable=False)
    recipient_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("tổ chức được lấy ý kiến"),
        blank=True,
        related_name="circulations_received",
    )
    recipient_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân được lấy ý kiến"),
        blank=True,
        related_name="circulations_received",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["to_subordinates"],
        verbose_name=_("lịch sử đợt lấy ý kiến"),
        verbose_name_plural=_("lịch sử đợt lấy ý kiến"),
    )

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-official_date", "-id"]

    def __str__(self) -> str:
        return _("Lấy ý kiến %(round)s ngày %(date)s") % {
            "round": self.round,
            "date": self.official_date.strftime("%d/%m/%Y"),
        }


class Disposition(models.TextChoices):
    PENDING = "pending", _("Chưa xử lý")
    ACCEPTED = "accepted", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")


def comment_upload_to(instance: Comment, filename: str) -> str:
    from .uploads import safe_extension  # as in round_upload_to: pypdf only when storing a file

    return f"comments/{instance.round_id}/{uuid.uuid4().hex}{safe_extension(filename)}"


class Comment(models.Model):
    """A comment (góp ý) on a circulated round, from a recipient organisation or a person.

    An organisation gives one consolidated comment per round (amendable until the deadline);
    a person may comment once per section. The documents subcommittee disposes of each one
    (tiếp thu / giải trình / không tiếp thu), and the consolidation report lists them.
    """

    round = models.ForeignKey(DraftRound, on_delete=models.CASCADE, related_name="comments")
    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="comments")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức góp ý"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="draft_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người góp ý"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    section = models.CharField(_("phần/mục góp ý"), max_length=200, blank=True)
    text = models.TextField(_("nội dung góp ý"))
    attachment = models.FileField(
        _("tệp kèm theo"), upload_to=comment_upload_to, blank=True, max_length=300
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    disposition = models.CharField(
        _("xử lý"), max_length=16, choices=Disposition.choices, default=Disposition.PENDING
    )
    disposition_note = models.TextField(_("tiếp thu / giải trình"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        verbose_name=_("lịch sử ý kiến góp ý"), verbose_name_plural=_("lịch sử ý kiến góp ý")
    )

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["round", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                condition=models.Q(organization__isnull=False),
                name="one_consolidated_comment_per_org",
            ),
            models.UniqueConstraint(
                fields=["round", "author", "section"],
                condition=models.Q(organization__isnull=True),
                name="one_personal_comment_per_section",
            ),
        ]

    def __str__(self) -> str:
        who = self.organization or self.author
        return _("Góp ý của %(who)s") % {"who": who}
