"""English texts that makemessages' fuzzy guesses had left wrong and someone un-fuzzied: the
congress page's report table read "user" for "Người gửi", the inbox's ratification heading
"Congresses", the comment-handling page "Search results", the register's issue date "birth
date". Each now says what the Vietnamese says."""

from django.utils import translation
from django.utils.translation import gettext

FIXED = {
    "Người gửi": "Sent by",
    "Đề nghị chuẩn y kết quả đại hội": "Requests to ratify congress results",
    "Không có đề nghị chuẩn y nào.": "No ratification requests.",
    "Tiếp thu, giải trình ý kiến": "Accept or explain the comment",
    "ngày ban hành": "date of issue",
    "Nghị quyết": "Resolution",
    "Biên bản": "Minutes",
    "Chương trình": "Programme",
    "đại hội điểm": "pilot congress",
    "địa điểm": "place",
    "phiên bản": "version",
    "Không tìm thấy dự thảo.": "Draft not found.",
    "Đã gửi dự thảo lấy ý kiến.": "The draft has been sent for comments.",
    "Người/tổ chức góp ý": "Commenter",
    "Ngày họp Ban Thường vụ": "Standing committee meeting date",
    "Ban Thường vụ họp ngày": "Standing committee met on",
}


def test_the_corrected_english_texts():
    with translation.override("en"):
        assert {vi: gettext(vi) for vi in FIXED} == FIXED


def test_the_congress_page_names_the_sender_column_in_english(client, tree, db):
    import datetime as dt

    from tests.factories import CongressFactory, term

    congress = CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=40),
    )
    client.force_login(tree.ptm_secretary)
    client.cookies["django_language"] = "en"
    body = client.get(f"/congresses/{congress.pk}/").content.decode()
    assert "<th>Sent by</th>" in body
    assert "<th>user</th>" not in body
