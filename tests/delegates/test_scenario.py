"""Issue 22's Must show, over a generated province: a delegates' congress of 150 with 27
subordinates — allocation, the 27 congresses below recording their delegates, the upper list of
exactly 150 official delegates, an alternate replacing an absent delegate, the composition, the
decision and the credentials report as PDFs read through their text."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from apps.delegates.allocation import allocation_prepare
from apps.delegates.credentials import credentials_board_set, delegate_replace
from apps.delegates.elections import (
    delegate_candidates_add,
    delegate_election_open,
    delegate_election_record,
)
from apps.delegates.models import (
    Allocation,
    Delegate,
    DelegateKind,
    DelegateStatus,
)
from apps.delegates.selectors import delegate_list
from apps.notifications.models import Notification
from apps.personnel.composition import age_on
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue, report_preview
from tests.attendance.scenario import the_congress_day
from tests.delegates.province import (
    BELOW,
    COUNTS_AS_OF,
    DECIDED,
    OPENING,
    TODAY,
    candidate_people,
    make_province,
)
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db

SEATS = 150


def record_unit(p, i, share, *, seed):
    """The unit's congress elects its delegates: seats + alternates + 2 more candidates; votes
    all different, the last two below the majority of the base."""
    congress = p.unit_congresses[i]
    actor = p.unit_secretaries[i]
    election = delegate_election_open(actor=actor, congress=congress)
    n = share.seats + share.alternates + 2
    delegate_candidates_add(
        actor=actor, election=election, people=candidate_people(n, seed=seed, prefix=f"U{i:02d}")
    )
    base = 2 * n + 40
    votes = {}
    for rank, c in enumerate(election.candidates.order_by("position")):
        votes[c.pk] = base - rank if rank < n - 2 else base // 2 - rank  # last two fail
    return delegate_election_record(
        actor=actor,
        election=election,
        official_seats=share.seats,
        alternate_seats=share.alternates,
        summoned=base,
        excused=0,
        ballots_issued=base,
        ballots_valid=base,
        votes=votes,
        election_date=BELOW,
        today=TODAY,
    )


def test_province_of_150_with_27_subordinates(django_capture_on_commit_callbacks):
    p = make_province(units=27, committee=17)
    allocation = allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=SEATS,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    shares = list(allocation.shares.select_related("organization"))
    assert allocation.by_right == 17
    assert len(shares) == 27
    assert sum(s.seats for s in shares) == SEATS - 17
    assert all(s.seats >= 1 and s.alternates >= 1 for s in shares)
    first = {s.organization.code: (s.seats, s.alternates) for s in shares}
    # in proportion: the largest unit never gets fewer seats than a smaller one
    by_members = sorted(shares, key=lambda s: s.official_members)
    assert all(a.seats <= b.seats for a, b in itertools.pairwise(by_members))

    # repeatable: preparing again from the same counts gives the same seats
    again = allocation_prepare(
        actor=p.standing,
        congress=p.congress,
        seats=SEATS,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    assert {
        s.organization.code: (s.seats, s.alternates)
        for s in again.shares.select_related("organization")
    } == first
    assert Allocation.objects.count() == 1
    assert Delegate.objects.filter(congress=p.congress, kind=DelegateKind.BY_RIGHT).count() == 17

    # the decision, numbered from the register; each subordinate's leaders hear their seats
    with django_capture_on_commit_callbacks(execute=True):
        issued = report_issue(
            user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY
        )
    assert issued.number_symbol == "01-QĐ/ĐU"
    text = flat(issued.file.read())
    assert "QUYẾT ĐỊNH" in text and "phân bổ đại biểu dự Đại hội đại biểu" in text
    assert "Số 01-QĐ/ĐU" in text
    assert "Gia Lai, ngày 15 tháng 4 năm 2020" in text
    assert f"Triệu tập {SEATS} đại biểu chính thức" in text
    assert "gồm 17 đại biểu đương nhiên" in text
    for s in shares[:3]:
        assert f"{s.organization.name} {s.official_members} {s.seats} {s.alternates}" in text
    again.refresh_from_db()
    assert again.issued_on == TODAY
    for i, unit in enumerate(p.units):
        note = Notification.objects.get(recipient=p.unit_secretaries[i])
        share = next(s for s in shares if s.organization_id == unit.pk)
        assert f"{share.seats} đại biểu chính thức và {share.alternates} đại biểu dự khuyết" in (
            note.body
        )
        assert "01-QĐ/ĐU" in note.body
    assert not Notification.objects.filter(recipient=p.officer).exists()  # not the actor

    # the 27 congresses below record their delegates
    shares_by_org = {s.organization_id: s for s in shares}
    for i, unit in enumerate(p.units):
        counted = record_unit(p, i, shares_by_org[unit.pk], seed=100 + i)
        assert len(counted.official) == shares_by_org[unit.pk].seats
        assert len(counted.alternates) == shares_by_org[unit.pk].alternates

    listing = delegate_list(p.congress)
    assert listing.official == SEATS
    assert listing.missing_sources == []
    assert (
        Delegate.objects.filter(congress=p.congress, status=DelegateStatus.OFFICIAL).count()
        == SEATS
    )
    for block in listing.blocks[1:]:
        assert block.official == block.seats

    # an absent official delegate is replaced by the first alternate of the same source
    unit = p.units[5]
    absent = Delegate.objects.get(source=unit, kind=DelegateKind.ELECTED, vote_rank=1)
    first_alternate = (
        Delegate.objects.filter(source=unit, status=DelegateStatus.ALTERNATE)
        .order_by("vote_rank")
        .first()
    )
    chosen = delegate_replace(
        actor=p.officer, congress=p.congress, delegate=absent, reason="Ốm, nằm viện"
    )
    assert chosen.pk == first_alternate.pk
    absent.refresh_from_db()
    assert (absent.status, absent.replaced_by_id) == (DelegateStatus.REPLACED, chosen.pk)
    listing = delegate_list(p.congress)
    assert listing.official == SEATS and listing.replaced == 1

    # the composition of the 150 seated, counted here independently
    seated = list(Delegate.objects.filter(congress=p.congress, status=DelegateStatus.OFFICIAL))
    groups = {
        g.key: {line.label: line.count for line in g.lines} for g in listing.composition.groups
    }
    assert groups["kind"] == {
        "Đại biểu đương nhiên": 17,
        "Đại biểu được bầu": SEATS - 17 - 1,
        "Đại biểu dự khuyết": 1,
    }
    sexes = Counter(d.sex for d in seated)
    assert groups["sex"]["Nữ"] == sexes["female"]
    assert groups["sex"]["Nam"] == sexes["male"]
    assert groups["sex"].get("Chưa rõ", 0) == sexes[""] == 17  # by right: not yet entered
    minority = sum(1 for d in seated if d.ethnicity and d.ethnicity != "Kinh")
    assert groups["ethnicity"]["Dân tộc thiểu số"] == minority
    ages = [age_on(d.birth_date, OPENING) for d in seated if d.birth_date]
    assert groups["age"]["Dưới 30 tuổi"] == sum(1 for a in ages if a < 30)
    assert groups["age"]["Từ 40 đến dưới 50 tuổi"] == sum(1 for a in ages if 40 <= a < 50)
    assert groups["age"]["Từ 60 tuổi trở lên"] == sum(1 for a in ages if a >= 60)
    assert sum(groups["age"].values()) == SEATS
    assert groups["new_committee_member"]["Cấp ủy viên mới"] == sum(
        1 for d in seated if d.new_committee_member
    )

    # the credentials board's report
    credentials_board_set(
        actor=p.secretary,
        congress=p.congress,
        head="Trần Văn Thẩm",
        members="Lê Thị Tra",
        report_date=OPENING - dt.timedelta(days=1),
    )
    pdf, _built = report_preview(user=p.standing, kind=ReportKind.CREDENTIALS, obj=p.congress)
    text = flat(pdf)
    assert "BÁO CÁO thẩm tra tư cách đại biểu dự Đại hội đại biểu" in text
    assert "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in text
    assert f"Tổng số đại biểu chính thức được triệu tập: {SEATS} đồng chí" in text
    assert (
        "gồm 17 đại biểu đương nhiên và 133 đại biểu do 27 đảng bộ, chi bộ trực thuộc bầu" in text
    )
    replaced_part = text[text.index("thay thế bằng đại biểu dự khuyết") :]
    for words in (absent.full_name, unit.name, "Ốm, nằm viện", chosen.full_name):
        assert words in replaced_part
    assert "Không có đại biểu nào không đủ tư cách" in text
    assert "Đại biểu đương nhiên 17 11,3" in text
    assert "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU TRƯỞNG BAN" in text
    assert "Trần Văn Thẩm" in text
    assert "ngày 19 tháng 8 năm 2020" in text
    assert f"công nhận tư cách đại biểu của {SEATS} đồng chí" in text
    assert "Số" not in text.split("ĐẢNG CỘNG SẢN VIỆT NAM")[0]  # not numbered in the register

    # The congress day: check-in, the 2/3 quorum and the election's base from the attendance
    # record (tests/attendance/scenario.py).
    the_congress_day(p, OPENING)
