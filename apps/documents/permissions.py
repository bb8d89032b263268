"""Who may do what with drafts. Built on the one permission layer (organizations.permissions):

- the organisation's secretary and deputies (LEAD) and the members of the congress's documents
  subcommittee submit rounds, circulate them and dispose of comments;
- whoever may VIEW the congress's organisation sees its documents (the superior's standing
  committee sees its subordinates' documents through its subtree right);
- a recipient sees only the rounds circulated to them: its organisation's leaders and office for
  an organisation, or the person named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.congresses.models import Congress, Subcommittee, SubcommitteeKind
from apps.core.dates import local_today
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.permissions import Action, UserScope, may

from .models import Circulation, DraftRound

# Who answers for a recipient organisation (its consolidated comment).
ANSWERING = Audience.ANSWERING


def may_edit_documents(user: Any, congress: Congress) -> bool:
    """The congress's organisation's leaders and its documents subcommittee write its drafts
    and dispose of the comments on them (editable_congresses_q says the same for many)."""
    if may(user, Action.LEAD, congress):
        return True
    return congress.subcommittees.filter(kind=SubcommitteeKind.DOCUMENTS, members=user).exists()


def editable_congresses_q(user: Any, scope: UserScope, prefix: str) -> Q:
    """may_edit_documents as a filter, for rows reaching their congress through `prefix`
    ("document__congress__" from a round): the worklist's rounds to dispose of, in one query."""
    return scope.q(Action.LEAD, f"{prefix}organization__") | Q(
        Exists(
            Subcommittee.objects.filter(
                congress_id=OuterRef(f"{prefix}id"), kind=SubcommitteeKind.DOCUMENTS, members=user
            )
        )
    )


def draft_authors(congress: Congress, *, on: dt.date) -> set[int]:
    """The people who write the congress's drafts: its organisation's leaders and the documents
    subcommittee. They are never asked to comment on their own draft."""
    leaders = set(
        audience_memberships(
            Audience.LEADERS, on=on, organizations=[congress.organization_id]
        ).values_list("user_id", flat=True)
    )
    writers = congress.subcommittees.filter(kind=SubcommitteeKind.DOCUMENTS).values_list(
        "members", flat=True
    )
    return leaders | {uid for uid in writers if uid is not None}


def answering_org_ids(user: Any) -> list[int]:
    """Organisations for which the user may give the consolidated comment."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        audience_memberships(ANSWERING, on=local_today())
        .filter(user=user)
        .values_list("organization_id", flat=True)
    )


def circulations_to(user: Any) -> QuerySet[Circulation]:
    """Circulations addressed to the user, personally or through an organisation they answer for."""
    if not getattr(user, "is_authenticated", False):
        return Circulation.objects.none()
    org_ids = answering_org_ids(user)
    return Circulation.objects.filter(
        Q(recipient_users=user) | Q(recipient_organizations__in=org_ids)
    ).distinct()


def may_view_round(user: Any, rnd: DraftRound) -> bool:
    congress = rnd.document.congress
    if may(user, Action.VIEW, congress):
        return True
    return circulations_to(user).filter(round=rnd).exists()
