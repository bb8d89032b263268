"""Issue 17 items 6 and 7: exports never carry a live formula, never break on a control
character already in the database; and control characters are refused wherever text comes in
(forms, API, importers, the URL)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from apps.congresses.models import Congress
from apps.organizations.importing import import_organizations, import_people
from apps.organizations.models import Organization, Role
from apps.personnel.imports import read_candidates
from tests.factories import CongressFactory, person, term

from .formulas import PAYLOADS
from .snapshots import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(tree):
    """The probe's values already stored (as they were before input was checked)."""
    Organization.objects.filter(pk=tree.ankt.pk).update(name=PAYLOADS[0])
    Organization.objects.filter(pk=tree.ptm_cell.pk).update(name="Chi bộ\x0bA")
    villain = person(tree.ptm, Role.MEMBER, user__username="villain")
    type(villain).objects.filter(pk=villain.pk).update(full_name=PAYLOADS[1], email=PAYLOADS[3])
    congress = CongressFactory(organization=tree.qb, term=term("2025-2030"))
    Congress.objects.filter(pk=congress.pk).update(place="Hall\x0bA" + PAYLOADS[2])
    CongressFactory(organization=tree.ptm, term=term("2025-2030"), place=PAYLOADS[4])
    return tree


@pytest.mark.parametrize("what", ["organizations", "people", "congresses", "status"])
def test_xlsx_exports_hold_no_formula_and_survive_control_characters(client, hostile, what):
    client.force_login(hostile.qb_officer)
    response = client.get(f"/org/QB/export/?what={what}&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type != "f" for cell in cells)
    texts = [str(cell.value) for cell in cells]
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)
    expected = {
        "organizations": ["'" + PAYLOADS[0], "Chi bộ\ufffdA"],
        "people": ["'" + PAYLOADS[1], "'" + PAYLOADS[3]],
        "congresses": ["Hall\ufffdA" + PAYLOADS[2], "'" + PAYLOADS[4]],
        "status": [],
    }[what]
    for value in expected:
        assert value in texts


def test_csv_export_escapes_and_imports_back_unchanged(client, hostile):
    client.force_login(hostile.qb_officer)
    response = client.get("/org/QB/export/?what=organizations&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[2] for row in rows[1:]]
    assert "'" + PAYLOADS[0] in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)
    # The exported file imports back to the very same names (the apostrophe is the export's).
    Organization.objects.filter(pk=hostile.ptm_cell.pk).update(name="Chi bộ A")
    response = client.get("/org/QB/export/?what=organizations&format=csv")
    before = snapshot()
    result = import_organizations(response.content, "o.csv", actor=hostile.qb_officer)
    assert result.ok and result.updated == 0, result.errors
    assert snapshot() == before


def test_forms_refuse_a_control_character_and_change_nothing(client, tree, upcoming):
    congress = upcoming
    client.force_login(tree.qb_secretary)
    before = snapshot()
    response = client.post(
        f"/congresses/{congress.pk}/edit/",
        {
            "ordinal": congress.ordinal,
            "kind": congress.kind,
            "opening_date": congress.opening_date.strftime("%d/%m/%Y"),
            "days": 1,
            "place": "Hall\x0bA",
            "delegate_count": "",
        },
    )
    assert response.status_code == 200
    assert "Có ký tự điều khiển không hợp lệ (U+000B)" in response.content.decode()
    assert snapshot() == before


def test_importers_refuse_control_characters_and_nul_bytes(tree):
    before = snapshot()
    orgs = "code,parent_code,name,short_name,kind\nQB-X,QB,Chi bộ\x0bX,,grassroots cell\n"
    assert [str(e) for e in import_organizations(orgs.encode(), "o.csv").errors] == [
        "Dòng 2, cột name: Có ký tự điều khiển không hợp lệ (U+000B); hãy xóa ký tự đó rồi gửi lại."
    ]
    people = "username,full_name,organization_code,role\nnul.user,Tên\x00Lạ,QB-ANKT,member\n"
    assert [str(e) for e in import_people(people.encode(), "p.csv").errors] == [
        "Dòng 2, cột full_name: Có ký tự điều khiển không hợp lệ (U+0000); hãy xóa ký tự đó rồi "
        "gửi lại."
    ]
    candidates = "full_name,birth_date,sex\nNguyễn\x00A,01/01/1980,Nam\n"
    assert read_candidates(candidates.encode(), "ds.csv").errors == [
        "Dòng 2, cột full_name: Có ký tự điều khiển không hợp lệ (U+0000); hãy xóa ký tự đó rồi "
        "gửi lại."
    ]
    assert snapshot() == before
