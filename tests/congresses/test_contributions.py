"""The parts the apps above congresses register (apps/congresses/contributions.py)."""

import datetime as dt

from apps.congresses import contributions
from apps.documents import contributions as documents_parts
from apps.personnel import contributions as personnel_parts


def test_documents_and_personnel_register_their_parts_when_ready():
    assert contributions._page_sections == {
        "documents": documents_parts.congress_page,
        "personnel": personnel_parts.congress_page,
    }
    assert contributions._inbox_sections == {"ratifications": personnel_parts.inbox}
    assert contributions._sweep_sources == {"comment reminders": documents_parts.reminders}


def test_registering_again_replaces_and_parts_are_merged(monkeypatch):
    monkeypatch.setattr(contributions, "_inbox_sections", {})
    monkeypatch.setattr(contributions, "_sweep_sources", {})
    contributions.inbox_register("a", lambda user: {"a": user})
    contributions.inbox_register("b", lambda user: {"b": 2})
    contributions.inbox_register("a", lambda user: {"a": 1})
    assert contributions.inbox_context("someone") == {"a": 1, "b": 2}

    day = dt.date(2026, 3, 1)
    contributions.sweep_register("x", lambda today: [("x", today)])
    contributions.sweep_register("y", lambda today: [("y", today)])
    assert contributions.sweep_messages(day) == [("x", day), ("y", day)]
