"""Congress pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.core.views import show_refusal, submit_form
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, is_administrator, may, scope_for
from apps.organizations.views import visible_or_404

from . import ics, selectors, services
from .agenda import day_events, days_before_opening, month_window
from .cache import TTL_SECONDS
from .contributions import congress_page_context, inbox_context
from .deadlines import LIGHT_ORDER, Evaluation, RuleCode, Status
from .facts import evaluate_all, evaluate_congress, params_for
from .forms import (
    CongressForm,
    DecisionForm,
    LessonsMeetingForm,
    PostponeForm,
    SuperiorReportForm,
)
from .models import (
    Congress,
    CongressStatus,
    LessonsMeeting,
    SuperiorReport,
    Term,
    congress_kind_for,
)
from .rule_wording import (
    lifecycle_explained,
    next_step,
    rule_label,
    rules_explained,
    status_explanations,
    step_facts,
)
from .templatetags.congress_tags import status_labels


def congress_or_404(request, pk: int) -> Congress:
    congress = selectors.visible_congress(user=request.user, pk=pk)
    if congress is None:
        raise Http404(_("Không tìm thấy đại hội."))
    return congress


def _require(request, action: Action, obj, message: str) -> None:
    if not may(request.user, action, obj):
        raise HttpForbidden(message)


def warn_if_unlawful(request, congress: Congress) -> str:
    """After a date is set or moved: say which rules the new date breaks, and the earliest
    lawful opening the actions already taken allow; then the congress page is where to go."""
    evaluation = evaluate_congress(congress, today=local_today()).evaluation
    broken = [
        r for r in evaluation.rules.values() if r.status in (Status.OVERDUE, Status.DONE_LATE)
    ]
    for result in broken:
        messages.warning(request, result.reason)
    if broken and evaluation.earliest_lawful_opening:
        messages.warning(
            request,
            _("Ngày khai mạc sớm nhất hợp lệ: %(d)s.")
            % {"d": evaluation.earliest_lawful_opening.strftime("%d/%m/%Y")},
        )
    return reverse("congresses:detail", args=[congress.pk])


@login_required
def index(request):
    """Where "Đại hội" in the menu goes: the dashboard of the highest organisation the user sees."""
    paths = scope_for(request.user).top_paths(Action.VIEW)
    org = (
        Organization.objects.filter(path__in=paths).order_by("path").first()
        if paths
        else Organization.objects.filter(depth=1).order_by("path").first()
        if is_administrator(request.user)
        else None
    )
    if org is None:
        return render(request, "congresses/no_scope.html")
    return redirect("congresses:dashboard", code=org.code)


@login_required
def rules_help(request):
    """What the rules ask (with each term's day counts), what the statuses mean, and the stages
    of a congress: linked from every checklist."""
    rule_sets: dict[int, dict] = {}
    for term in Term.objects.select_related("rule_set").order_by("start_year"):
        entry = rule_sets.setdefault(term.rule_set_id, {"rule_set": term.rule_set, "terms": []})
        entry["terms"].append(term)
    labels = status_labels()
    context = {
        "rule_sets": list(rule_sets.values()),
        "rules": rules_explained([params_for(e["rule_set"]) for e in rule_sets.values()]),
        "statuses": [(s, labels[s], text) for s, text in status_explanations().items()],
        "stages": lifecycle_explained(),
    }
    return render(request, "congresses/help.html", context)


@login_required
def dashboard(request, code: str):
    root = visible_or_404(request, code)
    today = local_today()
    terms = list(Term.objects.select_related("rule_set"))
    term = _term_from(request, today, terms)
    key = selectors.dashboard_key(user=request.user, root=root, term=term, today=today)
    # The counts and the table are cached as HTML under the rows' own key (the subtree's
    # version, term, day, the user's rights) plus the query and the language; the rows are
    # read (13,000 of them at the root, from the children's cached parts) only when that HTML
    # is not in the cache.
    board = SimpleLazyObject(
        lambda: selectors.subtree_dashboard(
            user=request.user,
            root=root,
            term=term,
            today=today,
            light=request.GET.get("light", ""),
            status=request.GET.get("status", ""),
            pilot=request.GET.get("pilot", ""),
            sort=request.GET.get("sort", "opening_date"),
            key=key,
        )
    )
    # The organisation's own congress and what the user may do there are read only when the
    # buttons are not cached (under the same key: the root's version covers its own congress,
    # the key the user's rights): those waiting for the table do not read them.
    own = SimpleLazyObject(
        lambda: (
            selectors.congresses_visible_to(user=request.user)
            .filter(organization=root, term=term)
            .select_related("term")
            .first()
        )
    )
    context = {
        "org": root,
        "board": board,
        "page": SimpleLazyObject(
            lambda: Paginator(board.rows, 50).get_page(request.GET.get("page"))
        ),
        "own": own,
        "terms": terms,
        "term": term,
        "lights": SimpleLazyObject(lambda: [(s, board.by_light.get(s, 0)) for s in LIGHT_ORDER]),
        "statuses": CongressStatus.choices,
        "can_lead": SimpleLazyObject(lambda: may(request.user, Action.LEAD, root)),
        "query": request.GET.copy(),
        "today": today,
        "dashboard_key": key,
        "cache_seconds": TTL_SECONDS,
    }
    return render(request, "congresses/dashboard.html", context)


TERM_SESSION_KEY = "term"


def _term_from(request, today: dt.date, terms: list[Term]) -> Term | None:
    """The term asked for in the address, else the one chosen earlier in this session, else
    the term of the congress the person is preparing; a choice is kept while they browse."""
    by_code = {t.code: t for t in terms}
    asked = by_code.get(request.GET.get("term", ""))
    if asked and request.session.get(TERM_SESSION_KEY) != asked.code:
        # Written only when the choice changes: a session saved on every view is an UPDATE and
        # a commit per dashboard, which four people opening it together wait for in turn.
        request.session[TERM_SESSION_KEY] = asked.code
    kept = by_code.get(request.session.get(TERM_SESSION_KEY, ""))
    return asked or kept or selectors.preparing_term(user=request.user, today=today, terms=terms)


@login_required
def detail(request, pk: int):
    congress = congress_or_404(request, pk)  # just read with its rule context
    today = local_today()
    evaluated = evaluate_all([congress], today=today)[0]
    evaluation = evaluated.evaluation
    rules = rule_rows(
        evaluation, has_standing_committee=congress.organization.has_standing_committee
    )
    reports = list(congress.superior_reports.select_related("submitted_by", "decided_by"))
    required = set(evaluated.params.required_kinds)
    can_lead = may(request.user, Action.LEAD, congress)
    context = {
        "congress": congress,
        "org": congress.organization,
        "evaluation": evaluation,
        "rules": rules,
        "timeline": _timeline(today, evaluation),
        "reports": reports,
        "can_lead": can_lead,
        "can_supervise": may(request.user, Action.SUPERVISE, congress),
        # reports are newest first
        "may_report": can_lead
        and services.superior_report_refusal(reports[0] if reports else None) is None,
        "report_form": SuperiorReportForm(),
        "decision_form": DecisionForm(),
        "plan": congress.personnel_plans.order_by("-version").first(),
        "election": getattr(congress, "election", None),
        "ratification": getattr(congress, "ratification", None),
        "follow_ups": list(congress.follow_ups.all()),
        "required_kinds": required,
        # A cell with no subordinate organisation circulates to no one (R30 does not apply): its
        # drafts table says so rather than "required" beside a rule marked not applicable.
        "circulates": evaluation[RuleCode.R30].status != Status.NOT_APPLICABLE,
        "today": today,
        # drafts and personnel: the apps above this one add their parts (contributions.py)
        **congress_page_context(request, congress),
    }
    return render(request, "congresses/detail.html", context)


def rule_rows(evaluation: Evaluation, *, has_standing_committee: bool) -> list[dict]:
    """The rule checklist of a congress page: each rule that applies (R30, R20 and RA always),
    named in words with its rule set's day count and, while something is to be done, the next
    step (rule_wording.py words both)."""
    return [
        {
            "code": code,
            "label": rule_label(code, evaluation.params),
            "result": result,
            "next_step": next_step(
                step_facts(evaluation, code), has_standing_committee=has_standing_committee
            ),
        }
        for code, result in evaluation.rules.items()
        if result.status != Status.NOT_APPLICABLE
        or code in (RuleCode.R30, RuleCode.R20, RuleCode.RA)
    ]


def _timeline(today: dt.date, evaluation) -> list[dict]:
    """Marks on a line from a little before D-30 to a little after the opening; today sits at
    an edge (with its date) when it lies outside, so distant dates never crush the others."""
    params = evaluation.params  # "D-n" with the rule set's n, never a literal
    marks = [
        ("r30", f"D-{days_before_opening(RuleCode.R30, params)}", evaluation["R30"].deadline),
        ("r20", f"D-{days_before_opening(RuleCode.R20, params)}", evaluation["R20"].deadline),
        ("opening", _("Khai mạc"), evaluation.opening_date),
    ]
    dates = [d for _k, _l, d in marks if d]
    lo = min(dates) - dt.timedelta(days=7)
    hi = max(dates) + dt.timedelta(days=7)
    span = max((hi - lo).days, 1)
    marks.append(("today", _("Hôm nay"), min(max(today, lo), hi)))
    out = [
        {"key": key, "label": label, "date": day, "left": round((day - lo).days * 100 / span, 1)}
        for key, label, day in marks
        if day
    ]
    out[-1]["date"] = today
    # In date order, labels alternately above and below the line (two near dates never share
    # a row); a mark near an end is anchored to it so its label stays inside the box.
    out.sort(key=lambda m: (m["left"], m["key"] != "today"))
    for i, mark in enumerate(out):
        edge = " edge-start" if mark["left"] < 8 else " edge-end" if mark["left"] > 92 else ""
        mark["place"] = ("above" if i % 2 == 0 else "below") + edge
    return out


@login_required
def schedule(request, code: str):
    org = visible_or_404(request, code)
    if not (may(request.user, Action.LEAD, org) or may(request.user, Action.KEEP_REGISTERS, org)):
        raise HttpForbidden(_("Bạn không có quyền lập lịch đại hội cho tổ chức này."))
    form = CongressForm(
        request.POST or None,
        initial={
            "term": selectors.current_term(today=local_today()),
            "kind": congress_kind_for(org),
        },
    )
    done = submit_form(
        request,
        form,
        lambda data: services.congress_schedule(actor=request.user, organization=org, **data),
        success=_("Đã lập lịch đại hội."),
        then=lambda congress: warn_if_unlawful(request, congress),
    )
    if done:
        return done
    return render(
        request, "congresses/form.html", {"form": form, "org": org, "title": _("Lập lịch đại hội")}
    )


@login_required
def edit(request, pk: int):
    congress = congress_or_404(request, pk)
    _require(request, Action.LEAD, congress, _("Bạn không có quyền sửa đại hội này."))
    form = CongressForm(request.POST or None, instance=Congress.objects.get(pk=congress.pk))
    done = submit_form(
        request,
        form,
        lambda data: services.congress_update(
            actor=request.user,
            congress=congress,
            **{k: v for k, v in data.items() if k != "term"},
        ),
        success=_("Đã lưu."),
        then=lambda saved: warn_if_unlawful(request, saved),
    )
    if done:
        return done
    return render(
        request,
        "congresses/form.html",
        {
            "form": form,
            "org": congress.organization,
            "congress": congress,
            "title": _("Sửa thông tin đại hội"),
        },
    )


@login_required
def postpone(request, pk: int):
    congress = congress_or_404(request, pk)
    _require(request, Action.LEAD, congress, _("Bạn không có quyền hoãn đại hội này."))
    form = PostponeForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.congress_postpone(actor=request.user, congress=congress, **data),
        success=lambda moved: (
            _("Đã hoãn đại hội sang ngày %(d)s.") % {"d": moved.opening_date.strftime("%d/%m/%Y")}
        ),
        then=lambda moved: warn_if_unlawful(request, moved),
    )
    if done:
        return done
    return render(
        request,
        "congresses/form.html",
        {
            "form": form,
            "org": congress.organization,
            "congress": congress,
            "title": _("Hoãn đại hội"),
        },
    )


@login_required
@require_POST
def open_congress(request, pk: int):
    congress = congress_or_404(request, pk)
    _require(request, Action.LEAD, congress, _("Bạn không có quyền khai mạc đại hội này."))
    try:
        services.congress_open(actor=request.user, congress=congress)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận khai mạc đại hội."))
    return redirect("congresses:detail", pk=congress.pk)


@login_required
@require_POST
def report_to_superior(request, pk: int):
    congress = congress_or_404(request, pk)
    form = SuperiorReportForm(request.POST)
    if form.is_valid():
        try:
            services.superior_report_submit(
                actor=request.user,
                congress=congress,
                official_date=form.cleaned_data["official_date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo lên cấp ủy cấp trên."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("congresses:detail", pk=congress.pk)


@login_required
def decide_report(request, pk: int):
    report = get_object_or_404(
        SuperiorReport.objects.select_related("congress__organization"), pk=pk
    )
    congress = congress_or_404(request, report.congress_id)
    _require(request, Action.SUPERVISE, congress, _("Bạn không có quyền quyết định báo cáo này."))
    form = DecisionForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.superior_report_decide(actor=request.user, report=report, **data),
        success=_("Đã ghi nhận quyết định."),
        then=lambda _report: reverse("congresses:detail", args=[congress.pk]),
    )
    if done:
        return done
    context = {"form": form, "report": report, "congress": congress, "org": congress.organization}
    brief = selectors.decision_brief(report=report, today=local_today())
    context.update(brief)
    evaluation: Evaluation = brief["evaluation"]
    context["rules"] = rule_rows(
        evaluation, has_standing_committee=congress.organization.has_standing_committee
    )
    return render(request, "congresses/decide.html", context)


@login_required
def lessons_meeting(request, code: str):
    org = visible_or_404(request, code)
    _require(
        request,
        Action.LEAD,
        org,
        _("Bạn không có quyền ghi nhận hội nghị rút kinh nghiệm của tổ chức này."),
    )
    term = selectors.current_term(today=local_today())
    existing = LessonsMeeting.objects.filter(organization=org).select_related("term")
    form = LessonsMeetingForm(request.POST or None, initial={"term": term})
    done = submit_form(
        request,
        form,
        lambda data: services.lessons_meeting_record(actor=request.user, organization=org, **data),
        success=_("Đã lưu."),
        then=lambda _meeting: reverse("congresses:dashboard", args=[org.code]),
    )
    if done:
        return done
    return render(
        request, "congresses/lessons.html", {"form": form, "org": org, "existing": existing}
    )


# What one day of the month grid shows before "+n more": a day at the root can hold a hundred
# openings and deadlines (the whole month was 1.6 MB at national scale); the rest of a day is
# listed, a page at a time, under the grid when its "+n" is followed.
DAY_LIMIT = 4
DAY_PAGE = 50


@login_required
def month_calendar(request, code: str):
    root = visible_or_404(request, code)
    today = local_today()
    first, problem = calendar_month(request.GET.get("month"), today=today)
    if problem:
        messages.warning(request, problem)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    month = {"user": request.user, "root": root, "first": first, "last": last, "today": today}
    window = month_window(**month, limit=DAY_LIMIT)
    weeks = [
        [
            (day, window.shown.get(day, []), window.more.get(day, 0))
            if day.month == first.month
            else (None, [], 0)
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    chosen = calendar_day(request.GET.get("day"), first=first, last=last)
    listed = day_events(**month, day=chosen) if chosen else []
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    context = {
        "org": root,
        "weeks": weeks,
        "first": first,
        "month": f"{first.year}-{first.month:02d}",
        "chosen": chosen,
        "day_page": Paginator(listed, DAY_PAGE).get_page(request.GET.get("page"))
        if chosen
        else None,
        "prev": f"{prev_month.year}-{prev_month.month}" if first > CALENDAR_FIRST else "",
        "next": f"{next_month.year}-{next_month.month}" if first < CALENDAR_LAST else "",
        "ics_expires": ics.feed_expires(),
        "ics_url": request.build_absolute_uri(
            reverse("congresses:ics", args=[root.code, ics_token(request.user, root)])
        ),
    }
    return render(request, "congresses/calendar.html", context)


def calendar_day(raw: str | None, *, first: dt.date, last: dt.date) -> dt.date | None:
    """The day of the shown month whose whole list was asked for (?day=2026-11-03); anything
    else (garbage, another month's day) shows the grid alone."""
    try:
        day = dt.date.fromisoformat(raw or "")
    except ValueError:
        return None
    return day if first <= day <= last else None


# The months the calendar shows: far beyond any congress, well inside what dates can hold
# (a month at either end of Python's calendar has no neighbour to link to).
CALENDAR_FIRST = dt.date(1945, 1, 1)
CALENDAR_LAST = dt.date(2100, 12, 1)


def calendar_month(raw: str | None, *, today: dt.date) -> tuple[dt.date, str]:
    """The first day of the month asked for (?month=2026-11), and what to tell the user when
    the request could not be honoured as written: garbage shows this month, a month outside
    the calendar's range the nearest month inside it."""
    if not raw:
        return today.replace(day=1), ""
    try:
        year, month = (int(part) for part in raw.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(raw)
    except ValueError:
        return today.replace(day=1), _("Tháng không hợp lệ (cần dạng năm-tháng, ví dụ %(e)s).") % {
            "e": f"{today.year}-{today.month:02d}"
        }
    if (year, month) < (CALENDAR_FIRST.year, CALENDAR_FIRST.month):
        first = CALENDAR_FIRST
    elif (year, month) > (CALENDAR_LAST.year, CALENDAR_LAST.month):
        first = CALENDAR_LAST
    else:
        return dt.date(year, month, 1), ""
    return first, _("Lịch chỉ có từ tháng %(a)s đến tháng %(b)s; đang xem tháng %(m)s.") % {
        "a": CALENDAR_FIRST.strftime("%m/%Y"),
        "b": CALENDAR_LAST.strftime("%m/%Y"),
        "m": first.strftime("%m/%Y"),
    }


def ics_token(user, org: Organization) -> str:
    return ics.feed_token(user, org.code)


@never_cache
def ics_feed(request, code: str, token: str):
    """Calendar apps cannot log in: the signed token names the user, whose rights still apply."""
    body = ics.subtree_feed(
        token=token,
        code=code,
        name=_("Đại hội"),
        today=local_today(),
        url_for=lambda c: request.build_absolute_uri(reverse("congresses:detail", args=[c.pk])),
    )
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def ics_rotate(request, code: str):
    """The owner cuts off every calendar address given so far (say, one was shared by mistake)."""
    root = visible_or_404(request, code)
    ics.feeds_rotate(user=request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch mới; các địa chỉ cũ đã ngừng hoạt động."))
    return redirect("congresses:calendar", code=root.code)


@login_required
def inbox(request):
    """The superior's inbox: reports awaiting a decision, oldest first, days left to opening."""
    today = local_today()
    reports = list(selectors.reports_awaiting_decision(user=request.user))
    for r in reports:
        r.days_left = (r.congress.opening_date - today).days
        r.days_overdue = -r.days_left
    context = {
        "reports": reports,
        "today": today,
        **inbox_context(request.user),  # the ratifications awaiting (personnel)
    }
    return render(request, "congresses/inbox.html", context)
