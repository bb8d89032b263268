"""A personnel plan waiting for approval: the action the second factor guards in these tests."""

import datetime as dt

import pytest

from apps.personnel import services as personnel_services
from apps.personnel.models import PlanStatus
from tests.factories import CongressFactory, term


@pytest.fixture
def submitted_plan(tree):
    congress = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=50),
    )
    plan = personnel_services.plan_save(
        actor=tree.qb_secretary,
        congress=congress,
        seats=3,
        candidates=[
            {"full_name": f"Nguyễn Văn {c}", "birth_date": dt.date(1980, 1, 1), "sex": "male"}
            for c in "ABCD"
        ],
    )
    personnel_services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    return plan
