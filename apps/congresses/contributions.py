"""What the apps built on congresses add to its pages and to its daily sweep.

`documents` and `personnel` sit above `congresses` (their models point at Congress). The
congress page shows their parts (drafts, who may see the personnel plan), the superior's inbox
the ratifications awaiting, and the daily sweep sends the comment reminders of circulated
drafts. Each of those apps registers its part here from its AppConfig.ready(), so congresses
imports neither of them (the layers contract in pyproject.toml); the parts are read through
the three functions at the bottom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from apps.notifications.services import Message

if TYPE_CHECKING:
    from .models import Congress

PageSection = Callable[[HttpRequest, "Congress"], dict[str, Any]]
InboxSection = Callable[[Any], dict[str, Any]]  # the signed-in user → the inbox's entries
SweepSource = Callable[[dt.date], list[Message]]

# Keyed by name: registering again (a second ready(), a test) replaces, never doubles.
_page_sections: dict[str, PageSection] = {}
_inbox_sections: dict[str, InboxSection] = {}
_sweep_sources: dict[str, SweepSource] = {}


def congress_page_register(name: str, section: PageSection) -> None:
    _page_sections[name] = section


def inbox_register(name: str, section: InboxSection) -> None:
    _inbox_sections[name] = section


def sweep_register(name: str, source: SweepSource) -> None:
    _sweep_sources[name] = source


def congress_page_context(request: HttpRequest, congress: Congress) -> dict[str, Any]:
    """The entries every registered app adds to a congress page's template context."""
    context: dict[str, Any] = {}
    for section in _page_sections.values():
        context.update(section(request, congress))
    return context


def inbox_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _inbox_sections.values():
        context.update(section(user))
    return context


def sweep_messages(today: dt.date) -> list[Message]:
    """The notices the registered apps owe `today`, after the congress rules' own."""
    return [message for source in _sweep_sources.values() for message in source(today)]
