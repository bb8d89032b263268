"""The personnel parts of the congress page and of the superior's inbox
(apps/congresses/contributions.py), registered when the app is ready."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from apps.congresses.contributions import congress_page_register, inbox_register
from apps.congresses.models import Congress

from .permissions import may_view_personnel
from .selectors import ratifications_awaiting


def congress_page(request: HttpRequest, congress: Congress) -> dict[str, Any]:
    return {"can_view_personnel": may_view_personnel(request.user, congress)}


def inbox(user: Any) -> dict[str, Any]:
    return {"ratifications": list(ratifications_awaiting(user=user))}


def register() -> None:
    congress_page_register("personnel", congress_page)
    inbox_register("ratifications", inbox)
