"""Personnel pages: who sees them, forms and imports with Vietnamese errors, constant queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses import services as congress_services
from apps.personnel.models import Candidate, PersonnelPlan
from tests.factories import CongressFactory, approved_plan, ready_for_report, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(tree):
    today = dt.date.today()
    return CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=today + dt.timedelta(days=50)
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("qb_secretary", 200),
        ("qb_standing", 200),
        ("qb_officer", 200),
        ("central_standing", 200),
        ("qb_member", 404),
        ("qb_committee", 404),
        ("ht_secretary", 404),
        ("ptm_secretary", 404),
    ],
)
def test_personnel_data_visible_to_neither_siblings_nor_subordinates(
    client, tree, congress, who, status
):
    approved_plan(congress)
    client.force_login(getattr(tree, who))
    response = client.get(f"/personnel/congress/{congress.pk}/plan/")
    assert response.status_code == status
    if status == 404:
        assert "Nguyễn Văn" not in response.content.decode()


def test_secretary_writes_the_plan_with_the_formset(client, tree, congress):
    client.force_login(tree.qb_secretary)
    data = {
        "seats": 3,
        "standing_seats": 1,
        "deputy_posts": 1,
        "inspection_seats": 0,
        "note": "",
        "c-TOTAL_FORMS": 4,
        "c-INITIAL_FORMS": 0,
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 1000,
    }
    for i in range(4):
        data.update(
            {
                f"c-{i}-full_name": f"Người {i}",
                f"c-{i}-birth_date": f"0{i + 1}/02/1980",
                f"c-{i}-sex": "male",
                f"c-{i}-ethnicity": "Kinh",
                f"c-{i}-current_post": "",
                f"c-{i}-proposed_posts": ["committee"],
            }
        )
    response = client.post(f"/personnel/congress/{congress.pk}/plan/edit/", data)
    assert response.status_code == 302
    plan = PersonnelPlan.objects.get(congress=congress)
    assert plan.candidates.count() == 4 and plan.candidates.first().birth_date == dt.date(
        1980, 2, 1
    )


def test_formset_errors_are_vietnamese_and_nothing_saved(client, tree, congress):
    client.force_login(tree.qb_secretary)
    data = {
        "seats": 2,
        "standing_seats": 5,
        "deputy_posts": 1,
        "inspection_seats": 0,
        "c-TOTAL_FORMS": 1,
        "c-INITIAL_FORMS": 0,
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 1000,
        "c-0-full_name": "Người",
        "c-0-birth_date": "30/02/1980",
        "c-0-sex": "x",
        "c-0-ethnicity": "Kinh",
    }
    page = client.post(f"/personnel/congress/{congress.pk}/plan/edit/", data).content.decode()
    assert "Số Ủy viên Ban Thường vụ không được vượt số cấp ủy viên." in page
    assert "Nhập một ngày hợp lệ." in page
    assert not PersonnelPlan.objects.exists()


def test_import_is_all_or_nothing_with_row_numbers(client, tree, congress):
    client.force_login(tree.qb_secretary)
    bad = (
        "full_name,birth_date,sex,ethnicity,current_post,is_incumbent,proposed_posts\n"
        "Nguyễn Văn A,01/01/1980,Nam,Kinh,Trưởng phòng,có,committee\n"
        "Trần Thị B,31/02/1985,Nữ,Kinh,,không,\n"
        ",01/01/1990,khác,Kinh,,,chủ tịch\n"
    )
    response = client.post(
        f"/personnel/congress/{congress.pk}/plan/import/",
        {"file": SimpleUploadedFile("ds.csv", bad.encode("utf-8"))},
    )
    page = response.content.decode()
    assert "Dòng 3: cột birth_date không phải ngày hợp lệ (dd/mm/yyyy)" in page
    assert "Dòng 4: cột full_name trống" in page
    assert "Dòng 4: cột sex phải là Nam/Nữ (male/female)" in page
    assert "Dòng 4: chức danh “chủ tịch” không hợp lệ" in page
    assert not Candidate.objects.exists()
    good = (
        "\ufefffull_name,birth_date,sex,ethnicity,current_post,is_incumbent,proposed_posts\n"
        "Nguyễn Văn A,01/01/1980,Nam,Kinh,Trưởng phòng,có,committee;standing\n"
        "Trần Thị B,1985-02-28,Nữ,Tày,,không,\n"
    )
    response = client.post(
        f"/personnel/congress/{congress.pk}/plan/import/",
        {"file": SimpleUploadedFile("ds.csv", good.encode("utf-8"))},
    )
    assert response.status_code == 302
    names = list(Candidate.objects.values_list("full_name", "sex", "is_incumbent", "ethnicity"))
    assert names == [("Nguyễn Văn A", "male", True, "Kinh"), ("Trần Thị B", "female", False, "Tày")]


def test_import_refuses_a_non_utf8_csv_clearly(client, tree, congress):
    client.force_login(tree.qb_secretary)
    data = "full_name,birth_date,sex\nNguyễn Văn A,01/01/1980,Nam\n".encode(
        "cp1258", errors="replace"
    )
    page = client.post(
        f"/personnel/congress/{congress.pk}/plan/import/",
        {"file": SimpleUploadedFile("ds.csv", data)},
    ).content.decode()
    assert "Hãy lưu lại tệp CSV với mã hóa UTF-8 rồi nhập lại." in page


def test_standing_member_approves_on_the_page(client, tree, congress):
    client.force_login(tree.qb_secretary)
    from apps.personnel import services

    plan = services.plan_save(
        actor=tree.qb_secretary,
        congress=congress,
        seats=3,
        candidates=[
            {"full_name": f"N{i}", "birth_date": dt.date(1980, 1, 1), "sex": "male"}
            for i in range(4)
        ],
    )
    client.post(f"/personnel/congress/{congress.pk}/plan/transition/", {"to": "submitted"})
    client.force_login(tree.qb_standing)
    page = client.get(f"/personnel/congress/{congress.pk}/plan/").content.decode()
    assert 'id="approve-plan"' in page
    today = dt.date.today().strftime("%d/%m/%Y")
    client.post(
        f"/personnel/congress/{congress.pk}/plan/transition/",
        {"to": "approved", "meeting_date": today, "votes_for": 5, "votes_total": 7},
    )
    plan.refresh_from_db()
    assert plan.status == "approved"
    client.force_login(tree.ht_standing)
    assert (
        client.post(
            f"/personnel/congress/{congress.pk}/plan/transition/", {"to": "returned"}
        ).status_code
        == 404
    )


def test_plan_page_costs_a_constant_number_of_queries(client, tree, congress):
    counts = []
    for n in (4, 40):
        PersonnelPlan.objects.all().delete()
        approved_plan(congress, seats=n - 1, candidates=n)
        client.force_login(tree.qb_secretary)
        client.get(f"/personnel/congress/{congress.pk}/plan/")  # both measured warm: the
        # session's once-a-minute refresh and the cached scope are behind us
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/personnel/congress/{congress.pk}/plan/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_superior_inbox_costs_a_constant_number_of_queries(client, tree):
    from apps.organizations.bulk import NodeSpec, bulk_insert_tree

    counts = []
    for n in (2, 30):
        orgs = bulk_insert_tree(
            [NodeSpec(f"IN{n}-{i}", "QB", f"Chi bộ {i}", "grassroots_cell") for i in range(n)]
        )
        for org in orgs:
            c = CongressFactory(
                organization=org,
                term=term("2025-2030"),
                opening_date=dt.date.today() + dt.timedelta(days=40),
            )
            ready_for_report(c)
            congress_services.superior_report_submit(actor=tree.qb_officer, congress=c)
        client.force_login(tree.qb_standing)
        client.get("/congresses/inbox/")  # both measured warm (session refresh, cached scope)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/congresses/inbox/").content.decode()
        assert page.count("Cho ý kiến") >= n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], (counts, [q["sql"][:90] for q in ctx.captured_queries])
