"""The audit trail in words people read: "Tải bản xem trước báo cáo cấp trên", not
`report.download` and `numbered=False`. The codes stay in the database (and the admin) for
filtering; the page shows these words.

The audit app sits below the apps whose actions it records, so it knows them only as the
strings they write (a verb, a key), never by importing them."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

VERBS = {
    "comment.submit": _("Gửi ý kiến góp ý"),
    "comment.amend": _("Sửa ý kiến góp ý"),
    "comment.dispose": _("Xử lý ý kiến góp ý"),
    "comment.attachment_download": _("Tải tệp kèm theo ý kiến góp ý"),
    "allocation.prepare": _("Phân bổ đại biểu"),
    "allocation.adjust": _("Điều chỉnh phân bổ đại biểu"),
    "allocation.issue": _("Ban hành quyết định phân bổ đại biểu"),
    "credentials.board": _("Ghi Ban thẩm tra tư cách đại biểu"),
    "delegate.replace": _("Thay đại biểu bằng đại biểu dự khuyết"),
    "delegate.disqualify": _("Ghi đại biểu không đủ tư cách"),
    "delegate.update": _("Sửa thông tin đại biểu"),
    "delegate_election.open": _("Lập danh sách bầu đại biểu dự đại hội cấp trên"),
    "delegate_election.candidates": _("Thêm người vào danh sách bầu đại biểu"),
    "delegate_election.candidate_remove": _("Bỏ người khỏi danh sách bầu đại biểu"),
    "delegate_election.record": _("Ghi kết quả bầu đại biểu dự đại hội cấp trên"),
    "membership_count.set": _("Cập nhật số đảng viên"),
    "congress.schedule": _("Lập lịch đại hội"),
    "congress.update": _("Sửa thông tin đại hội"),
    "congress.postpone": _("Hoãn đại hội"),
    "congress.open": _("Khai mạc đại hội"),
    "congress.ratify": _("Chuẩn y kết quả bầu cử"),
    "document.create": _("Thêm văn kiện"),
    "round.submit": _("Trình dự thảo"),
    "round.circulate": _("Gửi dự thảo lấy ý kiến"),
    "round.download": _("Tải tệp dự thảo"),
    "election.record": _("Ghi kết quả bầu cử"),
    "election.first_meeting": _("Ghi kết quả hội nghị lần thứ nhất"),
    "follow_up.done": _("Hoàn thành việc sau đại hội"),
    "import.congresses": _("Nhập lịch đại hội từ tệp"),
    "import.organizations": _("Nhập tổ chức đảng từ tệp"),
    "import.people": _("Nhập đảng viên từ tệp"),
    "lessons_meeting.record": _("Ghi hội nghị rút kinh nghiệm đại hội điểm"),
    "membership.add": _("Giao vai trò"),
    "membership.end": _("Kết thúc vai trò"),
    "organization.create": _("Thêm tổ chức đảng"),
    "plan.save": _("Lưu phương án nhân sự"),
    "plan.submitted": _("Trình phương án nhân sự"),
    "plan.approved": _("Duyệt phương án nhân sự"),
    "plan.returned": _("Trả lại phương án nhân sự"),
    "plan.draft": _("Mở lại phương án nhân sự để sửa"),
    "report.download": _("Tải văn bản"),
    "report.issue": _("Cấp số văn bản"),
    "superior_report.submit": _("Báo cáo cấp trên"),
    "superior_report.approved": _("Cấp trên đồng ý"),
    "superior_report.returned": _("Cấp trên trả lại báo cáo"),
    "supervision.assign": _("Phân công phụ trách"),
}

# The filter of the audit page: groups of verbs by their prefix.
GROUPS = {
    "plan.": _("Phương án nhân sự"),
    "superior_report.": _("Báo cáo cấp trên và quyết định"),
    "congress.": _("Lịch và khai mạc đại hội"),
    "report.": _("Văn bản, cấp số và tải về"),
    "round.": _("Dự thảo văn kiện"),
    "comment.dispose": _("Xử lý góp ý"),
    "import.": _("Nhập dữ liệu"),
}

FIELDS = {
    "kind": _("Loại"),
    "reason": _("Lý do"),
    "version": _("Phiên bản"),
    "people": _("Số cá nhân được lấy ý kiến"),
    "official_date": _("Ngày văn bản"),
    "note": _("Ý kiến"),
    "meeting_date": _("Ngày họp"),
    "end_date": _("Đến ngày"),
    "start_date": _("Từ ngày"),
    "elected": _("Số trúng cử"),
    "user": _("Người"),
    "updated": _("Số bản ghi cập nhật"),
    "created": _("Số bản ghi thêm"),
    "tie": _("Bằng phiếu"),
    "term": _("Nhiệm kỳ"),
    "symbol": _("Số và ký hiệu"),
    "supervisor": _("Đồng chí phụ trách"),
    "seats": _("Số cấp ủy viên"),
    "role": _("Vai trò"),
    "organizations": _("Tổ chức"),
    "opening_date": _("Ngày khai mạc"),
    "old_date": _("Ngày cũ"),
    "new_date": _("Ngày mới"),
    "number": _("Lần dự thảo"),
    "needed": _("Số phiếu cần để trúng cử"),
    "held_on": _("Ngày tổ chức"),
    "filename": _("Tệp"),
    "document": _("Văn kiện"),
    "disposition": _("Xử lý"),
    "decision_number": _("Số quyết định"),
    "decision_date": _("Ngày quyết định"),
    "decided_on": _("Ngày quyết định"),
    "comment_deadline": _("Hạn góp ý"),
    "candidates": _("Số người trong danh sách"),
    "base": _("Tổng số làm căn cứ"),
    "write": _("Ghi vào cơ sở dữ liệu"),
    "code": _("Mã"),
    "ordinal": _("Lần thứ"),
    "days": _("Số ngày họp"),
    "place": _("Địa điểm"),
    "delegate_count": _("Số đại biểu"),
    "is_pilot": _("Đại hội điểm"),
    "announced_on": _("Ngày thông báo triệu tập"),
    "as_of": _("Tính đến ngày"),
    "official": _("Chính thức"),
    "probationary": _("Dự bị"),
    "before": _("Trước đó"),
    "counts_as_of": _("Số đảng viên tính đến ngày"),
    "by_right": _("Số đại biểu đương nhiên"),
    "shares": _("Phân bổ"),
    "day": _("Ngày"),
    "cards": _("Số thẻ"),
    "added": _("Thêm vào danh sách"),
    "alternates": _("Dự khuyết"),
    "head": _("Trưởng ban"),
    "report_date": _("Ngày báo cáo"),
}

# Keys whose value is said by the action itself, not shown as a detail.
IN_THE_ACTION = frozenset(
    {"numbered", "as_attachment", "target_type", "target_id", "round", "step"}  # ids, not words
)

DOCUMENT_KINDS = {
    "political_report": _("Báo cáo chính trị"),
    "review_report": _("Báo cáo kiểm điểm của Ban Chấp hành"),
    "resolution": _("Nghị quyết Đại hội"),
    "action_programme": _("Chương trình hành động"),
    "plan": _("Kế hoạch"),
    "submission": _("Tờ trình"),
    "personnel_scheme": _("Đề án nhân sự"),
}

VALUES = {
    "kind": {
        "superior-report": _("Báo cáo cấp trên"),
        "personnel-plan": _("Tờ trình nhân sự"),
        "consolidation": _("Tổng hợp ý kiến"),
        "progress": _("Báo cáo tiến độ"),
        "election-minutes": _("Biên bản kiểm phiếu"),
        "ratification": _("Quyết định chuẩn y"),
        "draft-round": _("Bản dự thảo"),
        **DOCUMENT_KINDS,
    },
    "document": DOCUMENT_KINDS,
    "disposition": {
        "accepted": _("Tiếp thu"),
        "explained": _("Giải trình"),
        "not_accepted": _("Không tiếp thu"),
    },
    "role": {
        "secretary": _("Bí thư"),
        "deputy_secretary": _("Phó Bí thư"),
        "standing_member": _("Ủy viên Ban Thường vụ"),
        "committee_member": _("Cấp ủy viên"),
        "office_officer": _("Cán bộ văn phòng"),
        "member": _("Đảng viên"),
    },
}


class Described(NamedTuple):
    action: str
    details: list[tuple[str, str]]


def describe(verb: str, data: dict[str, Any]) -> Described:
    """An audit event as words: the action (with what the data says about it, such as a
    preview rather than an issued document) and its details as (label, value) pairs."""
    action = str(VERBS.get(verb, verb))
    if verb == "report.download" and data.get("numbered") is False:
        action = str(_("Tải bản xem trước (chưa cấp số)"))
    changes = verb.endswith(".update")  # values are [before, after]
    details = [
        (
            str(FIELDS.get(key, key.replace("_", " ").capitalize())),
            _change(key, value) if changes and isinstance(value, list) else _value(key, value),
        )
        for key, value in data.items()
        if key not in IN_THE_ACTION and value not in (None, "", [], {})
    ]
    return Described(action, details)


def _change(key: str, value: list) -> str:
    before, after = [*value, None, None][:2]
    return f"{_value(key, before) if before not in (None, '') else '—'} → {_value(key, after)}"


def _value(key: str, value: Any) -> str:
    words = VALUES.get(key, {})
    if isinstance(value, str) and value in words:
        return str(words[value])
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, dict):  # e.g. seats by unit: "QB-PTM: 37; QB-HS: 26", not a Python repr
        return "; ".join(f"{k}: {_value(key, v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)
