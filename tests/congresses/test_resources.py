"""The congress exports: the schedule in the columns its import reads (and reads back), and the
status table with each rule's deadline and status on the day asked, evaluated in bulk."""

import datetime as dt

import pytest

from apps.congresses.importing import import_congresses
from apps.congresses.models import Congress
from apps.congresses.resources import CongressScheduleResource, CongressStatusResource
from apps.core.exports import export_bytes
from tests.factories import CongressFactory, circulate_required

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_schedule_exports_as_the_import_reads_it_and_imports_back_unchanged(tree):
    CongressFactory(
        organization=tree.ptm,
        ordinal="XV",
        opening_date=D(2020, 4, 8),
        days=2,
        place="Hội trường",
        is_pilot=True,
    )
    CongressFactory(
        organization=tree.ankt, ordinal="I", kind="all_member", opening_date=D(2020, 5, 20)
    )
    qs = Congress.objects.order_by("organization__path")
    dataset = CongressScheduleResource().export(queryset=qs)
    assert dataset.headers == [
        "organization_code",
        "term",
        "ordinal",
        "kind",
        "opening_date",
        "days",
        "place",
        "is_pilot",
    ]
    rows = {r[0]: r for r in dataset}
    assert rows["QB-PTM"] == (
        "QB-PTM",
        "2020-2025",
        "XV",
        "delegates",
        "08/04/2020",
        "2",
        "Hội trường",
        "true",
    )
    assert rows["QB-ANKT"][3:] == ("all_member", "20/05/2020", "1", "", "false")
    before = list(
        qs.values_list("organization__code", "ordinal", "opening_date", "days", "is_pilot")
    )
    again = import_congresses(export_bytes(CongressScheduleResource(), qs, "csv"), "c.csv")
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert (
        list(qs.values_list("organization__code", "ordinal", "opening_date", "days", "is_pilot"))
        == before
    )


def test_the_status_table_on_the_day_asked(tree, django_assert_max_num_queries):
    done = CongressFactory(organization=tree.ptm, opening_date=D(2020, 6, 30))
    circulate_required(done, D(2020, 5, 20))
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    CongressFactory(organization=tree.ankt, opening_date=D(2020, 6, 30))
    qs = Congress.objects.order_by("organization__path")
    with django_assert_max_num_queries(12):
        dataset = CongressStatusResource(today=D(2020, 6, 5)).export(queryset=qs)
    head = dataset.headers
    assert head[:3] == ["organization_code", "organization", "term"]
    assert head[7:] == [
        "R30_deadline",
        "R30_status",
        "R20_deadline",
        "R20_status",
        "RA_status",
        "can_open",
        "earliest_lawful_opening",
    ]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in dataset}
    qb, ptm, ankt = rows["QB"], rows["QB-PTM"], rows["QB-ANKT"]
    assert ptm["opening_date"] == "30/06/2020" and ptm["R30_deadline"] == "31/05/2020"
    assert ptm["R30_status"] == "done" and qb["R30_status"] == "overdue"
    assert ankt["R30_status"] == "not_applicable"  # a cell with nobody below to consult
    assert ptm["R20_deadline"] == "10/06/2020" and ptm["R20_status"] in ("pending", "due_soon")
    assert ptm["can_open"] == qb["can_open"] == "false"
    later = CongressStatusResource(today=D(2020, 6, 11)).export(queryset=qs)
    assert {dict(zip(head, r, strict=True))["R20_status"] for r in later} == {"overdue"}
