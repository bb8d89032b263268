"""Reads of drafts: per congress, per round, and the recipient's inbox, in constant queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from apps.congresses.models import Congress

from .models import Circulation, Comment, DraftDocument, DraftRound
from .permissions import answering_org_ids


def documents_of(congress: Congress) -> QuerySet[DraftDocument]:
    """The congress's documents, each with its rounds newest first (`round_list`), every round
    carrying its own circulation dates; `latest_round` is the newest round's number and
    `first_circulated` the date the rule on circulation (R30) counts: the first circulation to
    subordinate organisations of any round of the document. Two queries.

    A round is never paired with another round's date: round 4 circulated today shows today,
    however long ago round 3 went out."""
    rounds = DraftRound.objects.annotate(
        circulated_on=Min("circulations__official_date"),
        circulated_to_subordinates_on=Min(
            "circulations__official_date", filter=Q(circulations__to_subordinates=True)
        ),
    ).order_by("-number")
    return (
        DraftDocument.objects.filter(congress=congress)
        .annotate(
            latest_round=Max("rounds__number"),
            first_circulated=Min(
                "rounds__circulations__official_date",
                filter=Q(rounds__circulations__to_subordinates=True),
            ),
        )
        .prefetch_related(Prefetch("rounds", queryset=rounds, to_attr="round_list"))
        .order_by("kind")
    )


@dataclass
class Awaiting:
    circulation: Circulation
    organization: Any  # the organisation the user answers for, or None for a personal request

    @property
    def round(self) -> DraftRound:
        return self.circulation.round


def rounds_awaiting_comment(*, user: Any, today: dt.date) -> list[Awaiting]:
    """Rounds circulated to the user (personally or to an organisation they answer for) whose
    comment deadline has not passed and which they have not answered yet; soonest first."""
    OrgLink = Circulation.recipient_organizations.through
    UserLink = Circulation.recipient_users.through
    related = (
        "circulation__round__document__congress__organization",
        "circulation__round__document__congress__term",
    )
    org_ids = answering_org_ids(user)
    org_rows = (
        OrgLink.objects.filter(
            organization_id__in=org_ids, circulation__comment_deadline__gte=today
        )
        .exclude(
            Exists(
                Comment.objects.filter(
                    round_id=OuterRef("circulation__round_id"),
                    organization_id=OuterRef("organization_id"),
                )
            )
        )
        .select_related(*related, "organization")
    )
    personal_rows = (
        UserLink.objects.filter(user=user, circulation__comment_deadline__gte=today)
        .exclude(
            Exists(
                Comment.objects.filter(
                    round_id=OuterRef("circulation__round_id"),
                    author_id=OuterRef("user_id"),
                    organization__isnull=True,
                )
            )
        )
        .select_related(*related)
    )
    rows = [Awaiting(r.circulation, r.organization) for r in org_rows]
    rows += [Awaiting(r.circulation, None) for r in personal_rows]
    rows.sort(key=lambda a: (a.circulation.comment_deadline, a.circulation.pk))
    return rows


@dataclass
class CirculationState:
    circulation: Circulation
    answered_orgs: list
    silent_orgs: list
    answered_people: list
    silent_people: list


def round_page_data(rnd: DraftRound) -> tuple[list[CirculationState], list[Comment]]:
    """Circulations of a round with who has and has not answered, and its comments."""
    comments = list(
        Comment.objects.filter(round=rnd).select_related("organization", "author", "disposed_by")
    )
    by_org = {c.organization_id for c in comments if c.organization_id}
    by_person = {c.author_id for c in comments if not c.organization_id}
    states = []
    for circ in Circulation.objects.filter(round=rnd).prefetch_related(
        "recipient_organizations", "recipient_users"
    ):
        orgs = list(circ.recipient_organizations.all())
        people = list(circ.recipient_users.all())
        states.append(
            CirculationState(
                circ,
                [o for o in orgs if o.pk in by_org],
                [o for o in orgs if o.pk not in by_org],
                [p for p in people if p.pk in by_person],
                [p for p in people if p.pk not in by_person],
            )
        )
    return states, comments


class CommentVersion(NamedTuple):
    """One text a comment has had: what was written, by whom, when."""

    at: dt.datetime
    author: str
    section: str
    text: str


def comment_versions(comments: list[Comment]) -> dict[int, list[CommentVersion]]:
    """Every text each comment has had, oldest first, from its history (one query): a new
    version starts when the text or the section changed; handling it is not a new version.
    A comment amended twice has three versions, the last being its current text."""
    ids = [c.pk for c in comments]
    if not ids:
        return {}
    rows = (
        Comment.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "author__full_name", "section", "text")
    )
    versions: dict[int, list[CommentVersion]] = {}
    for pk, at, author, section, text in rows:
        kept = versions.setdefault(pk, [])
        if not kept or (kept[-1].section, kept[-1].text) != (section, text):
            kept.append(CommentVersion(at, author or "", section, text))
    return versions
