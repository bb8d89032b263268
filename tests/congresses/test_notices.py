"""The sweep's notices in words (apps.congresses.notices): in the language really active, each
line worded once per writer, the congress page built as reverse() would build it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from apps.congresses.deadlines import CongressFacts, RuleCode, RuleParams, evaluate
from apps.congresses.notices import Addressee, NoticeWriter, Owed, explaining_in
from apps.congresses.rule_wording import rule_short_label, step_facts
from apps.organizations.models import OrganizationKind
from tests.factories import term

D = dt.date
TODAY = D(2020, 6, 1)
PARAMS = RuleParams()


def _owed(code: RuleCode, kind: str, today: dt.date = TODAY) -> Owed:
    evaluation = evaluate(
        CongressFacts(opening_date=D(2020, 6, 30), has_subordinates=True), PARAMS, today
    )
    result = evaluation.rules[code]
    owed = Owed(str(code), kind, result, "k", None, evaluation)
    assert owed.params is PARAMS and owed.step == step_facts(evaluation, code)
    return owed


def _to(db_term) -> Addressee:
    return Addressee(7, "Đảng bộ X", OrganizationKind.ABOVE_GRASSROOTS, "XV", db_term)


@pytest.mark.django_db
def test_explaining_in_english_while_django_speaks_vietnamese_gives_english():
    t = term()
    with translation.override("vi"):
        assert rule_short_label("R30") == "Gửi dự thảo lấy ý kiến cấp dưới"
        with explaining_in("en"):
            assert rule_short_label("R30") == "Drafts circulated to subordinates"
            en_rule = rule_short_label("RA")
            subject, body = NoticeWriter().texts(
                _to(t), _owed(RuleCode.RA, "overdue"), escalation=False, today=TODAY
            )
        assert en_rule != "Cấp trên đồng ý"
        assert subject == f"Overdue: {en_rule} — was due 30/06/2020"
        assert "The superior committee has not agreed yet." in body
        # Back in Vietnamese: nothing worded in English was kept for Vietnamese.
        assert rule_short_label("R30") == "Gửi dự thảo lấy ý kiến cấp dưới"
        vi_subject, vi_body = NoticeWriter().texts(
            _to(t), _owed(RuleCode.RA, "overdue"), escalation=False, today=TODAY
        )
    assert vi_subject.startswith("Quá hạn: ")
    assert "Chưa có ý kiến đồng ý của cấp ủy cấp trên." in vi_body


@pytest.mark.django_db
def test_a_reminder_escalation_and_overdue_are_worded_with_the_rule_sets_day_count():
    t = term()
    to = _to(t)
    before = D(2020, 5, 24)
    with translation.override("vi"):
        writer = NoticeWriter()
        reminder = writer.texts(
            to, _owed(RuleCode.R30, "reminder", before), escalation=False, today=before
        )
        escalation = writer.texts(to, _owed(RuleCode.R30, "overdue"), escalation=True, today=TODAY)
    assert reminder.subject == "Nhắc việc: Gửi dự thảo lấy ý kiến cấp dưới — hạn 31/05/2020"
    assert "Còn 7 ngày đến hạn." in reminder.body
    assert "Việc cần làm: Gửi dự thảo các văn kiện bắt buộc" in reminder.body
    assert (
        "Yêu cầu: Gửi dự thảo lấy ý kiến cấp dưới — chậm nhất 30 ngày trước khai mạc; "
        "hạn chót 31/05/2020." in reminder.body
    )
    assert reminder.body.splitlines()[0] == "Đại hội Đảng bộ X lần thứ XV, nhiệm kỳ " + str(t)
    assert "Ngày khai mạc: 30/06/2020." in reminder.body
    assert escalation.subject == (
        "Báo cáo quá hạn của tổ chức cấp dưới: Đảng bộ X — Gửi dự thảo lấy ý kiến cấp dưới"
    )
    assert "Còn 4 văn kiện chưa gửi lấy ý kiến" in escalation.body


def test_the_congress_page_is_the_one_reverse_gives():
    writer = NoticeWriter()
    for pk in (1, 42, 987654321):
        assert writer.page(pk) == reverse("congresses:detail", args=[pk])


def test_each_distinct_line_is_worded_once_per_writer(monkeypatch):
    from apps.congresses import notices

    calls = []
    real = notices.rule_short_label
    monkeypatch.setattr(notices, "rule_short_label", lambda code: calls.append(code) or real(code))
    writer = NoticeWriter()
    owed = _owed(RuleCode.RA, "overdue")
    for _ in range(3):
        writer.reason(owed.result)
        writer._once(("short", owed.code), lambda: notices.rule_short_label(owed.code))
    assert calls == ["RA"]


@pytest.mark.django_db
def test_congresses_sharing_an_owed_notice_get_their_own_title_subject_and_next_step():
    """One Owed serves a whole group of equal facts: the shared lines are worded once, the
    congress's title, an escalation's organisation and a cell's next step are its own."""
    t = term()
    committee = _to(t)
    cell = Addressee(8, "Chi bộ Y", OrganizationKind.CELL_UNDER_COMMITTEE, "III", t)
    owed = _owed(RuleCode.R20, "overdue")
    with translation.override("vi"):
        writer = NoticeWriter()
        to_committee = writer.texts(committee, owed, escalation=False, today=TODAY)
        to_cell = writer.texts(cell, owed, escalation=False, today=TODAY)
        up_committee = writer.texts(committee, owed, escalation=True, today=TODAY)
        up_cell = writer.texts(cell, owed, escalation=True, today=TODAY)
    assert to_committee.subject == to_cell.subject  # the rule and the deadline only
    assert to_committee.body.splitlines()[0].startswith("Đại hội Đảng bộ X lần thứ XV")
    assert to_cell.body.splitlines()[0].startswith("Đại hội Chi bộ Y lần thứ III")
    assert "Trình Ban Thường vụ duyệt phương án nhân sự" in to_committee.body
    assert "Trình chi ủy" in to_cell.body and "Ban Thường vụ" not in to_cell.body
    assert up_committee.subject.startswith("Báo cáo quá hạn của tổ chức cấp dưới: Đảng bộ X — ")
    assert up_cell.subject.startswith("Báo cáo quá hạn của tổ chức cấp dưới: Chi bộ Y — ")
    assert to_committee.body.splitlines()[1:] == up_committee.body.splitlines()[1:]
    assert len(writer._shared_lines) == 4  # (owed, escalation?, cell?) each worded once
