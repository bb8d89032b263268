from django import template

from apps.audit.wording import GROUPS, Described, describe

register = template.Library()


@register.simple_tag
def audit_words(event) -> Described:
    """An audit event's action and details in words (see apps.audit.wording)."""
    return describe(event.verb, event.data or {})


@register.filter
def audit_group(prefix: str) -> str:
    return str(GROUPS.get(prefix, prefix))
