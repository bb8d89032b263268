"""apps/delegates/views.py: the delegate pages through the browser's door: who gets 404 (may not
see), 403 (sees, may not act), what a post writes and what a refused post shows and leaves."""

import re

import pytest
from django.test import Client

from apps.delegates.models import (
    Allocation,
    CredentialsBoard,
    Delegate,
    DelegateElection,
    DelegateStatus,
)
from apps.organizations.models import MembershipCount
from tests.delegates.province import BELOW, OPENING
from tests.delegates.steps import election_with, full_list, issued, prepared, snapshot
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_counts_page_records_a_units_count_and_shows_only_what_the_user_may_edit(small):
    unit = small.units[0]
    url = f"/delegates/org/{small.org.code}/counts/"
    response = as_user(small.officer).post(
        url, {"organization": unit.code, "as_of": "2020-04-30", "official": 77, "probationary": 3}
    )
    assert response.status_code == 302 and response["Location"] == url
    latest = MembershipCount.objects.filter(organization=unit).latest("as_of")
    assert (latest.official, latest.probationary) == (77, 3)
    # the province's plain member sees the counts, may record none
    assert as_user(small.member).get(url).status_code == 200
    assert as_user(small.member).post(url, {"organization": unit.code}).status_code == 403


def test_the_allocation_is_prepared_on_its_page(small):
    url = f"/delegates/congress/{small.congress.pk}/allocation/"
    response = as_user(small.secretary).post(
        url, {"seats": 10, "counts_as_of": "2020-03-31", "decided_on": "2020-04-15"}
    )
    assert response.status_code == 302 and response["Location"] == url
    allocation = Allocation.objects.get(congress=small.congress)
    assert (allocation.seats, allocation.by_right) == (10, 3)
    page = as_user(small.secretary).get(url)
    assert page.status_code == 200 and small.units[0].name in _text(page)


def test_a_refused_allocation_says_why_and_writes_nothing(small):
    url = f"/delegates/congress/{small.congress.pk}/allocation/"
    response = as_user(small.secretary).post(
        url, {"seats": 4, "counts_as_of": "2020-03-31", "decided_on": "2020-04-15"}
    )
    assert response.status_code == 200
    assert "không đủ để mỗi đơn vị" in _text(response)
    assert not Allocation.objects.exists()


def test_a_unit_opens_the_allocation_its_notice_links_to_and_its_pdf(small):
    """The allocation's notice sends each unit's secretary to the allocation page of its
    superior's congress, which the unit does not otherwise see: it opens, with the PDF."""
    issued(small)
    unit = as_user(small.unit_secretaries[0])
    page = unit.get(f"/delegates/congress/{small.congress.pk}/allocation/")
    assert page.status_code == 200 and small.units[0].name in _text(page)
    # every link the page offers the unit opens for it (none to the superior's own pages)
    links = re.findall(r'href="(/[^"]*)"', page.content.decode())
    assert f"/congresses/{small.congress.pk}/" not in links
    for link in links:
        if not link.startswith(("/static/", "/accounts/logout")):
            assert unit.get(link).status_code in (200, 302), link
    officer_page = as_user(small.officer).get(
        f"/delegates/congress/{small.congress.pk}/allocation/"
    )
    assert f'href="/congresses/{small.congress.pk}/"' in officer_page.content.decode()
    pdf = unit.get(f"/reports/delegate-allocation/{small.congress.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "QUYẾT ĐỊNH phân bổ đại biểu" in flat(pdf.content)
    # the list stays with the convening organisation and those above it
    assert unit.get(f"/reports/credentials/{small.congress.pk}.pdf").status_code == 404
    member = as_user(small.member)
    assert member.get(f"/reports/delegate-allocation/{small.congress.pk}.pdf").status_code == 404
    assert unit.get("/reports/delegate-allocation/999999.pdf").status_code == 404


def test_allocation_page_404_for_those_who_see_nothing_403_for_readers_who_post(small):
    url = f"/delegates/congress/{small.congress.pk}/allocation/"
    assert as_user(small.member).get(url).status_code == 404
    prepared(small)
    unit = as_user(small.unit_secretaries[0])
    assert unit.get(url).status_code == 200
    assert unit.post(url, {"seats": 12}).status_code == 403
    assert unit.post(f"{url}adjust/", {"reason": "x"}).status_code == 403
    assert Allocation.objects.get().seats == 10


def test_an_adjustment_that_does_not_sum_is_shown_refused(small):
    allocation = prepared(small)
    before = snapshot(small)
    data = {"reason": "Trọng điểm"}
    for s in allocation.shares.all():
        data[f"seats_{s.organization_id}"] = s.seats + 1
        data[f"alternates_{s.organization_id}"] = s.alternates
    response = as_user(small.officer).post(
        f"/delegates/congress/{small.congress.pk}/allocation/adjust/", data
    )
    assert response.status_code == 200 and "phải bằng 7" in _text(response)
    assert snapshot(small) == before


def test_a_unit_records_its_delegates_step_by_step(small):
    issued(small)
    unit_congress = small.unit_congresses[2]
    unit = as_user(small.unit_secretaries[2])
    url = f"/delegates/congress/{unit_congress.pk}/election/"
    assert unit.get(url).status_code == 200
    assert unit.post(url, {"step": "open"}).status_code == 302
    election = DelegateElection.objects.get(congress=unit_congress)
    for name in ("Nguyễn Văn Một", "Trần Thị Hai"):
        response = unit.post(
            url,
            {
                "step": "candidate",
                "c-full_name": name,
                "c-birth_date": "1980-01-01",
                "c-sex": "male",
                "c-ethnicity": "Kinh",
            },
        )
        assert response.status_code == 302
    one, two = election.candidates.order_by("position")
    response = unit.post(
        url,
        {
            "step": "result",
            "r-election_date": BELOW.isoformat(),
            "r-official_seats": 1,
            "r-alternate_seats": 1,
            "r-summoned": 50,
            "r-excused": 0,
            "r-ballots_issued": 50,
            "r-ballots_valid": 50,
            f"r-votes_{one.pk}": 45,
            f"r-votes_{two.pk}": 30,
        },
        follow=True,
    )
    assert "Đã ghi kết quả: 1 đại biểu chính thức, 1 đại biểu dự khuyết" in _text(response)
    assert "ít nhất 26 phiếu" in _text(response)
    on_list = Delegate.objects.filter(congress=small.congress, source=small.units[2])
    assert {(d.full_name, d.status) for d in on_list} == {
        ("Nguyễn Văn Một", DelegateStatus.OFFICIAL),
        ("Trần Thị Hai", DelegateStatus.ALTERNATE),
    }


def test_election_page_404_without_an_upper_congress_or_to_strangers(small):
    unit_congress = small.unit_congresses[0]
    url = f"/delegates/congress/{unit_congress.pk}/election/"
    assert as_user(small.unit_secretaries[0]).get(url).status_code == 404  # nothing allocated
    issued(small)
    assert as_user(small.unit_secretaries[1]).get(url).status_code == 404
    assert as_user(small.standing).post(url, {"step": "open"}).status_code == 302  # convening org
    assert DelegateElection.objects.filter(congress=unit_congress).exists()


def test_a_refused_result_shows_the_reason_on_the_page(small):
    issued(small)
    election, cands = election_with(small, 0, 3)
    url = f"/delegates/congress/{small.unit_congresses[0].pk}/election/"
    data = {
        "step": "result",
        "r-election_date": BELOW.isoformat(),
        "r-official_seats": election.share.seats + 1,
        "r-alternate_seats": 0,
        "r-summoned": 50,
        "r-excused": 0,
        "r-ballots_issued": 50,
        "r-ballots_valid": 50,
        **{f"r-votes_{c.pk}": 40 for c in cands},
    }
    response = as_user(small.unit_secretaries[0]).post(url, data)
    assert response.status_code == 200 and "vượt số được phân bổ" in _text(response)
    election.refresh_from_db()
    assert not election.is_recorded


def test_the_list_page_sets_the_credentials_board(small):
    full_list(small)
    url = f"/delegates/congress/{small.congress.pk}/"
    response = as_user(small.officer).post(
        url, {"head": "Hoàng Văn Thẩm", "members": "A\nB", "report_date": OPENING.isoformat()}
    )
    assert response.status_code == 302
    board = CredentialsBoard.objects.get(congress=small.congress)
    assert (board.head, board.report_date) == ("Hoàng Văn Thẩm", OPENING)
    page = as_user(small.secretary).get(url)
    assert "Hoàng Văn Thẩm" in page.content.decode()
    assert as_user(small.unit_secretaries[0]).get(url).status_code == 404
    assert as_user(small.member).get(url).status_code == 404


def test_a_delegate_is_replaced_through_its_page(small):
    full_list(small)
    absent = Delegate.objects.get(source=small.units[0], vote_rank=1)
    url = f"/delegates/congress/{small.congress.pk}/delegate/{absent.pk}/replace/"
    assert as_user(small.officer).get(url).status_code == 200
    response = as_user(small.officer).post(url, {"reason": "Ốm nặng"})
    assert response.status_code == 302
    assert response["Location"] == f"/delegates/congress/{small.congress.pk}/#d{absent.pk}"
    absent.refresh_from_db()
    assert (absent.status, absent.status_reason) == (DelegateStatus.REPLACED, "Ốm nặng")
    assert absent.replaced_by.status == DelegateStatus.OFFICIAL


def test_delegate_actions_refuse_unknown_actions_strangers_and_other_lists(small):
    full_list(small)
    delegate = Delegate.objects.filter(congress=small.congress).first()
    base = f"/delegates/congress/{small.congress.pk}/delegate/"
    officer = as_user(small.officer)
    assert officer.post(f"{base}{delegate.pk}/delete/", {}).status_code == 404
    assert officer.post(f"{base}999999/edit/", {"full_name": "x"}).status_code == 404
    before = snapshot(small)
    response = officer.post(f"{base}{delegate.pk}/disqualify/", {"reason": ""})
    assert response.status_code == 200  # the form says the reason is required
    assert snapshot(small) == before
    edited = officer.post(
        f"{base}{delegate.pk}/edit/", {"full_name": "Tên đã sửa", "sex": "female"}
    )
    assert edited.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.full_name, delegate.sex) == ("Tên đã sửa", "female")
