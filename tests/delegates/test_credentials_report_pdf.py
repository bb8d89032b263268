"""The credentials board's report as printed (the new-user walk): its header keeps "ĐẠI BIỂU"
on one line, units carry their full official names, and the delegates by right arrive with the
sex and ethnicity of their personnel record; whoever has none is counted as not stated and the
report says so, instead of a composition that looks broken."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.delegates.credentials import credentials_board_set, delegate_update
from apps.delegates.models import Delegate, DelegateKind
from apps.personnel.models import Candidate, PersonnelPlan, PlanStatus, Sex
from apps.reports.builders import ReportKind
from apps.reports.rendering import NBSP
from apps.reports.services import report_preview
from tests.delegates.province import OPENING
from tests.delegates.steps import full_list
from tests.factories import CongressFactory
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db


def _on_the_committee_list(p, people: dict) -> None:
    """The personnel list of the congress that elected the outgoing committee, with the facts
    of each person (None: on no list)."""
    earlier = CongressFactory(
        organization=p.congress.organization,
        term=p.congress.term,
        opening_date=OPENING - dt.timedelta(days=5 * 365),
    )
    plan = PersonnelPlan.objects.create(
        congress=earlier, status=PlanStatus.APPROVED, seats=3, created_by=p.secretary
    )
    for user, facts in people.items():
        if facts is None:
            continue
        sex, ethnicity = facts
        Candidate.objects.create(
            plan=plan,
            user=user,
            full_name=user.display_name,
            birth_date=dt.date(1970, 5, 1),
            sex=sex,
            ethnicity=ethnicity,
        )


def _report(p):
    credentials_board_set(
        actor=p.secretary,
        congress=p.congress,
        head="Hoàng Văn Thẩm",
        members="",
        report_date=OPENING,
    )
    return report_preview(user=p.secretary, kind=ReportKind.CREDENTIALS, obj=p.congress)


def test_the_delegates_by_right_carry_their_records_facts_and_the_report_counts_them(small):
    first, second, third = small.committee[:3]
    _on_the_committee_list(
        small, {first: (Sex.MALE, "Kinh"), second: (Sex.FEMALE, "Tày"), third: None}
    )
    full_list(small)
    by_right = {
        d.user_id: (d.sex, d.ethnicity, d.birth_date)
        for d in Delegate.objects.filter(congress=small.congress, kind=DelegateKind.BY_RIGHT)
    }
    assert by_right[first.pk][:2] == (Sex.MALE, "Kinh")
    assert by_right[second.pk][:2] == (Sex.FEMALE, "Tày")
    assert by_right[third.pk][:2] == ("", "")  # on no list: nothing guessed

    pdf, built = _report(small)
    text = flat(pdf)
    assert built.context["unstated"] == 1
    assert (
        "Ghi chú: 1 đại biểu chưa có thông tin về giới tính hoặc dân tộc trong hồ sơ, "
        "được tính ở dòng “Chưa rõ”." in text
    )
    groups = {
        g.key: {line.label: line.count for line in g.lines}
        for g in built.context["composition"].groups
    }
    assert groups["sex"]["Chưa rõ"] == 1 and groups["ethnicity"]["— Tày"] == 1

    # The office completes the third's facts on the list page: the note goes.
    delegate = Delegate.objects.get(congress=small.congress, user=third)
    delegate_update(
        actor=small.officer,
        congress=small.congress,
        delegate=delegate,
        sex=Sex.MALE,
        ethnicity="Kinh",
    )
    pdf, built = report_preview(
        user=small.secretary, kind=ReportKind.CREDENTIALS, obj=small.congress
    )
    assert built.context["unstated"] == 0 and "Ghi chú" not in flat(pdf)
    groups = {
        g.key: {line.label: line.count for line in g.lines}
        for g in built.context["composition"].groups
    }
    assert "Chưa rõ" not in groups["sex"] and "Chưa rõ" not in groups["ethnicity"]


def test_the_header_keeps_dai_bieu_together_and_units_have_their_official_names(small):
    for unit in small.units:
        unit.short_name = f"Viết tắt {unit.code}"
        unit.save()
    full_list(small)
    pdf, built = _report(small)
    assert built.context["issuer_name"] == f"BAN THẨM TRA TƯ CÁCH{' '}ĐẠI{NBSP}BIỂU"
    assert built.context["signature_lines"][0].endswith(f"ĐẠI{NBSP}BIỂU")
    sources = next(g for g in built.context["composition"].groups if g.key == "source")
    labels = {line.label for line in sources.lines}
    assert {u.name for u in small.units} <= labels
    text = flat(pdf)
    assert all(u.name in text for u in small.units)
    assert not any(f"Viết tắt {u.code}" in text for u in small.units)
