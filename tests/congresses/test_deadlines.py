"""The pure rules at their boundaries (docs/domain.md §6): day 29/30/31, 19/20/21, time zone."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.congresses.deadlines import (
    CongressFacts,
    RuleParams,
    Status,
    days_before,
    evaluate,
    reminder_offset_due,
)
from apps.core.dates import local_date

D = dt.date
OPENING = D(2020, 6, 30)
PARAMS = RuleParams()
ALL_KINDS = PARAMS.required_kinds


def facts(**kw) -> CongressFacts:
    base = {"opening_date": OPENING, "has_subordinates": True}
    base.update(kw)
    return CongressFacts(**base)


def circulated(day):
    return {kind: day for kind in ALL_KINDS}


def test_worked_example_deadlines():
    e = evaluate(facts(), PARAMS, today=D(2020, 5, 1))
    assert e["R30"].deadline == D(2020, 5, 31)
    assert e["R20"].deadline == D(2020, 6, 10)
    assert e["RA"].deadline == OPENING


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 5, 30), Status.DONE),  # 31 days before
        (D(2020, 5, 31), Status.DONE),  # exactly 30 days before
        (D(2020, 6, 1), Status.DONE_LATE),  # 29 days before
    ],
)
def test_r30_boundary(day, status):
    e = evaluate(facts(circulated_on=circulated(day)), PARAMS, today=D(2020, 6, 15))
    assert e["R30"].status == status
    assert e["R30"].done_on == day


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 6, 9), Status.DONE),  # 21 days before
        (D(2020, 6, 10), Status.DONE),  # exactly 20 days before
        (D(2020, 6, 11), Status.DONE_LATE),  # 19 days before
    ],
)
def test_r20_boundary(day, status):
    e = evaluate(facts(reported_on=day, decision="pending"), PARAMS, today=D(2020, 6, 15))
    assert e["R20"].status == status


def test_action_after_midnight_local_is_the_next_day():
    """01/06/2020 00:30 in Hà Nội is 31/05 17:30 UTC: it counts as 01/06, one day late."""
    moment = dt.datetime(2020, 5, 31, 17, 30, tzinfo=dt.UTC)
    assert local_date(moment) == D(2020, 6, 1)
    e = evaluate(facts(circulated_on=circulated(local_date(moment))), PARAMS, today=D(2020, 6, 2))
    assert e["R30"].status == Status.DONE_LATE
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"


def test_r30_needs_every_required_document():
    partial = dict(circulated(D(2020, 5, 1)))
    partial.pop("resolution")
    e = evaluate(facts(circulated_on=partial), PARAMS, today=D(2020, 5, 10))
    assert e["R30"].status == Status.PENDING
    assert "1 văn kiện" in e["R30"].reason


def test_r30_late_when_the_last_document_is_late():
    days = circulated(D(2020, 5, 1)) | {"resolution": D(2020, 6, 2)}
    e = evaluate(facts(circulated_on=days), PARAMS, today=D(2020, 6, 3))
    assert e["R30"].status == Status.DONE_LATE
    assert e["R30"].done_on == D(2020, 6, 2)


def test_cell_without_subordinates_r30_not_applicable_never_passed_silently():
    e = evaluate(facts(has_subordinates=False), PARAMS, today=D(2020, 5, 1))
    assert e["R30"].status == Status.NOT_APPLICABLE
    assert e["R30"].done_on is None


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2020, 5, 23), Status.PENDING),  # 8 days before the deadline
        (D(2020, 5, 24), Status.DUE_SOON),  # 7 days: inside the reminder window
        (D(2020, 5, 31), Status.DUE_SOON),  # the deadline day itself is still lawful
        (D(2020, 6, 1), Status.OVERDUE),
    ],
)
def test_pending_due_soon_overdue(today, status):
    assert evaluate(facts(), PARAMS, today=today)["R30"].status == status


def test_ra_statuses():
    assert evaluate(facts(), PARAMS, today=D(2020, 6, 1))["RA"].status == Status.PENDING
    assert evaluate(facts(), PARAMS, today=D(2020, 7, 1))["RA"].status == Status.OVERDUE
    approved = facts(reported_on=D(2020, 6, 1), decision="approved", decided_on=D(2020, 6, 5))
    assert evaluate(approved, PARAMS, today=D(2020, 6, 6))["RA"].status == Status.DONE
    returned = facts(decision="returned", decided_on=D(2020, 6, 5))
    e = evaluate(returned, PARAMS, today=D(2020, 6, 6))
    assert e["RA"].status == Status.RETURNED
    assert e["R20"].status == Status.DUE_SOON  # the returned report no longer counts for R20
    assert "trả lại" in e["R20"].reason


def test_can_open_only_when_every_rule_passes():
    ok = facts(
        circulated_on=circulated(D(2020, 5, 20)),
        reported_on=D(2020, 6, 1),
        decision="approved",
        decided_on=D(2020, 6, 5),
    )
    e = evaluate(ok, PARAMS, today=OPENING)
    assert e.can_open and e.reasons == []
    e = evaluate(facts(**{**ok.__dict__, "decision": "pending"}), PARAMS, today=OPENING)
    assert not e.can_open
    assert e.reasons == ["Chưa có ý kiến đồng ý của cấp ủy cấp trên."]


def test_done_late_blocks_opening_and_earliest_lawful_opening_says_when():
    late = facts(
        circulated_on=circulated(D(2020, 6, 5)),
        reported_on=D(2020, 6, 8),
        decision="approved",
        decided_on=D(2020, 6, 9),
    )
    e = evaluate(late, PARAMS, today=D(2020, 6, 10))
    assert not e.can_open
    assert e.earliest_lawful_opening == D(2020, 7, 5)  # 05/06 + 30 days
    moved = evaluate(
        facts(**{**late.__dict__, "opening_date": D(2020, 7, 5)}), PARAMS, today=D(2020, 6, 10)
    )
    assert moved.can_open


def test_earliest_lawful_opening_counts_untaken_actions_as_today():
    e = evaluate(facts(), PARAMS, today=D(2020, 5, 1))
    assert e.earliest_lawful_opening == D(2020, 5, 31)


def test_pilot_gating():
    gated = facts(
        has_subordinates=False,
        reported_on=D(2020, 6, 1),
        decision="approved",
        decided_on=D(2020, 6, 2),
        pilots_chosen=True,
    )
    e = evaluate(gated, PARAMS, today=OPENING)
    assert e["PILOTS"].status == Status.PENDING and not e.can_open
    assert e.earliest_lawful_opening is None
    held = evaluate(
        facts(**{**gated.__dict__, "lessons_held_on": D(2020, 6, 20)}), PARAMS, today=OPENING
    )
    assert held["PILOTS"].status == Status.DONE and held.can_open
    pilot = evaluate(facts(**{**gated.__dict__, "is_pilot": True}), PARAMS, today=OPENING)
    assert pilot["PILOTS"].status == Status.NOT_APPLICABLE and pilot.can_open


def test_working_days_skip_weekends_and_holidays():
    params = RuleParams(working_days=True, r20_days=21, holidays=frozenset({D(2020, 6, 1)}))
    # Tuesday 30/06/2020: 20 working days back is Tuesday 02/06; the 21st would be Monday 01/06,
    # a holiday in this rule set, so it falls on Friday 29/05.
    assert days_before(OPENING, 20, params) == D(2020, 6, 2)
    assert days_before(OPENING, 21, params) == D(2020, 5, 29)
    e = evaluate(facts(reported_on=D(2020, 6, 1)), params, today=D(2020, 6, 2))
    assert e["R20"].deadline == D(2020, 5, 29)
    assert e["R20"].status == Status.DONE_LATE


def test_announcement_rule_when_enabled():
    params = RuleParams(announcement_enabled=True)
    e = evaluate(facts(), params, today=D(2020, 5, 1))
    assert e["ANNOUNCE"].deadline == D(2020, 5, 19)  # 30 working days before 30/06
    assert (
        evaluate(facts(announced_on=D(2020, 5, 18)), params, today=D(2020, 5, 20))[
            "ANNOUNCE"
        ].status
        == Status.DONE
    )
    assert (
        evaluate(facts(), RuleParams(), today=D(2020, 5, 1))["ANNOUNCE"].status
        == Status.NOT_APPLICABLE
    )


@pytest.mark.parametrize(
    ("today", "offset"),
    [
        (D(2020, 5, 16), None),  # 15 days before
        (D(2020, 5, 17), 14),
        (D(2020, 5, 20), 14),  # a missed day is caught up with the same offset
        (D(2020, 5, 24), 7),
        (D(2020, 5, 30), 1),
        (D(2020, 5, 31), 1),
        (D(2020, 6, 1), None),  # overdue, no more reminders
    ],
)
def test_reminder_offsets(today, offset):
    assert reminder_offset_due(D(2020, 5, 31), today, (14, 7, 3, 1)) == offset


def test_earliest_lawful_opening_of_a_past_congress_is_what_its_actions_allowed():
    done = facts(
        circulated_on=circulated(D(2020, 3, 2)),
        reported_on=D(2020, 3, 10),
        decision="approved",
        decided_on=D(2020, 3, 16),
    )
    e = evaluate(done, PARAMS, today=D(2026, 11, 23))
    assert e.earliest_lawful_opening == D(2020, 4, 1)  # 02/03 + 30 days


@pytest.mark.parametrize(
    ("decided", "status"),
    [
        (D(2020, 6, 29), Status.DONE),  # the day before the opening
        (D(2020, 6, 30), Status.DONE),  # on the opening day itself
        (D(2020, 7, 1), Status.DONE_LATE),  # the day after: the opening was not lawful
    ],
)
def test_ra_agreement_boundary(decided, status):
    e = evaluate(
        facts(reported_on=D(2020, 6, 1), decision="approved", decided_on=decided),
        PARAMS,
        today=D(2020, 7, 2),
    )
    assert e["RA"].status == status
    assert e["RA"].done_on == decided
    assert e["RA"].passes is (status == Status.DONE)


def test_ra_approval_long_after_the_opening_is_late_like_the_report():
    """Issue 18 item 2: report and agreement both dated 27/11/2026 for a congress planned for
    28/07/2020. R20 said late; RA said "on time". Both are late, and the congress may not open
    on that date."""
    day = D(2026, 11, 27)
    e = evaluate(
        facts(
            opening_date=D(2020, 7, 28),
            circulated_on=circulated(D(2020, 5, 13)),
            reported_on=day,
            decision="approved",
            decided_on=day,
        ),
        PARAMS,
        today=day,
    )
    assert e["R20"].status == Status.DONE_LATE
    assert e["RA"].status == Status.DONE_LATE
    assert "27/11/2026" in e["RA"].reason and "28/07/2020" in e["RA"].reason
    assert not e.can_open
    assert e.earliest_lawful_opening == D(2026, 12, 17)  # the report + 20 days


# --- the module is pure: no memo, no context; reasons worded when read --------------------------


def test_the_rules_module_holds_no_cache_and_no_context_variable():
    import inspect

    from apps.congresses import deadlines

    source = inspect.getsource(deadlines)
    assert "lru_cache" not in source and "ContextVar" not in source


def test_a_reason_is_worded_in_the_language_active_when_it_is_read():
    from django.utils import translation

    with translation.override("vi"):
        e = evaluate(facts(), PARAMS, today=D(2020, 5, 20))
        vietnamese = e["R30"].reason
    assert vietnamese == (
        "Còn 4 văn kiện chưa gửi lấy ý kiến các tổ chức đảng trực thuộc; hạn chót 31/05/2020."
    )
    with translation.override("en"):
        english = e["R30"].reason
        assert english != vietnamese and "31/05/2020" in english and "4" in english
        assert e.reasons[0] == english
    with translation.override("vi"):
        assert e["R30"].reason == vietnamese  # nothing kept from the English reading


def test_the_worst_status_follows_the_one_light_order():
    from apps.congresses.deadlines import LIGHT_ORDER

    assert LIGHT_ORDER[0] == Status.OVERDUE and LIGHT_ORDER[-1] == Status.NOT_APPLICABLE
    assert set(LIGHT_ORDER) == set(Status)
    overdue = evaluate(facts(), PARAMS, today=D(2020, 6, 5))  # R30 and R20 overdue
    assert overdue.worst == Status.OVERDUE
    done = evaluate(
        facts(
            circulated_on=circulated(D(2020, 5, 1)),
            reported_on=D(2020, 5, 2),
            decision="approved",
            decided_on=D(2020, 5, 3),
        ),
        PARAMS,
        today=D(2020, 6, 5),
    )
    assert done.worst == Status.DONE


def test_equal_facts_are_equal_and_hash_alike():
    a = facts(circulated_on={"resolution": D(2020, 5, 1)})
    b = facts(circulated_on={"resolution": D(2020, 5, 1)})
    assert a == b and hash(a) == hash(b)
    assert a != facts(circulated_on={"resolution": D(2020, 5, 2)})


def test_reasons_worded_by_a_callers_memo_read_the_same_as_the_plain_ones():
    e = evaluate(facts(), PARAMS, today=D(2020, 6, 5))
    calls = []

    def word(result):
        calls.append(result.code)
        return result.reason

    assert e.reasons_worded_by(word) == e.reasons == e.as_dict(word)["reasons"]
    assert len(e.reasons) == 3 and calls.count("R30") == 2  # R30, R20, RA; twice asked above
