"""apps.audit.wording: the audit page's words for every event: no raw key, no repr."""

from apps.audit.wording import describe


def test_membership_count_and_allocation_details_are_worded():
    count = describe(
        "membership_count.set",
        {"as_of": "2026-11-27", "official": 20, "probationary": 0, "before": None},
    )
    assert count.details == [
        ("Tính đến ngày", "27/11/2026"),
        ("Chính thức", "20"),
        ("Dự bị", "0"),
    ]
    allocation = describe(
        "allocation.prepare",
        {"by_right": 4, "counts_as_of": "2026-11-27", "shares": {"QB-PTM": 37, "QB-HS": 26}},
    )
    assert allocation.details == [
        ("Số đại biểu đương nhiên", "4"),
        ("Số đảng viên tính đến ngày", "27/11/2026"),
        ("Phân bổ", "QB-PTM: 37; QB-HS: 26"),
    ]


def test_an_update_shows_before_and_after_and_a_missing_before_as_a_dash():
    described = describe(
        "congress.update",
        {"place": ["", "Hội trường"], "opening_date": ["2026-05-01", "2026-05-20"]},
    )
    assert described.action == "Sửa thông tin đại hội"
    assert described.details == [
        ("Địa điểm", "— → Hội trường"),
        ("Ngày khai mạc", "01/05/2026 → 20/05/2026"),
    ]
    short = describe("delegate.update", {"note": ["chỉ một giá trị"]})  # no `after`: None
    assert short.details == [("Ý kiến", "chỉ một giá trị → None")]


def test_a_preview_download_says_so_and_ids_are_not_details():
    preview = describe(
        "report.download", {"numbered": False, "kind": "superior-report", "round": 7, "step": 2}
    )
    assert preview.action == "Tải bản xem trước (chưa cấp số)"
    assert preview.details == [("Loại", "Báo cáo cấp trên")]
    issued = describe("report.download", {"numbered": True, "kind": "political_report"})
    assert issued.action == "Tải văn bản"
    assert issued.details == [("Loại", "Báo cáo chính trị")]


def test_values_become_words_and_empty_values_are_left_out():
    described = describe(
        "plan.approved",
        {
            "is_pilot": True,
            "tie": False,
            "role": ["secretary", "member"],
            "disposition": "explained",
            "reason": "",
            "note": None,
            "organizations": [],
            "shares": {},
        },
    )
    assert described.details == [
        ("Đại hội điểm", "Có"),
        ("Bằng phiếu", "Không"),
        ("Vai trò", "Bí thư, Đảng viên"),
        ("Xử lý", "Giải trình"),
    ]


def test_an_unknown_verb_and_key_are_shown_readably_not_dropped():
    described = describe("something.new", {"new_thing": 3, "other_value": "2026-13-45"})
    assert described.action == "something.new"
    # a key without a label is capitalised with spaces; a date-shaped non-date stays as written
    assert described.details == [("New thing", "3"), ("Other value", "2026-13-45")]


def test_a_word_table_value_is_not_taken_for_another_key():
    """`secretary` is a role's word only under `role`; elsewhere it stays as written."""
    assert describe("x", {"user": "secretary"}).details == [("Người", "secretary")]
