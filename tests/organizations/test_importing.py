"""Imports: all or nothing, row errors in Vietnamese, idempotent, encodings; membership counts
arrive with the organisation import (issue 22.1); the people import gives roles through the
membership service's rule and bulk path."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.organizations.importing import import_organizations, import_people
from apps.organizations.models import (
    Membership,
    MembershipCount,
    Organization,
    OrganizationRole,
    Role,
)
from apps.organizations.services import membership_add
from tests.factories import UserFactory
from tests.hardening.snapshots import snapshot
from tests.organizations.import_files import HEADER, rows_for, to_csv

pytestmark = pytest.mark.django_db


def test_2000_organizations_in_shuffled_order_then_again_changes_nothing():
    rows = rows_for(9, 20, 10)  # 1 + 9 + 180 + 1800 = 1990
    random.Random(7).shuffle(rows)
    data = to_csv(rows)
    result = import_organizations(data, "tree.csv")
    assert result.ok, result.errors[:3]
    assert result.created == len(rows) == Organization.objects.count()
    assert all(not p for p in Organization.objects.find_problems())
    assert OrganizationRole.objects.count() == 6 * len(rows)
    cell = Organization.objects.get(code="P3-C7-2")
    assert cell.depth == 4 and cell.path.startswith(Organization.objects.get(code="P3-C7").path)
    assert cell.kind == "cell_under_committee"
    before = list(Organization.objects.values_list("code", "path", "name"))
    again = import_organizations(data, "tree.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows))
    assert list(Organization.objects.values_list("code", "path", "name")) == before


def test_each_kind_of_bad_row_is_reported_and_nothing_written():
    OrganizationRole.objects.all().delete()
    existing = import_organizations(to_csv([["ROOT", "", "Gốc", "", "central"]]), "a.csv")
    assert existing.ok
    bad = to_csv(
        [
            ["A", "ROOT", "Đảng bộ A", "", "grassroots committee"],
            ["B", "NOPE", "Đảng bộ B", "", "grassroots committee"],  # unknown parent
            ["C1", "C2", "Chi bộ C1", "", "grassroots cell"],  # cycle
            ["C2", "C1", "Chi bộ C2", "", "grassroots cell"],
            ["A", "ROOT", "Trùng", "", "grassroots cell"],  # duplicate in file
            ["root", "", "Trùng mã đã có", "", "central"],  # duplicate of an existing code
            ["D", "ROOT", "Đảng bộ D", "", "kiểu lạ"],  # unknown kind
            ["E", "ROOT", "", "", "grassroots cell"],  # missing name
        ]
    )
    result = import_organizations(bad, "bad.csv")
    messages = [str(e) for e in result.errors]
    assert "Dòng 3, cột parent_code: không có tổ chức cấp trên mã “NOPE”" in messages
    assert any(m.startswith("Dòng 4, cột parent_code: vòng lặp cấp trên") for m in messages)
    assert "Dòng 2, cột code: mã “A” trùng trong tệp" in messages
    assert "Dòng 7, cột code: mã “root” trùng với mã đã có “ROOT”" in messages
    assert "Dòng 8, cột kind: loại hình “kiểu lạ” không hợp lệ" in messages
    assert "Dòng 9, cột name: tên trống" in messages
    assert Organization.objects.count() == 1


def test_missing_column_and_bad_encodings():
    result = import_organizations(b"code,name\nA,B\n", "x.csv")
    assert str(result.errors[0]) == "Dòng 1, cột kind: thiếu cột bắt buộc"
    cp1258 = (HEADER + "ROOT,,Đảng ủy Công an Trung ương,,central\n").encode(
        "cp1258", errors="replace"
    )
    result = import_organizations(cp1258, "x.csv")
    assert "Tệp không phải UTF-8" in str(result.errors[0])
    with_bom = ("\ufeff" + HEADER + "ROOT,,Đảng ủy Công an Trung ương,,central\n").encode("utf-8")
    assert import_organizations(with_bom, "x.csv").created == 1
    assert Organization.objects.get().name == "Đảng ủy Công an Trung ương"


def test_people_import_creates_users_with_set_password_links_and_is_idempotent(tree):
    data = (
        "username,full_name,email,organization_code,role,start_date,end_date\n"
        "new.person,Nguyễn Thị Mới,new@example.invalid,QB-PTM,Cấp ủy viên,01/01/2020,\n"
        "bithu.qb,,,QB-ANKT,member,2020-01-01,31/12/2024\n"
    ).encode()
    result = import_people(data, "p.csv")
    assert result.ok and result.created == 2
    user = type(tree.qb_secretary).objects.get(username="new.person")
    assert not user.has_usable_password() and "/password/set/" in result.notes[0]
    assert Membership.objects.filter(
        user=user, organization__code="QB-PTM", role="committee_member"
    ).exists()
    again = import_people(data, "p.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_people_import_row_errors():
    bad = (
        "username,full_name,email,organization_code,role,start_date,end_date\n"
        "a,,,NOPE,secretary,01/01/2020,\n"
        "b,,,CATW,chủ tịch,01/01/2020,\n"
        "c,,,CATW,member,32/01/2020,\n"
        "d,,,CATW,member,01/02/2020,01/01/2020\n"
    ).encode()
    from tests.factories import OrganizationFactory

    OrganizationFactory(code="CATW", kind="central")
    messages = [str(e) for e in import_people(bad, "p.csv").errors]
    assert "Dòng 2, cột organization_code: không có tổ chức mã “NOPE”" in messages
    assert "Dòng 3, cột role: vai trò “chủ tịch” không hợp lệ" in messages
    assert "Dòng 4, cột start_date: ngày “32/01/2020” không hợp lệ (dd/mm/yyyy)" in messages
    assert "Dòng 5, cột end_date: ngày kết thúc trước ngày bắt đầu" in messages
    assert not Membership.objects.exists()


def test_import_13000_organizations_timing(capsys):
    """Not a timed assertion: prints the figure for the notes (bulk paths, one transaction)."""
    import time

    rows = rows_for(63, 30, 6)
    assert len(rows) == 13_294
    random.Random(1).shuffle(rows)
    started = time.perf_counter()
    result = import_organizations(to_csv(rows), "nation.csv")
    elapsed = time.perf_counter() - started
    assert result.ok and result.created == 13_294
    print(f"\nimport of 13,294 organisations: {elapsed:.1f} s")


# Membership counts in the organisation file (issue 22.1): optional columns, the same checks as
# the form, history kept, all or nothing.
COUNTS_HEADER = (
    "code,parent_code,name,short_name,kind,official_members,probationary_members,members_as_of\n"
)
COUNTS_TREE = [
    ["ROOT", "", "Đảng ủy Công an Trung ương", "ĐUCA", "central committee", "", "", ""],
    ["QB", "ROOT", "Đảng bộ Công an tỉnh Quảng Bình", "", "above-grassroots", "900", "12", ""],
    ["QB-PTM", "QB", "Đảng bộ Phòng Tham mưu", "", "grassroots committee", "85", "3", "31/03/2020"],
]


def test_counts_are_imported_with_the_tree_and_again_changes_nothing():
    result = import_organizations(to_csv(COUNTS_TREE, COUNTS_HEADER), "t.csv")
    assert result.ok and result.created == 3
    ptm = MembershipCount.objects.get(organization__code="QB-PTM")
    assert (ptm.as_of, ptm.official, ptm.probationary) == (dt.date(2020, 3, 31), 85, 3)
    qb = MembershipCount.objects.get(organization__code="QB")
    assert (qb.official, qb.probationary) == (900, 12)  # dated the day of the import
    assert not MembershipCount.objects.filter(organization__code="ROOT").exists()
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2
    again = import_organizations(to_csv(COUNTS_TREE, COUNTS_HEADER), "t.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    # a corrected figure for the same date updates the row and keeps the old one in history
    fixed = [row[:] for row in COUNTS_TREE]
    fixed[2][5] = "86"
    third = import_organizations(to_csv(fixed, COUNTS_HEADER), "t.csv")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    ptm.refresh_from_db()
    assert ptm.official == 86 and ptm.history.count() == 2


def test_a_bad_count_is_a_row_error_and_nothing_is_written():
    bad = [row[:] for row in COUNTS_TREE]
    bad[1][5] = "chín trăm"
    bad[2][7] = "31/03/2999"
    result = import_organizations(to_csv(bad, COUNTS_HEADER), "t.csv")
    assert not result.ok
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "không phải số đảng viên" in errors[(3, "official_members")]
    assert "sau ngày hôm nay" in errors[(4, "members_as_of")]
    assert not Organization.objects.exists() and not MembershipCount.objects.exists()


def test_the_columns_stay_optional():
    rows = [row[:5] for row in COUNTS_TREE]
    result = import_organizations(to_csv(rows), "t.csv")
    assert result.ok and result.created == 3 and not MembershipCount.objects.exists()


# The people import and the membership service: the same refusal as the form, one audit row per
# role, and queries that do not grow with the rows.
PEOPLE_HEADER = "username,full_name,email,organization_code,role,start_date,end_date\n"


def people_csv(rows: list[str]) -> bytes:
    return (PEOPLE_HEADER + "\n".join(rows) + "\n").encode()


def test_a_role_held_open_is_refused_as_the_form_refuses_it(tree):
    held = UserFactory(username="dv.giu")
    membership_add(
        actor=tree.qb_officer,
        user=held,
        organization=tree.ptm,
        role=Role.MEMBER,
        start_date=local_today().replace(day=1),
    )
    with pytest.raises(DomainError) as refused:  # the form's answer
        membership_add(actor=tree.qb_officer, user=held, organization=tree.ptm, role=Role.MEMBER)
    before = (Membership.objects.count(), AuditEvent.objects.count())
    result = import_people(
        people_csv([f"dv.giu,,,QB-PTM,member,{local_today():%d/%m/%Y},"]),
        "p.csv",
        actor=tree.qb_officer,
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "role", refused.value.message)
    ]
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    # The same row as the one held (same start) is the same role: unchanged, not refused.
    again = import_people(
        people_csv([f"dv.giu,,,QB-PTM,member,{local_today().replace(day=1):%d/%m/%Y},"]),
        "p.csv",
        actor=tree.qb_officer,
    )
    assert again.ok and (again.created, again.unchanged) == (0, 1)


def _grant(tree, n: int) -> tuple[int, int]:
    users = [UserFactory(username=f"dv{n}.{i}") for i in range(n)]
    data = people_csv([f"{u.username},,,QB-PTM,member,," for u in users])
    with CaptureQueriesContext(connection) as queries:
        result = import_people(data, "p.csv", actor=tree.qb_officer)
    assert result.ok and result.created == n, result.errors[:3]
    granted = Membership.objects.filter(user__in=users, organization=tree.ptm, role=Role.MEMBER)
    assert granted.count() == n
    assert all(u.groups.filter(organization_role__organization=tree.ptm).exists() for u in users)
    audits = AuditEvent.objects.filter(
        verb="membership.grant", data__username__in=[u.username for u in users]
    )
    assert audits.count() == n and {a.actor_id for a in audits} == {tree.qb_officer.pk}
    return len(queries), n


def test_roles_are_given_in_queries_that_do_not_grow_with_the_rows(tree):
    _grant(tree, 1)  # the importer's scope is read once and cached: not part of the comparison
    small, _n = _grant(tree, 3)
    large, _n = _grant(tree, 40)
    assert large == small


# Issue 17 item 11 (moved from tests/hardening): bad usernames and e-mails refused.
@pytest.mark.parametrize(
    ("username", "email", "column"),
    [
        ("co dau cach", "", "username"),
        ("qb/ankt", "", "username"),
        ("../admin", "", "username"),
        ("ok.user", "khong-phai-email", "email"),
        ("ok.user", "a@b", "email"),
        ("ok.user", "hai@@example.invalid", "email"),
    ],
)
def test_people_import_refuses_bad_usernames_and_emails(tree, username, email, column):
    before = snapshot()
    data = (
        "username,full_name,email,organization_code,role\n"
        f"{username},Nguyễn Văn A,{email},QB-ANKT,member\n"
    ).encode()
    result = import_people(data, "p.csv", actor=tree.qb_officer)
    assert [e.column for e in result.errors] == [column]
    assert snapshot() == before
