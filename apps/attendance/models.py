"""The attendance record of a delegates' congress: who came, when, how, and who was excused.

One row per delegate at most (``Attendance.delegate`` is one-to-one): a delegate checks in once;
showing the card again finds the row and is told so, never a second check-in. ``congress`` is
the delegate's congress, kept on the row so the live page counts in one indexed query.
A delegate excused for the whole congress (vắng mặt có lý do) gets a row with the reason; if they
come after all, checking in turns the row into a presence (audited). A delegate who has checked
in cannot be excused: they were present, so they are not absent for the whole congress.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.congresses.models import Congress


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng mặt có lý do")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("Quét mã QR trên thẻ")
    TYPED = "typed", _("Nhập mã đại biểu")


class Attendance(models.Model):
    """A delegate's presence (check-in) or excused absence at their congress."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="attendance"
    )
    delegate = models.OneToOneField(
        "delegates.Delegate",
        verbose_name=_("đại biểu"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    status = models.CharField(_("điểm danh"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(
        _("cách điểm danh"), max_length=6, choices=CheckInMethod.choices, blank=True
    )
    checked_in_at = models.DateTimeField(_("có mặt lúc"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người điểm danh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    excused_reason = models.CharField(_("lý do vắng mặt"), max_length=300, blank=True)
    excused_at = models.DateTimeField(_("ghi vắng mặt lúc"), null=True, blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi vắng mặt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("điểm danh đại biểu")
        verbose_name_plural = _("điểm danh đại biểu")
        indexes = [models.Index(fields=["congress", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="present") | (Q(checked_in_at__isnull=False) & ~Q(method="")),
                name="attendance_present_has_time_and_method",
            ),
            models.CheckConstraint(
                condition=~Q(status="excused") | ~Q(excused_reason=""),
                name="attendance_excused_has_reason",
                violation_error_message=_("Phải ghi lý do vắng mặt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id}: {self.status}"

    @property
    def is_present(self) -> bool:
        return self.status == AttendanceStatus.PRESENT
