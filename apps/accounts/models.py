"""Users of the portal. Custom from the first migration so fields can be added without pain."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a secretary, standing member, committee member, officer or member.

    What they may do is not on the user: it follows from their memberships (organisation × role),
    see apps.organizations.permissions.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # Private calendar feed addresses issued before this moment no longer work (the owner
    # rotated them); see apps.congresses.ics.
    calendar_feeds_valid_from = models.DateTimeField(
        _("địa chỉ lịch riêng có hiệu lực từ"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)
