"""Reminders to recipients who have not commented as a comment deadline approaches.

Part of the daily sweep; reads every open circulation in the window with a fixed number of
queries and keys each message by (circulation, recipient, reminder day) so reruns add nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.congresses.deadlines import reminder_offset_due
from apps.congresses.facts import params_by_term
from apps.notifications.services import Message
from apps.organizations.audiences import audience_of

from .models import Circulation, Comment
from .permissions import ANSWERING
from .services import comment_todo


class Due(NamedTuple):
    """A circulation whose comment deadline is in the window, and its congress's term."""

    pk: int
    round_id: int
    deadline: dt.date
    term_id: int


def comment_reminders(*, today: dt.date) -> list[Message]:
    """The days before a comment deadline on which the silent are reminded are the rule set's
    (RuleParams.comment_reminder_offsets, [3, 1] in both shipped rule sets). Within the daily
    sweep the rule sets are those the deadline rules read (facts.params_by_term, once)."""
    params = params_by_term()
    widest = max((max(p.comment_reminder_offsets, default=0) for p in params.values()), default=0)
    circulations = [
        Due._make(row)
        for row in Circulation.objects.filter(
            comment_deadline__range=(today, today + dt.timedelta(days=widest))
        )
        .order_by("pk")
        .values_list("pk", "round_id", "comment_deadline", "round__document__congress__term_id")
    ]
    if not circulations:
        return []
    ids = [c.pk for c in circulations]
    round_ids = {c.round_id for c in circulations}
    org_links = defaultdict(list)
    for circ_id, org_id in Circulation.recipient_organizations.through.objects.filter(
        circulation_id__in=ids
    ).values_list("circulation_id", "organization_id"):
        org_links[circ_id].append(org_id)
    user_links = defaultdict(list)
    for circ_id, user_id in Circulation.recipient_users.through.objects.filter(
        circulation_id__in=ids
    ).values_list("circulation_id", "user_id"):
        user_links[circ_id].append(user_id)
    answered_orgs, answered_people = set(), set()
    for round_id, org_id, author_id in Comment.objects.filter(round_id__in=round_ids).values_list(
        "round_id", "organization_id", "author_id"
    ):
        if org_id:
            answered_orgs.add((round_id, org_id))
        # A person who has commented on the round, in any capacity, is not reminded by name.
        answered_people.add((round_id, author_id))
    all_orgs = {o for links in org_links.values() for o in links}
    answerers = audience_of(ANSWERING, on=today, organizations=all_orgs)

    silent_by_circulation: dict[int, list[tuple[int, str, str]]] = {}
    for pk, round_id, deadline, term_id in circulations:
        offset = reminder_offset_due(deadline, today, params[term_id].comment_reminder_offsets)
        if offset is None:
            continue
        day = deadline - dt.timedelta(days=offset)
        silent = [  # (recipient, key, todo) of whoever has not answered yet
            (
                uid,
                f"circulation:{pk}:remind:org{org_id}:{day}",
                comment_todo(round_id, organization_id=org_id),
            )
            for org_id in org_links[pk]
            if (round_id, org_id) not in answered_orgs
            for uid in answerers[org_id]
        ] + [
            (
                user_id,
                f"circulation:{pk}:remind:user{user_id}:{day}",
                comment_todo(round_id, user_id=user_id),
            )
            for user_id in user_links[pk]
            if (round_id, user_id) not in answered_people
        ]
        if silent:
            silent_by_circulation[pk] = silent

    # Worded only for circulations where someone is to be reminded.
    messages: list[Message] = []
    worded = Circulation.objects.select_related(
        "round__document__congress__organization", "round__document__congress__term"
    ).in_bulk(silent_by_circulation)
    for pk, silent in silent_by_circulation.items():
        circ = worded[pk]
        subject = _("Nhắc góp ý: %(round)s — hạn %(deadline)s") % {
            "round": circ.round,
            "deadline": circ.comment_deadline.strftime("%d/%m/%Y"),
        }
        body = _(
            "%(congress)s đang chờ ý kiến góp ý của đồng chí/đơn vị. Hạn góp ý: %(deadline)s."
        ) % {
            "congress": circ.round.document.congress,
            "deadline": circ.comment_deadline.strftime("%d/%m/%Y"),
        }
        url = reverse("documents:round", args=[circ.round_id])
        messages += [Message(uid, key, subject, body, url, todo) for uid, key, todo in silent]
    return messages
