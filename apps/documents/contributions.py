"""The drafts' parts of the congress page and of the daily sweep (apps/congresses/contributions.py),
registered when the app is ready."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from apps.congresses.contributions import congress_page_register, sweep_register
from apps.congresses.models import Congress
from apps.notifications.services import Message

from .permissions import may_edit_documents
from .reminders import comment_reminders
from .selectors import documents_of


def congress_page(request: HttpRequest, congress: Congress) -> dict[str, Any]:
    return {
        "documents": list(documents_of(congress)),
        "can_edit_documents": may_edit_documents(request.user, congress),
    }


def reminders(today: dt.date) -> list[Message]:
    return comment_reminders(today=today)


def register() -> None:
    congress_page_register("documents", congress_page)
    sweep_register("comment reminders", reminders)
