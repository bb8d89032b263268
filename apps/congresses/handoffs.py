"""Hand-offs: when work passes from one person to another, the next one hears about it.

Every service that hands work on (circulating a round, answering it, submitting and deciding a
personnel plan or a report to the superior, opening a congress, recording its result, asking for
and giving ratification) calls `handoff_notify()` with one of the kinds below. This module holds
their wording and the two questions every hand-off asks: who on the superior's side follows this
congress, and who in the organisation hears the answer. The notices are written after commit,
keyed so a retry writes nothing twice, never sent to the person who acted, and carry the action
they ask for (`todo`) so the service doing it resolves them (notifications.services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.notifications.services import Message, notifications_after_commit
from apps.organizations.audiences import Audience, audience_user_ids
from apps.organizations.models import Organization
from apps.organizations.tree import parent_path

from .models import Congress, SupervisionAssignment


class Handoff(StrEnum):
    CIRCULATED = "circulated"
    COMMENT_RECEIVED = "comment_received"
    COMMENT_AMENDED = "comment_amended"
    PLAN_SUBMITTED = "plan_submitted"
    PLAN_APPROVED = "plan_approved"
    PLAN_RETURNED = "plan_returned"
    REPORT_SUBMITTED = "report_submitted"
    REPORT_APPROVED = "report_approved"
    REPORT_RETURNED = "report_returned"
    CONGRESS_OPENED = "congress_opened"
    RESULT_RECORDED = "result_recorded"
    RATIFICATION_REQUESTED = "ratification_requested"
    RATIFIED = "ratified"


# (subject, body) of each hand-off; the fields are filled in by the service that hands off.
WORDING: dict[Handoff, tuple[Any, Any]] = {
    Handoff.CIRCULATED: (
        _("Đề nghị góp ý: %(round)s — hạn %(deadline)s"),
        _("%(congress)s gửi %(round)s để lấy ý kiến. Hạn góp ý: %(deadline)s."),
    ),
    Handoff.COMMENT_RECEIVED: (
        _("Có ý kiến góp ý mới: %(round)s"),
        _("%(who)s đã góp ý %(round)s. Đề nghị Tiểu ban Văn kiện tiếp thu, giải trình."),
    ),
    Handoff.COMMENT_AMENDED: (
        _("Ý kiến góp ý được sửa: %(round)s"),
        _("%(who)s đã sửa ý kiến góp ý %(round)s. Đề nghị xem lại việc tiếp thu, giải trình."),
    ),
    Handoff.PLAN_SUBMITTED: (
        _("Đề nghị duyệt phương án nhân sự: %(congress)s"),
        _("Phương án nhân sự (phiên bản %(version)s) đã được trình Ban Thường vụ duyệt."),
    ),
    Handoff.PLAN_APPROVED: (
        _("Phương án nhân sự đã được duyệt: %(congress)s"),
        _("Ban Thường vụ đã duyệt phương án nhân sự (phiên bản %(version)s)."),
    ),
    Handoff.PLAN_RETURNED: (
        _("Phương án nhân sự bị trả lại: %(congress)s"),
        _("Ban Thường vụ trả lại phương án nhân sự (phiên bản %(version)s). Ý kiến: %(note)s"),
    ),
    Handoff.REPORT_SUBMITTED: (
        _("Đề nghị cho ý kiến báo cáo: %(congress)s"),
        _("%(org)s đã báo cáo cấp trên về văn kiện và phương án nhân sự (ngày %(date)s)."),
    ),
    Handoff.REPORT_APPROVED: (
        _("Cấp trên đồng ý tổ chức đại hội: %(congress)s"),
        _("Ban Thường vụ cấp trên đồng ý (ngày %(date)s). Ý kiến: %(note)s"),
    ),
    Handoff.REPORT_RETURNED: (
        _("Cấp trên trả lại báo cáo: %(congress)s"),
        _("Ban Thường vụ cấp trên trả lại báo cáo (ngày %(date)s). Ý kiến: %(note)s"),
    ),
    Handoff.CONGRESS_OPENED: (
        _("Đại hội đã khai mạc: %(congress)s"),
        _("%(congress)s đã khai mạc ngày %(date)s."),
    ),
    Handoff.RESULT_RECORDED: (
        _("Đã ghi kết quả bầu cử: %(congress)s"),
        _("Đã ghi kết quả bầu cử cấp ủy: %(elected)s đồng chí trúng cử."),
    ),
    Handoff.RATIFICATION_REQUESTED: (
        _("Đề nghị chuẩn y: %(congress)s"),
        _("Hội nghị lần thứ nhất đã họp ngày %(date)s; đề nghị cấp trên chuẩn y kết quả."),
    ),
    Handoff.RATIFIED: (
        _("Cấp trên đã chuẩn y: %(congress)s"),
        _("Cấp trên đã chuẩn y kết quả đại hội (Quyết định số %(number)s ngày %(date)s)."),
    ),
}


def rule_todo(congress_id: int, code: str) -> str:
    """What the sweep's reminders, overdue notices and escalations of one rule ask for; the
    service that satisfies the rule resolves them (report → R20, approval → RA, …)."""
    return f"congress:{congress_id}:{code}"


def rule_todos(congress_id: int, *codes: str) -> list[str]:
    return [rule_todo(congress_id, code) for code in codes]


def handoff_messages(
    kind: Handoff,
    *,
    key: str,
    to: Iterable[int],
    actor: Any,
    url: str,
    todo: str = "",
    **fields: Any,
) -> list[Message]:
    """The notices of a hand-off to `to` (user ids), never to the person who acted.

    `key` names the event (the same retry writes nothing new); `todo` the action it asks for.
    """
    subject, body = WORDING[kind]
    words = {name: _plain(value) for name, value in fields.items()}
    me = getattr(actor, "pk", None)
    return [
        Message(uid, key, str(subject) % words, str(body) % words, url, todo)
        for uid in sorted(set(to))
        if uid != me
    ]


def handoff_notify(kind: Handoff, **details: Any) -> list[Message]:
    """Write the hand-off's notices (handoff_messages) after commit; returns them."""
    messages = handoff_messages(kind, **details)
    notifications_after_commit(messages)
    return messages


def _plain(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def superior_of(organization: Organization) -> Organization | None:
    if organization.depth <= 1:
        return None
    return Organization.objects.filter(path=parent_path(organization.path)).first()


def superior_followers(congress: Congress, *, on: dt.date) -> set[int]:
    """Who on the superior's side follows this congress: the standing members assigned to guide
    it (phân công phụ trách), else the superior's whole standing committee."""
    assigned = set(
        SupervisionAssignment.objects.filter(
            organization_id=congress.organization_id, term_id=congress.term_id
        ).values_list("supervisor_id", flat=True)
    )
    if assigned:
        return assigned
    superior = superior_of(congress.organization)
    if superior is None:
        return set()
    return audience_user_ids(Audience.STANDING, on=on, organizations=[superior])


def organization_people(congress: Congress, audience: Audience, *, on: dt.date) -> set[int]:
    return audience_user_ids(audience, on=on, organizations=[congress.organization_id])


def decision_recipients(congress: Congress, *, on: dt.date) -> set[int]:
    """Who hears the superior's decision on a report: the organisation's secretary and deputies
    and its office (the decide page lists them before the decision is taken)."""
    return organization_people(congress, Audience.ANSWERING, on=on)
