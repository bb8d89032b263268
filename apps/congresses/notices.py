"""The sweep's notices in words: reminders, overdue notices and escalations of the deadline rules.

The rules (deadlines.py) say what is owed and why; this module words it for people, in the
language active when a NoticeWriter is made. A first sweep of the day words some 14,000 notices
from a few hundred distinct lines, so a writer words each distinct line once and keeps it for
its own life (one sweep): a memo that cannot outlive the language it was made in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import NamedTuple

from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.organizations.models import CELL_KINDS

from .deadlines import Evaluation, RuleParams, RuleResult
from .models import Term, congress_title_wording
from .rule_wording import StepFacts, next_step, rule_label, rule_short_label, step_facts


def explaining_in(language: str) -> translation.override:
    """Word what follows in `language`. Django's own override: every memo keyed by the active
    language (rule_wording's, a NoticeWriter made inside) sees the real one."""
    return translation.override(language)


@dataclass(frozen=True, slots=True, eq=False)
class Owed:
    """One notice a congress's evaluation owes today; `key` and `escalation_key` are the tail
    of the notification keys (rule:kind:day), the same for every congress sharing it.

    One Owed serves every congress of a group of equal facts (sweep.owing_today), so it is
    compared and hashed by identity: a NoticeWriter words its shared lines once per Owed."""

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
        self._shared_lines: dict[tuple[Owed, bool, bool], _Shared] = {}
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
        of an overdue rule to the level above. Only the congress's title (and an escalation's
        subject, which names the organisation) differ between the congresses sharing `o`."""
        shared = self._shared(o, escalation=escalation, cell=to.org_kind in CELL_KINDS, today=today)
        title = self._once("title", congress_title_wording) % {
            "org": to.org_name,
            "ordinal": to.ordinal,
            "term": self._once(("term", to.term.pk), lambda: str(to.term)),
        }
        subject = shared.subject
        if escalation:
            subject = self._once(
                "escalation",
                lambda: _("Báo cáo quá hạn của tổ chức cấp dưới: %(org)s — %(rule)s"),
            ) % {"org": to.org_name, "rule": shared.rule}
        return Texts(subject, f"{title}\n{shared.body}")

    def _shared(self, o: Owed, *, escalation: bool, cell: bool, today: dt.date) -> _Shared:
        key = (o, escalation, cell)
        shared = self._shared_lines.get(key)
        if shared is None:
            shared = self._shared_lines[key] = self._word_shared(
                o, escalation=escalation, has_standing=not cell, today=today
            )
        return shared

    def _word_shared(
        self, o: Owed, *, escalation: bool, has_standing: bool, today: dt.date
    ) -> _Shared:
        deadline = o.result.deadline
        assert deadline is not None  # nothing is owed without a deadline
        rule = self._once(("short", o.code), lambda: rule_short_label(o.code))
        if escalation:
            subject = ""  # names the organisation: worded per congress (texts)
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
        opening = self._once(
            ("opening", o.evaluation.opening_date),
            lambda: _("Ngày khai mạc: %(d)s.") % {"d": _day(o.evaluation.opening_date)},
        )
        asks = self._once(
            ("asks", o.code, o.params, deadline),
            lambda: (
                _("Yêu cầu: %(rule)s; hạn chót %(deadline)s.")
                % {"rule": rule_label(o.code, o.params), "deadline": _day(deadline)}
            ),
        )
        step = o.step
        to_do = self._once(
            ("step", step, has_standing),
            lambda: (
                _("Việc cần làm: %(step)s")
                % {"step": next_step(step, has_standing_committee=has_standing)}
            ),
        )
        return _Shared(rule, subject, "\n".join([opening, asks, detail, to_do]))


class _Shared(NamedTuple):
    """The lines of a notice that every congress sharing its Owed gets alike."""

    rule: str  # the rule's short label
    subject: str  # "" for an escalation: its subject names the organisation
    body: str  # the body after the congress's title
