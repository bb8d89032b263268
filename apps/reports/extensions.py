"""Reports that apps above this one contribute (docs/architecture.md §2: an app above registers,
reports never imports it). An app registers, for a report kind of `builders.ReportKind`, its
builder (`builders.register_builder`) and here who may read it, when it can be made, when it
can be issued and what issuing it does to the app's records, inside the numbering transaction.
The apps do it when Django is ready (their AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .builders import ReportKind


def _nothing(obj: Any) -> str | None:
    return None


@dataclass(frozen=True)
class ReportRules:
    may_read: Callable[[Any, Any], bool]  # (user, obj)
    available: Callable[[Any], str | None] = _nothing  # why it cannot be made yet
    issue_problem: Callable[[Any], str | None] = _nothing  # why it cannot be numbered now
    # Called with (user=, obj=, issued=) in the transaction that numbered it.
    on_issued: Callable[..., None] | None = None
    # The object no longer changes once numbered (a decision allocating delegates): reading its
    # report then gives the issued paper with its number, not a new "not yet numbered" preview.
    final_once_issued: bool = False


RULES: dict[ReportKind, ReportRules] = {}


def register_report_rules(kind: ReportKind, rules: ReportRules) -> None:
    RULES[kind] = rules
