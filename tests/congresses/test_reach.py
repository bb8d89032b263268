"""deadlines.reach(): the sweep leaves congresses opening later unevaluated, so it must never
hide a notice (nothing is owed after it) and should not read more than it must (at the reach
itself, a congress with nothing done is owed something)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.congresses.deadlines import CongressFacts, RuleParams, evaluate, reach
from apps.congresses.sweep import owed_by

D = dt.date
KINDS = RuleParams().required_kinds

params_strategy = st.builds(
    RuleParams,
    r30_days=st.integers(0, 45),
    r20_days=st.integers(0, 30),
    working_days=st.booleans(),
    holidays=st.frozensets(st.dates(D(2025, 12, 1), D(2026, 6, 30)), max_size=12),
    reminder_offsets=st.lists(st.integers(0, 30), max_size=4, unique=True).map(
        lambda offsets: tuple(sorted(offsets, reverse=True))
    ),
    announcement_enabled=st.booleans(),
    announcement_working_days=st.integers(0, 40),
)
maybe_day = st.none() | st.dates(D(2025, 10, 1), D(2026, 8, 31))


@settings(max_examples=400, deadline=None)
@given(
    params=params_strategy,
    today=st.dates(D(2026, 1, 1), D(2026, 3, 31)),
    beyond=st.integers(1, 90),
    has_subordinates=st.booleans(),
    circulated=st.lists(maybe_day, min_size=len(KINDS), max_size=len(KINDS)),
    reported=maybe_day,
    decision=st.sampled_from([None, "pending", "approved", "returned"]),
    pilots_chosen=st.booleans(),
    is_pilot=st.booleans(),
    held=maybe_day,
    announced=maybe_day,
)
def test_nothing_is_owed_to_a_congress_opening_after_the_reach(
    params, today, beyond, has_subordinates, circulated, reported, decision, pilots_chosen,
    is_pilot, held, announced,
):  # fmt: skip
    opening = reach(params, today) + dt.timedelta(days=beyond)
    facts = CongressFacts(
        opening_date=opening,
        has_subordinates=has_subordinates,
        circulated_on={k: d for k, d in zip(KINDS, circulated, strict=True) if d},
        reported_on=reported if decision != "returned" else None,
        decision=decision,
        decided_on=reported,
        is_pilot=is_pilot,
        pilots_chosen=pilots_chosen,
        lessons_held_on=held,
        announced_on=announced,
    )
    assert owed_by(evaluate(facts, params, today), params, today) == []


@settings(max_examples=300, deadline=None)
@given(params=params_strategy, today=st.dates(D(2026, 1, 1), D(2026, 3, 31)))
def test_at_the_reach_a_congress_with_nothing_done_is_owed_a_notice(params, today):
    if not params.reminder_offsets:
        params = RuleParams(**{**params.__dict__, "reminder_offsets": (14,)})
    facts = CongressFacts(opening_date=reach(params, today), has_subordinates=True)
    assert owed_by(evaluate(facts, params, today), params, today) != []


def test_default_rules_reach_thirty_days_past_the_first_reminder():
    assert reach(RuleParams(), D(2026, 1, 1)) == D(2026, 1, 1) + dt.timedelta(days=14 + 30)
