"""Official dates: today by default; never in the future; an earlier date only by an officer
who keeps the organisation's registers, and only with a reason."""

import datetime as dt

import pytest

from apps.congresses.official_dates import official_date_check
from apps.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 6, 15)


def check(tree, who="qb_officer", day=None, reason=""):
    return official_date_check(
        actor=getattr(tree, who),
        organization=tree.qb,
        official_date=day,
        reason=reason,
        today=TODAY,
    )


def test_no_date_or_today_is_today_for_anyone(tree):
    assert check(tree, "qb_secretary") == TODAY
    assert check(tree, "qb_secretary", TODAY) == TODAY
    assert check(tree, "outsider", TODAY) == TODAY  # the permission is the caller's, not the date's


def test_a_future_date_is_refused_on_its_field(tree):
    with pytest.raises(DomainError) as refused:
        check(tree, day=TODAY + dt.timedelta(1), reason="Lý do")
    assert refused.value.field == "official_date"
    assert refused.value.message == "Ngày văn bản không được sau ngày hôm nay (15/06/2020)."


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_earlier_date_needs_a_reason(tree, reason):
    with pytest.raises(DomainError) as refused:
        check(tree, day=TODAY - dt.timedelta(3), reason=reason)
    assert refused.value.field == "reason"
    assert refused.value.message == "Ghi ngày văn bản trước ngày hôm nay cần nêu lý do."


@pytest.mark.parametrize("who", ["qb_secretary", "qb_standing", "ptm_secretary"])
def test_an_earlier_date_by_anyone_but_an_officer_is_refused(tree, who):
    with pytest.raises(PermissionDenied) as refused:
        check(tree, who, TODAY - dt.timedelta(3), reason="Văn bản ký hôm trước")
    assert refused.value.field == "official_date"
    assert "Chỉ cán bộ văn phòng" in refused.value.message


def test_an_officer_with_a_reason_records_the_earlier_date(tree):
    day = TODAY - dt.timedelta(30)
    assert check(tree, day=day, reason="Văn bản ký hôm trước") == day
