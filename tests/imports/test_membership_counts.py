"""Membership counts arrive with the organisation import (issue 22.1): optional columns, the same
checks as the form, history kept, all or nothing."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.organizations.importing import import_organizations
from apps.organizations.models import MembershipCount, Organization
from tests.imports.test_imports import to_csv

pytestmark = pytest.mark.django_db
HEADER = (
    "code,parent_code,name,short_name,kind,official_members,probationary_members,members_as_of\n"
)
TREE = [
    ["ROOT", "", "Đảng ủy Công an Trung ương", "ĐUCA", "central committee", "", "", ""],
    ["QB", "ROOT", "Đảng bộ Công an tỉnh Quảng Bình", "", "above-grassroots", "900", "12", ""],
    ["QB-PTM", "QB", "Đảng bộ Phòng Tham mưu", "", "grassroots committee", "85", "3", "31/03/2020"],
]


def test_counts_are_imported_with_the_tree_and_again_changes_nothing():
    result = import_organizations(to_csv(TREE, HEADER), "t.csv")
    assert result.ok and result.created == 3
    ptm = MembershipCount.objects.get(organization__code="QB-PTM")
    assert (ptm.as_of, ptm.official, ptm.probationary) == (dt.date(2020, 3, 31), 85, 3)
    qb = MembershipCount.objects.get(organization__code="QB")
    assert (qb.official, qb.probationary) == (900, 12)  # dated the day of the import
    assert not MembershipCount.objects.filter(organization__code="ROOT").exists()
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2
    again = import_organizations(to_csv(TREE, HEADER), "t.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    # a corrected figure for the same date updates the row and keeps the old one in history
    fixed = [row[:] for row in TREE]
    fixed[2][5] = "86"
    third = import_organizations(to_csv(fixed, HEADER), "t.csv")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    ptm.refresh_from_db()
    assert ptm.official == 86 and ptm.history.count() == 2


def test_a_bad_count_is_a_row_error_and_nothing_is_written():
    bad = [row[:] for row in TREE]
    bad[1][5] = "chín trăm"
    bad[2][7] = "31/03/2999"
    result = import_organizations(to_csv(bad, HEADER), "t.csv")
    assert not result.ok
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "không phải số đảng viên" in errors[(3, "official_members")]
    assert "sau ngày hôm nay" in errors[(4, "members_as_of")]
    assert not Organization.objects.exists() and not MembershipCount.objects.exists()


def test_the_columns_stay_optional():
    rows = [row[:5] for row in TREE]
    result = import_organizations(to_csv(rows), "t.csv")
    assert result.ok and result.created == 3 and not MembershipCount.objects.exists()
