"""The office's import and export pages: restricted to the office's subtree, a dry run before
anything is written, exports holding only what the user sees."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.organizations.models import Organization
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
