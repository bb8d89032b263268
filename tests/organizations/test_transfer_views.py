"""The office's import and export pages: restricted to the office's subtree, a dry run before
anything is written, exports holding only what the user sees."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.organizations.models import Organization, Role
from tests.factories import person
from tests.organizations.import_files import to_csv

pytestmark = pytest.mark.django_db


def test_office_page_is_restricted_to_its_subtree(client, tree):
    client.force_login(tree.qb_officer)
    outside = to_csv([["X1", "HT", "Chi bộ X", "", "grassroots cell"]])

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


def test_a_confirmation_is_taken_once_and_a_forged_key_or_kind_is_not_found(client, tree):
    client.force_login(tree.qb_officer)
    inside = to_csv([["QB-ONCE", "QB", "Chi bộ Một lần", "", "grassroots cell"]])
    page = client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile("o.csv", inside)}
    ).content.decode()
    key = page.split('name="key" value="')[1].split('"')[0]
    for forged in (
        {"key": "../../etc/passwd", "what": "organizations"},
        {"key": key, "what": "status"},
    ):
        assert client.post("/org/QB/import/", {"confirm": "1", **forged}).status_code == 404
    first = client.post("/org/QB/import/", {"confirm": "1", "key": key, "what": "organizations"})
    assert first.status_code == 302 and first["Location"] == "/org/QB/"
    again = client.post(
        "/org/QB/import/", {"confirm": "1", "key": key, "what": "organizations"}, follow=True
    )
    assert "Tệp này đã được nhập hoặc đã hết hạn; không ghi thêm." in again.content.decode()
    assert Organization.objects.filter(code="QB-ONCE").count() == 1


def test_another_officers_key_is_not_theirs_to_confirm(client, tree):
    client.force_login(tree.qb_officer)
    data = to_csv([["QB-KEY", "QB", "Chi bộ Khóa", "", "grassroots cell"]])
    page = client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile("o.csv", data)}
    ).content.decode()
    key = page.split('name="key" value="')[1].split('"')[0]
    other = person(tree.qb, Role.OFFICE_OFFICER, user__username="vanphong3.qb")
    client.force_login(other)  # the kept file is under the requester's own folder
    client.post("/org/QB/import/", {"confirm": "1", "key": key, "what": "organizations"})
    assert not Organization.objects.filter(code="QB-KEY").exists()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("what=organizations&format=pdf", 404),
        ("what=nothing&format=csv", 404),
        ("what=people&format=csv", 200),
    ],
)
def test_export_refuses_an_unknown_format_or_kind(client, tree, query, status):
    client.force_login(tree.qb_officer)
    response = client.get(f"/org/QB/export/?{query}")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="people-QB.csv"'
        assert b"vanphong.qb" in response.content and b"bithu.ht" not in response.content
