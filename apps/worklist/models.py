from django.db import models
from django.utils.translation import gettext_lazy as _


class WorklistVersion(models.Model):
    """One row counting changes to what the home page reads beyond the rules' facts (comments,
    rounds, personnel plans, election results, numbered documents): cached home pages carry it
    in their key with the facts version (apps.worklist.cache)."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu việc cần làm")
        verbose_name_plural = _("phiên bản dữ liệu việc cần làm")

    def __str__(self) -> str:
        return str(self.value)
