"""A national-scale data set: central → provinces → grassroots committees → cells, people in
roles, one congress per organisation for the current term with spread dates, draft rounds,
circulations, comments, plans and reports in mixed states. Bulk inserts only; the same seed
gives the same data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction

from apps.congresses.models import (
    Congress,
    CongressKind,
    Decision,
    DocumentKind,
    SuperiorReport,
    Term,
)
from apps.core import tree_versions
from apps.documents.models import Circulation, Comment, DraftDocument, DraftRound
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Membership, OrganizationKind, Role
from apps.personnel.models import Candidate, PersonnelPlan, PlanStatus

REQUIRED = [
    DocumentKind.POLITICAL_REPORT,
    DocumentKind.REVIEW_REPORT,
    DocumentKind.RESOLUTION,
    DocumentKind.ACTION_PROGRAMME,
]
PROVINCES = [
    "Hà Nội",
    "Hải Phòng",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Đà Nẵng",
    "Quảng Nam",
    "Quảng Ngãi",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Đắk Lắk",
    "Gia Lai",
    "Kon Tum",
    "Lâm Đồng",
    "Cần Thơ",
    "An Giang",
    "Cà Mau",
    "Đồng Nai",
]
UNITS = [
    "Phòng Tham mưu",
    "Phòng Cảnh sát hình sự",
    "Phòng Cảnh sát kinh tế",
    "Phòng An ninh kinh tế",
    "Phòng Hồ sơ",
    "Phòng Cảnh sát giao thông",
    "Công an thành phố",
    "Công an huyện",
]


# Every generated user's password (documented in docs/PERFORMANCE.md; a test data set only).
PASSWORD = "bench-password"


def production_hash(password: str) -> str:
    """The password hashed by the production hasher, whatever the current settings say.

    `make_password` uses the first of the current PASSWORD_HASHERS: MD5 under the test settings,
    which production refuses, so users generated there could not sign in under gunicorn with
    the production settings. The production settings keep Django's default list, whose first
    (preferred) hasher is PBKDF2; one hash (≈0.5 s) serves every generated user, and a user
    signing in keeps it (Django re-hashes only when the hasher or its iterations change)."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt())


def passwords_rehash(*, prefix: str = "G") -> int:
    """Give the users of an existing data set the production hash of PASSWORD (one UPDATE).

    For a set generated before generate() used production_hash(): its users held MD5 hashes
    when it ran under the test settings, and could not sign in under the production ones."""
    User = get_user_model()
    users = User.objects.filter(username__startswith=f"{prefix.lower()}")
    return users.filter(username__regex=r"\.(bithu|btv)$").update(
        password=production_hash(PASSWORD)
    )


@dataclass
class Generated:
    organizations: int
    users: int
    congresses: int
    rounds: int
    circulations: int
    reports: int


@transaction.atomic
def generate(
    *,
    provinces: int,
    committees: int,
    cells: int,
    seed: int = 1,
    prefix: str = "G",
    today: dt.date | None = None,
) -> Generated:
    rnd = random.Random(seed)
    today = today or dt.date.today()
    term = Term.objects.select_related("rule_set").get(code="2025-2030")
    root_code = f"{prefix}CATW"
    specs = [
        NodeSpec(
            root_code, None, "Đảng ủy Công an Trung ương (dữ liệu thử)", OrganizationKind.CENTRAL
        )
    ]
    for p in range(provinces):
        pc = f"{prefix}{p:02d}"
        name = PROVINCES[p % len(PROVINCES)] + (
            "" if p < len(PROVINCES) else f" {p // len(PROVINCES) + 1}"
        )
        specs.append(
            NodeSpec(
                pc, root_code, f"Đảng bộ Công an tỉnh {name}", OrganizationKind.ABOVE_GRASSROOTS
            )
        )
        for c in range(committees):
            cc = f"{pc}-{c:02d}"
            specs.append(
                NodeSpec(
                    cc,
                    pc,
                    f"Đảng bộ {UNITS[c % len(UNITS)]} {c + 1}",
                    OrganizationKind.GRASSROOTS_COMMITTEE,
                )
            )
            for k in range(cells):
                specs.append(
                    NodeSpec(
                        f"{cc}-{k}",
                        cc,
                        f"Chi bộ Đội {k + 1}",
                        OrganizationKind.CELL_UNDER_COMMITTEE,
                    )
                )
    orgs = bulk_insert_tree(specs)
    by_code = {o.code: o for o in orgs}

    User = get_user_model()
    password = production_hash(PASSWORD)  # hashed once, shared by every generated user
    users = [
        User(
            username=f"{o.code.lower()}.{role}",
            full_name=f"Cán bộ {o.code} {role}",
            password=password,
        )
        for o in orgs
        for role in ("bithu", "btv")
        if role == "bithu" or o.numchild
    ]
    User.objects.bulk_create(users, batch_size=5000)
    user_by_name = dict(
        User.objects.filter(username__startswith=prefix.lower()).values_list("username", "id")
    )
    memberships = []
    for o in orgs:
        memberships.append(
            Membership(
                user_id=user_by_name[f"{o.code.lower()}.bithu"],
                organization=o,
                role=Role.SECRETARY,
                start_date=dt.date(2025, 1, 1),
            )
        )
        if o.numchild:
            memberships.append(
                Membership(
                    user_id=user_by_name[f"{o.code.lower()}.btv"],
                    organization=o,
                    role=Role.STANDING_MEMBER,
                    start_date=dt.date(2025, 1, 1),
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=5000)

    congresses = Congress.objects.bulk_create(
        [
            Congress(
                organization=o,
                term=term,
                ordinal="I",
                kind=CongressKind.DELEGATES if o.numchild else CongressKind.ALL_MEMBER,
                opening_date=today + dt.timedelta(days=rnd.randint(-30, 120)),
                is_pilot=rnd.random() < 0.04,
            )
            for o in orgs
        ],
        batch_size=5000,
    )
    leaders = [c for c in congresses if by_code[c.organization.code].numchild]
    docs = DraftDocument.objects.bulk_create(
        [DraftDocument(congress=c, kind=k) for c in leaders for k in REQUIRED], batch_size=5000
    )
    any_user = user_by_name[f"{root_code.lower()}.bithu"]
    rounds = DraftRound.objects.bulk_create(
        [DraftRound(document=d, number=1, body="Dự thảo", submitted_by_id=any_user) for d in docs],
        batch_size=5000,
    )
    opening = {c.pk: c.opening_date for c in congresses}
    circulations = []
    for r in rounds:
        if rnd.random() < 0.7:
            day = opening[r.document.congress_id] - dt.timedelta(days=rnd.randint(20, 45))
            circulations.append(
                Circulation(
                    round=r,
                    official_date=min(day, today),
                    comment_deadline=min(day, today) + dt.timedelta(days=10),
                    to_subordinates=True,
                    entered_by_id=any_user,
                )
            )
    Circulation.objects.bulk_create(circulations, batch_size=5000)
    Comment.objects.bulk_create(
        [
            Comment(
                round_id=c.round_id,
                circulation=c,
                author_id=any_user,
                section=f"Mục {i}",
                text="Góp ý",
            )
            for i, c in enumerate(circulations[::3])
        ],
        batch_size=5000,
    )
    plans = PersonnelPlan.objects.bulk_create(
        [
            PersonnelPlan(
                congress=c,
                version=1,
                status=rnd.choice(
                    [
                        PlanStatus.APPROVED,
                        PlanStatus.APPROVED,
                        PlanStatus.SUBMITTED,
                        PlanStatus.DRAFT,
                    ]
                ),
                seats=5,
                standing_seats=1,
                created_by_id=any_user,
            )
            for c in congresses
        ],
        batch_size=5000,
    )
    Candidate.objects.bulk_create(
        [
            Candidate(
                plan=p,
                position=i + 1,
                full_name=f"Ứng viên {i + 1}",
                birth_date=dt.date(1970 + i * 4, 1, 1),
                sex="male" if i % 3 else "female",
            )
            for p in plans[:: max(1, len(plans) // 2000)]
            for i in range(6)
        ],
        batch_size=5000,
    )
    reports = []
    for congress, plan in zip(congresses, plans, strict=True):
        if plan.status == PlanStatus.APPROVED and rnd.random() < 0.7:
            day = min(today, opening[congress.pk] - dt.timedelta(days=rnd.randint(15, 30)))
            decision = rnd.choice(
                [Decision.PENDING, Decision.APPROVED, Decision.APPROVED, Decision.RETURNED]
            )
            reports.append(
                SuperiorReport(
                    congress=congress,
                    plan=plan,
                    official_date=day,
                    submitted_by_id=any_user,
                    decision=decision,
                    decided_on=day + dt.timedelta(days=2) if decision != Decision.PENDING else None,
                    decided_by_id=any_user if decision != Decision.PENDING else None,
                    decision_note="Bổ sung" if decision == Decision.RETURNED else "",
                )
            )
    SuperiorReport.objects.bulk_create(reports, batch_size=5000)
    # bulk_create sends no signals: every cached roll-up and scope is stale
    tree_versions.renew([tree_versions.EVERYTHING, tree_versions.SCOPES])
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would give a while later: with none, the planner
        # takes 1,164 pending reports for 3 and picks nested loops that cost 10 ms a page.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Generated(
        len(orgs), len(users), len(congresses), len(rounds), len(circulations), len(reports)
    )
