from django import template
from django.utils.translation import gettext as _

register = template.Library()


def status_labels() -> dict[str, str]:
    return {
        "not_applicable": _("Không áp dụng"),
        "pending": _("Chưa đến hạn"),
        "due_soon": _("Sắp đến hạn"),
        "done": _("Đã thực hiện đúng hạn"),
        "done_late": _("Thực hiện muộn"),
        "overdue": _("Quá hạn"),
        "returned": _("Bị trả lại"),
    }


@register.filter
def status_label(status: str) -> str:
    """The Vietnamese (or English) words for a rule status."""
    return status_labels().get(str(status), str(status))


@register.filter
def status_badge(status: str) -> str:
    return {
        "done": "success",
        "not_applicable": "secondary",
        "pending": "info",
        "due_soon": "warning",
        "done_late": "warning",
        "overdue": "danger",
        "returned": "danger",
    }.get(str(status), "secondary")


@register.simple_tag
def query_with(query, **changes):
    """The current query string with some parameters replaced (sorting, filters, pages)."""
    q = query.copy()
    for key, value in changes.items():
        if value in ("", None):
            q.pop(key, None)
        else:
            q[key] = value
    if "page" not in changes:
        q.pop("page", None)
    return q.urlencode()
