from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.congresses.rule_wording import rule_short_label, status_explanations

register = template.Library()


def status_labels() -> dict[str, str]:
    """The words for each rule status in the active language (looked up once per language: a
    dashboard page shows 200 badges, and 7 catalogue lookups each cost more than the page)."""
    return _labels_in(get_language())


@lru_cache(maxsize=8)
def _labels_in(language: str | None) -> dict[str, str]:
    return {
        "not_applicable": _("Không áp dụng"),
        "pending": _("Chưa đến hạn"),
        "due_soon": _("Sắp đến hạn"),
        "done": _("Đã thực hiện đúng hạn"),
        "done_late": _("Thực hiện muộn"),
        "overdue": _("Quá hạn"),
        "returned": _("Bị trả lại"),
    }


BADGE_COLOURS = {
    "done": "success",
    "not_applicable": "secondary",
    "pending": "info",
    "due_soon": "warning",
    "done_late": "warning",
    "overdue": "danger",
    "returned": "danger",
}


@register.filter
def status_label(status: str) -> str:
    """The Vietnamese (or English) words for a rule status."""
    return status_labels().get(str(status), str(status))


@register.filter
def status_badge(status: str) -> str:
    return BADGE_COLOURS.get(str(status), "secondary")


@register.simple_tag
def rule_badge(status: str) -> str:
    """A rule status as a coloured badge with its words (a tag, not an included template: the
    dashboard draws 200 of them)."""
    status = str(status)
    return format_html(
        '<span class="badge text-bg-{}" title="{}">{}</span>',
        status_badge(status),
        _explanations_in(get_language()).get(status, ""),
        status_label(status),
    )


@lru_cache(maxsize=8)
def _explanations_in(language: str | None) -> dict[str, str]:
    return status_explanations()


@register.simple_tag
def rule_heading(code: str) -> str:
    """A rule as a column heading, in words ("Báo cáo cấp trên"), never its code."""
    return rule_short_label(code)


@register.simple_tag
def rules_help_link() -> str:
    """The link every checklist carries to the page explaining rules, statuses and stages."""
    return format_html(
        '<a class="small" href="{}" id="rules-help-link">{}</a>',
        reverse("congresses:help"),
        _("Giải thích các quy định, tình trạng và giai đoạn"),
    )


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
