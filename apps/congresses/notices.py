"""The sweep's notices in words: reminders, overdue notices and escalations of the deadline rules.

The rules (deadlines.py) say what is owed and why; this module words it for people, in the
language active when a NoticeWriter is made. A first sweep of the day words some 14,000 notices
from a few hundred distinct lines, so a writer words each distinct line once and keeps it for
its own life (one sweep): a memo that cannot outlive the language it was made in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import NamedTuple

from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.organizations.models import CELL_KINDS

from .deadlines import Evaluation, RuleParams, RuleResult
from .models import Term, congress_title
from .rule_wording import StepFacts, next_step, rule_label, rule_short_label, step_facts


def explaining_in(language: str) -> translation.override:
    """Word what follows in `language`. Django's own override: every memo keyed by the active
    language (rule_wording's, a NoticeWriter made inside) sees the real one."""
    return translation.override(language)


class Owed(NamedTuple):
    """One notice a congress's evaluation owes today; `key` and `escalation_key` are the tail
    of the notification keys (rule:kind:day), the same for every congress sharing it."""

    code: str
    kind: str  # "reminder" | "overdue"
    result: RuleResult
    key: str
    escalation_key: str | None  # overdue notices also go one level up
    evaluation: Evaluation  # the congresses' shared evaluation: their rule set and facts

    @property
    def params(self) -> RuleParams:
        """The congress's rule set: the rule is worded with its day count."""
        return self.evaluation.params

    @property
    def step(self) -> StepFacts:
        """What the next step depends on; asked only of the notices being worded (a rerun
        owes thousands and words none)."""
        return step_facts(self.evaluation, self.code)


class Addressee(NamedTuple):
    """The congress a notice is about, as its words need it."""

    id: int
    org_name: str
    org_kind: str
    ordinal: str
    opening_date: dt.date
    term: Term


class Texts(NamedTuple):
    subject: str
    body: str


def _day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


class NoticeWriter:
    """Words notices in the language active when it is made (see the module's docstring)."""

    def __init__(self) -> None:
        self.language = get_language()
        self._lines: dict[Hashable, str] = {}
        # The congress page is "<the congresses' index><id>/" (apps/congresses/urls.py):
        # reverse() costs tens of µs, and a first sweep links 14,000 notices.
        self._pages_under = reverse("congresses:index")

    def _once(self, key: Hashable, word: Callable[[], str]) -> str:
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = word()
        return line

    def page(self, congress_id: int) -> str:
        return f"{self._pages_under}{congress_id}/"

    def reason(self, result: RuleResult) -> str:
        """Why a rule does not pass (the result's own dates and count in its words)."""
        return self._once(result, lambda: result.reason) if result.why else ""

    def texts(self, to: Addressee, o: Owed, *, escalation: bool, today: dt.date) -> Texts:
        """The subject and body of a reminder, an overdue notice or (`escalation`) the notice
        of an overdue rule to the level above."""
        deadline = o.result.deadline
        assert deadline is not None  # nothing is owed without a deadline
        rule = self._once(("short", o.code), lambda: rule_short_label(o.code))
        if escalation:
            subject = _("Báo cáo quá hạn của tổ chức cấp dưới: %(org)s — %(rule)s") % {
                "org": to.org_name,
                "rule": rule,
            }
            detail = self.reason(o.result)
        elif o.kind == "reminder":
            subject = self._once(
                ("reminder", o.code, deadline),
                lambda: (
                    _("Nhắc việc: %(rule)s — hạn %(deadline)s")
                    % {"rule": rule, "deadline": _day(deadline)}
                ),
            )
            detail = self._once(
                ("left", (deadline - today).days),
                lambda: _("Còn %(n)s ngày đến hạn.") % {"n": (deadline - today).days},
            )
        else:
            subject = self._once(
                ("overdue", o.code, deadline),
                lambda: (
                    _("Quá hạn: %(rule)s — hạn %(deadline)s")
                    % {"rule": rule, "deadline": _day(deadline)}
                ),
            )
            detail = self.reason(o.result)
        return Texts(subject, self._body(to, o, deadline, detail))

    def _body(self, to: Addressee, o: Owed, deadline: dt.date, detail: str) -> str:
        opening = self._once(
            ("opening", to.opening_date),
            lambda: _("Ngày khai mạc: %(d)s.") % {"d": _day(to.opening_date)},
        )
        asks = self._once(
            ("asks", o.code, o.params, deadline),
            lambda: (
                _("Yêu cầu: %(rule)s; hạn chót %(deadline)s.")
                % {"rule": rule_label(o.code, o.params), "deadline": _day(deadline)}
            ),
        )
        has_standing = to.org_kind not in CELL_KINDS
        step = self._once(
            ("step", o.step, has_standing),
            lambda: (
                _("Việc cần làm: %(step)s")
                % {"step": next_step(o.step, has_standing_committee=has_standing)}
            ),
        )
        title = congress_title(to.org_name, to.ordinal, to.term)
        return "\n".join([title, opening, asks, detail, step])
