"""Membership counts set by hand: who may, the checks, history kept, the same figure again writes
nothing; the latest count on a day, in one query."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.membership_counts import (
    check_count,
    latest_counts,
    may_edit_counts,
    membership_count_set,
)
from apps.organizations.models import MembershipCount
from tests.delegates.province import TODAY as PROVINCE_TODAY
from tests.delegates.province import make_province

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 6, 1)


def test_leaders_and_the_office_above_may_edit_others_may_not(tree):
    assert may_edit_counts(tree.ptm_secretary, tree.ptm)
    assert may_edit_counts(tree.qb_officer, tree.ptm)
    for user in (tree.qb_member, tree.ht_secretary, tree.outsider):
        assert not may_edit_counts(user, tree.ptm)


@pytest.mark.parametrize(
    ("as_of", "official", "probationary", "field", "message"),
    [
        (TODAY + dt.timedelta(1), 10, 0, "as_of", "Ngày số liệu không được sau ngày hôm nay."),
        (TODAY, -1, 0, "official", "Số đảng viên không được âm."),
        (TODAY, 1, -1, "official", "Số đảng viên không được âm."),
    ],
)
def test_a_bad_count_is_refused_with_its_field(as_of, official, probationary, field, message):
    with pytest.raises(DomainError) as refused:
        check_count(as_of=as_of, official=official, probationary=probationary, today=TODAY)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_a_count_today_and_of_zero_passes():
    check_count(as_of=TODAY, official=0, probationary=0, today=TODAY)


def test_set_correct_and_set_again(tree):
    first = membership_count_set(
        actor=tree.ptm_secretary,
        organization=tree.ptm,
        as_of=TODAY,
        official=85,
        probationary=3,
        today=TODAY,
    )
    assert (first.official, first.probationary, first.updated_by) == (85, 3, tree.ptm_secretary)
    event = AuditEvent.objects.get(verb="membership_count.set")
    assert event.data["before"] is None and event.data["official"] == 85

    fixed = membership_count_set(
        actor=tree.qb_officer,
        organization=tree.ptm,
        as_of=TODAY,
        official=86,
        probationary=3,
        today=TODAY,
    )
    assert fixed.pk == first.pk and fixed.official == 86 and fixed.history.count() == 2
    assert AuditEvent.objects.filter(verb="membership_count.set").latest("pk").data["before"] == [
        85,
        3,
    ]

    membership_count_set(
        actor=tree.qb_officer,
        organization=tree.ptm,
        as_of=TODAY,
        official=86,
        probationary=3,
        today=TODAY,
    )
    assert fixed.history.count() == 2  # the same figure: no history, no audit row
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2


def test_refusals_write_nothing(tree):
    with pytest.raises(PermissionDenied, match="không có quyền cập nhật số đảng viên"):
        membership_count_set(
            actor=tree.ht_secretary, organization=tree.ptm, as_of=TODAY, official=1, today=TODAY
        )
    with pytest.raises(DomainError):
        membership_count_set(
            actor=tree.ptm_secretary, organization=tree.ptm, as_of=TODAY, official=-5, today=TODAY
        )
    assert not MembershipCount.objects.exists() and not AuditEvent.objects.exists()


def test_an_import_and_the_operator_skip_the_permission_but_not_the_checks(tree):
    membership_count_set(
        actor=tree.ht_secretary,
        organization=tree.ptm,
        as_of=TODAY,
        official=5,
        today=TODAY,
        checked_by_import=True,
    )
    membership_count_set(actor=None, organization=tree.ankt, as_of=TODAY, official=7, today=TODAY)
    assert dict(MembershipCount.objects.values_list("organization__code", "official")) == {
        "QB-PTM": 5,
        "QB-ANKT": 7,
    }
    with pytest.raises(DomainError):
        membership_count_set(
            actor=None,
            organization=tree.ankt,
            as_of=TODAY + dt.timedelta(1),
            official=7,
            today=TODAY,
        )


def test_the_latest_count_on_or_before_a_day(tree, django_assert_num_queries):
    for org, day, official in [
        (tree.ptm, dt.date(2019, 1, 1), 80),
        (tree.ptm, dt.date(2020, 3, 31), 85),
        (tree.ptm, dt.date(2020, 9, 30), 90),
        (tree.ankt, dt.date(2020, 5, 1), 12),
    ]:
        MembershipCount.objects.create(organization=org, as_of=day, official=official)
    with django_assert_num_queries(1):
        on_june = latest_counts([tree.ptm, tree.ankt.pk, tree.ht], dt.date(2020, 6, 1))
    assert on_june == {tree.ptm.pk: 85, tree.ankt.pk: 12}  # HT has none
    assert latest_counts([tree.ptm], dt.date(2020, 3, 31)) == {tree.ptm.pk: 85}  # the day itself
    assert latest_counts([tree.ptm, tree.ankt], dt.date(2018, 1, 1)) == {}
    assert latest_counts([], dt.date(2020, 6, 1)) == {}


# As the delegate work uses it (moved from tests/delegates): a unit's count with its history, and
# who may set it, in the generated province.


@pytest.fixture
def small():
    return make_province(units=3, committee=3, code="QB")


def test_membership_count_with_history_and_permission(small):
    unit = small.units[0]
    count = membership_count_set(
        actor=small.officer, organization=unit, as_of=PROVINCE_TODAY, official=40, probationary=2
    )
    membership_count_set(
        actor=small.unit_secretaries[0], organization=unit, as_of=PROVINCE_TODAY, official=41
    )
    count.refresh_from_db()
    assert (count.official, count.probationary) == (41, 0)
    assert count.history.count() == 2  # the earlier figure is kept
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2
    for outsider in (small.member, small.unit_secretaries[1]):
        with pytest.raises(PermissionDenied):
            membership_count_set(
                actor=outsider, organization=unit, as_of=PROVINCE_TODAY, official=1
            )
    with pytest.raises(DomainError, match="sau ngày hôm nay"):
        membership_count_set(
            actor=small.officer, organization=unit, as_of=dt.date(2999, 1, 1), official=1
        )
    count.refresh_from_db()
    assert count.official == 41
