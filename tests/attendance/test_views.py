"""The congress day's pages: the door (typed code, QR token) through HTMX and without it, the
live counts, the card PDF (read through its text), a delegate's own card; who may, both ways."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.attendance.models import Attendance, AttendanceStatus
from apps.attendance.tokens import card_token
from apps.audit.models import AuditEvent
from apps.delegates.models import DelegateStatus
from tests.reports.pdf import flat, pdf_pages

HX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_typed_code_through_htmx_answers_with_the_delegate(tree, today_congress):
    congress, delegates = today_congress
    url = reverse("attendance:checkin", args=[congress.pk])
    response = client_for(tree.qb_officer).post(url, {"code": delegates[0].code.lower()}, **HX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="checkin-ok"' in body
    assert delegates[0].full_name in body and "Đảng bộ Phòng Tham mưu" in body
    assert Attendance.objects.get().delegate == delegates[0]
    live = client_for(tree.qb_officer).get(
        reverse("attendance:live", args=[congress.pk]), {"part": "counts"}
    )
    text = live.content.decode()
    assert 'id="count-present">1<' in text and 'id="count-summoned">4<' in text
    assert "có mặt ít nhất 2/3 số đại biểu được triệu tập, tức 3/4" in text
    assert "Chưa đủ: còn thiếu 2" in text


def test_a_forged_token_and_a_second_showing_answer_clearly_and_write_nothing(tree, today_congress):
    congress, delegates = today_congress
    url = reverse("attendance:checkin", args=[congress.pk])
    officer = client_for(tree.qb_officer)
    token = card_token(congress_id=congress.pk, code=delegates[1].code)
    forged = officer.post(url, {"token": token[:-3] + "abc"}, **HX).content.decode()
    assert 'id="checkin-refused"' in forged and "Mã QR không hợp lệ" in forged
    assert not Attendance.objects.exists()
    officer.post(url, {"token": token}, **HX)
    again = officer.post(url, {"token": token}, **HX).content.decode()
    assert 'id="checkin-again"' in again and "Không điểm danh lần hai" in again
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(verb="attendance.checkin").count() == 1


def test_without_javascript_the_form_posts_and_redirects_with_a_message(tree, today_congress):
    congress, delegates = today_congress
    response = client_for(tree.qb_secretary).post(
        reverse("attendance:checkin", args=[congress.pk]), {"code": delegates[2].code}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("attendance:scan", args=[congress.pk])
    assert f"Đã điểm danh: {delegates[2].full_name}." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "scan", "page"),
    [
        ("qb_secretary", 200, 200),
        ("qb_standing", 200, 200),
        ("qb_officer", 200, 200),
        ("qb_committee", 403, 403),
        ("qb_member", 403, 403),
        ("central_standing", 403, 200),  # the superior follows the day, does not act
        ("ht_secretary", 404, 404),
        ("ptm_secretary", 404, 404),
    ],
)
def test_who_opens_the_door_and_the_attendance_page(tree, today_congress, who, scan, page):
    congress, delegates = today_congress
    c = client_for(getattr(tree, who))
    assert c.get(reverse("attendance:scan", args=[congress.pk])).status_code == scan
    assert c.get(reverse("attendance:page", args=[congress.pk])).status_code == page
    posted = c.post(reverse("attendance:checkin", args=[congress.pk]), {"code": delegates[0].code})
    assert posted.status_code == (302 if scan == 200 else scan)
    assert Attendance.objects.exists() == (scan == 200)


def test_the_attendance_page_lists_and_filters(tree, today_congress, django_assert_max_num_queries):
    congress, delegates = today_congress
    officer = client_for(tree.qb_officer)
    officer.post(reverse("attendance:checkin", args=[congress.pk]), {"code": delegates[0].code})
    officer.post(
        reverse("attendance:excuse", args=[congress.pk, delegates[3].pk]), {"reason": "Ốm"}
    )
    assert Attendance.objects.get(delegate=delegates[3]).status == AttendanceStatus.EXCUSED
    url = reverse("attendance:live", args=[congress.pk])
    with django_assert_max_num_queries(12):
        body = officer.get(url).content.decode()
    assert body.count('<tr id="delegate-') == 4
    waiting = officer.get(url, {"state": "waiting"}).content.decode()
    assert waiting.count('<tr id="delegate-') == 2 and delegates[0].full_name not in waiting
    excused = officer.get(url, {"state": "excused"}).content.decode()
    assert excused.count('<tr id="delegate-') == 1 and "Ốm" in excused


def test_the_office_prints_every_card_and_the_text_is_true(tree, today_congress):
    congress, delegates = today_congress
    delegates[3].status = DelegateStatus.DISQUALIFIED
    delegates[3].status_reason = "Bị khởi tố"
    delegates[3].save()
    response = client_for(tree.qb_officer).get(reverse("attendance:cards", args=[congress.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = flat(response.content)
    assert pdf_pages(response.content) == 1  # three cards, four to a sheet
    assert text.count("THẺ ĐẠI BIỂU") == 3
    for d in delegates[:3]:
        assert d.full_name in text and d.code in text
    assert delegates[3].full_name not in text and delegates[3].code not in text
    assert "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XVII" in text and "nhiệm kỳ 2020–2025" in text
    assert "ĐẢNG BỘ CÔNG AN TỈNH QUẢNG BÌNH" in text and "Đảng bộ Phòng Tham mưu" in text
    assert "Đại biểu được bầu" in text and "Đồng Hới" in text
    assert AuditEvent.objects.get(verb="attendance.cards_print").data["cards"] == 3
    one = client_for(tree.qb_officer).get(
        reverse("attendance:cards", args=[congress.pk]), {"source": tree.ankt.pk}
    )
    one_text = flat(one.content)  # one delegation's cards: ANKT sent delegate 3 only
    assert one_text.count("THẺ ĐẠI BIỂU") == 1 and delegates[2].full_name in one_text
    assert delegates[0].full_name not in one_text
    refused = client_for(tree.qb_committee).get(reverse("attendance:cards", args=[congress.pk]))
    assert refused.status_code == 403


def test_a_delegate_sees_only_their_own_card(tree, today_congress):
    congress, delegates = today_congress
    delegates[0].user = tree.ptm_secretary
    delegates[0].save()
    mine = client_for(tree.ptm_secretary)
    listing = mine.get(reverse("attendance:my_cards")).content.decode()
    assert delegates[0].code in listing and delegates[1].code not in listing
    pdf = mine.get(reverse("attendance:my_card", args=[delegates[0].pk]))
    text = flat(pdf.content)
    assert delegates[0].full_name in text and delegates[0].code in text
    assert delegates[1].full_name not in text
    assert mine.get(reverse("attendance:my_card", args=[delegates[1].pk])).status_code == 404
    other = client_for(tree.ptm_standing)
    assert other.get(reverse("attendance:my_card", args=[delegates[0].pk])).status_code == 404
    assert delegates[0].code not in other.get(reverse("attendance:my_cards")).content.decode()


def test_the_live_page_costs_the_same_queries_for_4_or_60_delegates(tree, today_congress):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import seat

    congress, delegates = today_congress
    officer = client_for(tree.qb_officer)
    url = reverse("attendance:live", args=[congress.pk])
    officer.get(url)  # the session and the cached scope settle
    with CaptureQueriesContext(connection) as small:
        officer.get(url)
    more = seat(congress, [tree.ptm, tree.ankt], 56, prefix="Thêm")
    for d in more[:30]:
        officer.post(reverse("attendance:checkin", args=[congress.pk]), {"code": d.code})
    with CaptureQueriesContext(connection) as large:
        body = officer.get(url).content.decode()
    assert body.count('<tr id="delegate-') == 60 and 'id="count-present">30<' in body
    assert len(large) == len(small), [q["sql"] for q in large]


def test_the_office_takes_back_a_mistaken_check_in_from_the_list(tree, today_congress):
    congress, delegates = today_congress
    officer = client_for(tree.qb_officer)
    officer.post(reverse("attendance:checkin", args=[congress.pk]), {"code": delegates[0].code})
    listing = officer.get(reverse("attendance:page", args=[congress.pk])).content.decode()
    undo_url = reverse("attendance:undo", args=[congress.pk, delegates[0].pk])
    assert undo_url in listing
    refused = officer.post(undo_url, {"reason": ""})
    assert refused.status_code == 200 and Attendance.objects.count() == 1
    done = officer.post(undo_url, {"reason": "Nhập nhầm mã"}, follow=True)
    assert f"Đã hủy điểm danh của {delegates[0].full_name}." in done.content.decode()
    assert not Attendance.objects.exists()
    assert client_for(tree.qb_committee).get(undo_url).status_code == 403
