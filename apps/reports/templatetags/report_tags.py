from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from apps.congresses.models import Congress
from apps.documents.models import DraftRound
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may

from ..builders import ReportKind
from ..services import UNNUMBERED, may_read_report, report_available

register = template.Library()


def labels() -> dict[str, str]:
    return {
        ReportKind.SUPERIOR_REPORT: _("Báo cáo cấp trên"),
        ReportKind.PERSONNEL_PLAN: _("Tờ trình nhân sự"),
        ReportKind.ELECTION_MINUTES: _("Biên bản kiểm phiếu"),
        ReportKind.RATIFICATION: _("Quyết định chuẩn y"),
        ReportKind.CONSOLIDATION: _("Tổng hợp ý kiến"),
        ReportKind.DRAFT_ROUND: _("Bản dự thảo"),
        ReportKind.PROGRESS: _("Báo cáo tiến độ"),
        ReportKind.DELEGATE_ALLOCATION: _("Quyết định phân bổ đại biểu"),
        ReportKind.CREDENTIALS: _("Báo cáo thẩm tra tư cách đại biểu"),
    }


@register.inclusion_tag("reports/_links.html", takes_context=True)
def report_buttons(context, obj):
    """The PDF reports the user may download for this object, and whether they may issue them."""
    user = context["request"].user
    if isinstance(obj, Congress):
        kinds = [
            ReportKind.SUPERIOR_REPORT,
            ReportKind.PERSONNEL_PLAN,
            ReportKind.ELECTION_MINUTES,
            ReportKind.RATIFICATION,
        ]
        key = str(obj.pk)
    elif isinstance(obj, DraftRound):
        kinds, key = [ReportKind.CONSOLIDATION, ReportKind.DRAFT_ROUND], str(obj.pk)
    elif isinstance(obj, Organization):
        kinds, key = [ReportKind.PROGRESS], obj.code
    else:
        kinds, key = [], ""
    names = labels()
    links = [
        (str(k), names[k])
        for k in kinds
        if may_read_report(user, k, obj) and report_available(k, obj) is None
    ]
    org = (
        obj
        if isinstance(obj, Organization)
        else getattr(obj, "organization", None) or obj.document.congress.organization
    )
    can_issue = bool(links) and (
        may(user, Action.LEAD, org) or may(user, Action.KEEP_REGISTERS, org)
    )
    # A progress report covers the term chosen on the page that shows the buttons.
    term = context.get("term") if isinstance(obj, Organization) else None
    return {
        "links": links,
        "numbered": [(k, label) for k, label in links if ReportKind(k) not in UNNUMBERED],
        "key": key,
        "query": f"?{urlencode({'term': term.code})}" if term is not None else "",
        "can_issue": can_issue,
        "csrf_token": context.get("csrf_token"),
    }
