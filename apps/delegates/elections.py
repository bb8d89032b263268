"""The election of delegates to the upper congress at each subordinate congress: the list of
candidates, the count with the committee election's rule (apps.personnel.elections.tally: more
than half of the convened base), and the delegates it puts on the upper congress's list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.tree import parent_path
from apps.personnel.convened_base import convened_figures
from apps.personnel.elections import tally
from apps.personnel.models import Sex

from . import notices
from .guards import day_text, insert_delegates
from .models import (
    CandidateOutcome,
    Delegate,
    DelegateCandidate,
    DelegateElection,
    DelegateKind,
    DelegateStatus,
)
from .permissions import may_record_delegate_election


def upper_congress_of(congress: Congress) -> Congress | None:
    """The superior's delegates' congress of the same term, whose allocation gives `congress`'s
    organisation its seats."""
    org = congress.organization
    if org.depth <= 1:
        return None
    return (
        Congress.objects.filter(
            organization__path=parent_path(org.path),
            term_id=congress.term_id,
            allocation__shares__organization=org,
        )
        .select_related("organization", "term", "allocation")
        .first()
    )


@transaction.atomic
def delegate_election_open(*, actor: Any, congress: Congress) -> DelegateElection:
    """Start the list of candidates for the upper congress at a subordinate's congress, with
    the seats and alternates the issued allocation gives it."""
    existing = DelegateElection.objects.filter(congress=congress).first()
    if existing is not None:
        return existing
    upper = upper_congress_of(congress)
    if upper is None:
        raise DomainError(
            _("Đại hội cấp trên chưa phân bổ đại biểu cho %(org)s.")
            % {"org": congress.organization.name}
        )
    if not may_record_delegate_election(actor, congress, upper):
        raise PermissionDenied(_("Bạn không có quyền ghi việc bầu đại biểu của đại hội này."))
    allocation = upper.allocation
    if not allocation.is_issued:
        raise DomainError(_("Quyết định phân bổ đại biểu của cấp trên chưa được ban hành."))
    share = allocation.shares.get(organization=congress.organization)
    election = DelegateElection.objects.create(
        congress=congress,
        share=share,
        official_seats=share.seats,
        alternate_seats=share.alternates,
    )
    audit_record(
        actor=actor,
        verb="delegate_election.open",
        target=election,
        organization=congress.organization,
        seats=share.seats,
        alternates=share.alternates,
    )
    return election


@dataclass(frozen=True, slots=True)
class CandidateInput:
    """A person on the list, however they arrive (form, API, spreadsheet)."""

    full_name: str
    birth_date: dt.date
    sex: str
    ethnicity: str = "Kinh"
    current_post: str = ""
    new_committee_member: bool = False
    user_id: int | None = None


def _election_for_update(
    actor: Any, election: DelegateElection
) -> tuple[DelegateElection, Congress]:
    election = (
        DelegateElection.objects.select_for_update()
        .select_related("congress__organization", "share__allocation__congress__organization")
        .get(pk=election.pk)
    )
    upper = election.share.allocation.congress
    if not may_record_delegate_election(actor, election.congress, upper):
        raise PermissionDenied(_("Bạn không có quyền ghi việc bầu đại biểu của đại hội này."))
    if election.is_recorded:
        raise DomainError(_("Kết quả bầu đại biểu đã được ghi; không sửa được nữa."))
    return election, upper


@transaction.atomic
def delegate_candidates_add(
    *, actor: Any, election: DelegateElection, people: Sequence[CandidateInput]
) -> list[DelegateCandidate]:
    election, _upper = _election_for_update(actor, election)
    problems = []
    for i, p in enumerate(people, start=1):
        if not p.full_name.strip():
            problems.append(_("Người thứ %(i)s: thiếu họ và tên.") % {"i": i})
        if p.sex not in Sex.values:
            problems.append(_("Người thứ %(i)s: giới tính không hợp lệ.") % {"i": i})
    if problems:
        raise DomainError(problems[0], problems)
    start = election.candidates.count()
    created = DelegateCandidate.objects.bulk_create(
        [
            DelegateCandidate(
                election=election,
                position=start + i,
                user_id=p.user_id,
                full_name=p.full_name.strip(),
                birth_date=p.birth_date,
                sex=p.sex,
                ethnicity=p.ethnicity.strip() or "Kinh",
                current_post=p.current_post.strip(),
                new_committee_member=p.new_committee_member,
            )
            for i, p in enumerate(people, start=1)
        ]
    )
    audit_record(
        actor=actor,
        verb="delegate_election.candidates",
        target=election,
        organization=election.congress.organization,
        added=[p.full_name for p in people],
    )
    return created


@transaction.atomic
def delegate_candidate_remove(*, actor: Any, candidate: DelegateCandidate) -> None:
    _election_for_update(actor, candidate.election)
    audit_record(
        actor=actor,
        verb="delegate_election.candidate_remove",
        target=candidate.election,
        organization=candidate.election.congress.organization,
        removed=candidate.full_name,
    )
    candidate.delete()


@dataclass(frozen=True, slots=True)
class DelegateCount:
    """What recording an election did, for the message and the API answer."""

    base: int
    needed: int
    official: list[DelegateCandidate]
    alternates: list[DelegateCandidate]
    official_left: int  # seats no one passing filled: the congress decides whether to vote again
    alternates_left: int


@transaction.atomic
def delegate_election_record(
    *,
    actor: Any,
    election: DelegateElection,
    official_seats: int,
    alternate_seats: int,
    summoned: int | None,
    excused: int | None,
    ballots_issued: int,
    ballots_valid: int,
    votes: Mapping[int, int],
    election_date: dt.date | None = None,
    today: dt.date | None = None,
) -> DelegateCount:
    """Record the election of delegates at a subordinate congress and put them on the upper
    congress's list (nothing typed twice).

    The count is the committee election's (apps.personnel.elections.tally: more than half of
    the convened base; more passing than seats → the highest). Official delegates take the
    official seats in order of votes, then alternates take the alternate seats from those left
    passing. A tie at either cut-off cannot be decided: nothing is recorded and the congress
    votes again among the tied. More seats than the allocation gives are refused.
    """
    today = today or local_today()
    election, upper = _election_for_update(actor, election)
    congress, share = election.congress, election.share
    if not congress.is_open_or_later:
        raise DomainError(_("Chỉ ghi kết quả bầu đại biểu khi đại hội đã khai mạc."))
    if upper.is_open_or_later:
        raise DomainError(_("Đại hội cấp trên đã khai mạc; không ghi thêm đại biểu."))
    if official_seats > share.seats or alternate_seats > share.alternates:
        raise DomainError(
            _(
                "%(org)s được phân bổ %(seats)s đại biểu chính thức và %(alt)s đại biểu dự "
                "khuyết; kết quả ghi %(got)s chính thức và %(got_alt)s dự khuyết là vượt số "
                "được phân bổ."
            )
            % {
                "org": congress.organization.name,
                "seats": share.seats,
                "alt": share.alternates,
                "got": official_seats,
                "got_alt": alternate_seats,
            },
            field="official_seats",
        )
    if official_seats < 1:
        raise DomainError(_("Phải bầu ít nhất 1 đại biểu chính thức."), field="official_seats")
    election_date = election_date or congress.opening_date
    last_day = congress.opening_date + dt.timedelta(days=congress.days - 1)
    if not congress.opening_date <= election_date <= last_day or election_date > today:
        raise DomainError(
            _(
                "Ngày bầu phải trong những ngày đại hội họp (%(first)s – %(last)s) và không "
                "sau hôm nay."
            )
            % {"first": day_text(congress.opening_date), "last": day_text(last_day)},
            field="election_date",
        )
    # The base comes from the congress's attendance record when its list is in the portal.
    summoned, excused = convened_figures(congress, summoned, excused)
    if excused > summoned:
        raise DomainError(_("Số được trừ không được lớn hơn số triệu tập."), field="excused")
    base = summoned - excused
    if ballots_valid > ballots_issued or ballots_issued > base:
        raise DomainError(
            _(
                "Số phiếu không hợp lệ: phiếu hợp lệ ≤ phiếu phát ra ≤ số được triệu tập trừ "
                "số được trừ."
            )
        )
    candidates = {c.pk: c for c in election.candidates.all()}
    if not candidates:
        raise DomainError(_("Chưa có danh sách bầu."))
    if set(votes) != set(candidates):
        raise DomainError(_("Phải ghi số phiếu của mọi người trong danh sách bầu (và chỉ họ)."))
    bad = [candidates[k].full_name for k, n in votes.items() if n < 0 or n > ballots_valid]
    if bad:
        raise DomainError(
            _("Số phiếu phải từ 0 đến số phiếu hợp lệ (%(valid)s): %(names)s.")
            % {"valid": ballots_valid, "names": ", ".join(bad)}
        )
    first = tally(base=base, seats=official_seats, votes=votes)
    if first.tie:
        raise DomainError(_tie_message(first.tie, candidates, votes, _("đại biểu chính thức")))
    rest = {k: n for k, n in votes.items() if k not in set(first.elected)}
    second = (
        tally(base=base, seats=alternate_seats, votes=rest) if alternate_seats and rest else None
    )
    if second is not None and second.tie:
        raise DomainError(_tie_message(second.tie, candidates, votes, _("đại biểu dự khuyết")))
    alternates = second.elected if second is not None else []
    election.official_seats, election.alternate_seats = official_seats, alternate_seats
    election.summoned, election.excused = summoned, excused
    election.ballots_issued, election.ballots_valid = ballots_issued, ballots_valid
    election.election_date, election.recorded_by = election_date, actor
    election.recorded_at = timezone.now()
    election.save()
    outcome = {k: CandidateOutcome.OFFICIAL for k in first.elected}
    outcome.update({k: CandidateOutcome.ALTERNATE for k in alternates})
    for key, cand in candidates.items():
        cand.votes = votes[key]
        cand.outcome = outcome.get(key, CandidateOutcome.NOT_ELECTED)
    DelegateCandidate.objects.bulk_update(candidates.values(), ["votes", "outcome"])
    ranked = [*first.elected, *alternates]
    insert_delegates(
        [
            Delegate(
                congress=upper,
                source=congress.organization,
                election=election,
                candidate=candidates[key],
                user_id=candidates[key].user_id,
                full_name=candidates[key].full_name,
                birth_date=candidates[key].birth_date,
                sex=candidates[key].sex,
                ethnicity=candidates[key].ethnicity,
                current_post=candidates[key].current_post,
                new_committee_member=candidates[key].new_committee_member,
                kind=DelegateKind.ELECTED if rank <= len(first.elected) else DelegateKind.ALTERNATE,
                status=(
                    DelegateStatus.OFFICIAL
                    if rank <= len(first.elected)
                    else DelegateStatus.ALTERNATE
                ),
                votes=votes[key],
                vote_rank=rank,
            )
            for rank, key in enumerate(ranked, start=1)
        ]
    )
    counted = DelegateCount(
        base=base,
        needed=first.needed,
        official=[candidates[k] for k in first.elected],
        alternates=[candidates[k] for k in alternates],
        official_left=first.seats_left,
        alternates_left=alternate_seats - len(alternates),
    )
    audit_record(
        actor=actor,
        verb="delegate_election.record",
        target=election,
        organization=congress.organization,
        base=base,
        needed=first.needed,
        official=len(counted.official),
        alternates=len(counted.alternates),
    )
    notices.election_recorded(
        election=election, upper=upper, counted_official=len(counted.official), actor=actor
    )
    return counted


def _tie_message(
    tied: list[int],
    candidates: Mapping[int, DelegateCandidate],
    votes: Mapping[int, int],
    what: str,
) -> str:
    names = ", ".join(candidates[k].full_name for k in tied)
    return _(
        "%(names)s cùng được %(votes)s phiếu ở vị trí cuối cùng của %(what)s: chưa xác định "
        "được người trúng cử. Đại hội bầu lại giữa những người này; chưa ghi kết quả nào."
    ) % {"names": names, "votes": votes[tied[0]], "what": what}
