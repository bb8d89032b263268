"""Issue 17 items 11 and 13: other provinces' organisation codes are not revealed (API,
add-child form, imports); the schema tells the truth about nulls and page sizes. (Item 10, no
term made up by a congress import, is tested in tests/congresses/test_importing.py; item 11's
bad usernames and e-mails in tests/organizations/test_importing.py.)"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.organizations.importing import import_organizations

from .snapshots import snapshot

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_add_child_form_and_the_import_say_the_same_for_any_code_in_use(client, tree):
    client.force_login(tree.qb_officer)
    before = snapshot()
    pages = {
        code: client.post(
            "/org/QB/add/", {"code": code, "name": "Chi bộ", "kind": "grassroots_cell"}
        ).content.decode()
        for code in ("ht-ptm", "qb-ankt")
    }
    assert "Mã “ht-ptm” không dùng được; hãy đặt mã khác." in pages["ht-ptm"]
    assert "Mã “qb-ankt” không dùng được; hãy đặt mã khác." in pages["qb-ankt"]
    assert "HT-PTM" not in pages["ht-ptm"] and "Hà Tĩnh" not in pages["ht-ptm"]
    for code in ("HT-PTM", "ht-ptm"):
        data = f"code,parent_code,name,short_name,kind\n{code},QB,Chi bộ,,grassroots cell\n"
        result = import_organizations(data.encode(), "o.csv", actor=tree.qb_officer)
        assert [str(e) for e in result.errors] == [
            f"Dòng 2, cột code: Mã “{code}” không dùng được; hãy đặt mã khác."
        ]
    assert snapshot() == before


def test_a_personal_comment_is_served_with_a_null_organisation(tree, circulated):
    rnd = circulated
    response = api(tree.qb_committee).post(
        f"/api/v1/rounds/{rnd.pk}/comments/", {"text": "Ý kiến cá nhân"}, format="json"
    )
    assert response.status_code == 201 and response.json()["organization"] is None
