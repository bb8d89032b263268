"""Who, in an organisation, a hand-off or reminder is addressed to: the one place that says it.

Before this module the sweep wrote to "secretary and deputies", circulations to "secretary,
deputies and office", and supervision checked "secretary, deputies and standing members" — three
lookups with three role sets. Every notice, reminder and check that asks "who are the X of this
organisation?" now names an Audience and calls `audience_memberships()`.

A cell has no standing committee: its committee (chi ủy) acts as one (it approves the cell's
personnel plan, see permissions.default_grants), so STANDING of a cell is its committee.

Who hears what (every caller names one of these; none spells out roles):

- the sweep's reminders and overdue notices of a rule: LEADERS of the organisation;
- escalations, reports and ratifications to decide: the superior's assigned standing members,
  else the superior's STANDING (congresses.handoffs.superior_followers);
- "please comment" on a circulated round and the comment reminders: ANSWERING of each
  recipient organisation; a circulation to "the secretaries of the subordinate units": their
  SECRETARY; to the committee members: COMMITTEE;
- the superior's decision on a report, the opening, the result, the ratification: ANSWERING;
- a personnel plan to approve: STANDING; its approval or return: LEADERS and its writer;
- who may be assigned to guide a subordinate: STANDING of the superior.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum

from django.db.models import Q, QuerySet

from .models import CELL_KINDS, Membership, Organization, Role


class Audience(StrEnum):
    LEADERS = "leaders"  # secretary and deputies: they act for the organisation
    ANSWERING = "answering"  # leaders and office: answer for it (comments, hand-offs, registers)
    STANDING = "standing"  # its standing committee (a cell's committee): approves, supervises
    COMMITTEE = "committee"  # the whole executive committee: read and comment on drafts
    OFFICE = "office"  # the office officers: keep the registers, file what is decided
    SECRETARY = "secretary"  # the secretary alone: "the secretaries of the subordinate units"


AUDIENCE_ROLES: dict[Audience, tuple[Role, ...]] = {
    Audience.LEADERS: (Role.SECRETARY, Role.DEPUTY_SECRETARY),
    Audience.ANSWERING: (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_OFFICER),
    Audience.STANDING: (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.STANDING_MEMBER),
    Audience.COMMITTEE: (
        Role.SECRETARY,
        Role.DEPUTY_SECRETARY,
        Role.STANDING_MEMBER,
        Role.COMMITTEE_MEMBER,
    ),
    Audience.OFFICE: (Role.OFFICE_OFFICER,),
    Audience.SECRETARY: (Role.SECRETARY,),
}


def audience_q(audience: Audience, *, prefix: str = "") -> Q:
    """The condition on a Membership (reached through `prefix`) that puts it in the audience."""
    condition = Q(**{f"{prefix}role__in": AUDIENCE_ROLES[audience]})
    if audience == Audience.STANDING:
        condition |= Q(
            **{
                f"{prefix}role": Role.COMMITTEE_MEMBER,
                f"{prefix}organization__kind__in": CELL_KINDS,
            }
        )
    return condition


def audience_memberships(
    audience: Audience,
    *,
    on: dt.date,
    organizations: Iterable[Organization | int] | None = None,
) -> QuerySet[Membership]:
    """Memberships in force on `on` that belong to the audience, of the given organisations
    (all organisations when None: "which organisations does this user answer for?")."""
    qs = Membership.objects.active(on).filter(audience_q(audience))
    if organizations is not None:
        ids = {o.pk if isinstance(o, Organization) else o for o in organizations}
        qs = qs.filter(organization_id__in=ids)
    return qs.order_by()


def audience_of(
    audience: Audience, *, on: dt.date, organizations: Iterable[Organization | int]
) -> dict[int, list[int]]:
    """{organisation id: [user ids]} of the audience, each person once per organisation."""
    people: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in (
        audience_memberships(audience, on=on, organizations=organizations)
        .values_list("organization_id", "user_id")
        .distinct()
    ):
        people[org_id].append(user_id)
    return people


def audience_user_ids(
    audience: Audience, *, on: dt.date, organizations: Iterable[Organization | int]
) -> set[int]:
    """Everyone in the audience of any of the organisations."""
    return set(
        audience_memberships(audience, on=on, organizations=organizations).values_list(
            "user_id", flat=True
        )
    )
