"""Personnel pages: the plan, its approval, election results and ratification."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.congresses.views import congress_or_404
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.core.views import show_refusal, submit_form
from apps.organizations.permissions import Action, may

from . import services
from .convened_base import recorded_base
from .forms import (
    CandidateFormSet,
    FirstMeetingForm,
    PlanForm,
    PlanImportForm,
    RatifyForm,
    ResultsForm,
    TransitionForm,
)
from .imports import read_candidates
from .models import ElectionResult, FollowUpTask, PlanStatus, Ratification
from .permissions import may_edit_plan, may_view_personnel
from .selectors import plan_for, plan_page_data


def personnel_congress_or_404(request, pk: int):
    """The congress, if the user may see its personnel data; siblings, subordinates and plain
    members get a 404 whatever they may see of the congress itself."""
    congress = congress_or_404(request, pk)
    if not may_view_personnel(request.user, congress):
        raise Http404(_("Không tìm thấy."))
    return congress


@login_required
def plan(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    the_plan = plan_for(congress)
    context = {
        "congress": congress,
        "plan": the_plan,
        "can_edit": may_edit_plan(request.user, congress),
        "can_approve": may(request.user, Action.APPROVE_PLAN, congress),
        "transition_form": TransitionForm(),
        "election": ElectionResult.objects.filter(congress=congress).first(),
    }
    if the_plan:
        context.update(plan_page_data(the_plan))
    return render(request, "personnel/plan.html", context)


def _initial(the_plan) -> tuple[dict, list[dict]]:
    if the_plan is None:
        return {}, []
    figures = {
        k: getattr(the_plan, k)
        for k in ("seats", "standing_seats", "deputy_posts", "inspection_seats", "note")
    }
    rows = [
        {k: getattr(c, k) for k in services.CANDIDATE_FIELDS} for c in the_plan.candidates.all()
    ]
    return figures, rows


@login_required
def edit(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    if not may_edit_plan(request.user, congress):
        raise HttpForbidden(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Nhân sự được lập phương án nhân sự.")
        )
    figures, rows = _initial(plan_for(congress))
    form = PlanForm(request.POST or None, initial=figures)
    formset = CandidateFormSet(request.POST or None, initial=rows, prefix="c")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        candidates = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.plan_save(
                actor=request.user, congress=congress, candidates=candidates, **form.cleaned_data
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu phương án nhân sự."))
            return redirect("personnel:plan", pk=congress.pk)
    return render(
        request, "personnel/edit.html", {"congress": congress, "form": form, "formset": formset}
    )


@login_required
def import_candidates(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    if not may_edit_plan(request.user, congress):
        raise HttpForbidden(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Nhân sự được lập phương án nhân sự.")
        )
    the_plan = plan_for(congress)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = read_candidates(upload.read(), upload.name)
        errors = parsed.errors
        if not errors:
            figures, _rows = _initial(the_plan)
            if not figures:
                figures = {"seats": max(1, len(parsed.rows) - 1)}
            try:
                services.plan_save(
                    actor=request.user, congress=congress, candidates=parsed.rows, **figures
                )
            except DomainError as exc:
                errors = exc.reasons
            else:
                messages.success(
                    request, _("Đã nhập %(n)s người vào danh sách.") % {"n": len(parsed.rows)}
                )
                return redirect("personnel:plan", pk=congress.pk)
    return render(
        request, "personnel/import.html", {"congress": congress, "form": form, "errors": errors}
    )


@login_required
@require_POST
def transition(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    the_plan = plan_for(congress)
    form = TransitionForm(request.POST)
    if the_plan is None or not form.is_valid() or form.cleaned_data["to"] not in PlanStatus.values:
        raise Http404
    data = form.cleaned_data
    try:
        services.plan_transition(
            plan=the_plan,
            to=data["to"],
            by=request.user,
            note=data["note"],
            meeting_date=data["meeting_date"],
            votes_for=data["votes_for"],
            votes_total=data["votes_total"],
        )
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request, _("Phương án nhân sự: %(s)s.") % {"s": PlanStatus(data["to"]).label}
        )
    return redirect("personnel:plan", pk=congress.pk)


@login_required
def results(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    if not may(request.user, Action.LEAD, congress):
        raise HttpForbidden(_("Bạn không có quyền ghi kết quả đại hội này."))
    approved = services.approved_plan(congress)
    candidates = list(approved.candidates.all()) if approved else []
    last_day = congress.opening_date + dt.timedelta(days=congress.days - 1)
    recorded = recorded_base(congress)
    form = ResultsForm(
        request.POST or None,
        candidates=candidates,
        base_recorded=recorded is not None,
        initial={"election_date": min(last_day, max(congress.opening_date, local_today()))},
    )
    counted = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _result, counted = services.results_record(
                actor=request.user,
                congress=congress,
                summoned=data.get("summoned"),
                excused=data.get("excused"),
                ballots_issued=data["ballots_issued"],
                ballots_valid=data["ballots_valid"],
                votes=form.votes(),
                election_date=data["election_date"],
                counting_board_head=data["counting_board_head"],
                counting_board_members=data["counting_board_members"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            if counted.tie:
                messages.warning(
                    request,
                    _("Có người bằng phiếu ở vị trí cuối: cần bầu lại giữa những người này."),
                )
            else:
                messages.success(request, _("Đã ghi kết quả bầu cử."))
                return redirect("personnel:first_meeting", pk=congress.pk)
    election = ElectionResult.objects.filter(congress=congress).first()
    votes = list(election.votes.select_related("candidate")) if election else []
    return render(
        request,
        "personnel/results.html",
        {
            "congress": congress,
            "form": form,
            "counted": counted,
            "recorded": recorded,
            "election": election,
            "votes": votes,
        },
    )


@login_required
def first_meeting(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    if not may(request.user, Action.LEAD, congress):
        raise HttpForbidden(_("Bạn không có quyền ghi kết quả đại hội này."))
    election = ElectionResult.objects.filter(congress=congress).first()
    if election is None:
        raise Http404
    elected = list(election.votes.filter(elected=True).select_related("candidate"))
    form = FirstMeetingForm(request.POST or None, elected=elected)
    if request.method == "POST" and form.is_valid():
        try:
            services.first_meeting_record(
                actor=request.user,
                congress=congress,
                meeting_date=form.cleaned_data["meeting_date"],
                posts=form.posts(),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("Đã ghi kết quả hội nghị lần thứ nhất và đề nghị cấp trên chuẩn y.")
            )
            return redirect("personnel:plan", pk=congress.pk)
    return render(
        request,
        "personnel/form.html",
        {
            "congress": congress,
            "form": form,
            "title": _("Hội nghị lần thứ nhất của cấp ủy khóa mới"),
        },
    )


@login_required
def ratify(request, pk: int):
    congress = personnel_congress_or_404(request, pk)
    if not may(request.user, Action.SUPERVISE, congress):
        raise HttpForbidden(_("Chỉ Ban Thường vụ cấp ủy cấp trên trực tiếp được chuẩn y."))
    # An old "Đề nghị chuẩn y" notice opens a ratified result: the page says so, without a
    # form the service would only refuse (the decide page does the same for a decided report).
    ratification = Ratification.objects.filter(congress=congress).first()
    form = None
    if ratification is None:
        form = RatifyForm(request.POST or None)
        done = submit_form(
            request,
            form,
            lambda data: services.ratify(actor=request.user, congress=congress, **data),
            success=_("Đã chuẩn y kết quả đại hội."),
            then=lambda _r: reverse("congresses:detail", args=[congress.pk]),
        )
        if done:
            return done
    election = ElectionResult.objects.filter(congress=congress).first()
    votes = (
        list(election.votes.filter(elected=True).select_related("candidate")) if election else []
    )
    return render(
        request,
        "personnel/ratify.html",
        {"congress": congress, "form": form, "votes": votes, "ratification": ratification},
    )


@login_required
@require_POST
def follow_up_done(request, pk: int):
    task = FollowUpTask.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    congress = congress_or_404(request, task.congress_id)
    try:
        services.follow_up_done(actor=request.user, task=task, done_on=local_today())
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("congresses:detail", pk=congress.pk)
