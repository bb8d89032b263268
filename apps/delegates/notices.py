"""The notices delegate work sends, written after commit through the notifications app and
keyed so a retry writes nothing twice (the same way as the congress hand-offs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.congresses.models import Congress
from apps.core.dates import local_today
from apps.notifications.services import Message, notifications_after_commit
from apps.organizations.audiences import Audience, audience_memberships

from .models import AllocationShare, DelegateElection


def _people(audience: Audience, org_ids: Sequence[int]) -> dict[int, set[int]]:
    """Each organisation's people in the audience (one query for all of them)."""
    found: dict[int, set[int]] = {}
    for org_id, user_id in audience_memberships(
        audience, on=local_today(), organizations=list(org_ids)
    ).values_list("organization_id", "user_id"):
        found.setdefault(org_id, set()).add(user_id)
    return found


def allocation_issued(
    *, congress: Congress, shares: Sequence[AllocationShare], number_symbol: str, actor: Any
) -> list[Message]:
    """Each subordinate's secretary, deputies and office hear their seats and alternates."""
    people = _people(Audience.ANSWERING, [s.organization_id for s in shares])
    me = getattr(actor, "pk", None)
    messages = []
    for share in shares:
        subject = _("Phân bổ đại biểu dự %(congress)s") % {"congress": congress}
        body = _(
            "Theo Quyết định số %(symbol)s, %(org)s được bầu %(seats)s đại biểu chính thức và "
            "%(alternates)s đại biểu dự khuyết dự %(congress)s."
        ) % {
            "symbol": number_symbol,
            "org": share.organization.name,
            "seats": share.seats,
            "alternates": share.alternates,
            "congress": congress,
        }
        messages += [
            Message(
                uid,
                f"allocation:{share.allocation_id}:share:{share.pk}",
                subject,
                body,
                reverse("delegates:allocation", args=[congress.pk]),
                "",
            )
            for uid in sorted(people.get(share.organization_id, set()))
            if uid != me
        ]
    notifications_after_commit(messages)
    return messages


def election_recorded(
    *, election: DelegateElection, upper: Congress, counted_official: int, actor: Any
) -> list[Message]:
    """The convening organisation's leaders and office hear that a source's delegates are on
    the list."""
    people = _people(Audience.ANSWERING, [upper.organization_id]).get(upper.organization_id, set())
    me = getattr(actor, "pk", None)
    org = election.congress.organization
    subject = _("Đã có đại biểu của %(org)s") % {"org": org.name}
    body = _(
        "%(org)s đã bầu %(n)s đại biểu chính thức dự %(congress)s; danh sách đã được cập nhật."
    ) % {"org": org.name, "n": counted_official, "congress": upper}
    messages = [
        Message(
            uid,
            f"delegate-election:{election.pk}:recorded",
            subject,
            body,
            reverse("delegates:list", args=[upper.pk]),
            "",
        )
        for uid in sorted(people)
        if uid != me
    ]
    notifications_after_commit(messages)
    return messages
