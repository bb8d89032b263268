"""The rules in plain words: what each one asks, and what to do next. The one home of this
wording: the congress page, the checklists, the sweep's notices, the PDFs and the help page all
read it here, so a rule is never named two ways.

People read "Gửi dự thảo lấy ý kiến cấp dưới — chậm nhất 30 ngày trước khai mạc", with the day
count taken from the congress's rule set; the codes (R30, R20, RA…) stay in the API, the admin
and the code. The rules themselves are in deadlines.py.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .deadlines import Evaluation, RuleCode, RuleParams, Status


def rule_label(code: str, params: RuleParams) -> str:
    """What the rule asks, with its day count from `params` (the congress's rule set)."""
    return _label(get_language(), RuleCode(code), params)


def rule_short_label(code: str) -> str:
    """A few words for a column heading: "Gửi dự thảo", "Báo cáo cấp trên", "Cấp trên đồng ý"."""
    return _short_labels(get_language())[RuleCode(code)]


@lru_cache(maxsize=16)
def _short_labels(language: str | None) -> dict[RuleCode, str]:
    return {
        RuleCode.R30: _("Gửi dự thảo lấy ý kiến cấp dưới"),
        RuleCode.R20: _("Báo cáo cấp trên"),
        RuleCode.RA: _("Cấp trên đồng ý"),
        RuleCode.PILOTS: _("Sau đại hội điểm"),
        RuleCode.ANNOUNCE: _("Thông báo triệu tập"),
    }


def _days(n: int, working: bool) -> str:
    if working:
        return _("chậm nhất %(n)s ngày làm việc trước khai mạc") % {"n": n}
    return _("chậm nhất %(n)s ngày trước khai mạc") % {"n": n}


@lru_cache(maxsize=256)
def _label(language: str | None, code: RuleCode, params: RuleParams) -> str:
    """Worded once per language, rule and rule set: a first sweep words 14,000 notices."""
    working = params.working_days
    if code == RuleCode.R30:
        asks = _("Gửi dự thảo lấy ý kiến cấp dưới")
        return f"{asks} — {_days(params.r30_days, working)}"
    if code == RuleCode.R20:
        asks = _("Báo cáo văn kiện và phương án nhân sự lên cấp ủy cấp trên")
        return f"{asks} — {_days(params.r20_days, working)}"
    if code == RuleCode.RA:
        return _("Được cấp ủy cấp trên đồng ý — trước ngày khai mạc")
    if code == RuleCode.PILOTS:
        return _("Khai mạc sau hội nghị rút kinh nghiệm đại hội điểm của cấp trên")
    asks = _("Thông báo triệu tập đại hội")
    return f"{asks} — {_days(params.announcement_working_days, True)}"


def rule_deadline(code: str, params: RuleParams) -> str:
    """When the rule must be met under one rule set: "chậm nhất 30 ngày trước khai mạc"."""
    code = RuleCode(code)
    if code == RuleCode.R30:
        return _days(params.r30_days, params.working_days)
    if code == RuleCode.R20:
        return _days(params.r20_days, params.working_days)
    if code == RuleCode.ANNOUNCE:
        if not params.announcement_enabled:
            return _("không kiểm tra")
        return _days(params.announcement_working_days, True)
    if code == RuleCode.RA:
        return _("trước ngày khai mạc")
    return _("trước ngày khai mạc, sau hội nghị rút kinh nghiệm")


class StepFacts(NamedTuple):
    """What the next step of a rule depends on: its status, and where the latest report stands
    (returned for changes, or awaiting the superior's decision)."""

    code: RuleCode
    status: Status
    returned: bool
    awaiting: bool


def step_facts(evaluation: Evaluation, code: str) -> StepFacts:
    facts = evaluation.facts
    return StepFacts(
        RuleCode(code),
        evaluation.rules[RuleCode(code)].status,
        facts.decision == "returned",
        facts.decision == "pending" and facts.reported_on is not None,
    )


def next_step(step: StepFacts, *, has_standing_committee: bool = True) -> str:
    """What to do now for a rule, or "" when nothing is to be done. After a late action the
    advice is to move the opening, never to do again what was done; a cell is told to go to its
    committee (chi ủy) or meeting, as it has no standing committee."""
    return _next_step(get_language(), step, has_standing_committee)


@lru_cache(maxsize=256)
def _next_step(language: str | None, step: StepFacts, has_standing: bool) -> str:
    code, status = step.code, step.status
    if status in (Status.DONE, Status.NOT_APPLICABLE):
        return ""
    if status == Status.DONE_LATE:
        return _(
            "Đã thực hiện nhưng muộn so với quy định: lùi ngày khai mạc cho đủ thời hạn "
            "(xem ngày khai mạc sớm nhất hợp lệ)."
        )
    if step.returned and code in (RuleCode.R20, RuleCode.RA):
        return _("Sửa hồ sơ theo ý kiến của cấp trên và báo cáo lại.")
    if code == RuleCode.R30:
        return _("Gửi dự thảo các văn kiện bắt buộc lấy ý kiến các tổ chức đảng trực thuộc.")
    if code == RuleCode.R20:
        if has_standing:
            return _(
                "Trình Ban Thường vụ duyệt phương án nhân sự, rồi báo cáo văn kiện và phương án "
                "nhân sự lên cấp ủy cấp trên."
            )
        return _(
            "Trình chi ủy (nơi không có chi ủy: hội nghị chi bộ) thông qua phương án nhân sự, "
            "rồi báo cáo văn kiện và phương án nhân sự lên cấp ủy cấp trên."
        )
    if code == RuleCode.RA:
        if step.awaiting:
            return _("Chờ cấp ủy cấp trên cho ý kiến về báo cáo đã gửi.")
        return _("Báo cáo cấp ủy cấp trên để được cho ý kiến đồng ý tổ chức đại hội.")
    if code == RuleCode.PILOTS:
        return _("Chờ cấp trên tổ chức hội nghị rút kinh nghiệm, hoặc lùi ngày khai mạc.")
    return _("Ra thông báo triệu tập đại hội.")


def plan_approver(has_standing_committee: bool) -> str:
    """Who approves the personnel plan: the standing committee, or for a cell its committee."""
    if has_standing_committee:
        return _("Ban Thường vụ")
    return _("chi ủy (hoặc hội nghị chi bộ)")


class RuleHelp(NamedTuple):
    code: RuleCode
    label: str  # what the rule asks, without a day count (the counts differ by term)
    explanation: str
    deadlines: list[str]  # when it must be met, one per rule set shown


def rules_explained(rule_sets: list[RuleParams]) -> list[RuleHelp]:
    """Each rule as the help page explains it: once, with its deadline under each rule set."""
    words = {
        RuleCode.R30: _(
            "Mỗi văn kiện bắt buộc (báo cáo chính trị, báo cáo kiểm điểm của Ban Chấp hành, "
            "nghị quyết, chương trình hành động) phải có một lần dự thảo gửi lấy ý kiến các "
            "chi bộ, đảng bộ trực thuộc. Ngày được tính là ngày văn bản gửi sớm nhất của "
            "mỗi văn kiện; hạn được tính cho văn kiện gửi muộn nhất. Chi bộ không có tổ "
            "chức trực thuộc thì quy định này không áp dụng."
        ),
        RuleCode.R20: _(
            "Báo cáo gồm các dự thảo văn kiện và phương án nhân sự đã được Ban Thường vụ "
            "(ở chi bộ: chi ủy hoặc hội nghị chi bộ) thông qua. Nếu cấp trên trả lại, phải "
            "báo cáo lại; ngày của lần báo cáo lại là ngày được tính."
        ),
        RuleCode.RA: _(
            "Đại hội chỉ được khai mạc khi cấp ủy cấp trên trực tiếp đã đồng ý. Ý kiến đồng "
            "ý ghi ngày sau ngày khai mạc dự kiến là muộn: phải lùi ngày khai mạc."
        ),
        RuleCode.PILOTS: _(
            "Khi cấp trên chọn đại hội điểm, các tổ chức còn lại chỉ khai mạc sau khi cấp "
            "trên tổ chức hội nghị rút kinh nghiệm."
        ),
        RuleCode.ANNOUNCE: _(
            "Quyết định triệu tập thông báo ngày khai mạc trước thời hạn này (khi bộ quy tắc "
            "của nhiệm kỳ có kiểm tra)."
        ),
    }
    codes = [RuleCode.R30, RuleCode.R20, RuleCode.RA, RuleCode.PILOTS]
    if any(p.announcement_enabled for p in rule_sets):
        codes.append(RuleCode.ANNOUNCE)
    return [
        RuleHelp(
            code, rule_short_label(code), words[code], [rule_deadline(code, p) for p in rule_sets]
        )
        for code in codes
    ]


def status_explanations() -> dict[str, str]:
    """What each status of a rule means, for the help page (labels: congress_tags)."""
    return {
        str(Status.PENDING): _("Chưa đến hạn; còn thời gian để thực hiện."),
        str(Status.DUE_SOON): _("Sắp đến hạn: còn ít ngày, cần thực hiện ngay."),
        str(Status.DONE): _("Đã thực hiện trong thời hạn."),
        str(Status.DONE_LATE): _(
            "Đã thực hiện nhưng sau hạn; đại hội chưa được khai mạc vào ngày đã định, cần lùi "
            "ngày khai mạc."
        ),
        str(Status.OVERDUE): _("Đã quá hạn mà chưa thực hiện."),
        str(Status.RETURNED): _("Cấp trên trả lại báo cáo; cần sửa và báo cáo lại."),
        str(Status.NOT_APPLICABLE): _("Quy định không áp dụng cho tổ chức này."),
    }


class StageHelp(NamedTuple):
    status: str
    label: str
    explanation: str


def lifecycle_explained() -> list[StageHelp]:
    """The stages of a congress in order, as the help page explains them."""
    from .models import CongressStatus as S  # models word their labels through this module

    words = {
        S.PLANNED: _("Đã lập lịch đại hội: ngày khai mạc dự kiến, hình thức, số đại biểu."),
        S.PREPARING: _("Ban hành kế hoạch, thành lập các tiểu ban, soạn dự thảo văn kiện."),
        S.DRAFTS_CIRCULATED: _("Đã gửi dự thảo văn kiện lấy ý kiến các tổ chức trực thuộc."),
        S.REPORTED: _(
            "Đã báo cáo văn kiện và phương án nhân sự lên cấp ủy cấp trên, chờ cấp trên cho ý kiến."
        ),
        S.RETURNED: _("Cấp trên trả lại báo cáo kèm ý kiến; sửa hồ sơ và báo cáo lại."),
        S.APPROVED: _("Cấp trên đồng ý cho tổ chức đại hội."),
        S.CONVENED: _("Đã ra quyết định triệu tập, thông báo ngày khai mạc."),
        S.IN_SESSION: _("Đại hội đang họp: thông qua văn kiện, bầu cấp ủy mới."),
        S.CLOSED: _("Đại hội bế mạc; đã ghi kết quả bầu cử."),
        S.RATIFIED: _("Cấp trên đã chuẩn y kết quả bầu cử."),
        S.FOLLOWUP_DONE: _(
            "Đã hoàn thành việc sau đại hội: quy chế làm việc, chương trình hành động, phân "
            "công, chính sách với đồng chí không tái cử."
        ),
        S.POSTPONED: _(
            "Đại hội hoãn sang ngày khác (ở bất kỳ giai đoạn nào trước khai mạc); mọi thời hạn "
            "được tính lại theo ngày mới."
        ),
    }
    return [StageHelp(str(s), str(s.label), words[s]) for s in S]
