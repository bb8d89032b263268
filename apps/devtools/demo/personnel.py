"""Personnel in the demo: plans, reports to the superior and its decisions for the 2020–2025
congresses; the Phòng Tham mưu pilot carried through to ratification; and Quảng Bình's own plan
(15 seats, 17 names, as in the worked example) awaiting its standing committee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.congresses.models import Congress, Decision
from apps.congresses.services import congress_open, superior_report_decide, superior_report_submit
from apps.devtools.demo.congresses import HISTORIC
from apps.personnel.models import PlanStatus, Post
from apps.personnel.services import (
    first_meeting_record,
    plan_save,
    plan_transition,
    ratify,
    results_record,
)

D = dt.date
PAPER = "Nhập lại từ văn bản giấy"
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Đức Cường",
    "Thị Dung",
    "Quang Hải",
    "Minh Hùng",
    "Thị Lan",
    "Hữu Nghĩa",
    "Công Phúc",
    "Thị Quyên",
    "Văn Sơn",
    "Ngọc Thảo",
    "Đình Trọng",
    "Thị Uyên",
    "Xuân Vinh",
    "Thanh Xuân",
    "Hoài Yên",
    "Bá Khánh",
    "Thị Hằng",
]


def _candidates(n: int) -> list[dict]:
    return [
        {
            "full_name": f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[i % len(GIVEN)]}",
            "birth_date": D(1966 + (i * 7) % 25, 1 + i % 12, 1 + (i * 3) % 27),
            "sex": "female" if "Thị" in GIVEN[i % len(GIVEN)] else "male",
            "ethnicity": "Bru-Vân Kiều" if i == 5 else "Kinh",
            "current_post": "Trưởng phòng" if i < 4 else "Phó Trưởng phòng",
            "is_incumbent": i % 3 != 2,
            "proposed_posts": _proposed(i),
        }
        for i in range(n)
    ]


def _proposed(i: int) -> list[str]:
    """The first is proposed as secretary, the second as deputy, the first five for the
    standing committee, everyone for the committee."""
    lead = {0: [Post.SECRETARY], 1: [Post.DEPUTY]}.get(i, [])
    return [*lead, *([Post.STANDING] if i < 5 else []), Post.COMMITTEE]


def load_personnel_demo(people: dict[str, Any]) -> None:
    admin = people["admin"]
    for code, _ordinal, opening, _pilot, reported, approved in HISTORIC:
        congress = Congress.objects.get(organization__code=code, term__code="2020-2025")
        seats = 15 if code == "QB" else 5
        plan = plan_save(
            actor=admin,
            congress=congress,
            seats=seats,
            # A committee of five has no standing committee (its secretary and deputy lead it);
            # Quảng Bình's five include its secretary and deputy (docs/domain.md §7.3).
            standing_seats=5 if code == "QB" else 0,
            candidates=_candidates(17 if code == "QB" else 6),
        )
        plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=admin)
        if code == "QB":
            continue  # awaiting btv.qb's approval in the demo
        meeting = (reported or opening) - dt.timedelta(days=3)
        plan_transition(
            plan=plan,
            to=PlanStatus.APPROVED,
            by=admin,
            meeting_date=meeting,
            votes_for=9,
            votes_total=9,
        )
        if not reported:
            continue
        report = superior_report_submit(
            # went on paper: entered by the office keeping the registers above the unit (as a
            # real office would), so the pages name Đặng Thu Hà as the sender, not the admin
            actor=people["vanphong.qb"],
            congress=congress,
            official_date=reported,
            reason=PAPER,
            today=reported,
            note="Báo cáo văn kiện và phương án nhân sự cấp ủy.",
        )
        if approved:
            superior_report_decide(
                actor=admin,
                report=report,
                decision=Decision.APPROVED,
                official_date=approved,
                reason=PAPER,
                today=approved,
                note="Đồng ý để tổ chức đại hội.",
            )
    _pilot_through_ratification(admin, [people["bithu.ptm"], people["btv.ptm"]])


def _pilot_through_ratification(admin, incumbents) -> None:
    congress = Congress.objects.get(organization__code="QB-PTM", term__code="2020-2025")
    congress_open(actor=admin, congress=congress, today=congress.opening_date)
    candidates = list(congress.personnel_plans.get(status=PlanStatus.APPROVED).candidates.all())
    for candidate, user in zip(candidates, incumbents, strict=False):  # the leaders stand again
        candidate.user, candidate.full_name, candidate.is_incumbent = user, user.full_name, True
        candidate.save(update_fields=["user", "full_name", "is_incumbent"])
    votes = {c.pk: 59 - i * 5 for i, c in enumerate(candidates)}  # base 60 → 31 needed
    result, _tally = results_record(
        actor=admin,
        congress=congress,
        summoned=62,
        excused=2,
        ballots_issued=60,
        ballots_valid=59,
        votes=votes,
        election_date=congress.opening_date,
        counting_board_head="Nguyễn Thị Hòa",
        counting_board_members="Trần Văn Kiểm\nLê Minh Phiếu",
        today=congress.opening_date,
    )
    elected = [v.candidate_id for v in result.votes.filter(elected=True).order_by("-votes")]
    posts: dict[int, str] = {elected[0]: Post.SECRETARY, elected[1]: Post.DEPUTY}
    first_meeting_record(
        actor=admin, congress=congress, meeting_date=D(2020, 4, 9), posts=posts, today=D(2020, 4, 9)
    )
    ratify(
        actor=admin,
        congress=congress,
        decision_number="45-QĐ/ĐU",
        decision_date=D(2020, 4, 15),
        policy_note="Bố trí công tác phù hợp theo Hướng dẫn của Ban Thường vụ.",
        today=D(2020, 4, 15),
    )
