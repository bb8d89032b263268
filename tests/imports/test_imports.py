"""Imports: all or nothing, row errors in Vietnamese, idempotent, encodings, round trips."""

import csv
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from apps.congresses.importing import import_congresses
from apps.congresses.models import Congress, Term
from apps.organizations.importing import import_organizations, import_people
from apps.organizations.models import Membership, Organization, OrganizationRole

pytestmark = pytest.mark.django_db
HEADER = "code,parent_code,name,short_name,kind\n"


def rows_for(n_provinces: int, committees: int, cells: int) -> list[list[str]]:
    rows = [["ROOT", "", "Đảng ủy Công an Trung ương", "ĐUCA", "central committee"]]
    for p in range(n_provinces):
        rows.append([f"P{p}", "ROOT", f"Đảng bộ Công an tỉnh {p}", "", "Đảng bộ cấp trên cơ sở"])
        for c in range(committees):
            rows.append([f"P{p}-C{c}", f"P{p}", f"Đảng bộ Phòng {c}", "", "grassroots committee"])
            for k in range(cells):
                rows.append(
                    [f"P{p}-C{c}-{k}", f"P{p}-C{c}", f"Chi bộ Đội {k}", "", "Chi bộ trực thuộc"]
                )
    return rows


def to_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    out.write(header)
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


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


def test_export_then_import_gives_the_same_tree(tmp_path):
    rows = rows_for(2, 3, 2)
    import_organizations(to_csv(rows), "t.csv")
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"tree.{fmt}"
        call_command("export_organizations", "--format", fmt, "--output", str(out))
        snapshot = {
            (
                o.code,
                o.name,
                o.kind,
                o.depth,
                o.path[: -Organization.steplen] and Organization.objects.get(path=o.path[:-4]).code,
            )
            for o in Organization.objects.all()
        }
        Organization.objects.all().delete()
        result = import_organizations(out.read_bytes(), out.name)
        assert result.ok and result.created == len(rows)
        again = {
            (
                o.code,
                o.name,
                o.kind,
                o.depth,
                o.path[: -Organization.steplen] and Organization.objects.get(path=o.path[:-4]).code,
            )
            for o in Organization.objects.all()
        }
        assert again == snapshot


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


def test_congress_schedule_import_creates_terms_and_is_idempotent(tree):
    data = (
        "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"
        "QB-PTM,2020–2025,XV,đại hội đại biểu,08/04/2020,1,Hội trường,có\n"
        "QB-ANKT,2030-2035,I,all-member,2030-05-20,2,,false\n"
    ).encode()
    with freeze_time("2020-01-06 09:00:00+07:00"):  # scheduled before those dates
        result = import_congresses(data, "c.csv")
    assert result.ok and result.created == 2
    assert Congress.objects.get(organization=tree.ptm).is_pilot
    assert Term.objects.filter(code="2030-2035").exists()
    assert import_congresses(data, "c.csv").unchanged == 2  # a past date left as it is
    bad = (
        "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"
        "QB,20-25,,họp,1/13/2020,0,,có lẽ\n"
    ).encode()
    messages = [str(e) for e in import_congresses(bad, "c.csv").errors]
    assert (
        len(messages) == 6
        and "Dòng 2, cột term: nhiệm kỳ “20-25” phải có dạng 2020-2025" in messages
    )


def test_commands_exit_non_zero_on_errors(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([["A", "NOPE", "X", "", "central"]]))
    with pytest.raises(CommandError, match=r"1 lỗi; không ghi dòng nào\."):
        call_command("import_organizations", str(bad))
    assert "không có tổ chức cấp trên mã “NOPE”" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv([["A", "", "Gốc", "", "central"]]))
    call_command("import_organizations", str(good), "--dry-run")
    assert not Organization.objects.exists()
    call_command("import_organizations", str(good))
    assert Organization.objects.count() == 1


def test_office_page_is_restricted_to_its_subtree(client, tree):
    client.force_login(tree.qb_officer)
    outside = to_csv([["X1", "HT", "Chi bộ X", "", "grassroots cell"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile("o.csv", outside)}
    ).content.decode()
    # Another province's code answers exactly as a code that does not exist (issue 17 item 11).
    assert "không có tổ chức cấp trên mã “HT”" in page
    assert not Organization.objects.filter(code="X1").exists()
    inside = to_csv([["QB-NEW", "QB", "Chi bộ Mới", "", "grassroots cell"]])
    page = client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile("o.csv", inside)}
    ).content.decode()
    assert (
        "Kiểm tra xong, chưa ghi" in page
        and not Organization.objects.filter(code="QB-NEW").exists()
    )
    key = page.split('name="key" value="')[1].split('"')[0]
    response = client.post("/org/QB/import/", {"confirm": "1", "key": key, "what": "organizations"})
    assert response.status_code == 302 and Organization.objects.filter(code="QB-NEW").exists()
    client.force_login(tree.qb_secretary)
    assert client.get("/org/QB/import/").status_code == 403
    client.force_login(tree.ht_secretary)
    assert client.get("/org/QB/import/").status_code == 404


def test_exports_cover_only_what_the_user_sees(client, tree):
    from openpyxl import load_workbook

    client.force_login(tree.qb_standing)
    data = client.get("/org/QB/export/?what=organizations&format=xlsx").content
    codes = [
        r[0] for r in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert set(codes) == {"QB", "QB-PTM", "QB-PTM-TH", "QB-ANKT"}
    import datetime as dt

    from tests.factories import CongressFactory

    CongressFactory(organization=tree.ptm, opening_date=dt.date(2020, 4, 8))
    data = client.get("/org/QB/export/?what=status&format=xlsx").content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("organization_code", "organization", "term") and "R30_status" in rows[0]
    assert rows[1][0] == "QB-PTM" and rows[1][rows[0].index("R30_deadline")] == "09/03/2020"
    assert client.get("/org/QB/export/?what=people&format=csv").status_code == 403  # office only
    client.force_login(tree.ht_secretary)
    assert client.get("/org/QB/export/?what=organizations&format=csv").status_code == 404


def test_admin_changelists_with_export_and_import_links(client, tree, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/organizations/organization/").content.decode()
    assert "/admin/organizations/organization/import-file/" in page
    assert (
        client.get("/admin/organizations/organization/import-file/")["Location"]
        == "/org/CATW/import/"
    )
    assert client.get("/admin/organizations/organization/export/").status_code == 200
    assert client.get("/admin/congresses/congress/").status_code == 200


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
