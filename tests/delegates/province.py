"""A generated province for the delegate tests: a provincial police Party organisation holding a
delegates' congress, its outgoing committee, N direct subordinates with membership counts drawn
from a seed, each with its own congress in session (issue 22's Must show: 150 seats, 27 units)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from apps.congresses.models import Congress, CongressKind, CongressStatus
from apps.organizations.models import MembershipCount, Organization, OrganizationKind, Role
from apps.personnel.models import Sex
from tests.factories import CongressFactory, OrganizationFactory, person, term

OPENING = dt.date(2020, 8, 20)  # the provincial congress
BELOW = dt.date(2020, 6, 10)  # the subordinate congresses
COUNTS_AS_OF = dt.date(2020, 3, 31)
DECIDED = dt.date(2020, 4, 15)
TODAY = dt.date(2020, 8, 1)


@dataclass
class Province:
    org: Organization
    congress: Congress
    units: list[Organization]
    unit_congresses: list[Congress]
    committee: list = field(default_factory=list)
    secretary: object = None
    standing: object = None
    officer: object = None
    member: object = None
    unit_secretaries: list = field(default_factory=list)


def make_province(
    *, units: int = 27, committee: int = 17, seed: int = 22, code: str = "GL", parent=None
) -> Province:
    rng = random.Random(seed)
    root = parent or OrganizationFactory(
        code=f"{code}-CATW", name="Đảng ủy Công an Trung ương", kind=OrganizationKind.CENTRAL
    )
    org = OrganizationFactory(
        parent=root,
        code=code,
        name=f"Đảng bộ Công an tỉnh {code}",
        kind=OrganizationKind.ABOVE_GRASSROOTS,
        place_name="Gia Lai",
    )
    t = term()
    congress = CongressFactory(
        organization=org,
        term=t,
        ordinal="XII",
        kind=CongressKind.DELEGATES,
        opening_date=OPENING,
        days=2,
        status=CongressStatus.APPROVED,
    )
    p = Province(org, congress, [], [])
    p.secretary = person(org, Role.SECRETARY, user__username=f"bithu.{code.lower()}")
    p.standing = person(org, Role.STANDING_MEMBER, user__username=f"btv.{code.lower()}")
    p.officer = person(org, Role.OFFICE_OFFICER, user__username=f"vp.{code.lower()}")
    p.member = person(org, Role.MEMBER, user__username=f"dv.{code.lower()}")
    p.committee = [p.secretary, p.standing]
    for i in range(committee - 2):
        p.committee.append(
            person(
                org,
                Role.COMMITTEE_MEMBER,
                user__username=f"cu{i}.{code.lower()}",
                user__birth_date=dt.date(1965 + i % 20, 1 + i % 12, 1),
            )
        )
    for i in range(units):
        kind = OrganizationKind.GRASSROOTS_COMMITTEE if i % 3 else OrganizationKind.GRASSROOTS_CELL
        unit = OrganizationFactory(
            parent=org, code=f"{code}-U{i:02d}", name=f"Đảng bộ Phòng {code} {i:02d}", kind=kind
        )
        MembershipCount.objects.create(
            organization=unit,
            as_of=COUNTS_AS_OF,
            official=rng.randint(8, 260),
            probationary=rng.randint(0, 9),
        )
        p.units.append(unit)
        p.unit_secretaries.append(
            person(unit, Role.SECRETARY, user__username=f"bithu.{code.lower()}.{i:02d}")
        )
        p.unit_congresses.append(
            CongressFactory(
                organization=unit,
                term=t,
                ordinal="V",
                kind=CongressKind.ALL_MEMBER,
                opening_date=BELOW,
                days=1,
                status=CongressStatus.IN_SESSION,
            )
        )
    org.refresh_from_db()
    return p


def candidate_people(n: int, *, seed: int, prefix: str) -> list:
    """Candidates with the facts the credentials count: birth date, sex, ethnicity."""
    from apps.delegates.elections import CandidateInput

    rng = random.Random(seed)
    people = []
    for i in range(n):
        people.append(
            CandidateInput(
                full_name=f"{prefix} Nguyễn Văn {i:02d}",
                birth_date=dt.date(rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                sex=Sex.FEMALE if rng.random() < 0.2 else Sex.MALE,
                ethnicity="Kinh" if rng.random() < 0.85 else rng.choice(["Gia Rai", "Ba Na"]),
                new_committee_member=rng.random() < 0.3,
            )
        )
    return people
