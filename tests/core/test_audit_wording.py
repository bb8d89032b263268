"""The audit page's words for the delegate and membership-count events: no raw key, no repr."""

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
