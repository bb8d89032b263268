"""Delegates at the root (issue 22): allocating the root congress's seats among all its
subordinates, and the delegate list with credentials (the page and the report PDF) once every
subordinate has sent its delegates.

Everything this area writes (membership counts, the allocation, the delegates, the congress made
ready to allocate) is written in one transaction that is rolled back at the end: the data set is
left as it was found."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client

from apps.congresses.models import Congress, CongressKind, CongressStatus
from apps.delegates.allocation import allocation_prepare, subordinates_of
from apps.delegates.documents import credentials_report
from apps.delegates.models import CredentialsBoard, Delegate, DelegateKind, DelegateStatus
from apps.organizations.models import MembershipCount
from apps.personnel.models import Sex
from apps.reports.rendering import render_pdf

from .home import signed_in
from .registry import area
from .session import Bench, page


def arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--delegate-seats",
        type=int,
        default=350,
        help="số đại biểu của đại hội cấp cao nhất (ĐUCA 2020: 350)",
    )


class _Rollback(Exception):
    pass


@area(45, arguments=arguments)
def measure(bench: Bench) -> None:
    # Signed in (both steps) before the transaction, so the session outlives its rollback.
    client = signed_in(bench.central)
    try:
        with transaction.atomic():
            _measure(bench, client)
            raise _Rollback
    except _Rollback:
        pass


def _measure(bench: Bench, root_client: Client) -> None:
    root, user, today = bench.root, bench.central, bench.today
    seats = int(bench.options["delegate_seats"])
    congress = (
        Congress.objects.filter(organization=root).select_related("term").order_by("-pk").first()
    )
    if congress is None:
        raise CommandError(f"{root.code} has no congress; regenerate the data set.")
    Congress.objects.filter(pk=congress.pk).update(
        kind=CongressKind.DELEGATES, status=CongressStatus.APPROVED
    )
    congress.refresh_from_db()
    units = subordinates_of(root)
    rng = random.Random(22)
    MembershipCount.objects.bulk_create(
        [
            MembershipCount(
                organization=u, as_of=today, official=rng.randint(800, 9000), probationary=9
            )
            for u in units
        ],
        ignore_conflicts=True,
    )

    def allocate() -> None:
        allocation_prepare(
            actor=user,
            congress=congress,
            seats=seats,
            counts_as_of=today,
            decided_on=today,
            today=today,
        )

    bench.add(
        f"delegate allocation (root congress, {len(units)} subordinates, {seats} seats)",
        allocate,
        rollback=True,
        reps=5,
    )
    allocate()
    _fill_the_list(congress, rng)
    CredentialsBoard.objects.create(
        congress=congress, head="Trưởng Ban thẩm tra", report_date=congress.opening_date
    )
    official = Delegate.objects.filter(congress=congress, status=DelegateStatus.OFFICIAL).count()
    bench.add(
        f"delegate list and credentials page (root, {official} official delegates)",
        lambda: page(root_client, f"/delegates/congress/{congress.pk}/"),
    )

    def report() -> bytes:
        built = credentials_report(congress, user=user, number=None, day=today)
        return render_pdf(built.template, built.context)

    bench.add(f"credentials report PDF (root, {official} official delegates)", report, reps=3)


def _fill_the_list(congress: Congress, rng: random.Random) -> None:
    """Each subordinate's elected delegates and alternates, as their congresses would record
    them (the election itself is measured by the tests, not here)."""
    rows = []
    for share in congress.allocation.shares.select_related("organization"):
        for rank in range(1, share.seats + share.alternates + 1):
            official = rank <= share.seats
            rows.append(
                Delegate(
                    congress=congress,
                    source=share.organization,
                    full_name=f"Đại biểu {share.organization.code} {rank:02d}",
                    birth_date=dt.date(rng.randint(1962, 1995), rng.randint(1, 12), 1),
                    sex=Sex.FEMALE if rng.random() < 0.2 else Sex.MALE,
                    ethnicity="Kinh" if rng.random() < 0.9 else "Tày",
                    new_committee_member=rng.random() < 0.3,
                    kind=DelegateKind.ELECTED if official else DelegateKind.ALTERNATE,
                    status=DelegateStatus.OFFICIAL if official else DelegateStatus.ALTERNATE,
                    votes=1000 - rank,
                    vote_rank=rank,
                )
            )
    Delegate.objects.bulk_create(rows, batch_size=2000)
