"""The hand-written SQL of apps.core.sql, one path for PostgreSQL and SQLite: CI runs this module
on both (`make test`, `make test-sqlite`), so each statement meets each real database."""

import datetime as dt

import pytest
from django.db.models import Count, F, Max

from apps.core.sql import Joined, insert_new, left_joined_groups, left_joined_rows
from apps.organizations.models import Membership, Organization, Role
from tests.factories import OrganizationFactory, UserFactory, person

pytestmark = pytest.mark.django_db


def test_left_joined_rows_keep_every_base_row_and_convert_dates():
    with_people = OrganizationFactory(code="A")
    person(with_people, Role.SECRETARY)
    person(with_people, Role.MEMBER)
    OrganizationFactory(code="B")  # nobody in it: its joined columns are NULL
    base = Organization.objects.order_by().values("id", "code")
    counted = (
        Membership.objects.order_by()
        .values(member_org=F("organization_id"))
        .annotate(members=Count("id"), latest_start=Max("start_date"))
    )
    rows = left_joined_rows(
        ("code", "members", "latest_start"), base, Joined(counted, on=(("member_org", "id"),))
    )
    by_code = {code: (members, start) for code, members, start in rows}
    assert by_code["B"] == (None, None)
    members, start = by_code["A"]
    assert members == 2 and isinstance(start, dt.date)  # a date on SQLite too, not text


def test_a_column_no_part_selects_is_refused():
    with pytest.raises(ValueError, match="no part selects"):
        left_joined_rows(("nope",), Organization.objects.values("id"))


def test_insert_new_counts_only_the_rows_it_inserted():
    from apps.notifications.models import Notification

    a, b = UserFactory(), UserFactory()
    fields = ("recipient", "key", "subject", "body", "url", "todo")
    rows = [(a.pk, "k:1", "s", "b", "", ""), (b.pk, "k:1", "s", "b", "", "")]
    now = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert insert_new(Notification, fields, rows, same={"created_at": now}) == 2
    again = [*rows, (a.pk, "k:2", "s", "b", "/c/2/", "")]
    assert insert_new(Notification, fields, again, same={"created_at": now}) == 1
    new = Notification.objects.get(key="k:2")
    assert (new.created_at, new.url, new.email_status) == (now, "/c/2/", "pending")
    assert Notification.objects.count() == 3
    assert insert_new(Notification, fields, []) == 0


def test_left_joined_groups_group_on_columns_and_collect_the_rest_in_one_row_order():
    a = OrganizationFactory(code="GA", name="Cùng tên")
    b = OrganizationFactory(code="GB", name="Cùng tên")
    c = OrganizationFactory(code="GC", name="Khác")
    person(a, Role.SECRETARY)
    base = Organization.objects.order_by().values("id", "code", "name")
    counted = (
        Membership.objects.order_by()
        .values(member_org=F("organization_id"))
        .annotate(members=Count("id"), latest_start=Max("start_date"))
    )
    groups = left_joined_groups(
        ("name", "latest_start"),
        ("id", "code"),
        base.filter(pk__in=[a.pk, b.pk, c.pk]),
        Joined(counted, on=(("member_org", "id"),)),
    )
    by_facts = {(name, start): (ids, codes) for name, start, ids, codes in groups}
    assert len(groups) == 3  # a has a member, b and c differ by name
    (start,) = {s for name, s in by_facts if s is not None}
    assert isinstance(start, dt.date)  # converted on SQLite too
    assert by_facts[("Cùng tên", None)] == ([b.pk], ["GB"])
    assert by_facts[("Khác", None)] == ([c.pk], ["GC"])
    assert by_facts[("Cùng tên", start)] == ([a.pk], ["GA"])


def test_left_joined_groups_keep_equal_facts_together_null_with_null():
    orgs = [OrganizationFactory(code=f"N{i}", name="Một tên") for i in range(3)]
    groups = left_joined_groups(
        ("name", "short_name"),
        ("id", "code"),
        Organization.objects.order_by()
        .values("id", "code", "name", "short_name")
        .filter(pk__in=[o.pk for o in orgs]),
    )
    ((name, _short, ids, codes),) = groups
    assert name == "Một tên"
    assert sorted(zip(ids, codes, strict=True)) == sorted((o.pk, o.code) for o in orgs)


def test_left_joined_groups_refuse_a_column_no_part_selects():
    with pytest.raises(ValueError, match="no part selects"):
        left_joined_groups(("code",), ("nope",), Organization.objects.values("id", "code"))
