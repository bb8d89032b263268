"""The congress page's door to the congress day, shown to those who act on it (or follow it)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.congresses.models import Congress, CongressKind
from apps.organizations.permissions import Action, may

from ..services import may_conduct_day

register = template.Library()


@register.inclusion_tag("attendance/_links.html", takes_context=True)
def congress_day_links(context: dict[str, Any], congress: Congress) -> dict[str, Any]:
    user = context["request"].user
    delegates = congress.kind == CongressKind.DELEGATES
    acts = delegates and may_conduct_day(user, congress)
    return {
        "congress": congress,
        "acts": acts,
        "watches": delegates and (acts or may(user, Action.SUPERVISE, congress)),
    }
