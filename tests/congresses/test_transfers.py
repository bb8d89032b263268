"""Congress schedules and the status table on the office's import/export page: registered with
their resources and importer, their rows the congresses of the subtree the user may see."""

import datetime as dt

import pytest

from apps.congresses.importing import import_congresses
from apps.congresses.resources import CongressScheduleResource, CongressStatusResource
from apps.organizations.transfers import transfer_named
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


def test_both_kinds_are_registered_in_order_with_their_resources():
    schedule, status = transfer_named("congresses"), transfer_named("status")
    assert (schedule.order, schedule.resource, schedule.importer) == (
        30,
        CongressScheduleResource,
        import_congresses,
    )
    assert "organization_code,term,ordinal,kind,opening_date" in str(schedule.import_label)
    assert (status.order, status.resource, status.importer, status.import_label) == (
        40,
        CongressStatusResource,
        None,
        None,
    )
    assert not schedule.office_only_export and not status.office_only_export


def test_rows_are_the_subtrees_congresses_the_user_sees_by_path_then_date(tree):
    late = CongressFactory(organization=tree.ptm, opening_date=dt.date(2020, 8, 1))
    early = CongressFactory(organization=tree.ptm, opening_date=dt.date(2020, 5, 1))
    ankt = CongressFactory(organization=tree.ankt)
    cell = CongressFactory(organization=tree.ptm_cell)
    CongressFactory(organization=tree.ht)
    rows = transfer_named("congresses").rows
    expected = sorted(
        [late, early, ankt, cell], key=lambda c: (c.organization.path, c.opening_date)
    )
    assert list(rows(tree.qb, tree.qb_standing)) == expected
    assert list(rows(tree.ptm, tree.qb_standing)) == [early, late, cell]
    assert set(rows(tree.qb, tree.ptm_secretary)) == {early, late, cell}  # PTM's subtree only
    assert not rows(tree.qb, tree.outsider).exists()
    assert transfer_named("status").rows is rows
