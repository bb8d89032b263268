"""Issue 17 items 10, 11 and 13: the congress import creates no term for an arbitrary
YYYY-YYYY; bad e-mails and usernames are refused; other provinces' organisation codes are not
revealed (API, add-child form, imports); the schema tells the truth about nulls and page sizes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.congresses.importing import import_congresses
from apps.congresses.models import RuleSet, Term
from apps.core.dates import local_today
from apps.organizations.importing import import_organizations, import_people
from tests.factories import term

from .snapshots import snapshot

pytestmark = pytest.mark.django_db
CONGRESS_HEADER = "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"


def test_an_office_cannot_create_a_term_by_importing_a_schedule(tree):
    term("2020-2025")
    term("2025-2030")
    before = snapshot()
    data = (CONGRESS_HEADER + "QB-PTM,1999-2004,I,delegates,08/04/2000,1,,false\n").encode()
    result = import_congresses(data, "c.csv", actor=tree.qb_officer)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột term: chưa có nhiệm kỳ “1999-2004”; chỉ quản trị viên tạo nhiệm kỳ mới "
        "(đang có: 2020-2025, 2025-2030)",
        f"Dòng 2, cột opening_date: Ngày khai mạc không được ở quá khứ "
        f"(08/04/2000, hôm nay là {local_today():%d/%m/%Y}).",
    ]
    assert snapshot() == before
    assert not Term.objects.filter(code="1999-2004").exists()
    existing = (CONGRESS_HEADER + "QB-PTM,2025–2030,I,delegates,08/04/2030,1,,false\n").encode()
    assert import_congresses(existing, "c.csv", actor=tree.qb_officer).ok


def test_an_administrator_may_create_a_term_by_import(tree, admin_user):
    rule_sets = RuleSet.objects.count()
    data = (CONGRESS_HEADER + "QB-PTM,2030-2035,I,delegates,08/04/2031,1,,false\n").encode()
    assert import_congresses(data, "c.csv", actor=admin_user).ok
    assert Term.objects.filter(code="2030-2035").exists()
    assert RuleSet.objects.count() == rule_sets + 1


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
