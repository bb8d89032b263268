"""Reminders to recipients who have not commented as a comment deadline approaches.

Part of the daily sweep; reads every open circulation in the window with a fixed number of
queries and keys each message by (circulation, recipient, reminder day) so reruns add nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.congresses.deadlines import reminder_offset_due
from apps.notifications.services import Message
from apps.organizations.models import Membership

from .models import Circulation, Comment
from .permissions import ANSWERING_ROLES

COMMENT_REMINDER_OFFSETS = (3, 1)


def comment_reminders(*, today: dt.date) -> list[Message]:
    window_end = today + dt.timedelta(days=max(COMMENT_REMINDER_OFFSETS))
    circulations = list(
        Circulation.objects.filter(comment_deadline__range=(today, window_end)).select_related(
            "round__document__congress__organization", "round__document__congress__term"
        )
    )
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
        else:
            answered_people.add((round_id, author_id))
    all_orgs = {o for links in org_links.values() for o in links}
    answerers = defaultdict(list)
    for org_id, user_id in (
        Membership.objects.active(today)
        .filter(organization_id__in=all_orgs, role__in=ANSWERING_ROLES)
        .values_list("organization_id", "user_id")
    ):
        answerers[org_id].append(user_id)

    messages: list[Message] = []
    for circ in circulations:
        offset = reminder_offset_due(circ.comment_deadline, today, COMMENT_REMINDER_OFFSETS)
        if offset is None:
            continue
        day = circ.comment_deadline - dt.timedelta(days=offset)
        silent = [  # (recipient, key) of whoever has not answered yet
            (uid, f"circulation:{circ.pk}:remind:org{org_id}:{day}")
            for org_id in org_links[circ.pk]
            if (circ.round_id, org_id) not in answered_orgs
            for uid in answerers[org_id]
        ] + [
            (user_id, f"circulation:{circ.pk}:remind:user{user_id}:{day}")
            for user_id in user_links[circ.pk]
            if (circ.round_id, user_id) not in answered_people
        ]
        if not silent:
            continue  # worded only when someone is to be reminded
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
        messages += [Message(uid, key, subject, body, url) for uid, key in silent]
    return messages
