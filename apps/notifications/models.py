"""In-app notifications, mirrored by e-mail, idempotent by a unique key."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    """Where a notice's e-mail stands. Only PENDING rows are ever sent; every other status is
    final, so no e-mail is sent twice (see services.emails_deliver)."""

    PENDING = "pending", _("chờ gửi")
    SENT = "sent", _("đã gửi")
    SKIPPED = "skipped", _("không cần gửi")  # no address, or the action was already done
    FAILED = "failed", _("bị từ chối")  # a permanent SMTP refusal (5xx), or too many tries
    UNCERTAIN = "uncertain", _("không rõ đã gửi chưa")  # the sender stopped mid-send


class Notification(models.Model):
    """One message to one person.

    `key` names the fact that caused it, e.g. ``congress:17:R30:reminder:2020-05-24``; the unique
    (key, recipient) pair is what makes reruns, retries and two workers at once harmless: the
    second insert is ignored by the database, not by a check that could race.

    `todo` names the action the notice asks for (``round:5:comment:org12``, ``report:9:decide``);
    the service that does that action resolves every open notice naming it, so a "please
    comment" notice leaves the inbox once the comment is given, by whomever gives it.
    """

    # No index of its own: the (recipient, read_at) index below serves every read by recipient,
    # and a sweep inserting 20,000 notices maintains one index fewer.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    key = models.CharField(max_length=200)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # When the e-mail was settled (sent, skipped, refused for good, or left uncertain); null
    # while it is still to be sent.
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    email_status = models.CharField(
        _("tình trạng thư"), max_length=10, choices=EmailStatus, db_default=EmailStatus.PENDING
    )
    # Database defaults: notices are also inserted in bulk by SQL (core.sql.insert_new).
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), db_default=0)
    # A sender holds the row while it talks to the mail server; a claim left behind by a
    # sender that died is never resent (the message may have left), see emails_deliver.
    email_claimed_at = models.DateTimeField(_("đang gửi thư từ"), null=True, blank=True)
    email_retry_at = models.DateTimeField(_("gửi lại thư lúc"), null=True, blank=True)
    email_error = models.CharField(_("lỗi gửi thư"), max_length=300, blank=True, db_default="")
    todo = models.CharField(_("việc cần làm"), max_length=200, blank=True, default="")
    resolved_at = models.DateTimeField(_("đã xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="one_notification_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["todo"],
                name="notification_open_todo",
                condition=models.Q(resolved_at__isnull=True) & ~models.Q(todo=""),
            ),
            models.Index(
                fields=["emailed_at"],
                name="notification_unsent",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.subject
