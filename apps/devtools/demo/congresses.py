"""The congress part of the demo (docs/domain.md §9): Quảng Bình's XVII congress, term
2020–2025, its three pilots and lessons meeting, the others after; plus a few 2025–2030 cell
congresses dated from the day the demo is loaded, so the live rule statuses show something to
act on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.congresses.models import Term, congress_kind_for
from apps.congresses.services import congress_schedule, lessons_meeting_record, supervision_assign
from apps.organizations.models import Organization

D = dt.date

# code, ordinal, opening, pilot, reported (official date), approved (date)
HISTORIC = [
    ("QB-PTM", "XV", D(2020, 4, 8), True, D(2020, 3, 10), D(2020, 3, 16)),
    ("QB-CSKT", "XIV", D(2020, 4, 10), True, D(2020, 3, 12), D(2020, 3, 17)),
    ("QB-ANKT", "XII", D(2020, 4, 14), True, D(2020, 3, 16), D(2020, 3, 20)),
    ("QB-CSHS", "XIV", D(2020, 5, 20), False, D(2020, 4, 24), D(2020, 4, 29)),
    ("QB-HS", "XI", D(2020, 5, 26), False, D(2020, 5, 4), None),
    ("QB-DH", "XXIII", D(2020, 6, 5), False, None, None),
    ("QB", "XVII", D(2020, 7, 28), False, None, None),
]
SCHEDULED_ON = D(2020, 1, 6)  # the day the 2020 schedules are entered, as the demo tells it


def load_congress_demo(orgs: dict[str, Organization], people: dict[str, Any]) -> None:
    admin = people["admin"]
    old = Term.objects.get(code="2020-2025")
    new = Term.objects.get(code="2025-2030")
    lessons_meeting_record(actor=admin, organization=orgs["QB"], term=old, held_on=None)
    supervision_assign(
        actor=admin, organization=orgs["QB-CSHS"], term=old, supervisor=people["btv.qb"]
    )
    supervision_assign(
        actor=admin, organization=orgs["QB-HS"], term=old, supervisor=people["btv.qb"]
    )
    for code, ordinal, opening, pilot, _reported, _approved in HISTORIC:
        org = orgs[code]
        congress_schedule(
            actor=admin,
            organization=org,
            term=old,
            ordinal=ordinal,
            opening_date=opening,
            kind=congress_kind_for(org),
            days=2 if code == "QB" else 1,
            place="Hội trường Công an tỉnh Quảng Bình, TP Đồng Hới",
            delegate_count=150 if code == "QB" else None,
            is_pilot=pilot,
            today=SCHEDULED_ON,  # history: scheduled in 2020, before these dates
        )
    lessons_meeting_record(
        actor=admin,
        organization=orgs["QB"],
        term=old,
        held_on=D(2020, 4, 20),
        notes="Hội nghị rút kinh nghiệm 3 đại hội điểm.",
    )
    today = dt.date.today()
    for code, ordinal, days_ahead in (
        ("QB-PTM-TH", "II", 45),
        ("QB-CSKT-D1", "II", 26),
        ("QB-DH-HP", "II", 12),
    ):
        congress_schedule(
            actor=admin,
            organization=orgs[code],
            term=new,
            ordinal=ordinal,
            opening_date=today + dt.timedelta(days=days_ahead),
            kind=congress_kind_for(orgs[code]),
            place="Phòng họp đơn vị",
        )
