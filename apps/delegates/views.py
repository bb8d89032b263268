"""Delegate pages: membership counts, the allocation, the election of delegates at a subordinate
congress, the upper congress's list and credentials. Thin: the services decide, the selectors
read; a user who may not see the data gets 404, one who sees but may not act gets 403."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.congresses.models import Congress
from apps.congresses.views import congress_or_404
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.core.views import show_refusal, submit_form
from apps.organizations import membership_counts as count_services
from apps.organizations.permissions import Action, may
from apps.organizations.views import visible_or_404
from apps.personnel.convened_base import recorded_base

from . import allocation as allocation_services
from . import credentials as credential_services
from . import elections as election_services
from .allocation import subordinates_of
from .forms import (
    AdjustForm,
    AllocationForm,
    CandidateForm,
    CredentialsBoardForm,
    DelegateFactsForm,
    ElectionResultForm,
    MembershipCountForm,
    ReasonForm,
)
from .models import Delegate, DelegateElection, DelegateStatus
from .permissions import (
    may_manage_delegates,
    may_record_delegate_election,
    may_view_delegate_election,
    may_view_delegates,
)
from .selectors import allocation_congress, allocation_page, counts_visible_to, delegate_list


@login_required
def counts(request, code: str):
    """An organisation's and its direct subordinates' membership counts, newest first, and
    the form to record one (the import page takes them in bulk)."""
    org = visible_or_404(request, code)
    organizations = [org, *subordinates_of(org)]
    editable = [o for o in organizations if count_services.may_edit_counts(request.user, o)]
    form = MembershipCountForm(
        request.POST or None, organizations=editable, initial={"as_of": local_today()}
    )
    if request.method == "POST" and not editable:
        raise HttpForbidden(_("Bạn không có quyền cập nhật số đảng viên của tổ chức này."))
    by_code = {o.code: o for o in editable}
    done = submit_form(
        request,
        form,
        lambda d: count_services.membership_count_set(
            actor=request.user,
            organization=by_code[d["organization"]],
            as_of=d["as_of"],
            official=d["official"],
            probationary=d["probationary"],
        ),
        success=_("Đã lưu số đảng viên."),
        then=lambda _c: reverse("delegates:counts", args=[org.code]),
    )
    if done:
        return done
    rows = list(
        counts_visible_to(user=request.user, organization=org).order_by(
            "organization__path", "-as_of"
        )
    )
    return render(
        request,
        "delegates/counts.html",
        {"org": org, "rows": rows, "form": form if editable else None},
    )


def _allocation_congress(request, pk: int) -> tuple[Congress, bool]:
    """The congress whose allocation the user reads (selectors.allocation_congress: its units'
    people too), and whether they may act on it."""
    congress = allocation_congress(user=request.user, pk=pk)
    if congress is None:
        raise Http404(_("Không tìm thấy."))
    return congress, may_manage_delegates(request.user, congress)


@login_required
def allocation(request, pk: int):
    congress, can_manage = _allocation_congress(request, pk)
    page = allocation_page(congress)
    today = local_today()
    initial = {"seats": congress.delegate_count, "counts_as_of": today, "decided_on": today}
    if page.allocation:
        initial = {
            "seats": page.allocation.seats,
            "counts_as_of": page.allocation.counts_as_of,
            "decided_on": page.allocation.decided_on,
        }
    form = AllocationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_manage:
            raise HttpForbidden(_("Bạn không có quyền phân bổ đại biểu."))
        done = submit_form(
            request,
            form,
            lambda d: allocation_services.allocation_prepare(
                actor=request.user, congress=congress, **d
            ),
            success=_("Đã phân bổ đại biểu."),
            then=lambda _a: reverse("delegates:allocation", args=[congress.pk]),
        )
        if done:
            return done
    adjust = AdjustForm(shares=page.shares) if page.allocation else None
    return render(
        request,
        "delegates/allocation.html",
        {
            "congress": congress,
            "page": page,
            "form": form,
            "adjust_form": adjust,
            "can_manage": can_manage,
            # a unit reads the allocation without seeing its superior's congress or counts:
            # no link is offered to a page that would answer 404
            "sees_congress": may(request.user, Action.VIEW, congress.organization),
        },
    )


@login_required
@require_POST
def adjust(request, pk: int):
    congress, can_manage = _allocation_congress(request, pk)
    if not can_manage:
        raise HttpForbidden(_("Bạn không có quyền phân bổ đại biểu."))
    page = allocation_page(congress)
    form = AdjustForm(request.POST, shares=page.shares)
    if form.is_valid():
        try:
            allocation_services.allocation_adjust(
                actor=request.user,
                congress=congress,
                seats=form.seats(),
                alternates=form.alternates(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã điều chỉnh phân bổ đại biểu."))
            return redirect("delegates:allocation", pk=congress.pk)
    return render(
        request,
        "delegates/allocation.html",
        {
            "congress": congress,
            "page": page,
            "form": AllocationForm(),
            "adjust_form": form,
            "can_manage": can_manage,
            "adjust_open": True,
        },
    )


@login_required
def election(request, pk: int):
    """The election of delegates to the upper congress at this (subordinate) congress."""
    congress = congress_or_404(request, pk)
    upper = election_services.upper_congress_of(congress)
    if upper is None:
        raise Http404(_("Đại hội cấp trên chưa phân bổ đại biểu cho tổ chức này."))
    if not may_view_delegate_election(request.user, congress, upper):
        raise Http404(_("Không tìm thấy."))
    can_record = may_record_delegate_election(request.user, congress, upper)
    the_election = (
        DelegateElection.objects.filter(congress=congress).select_related("share").first()
    )
    candidates = list(the_election.candidates.order_by("position", "id")) if the_election else []
    share = upper.allocation.shares.get(organization=congress.organization)
    candidate_form = CandidateForm(prefix="c")
    last_day = congress.opening_date + dt.timedelta(days=congress.days - 1)
    recorded = recorded_base(congress) is not None
    result_form = ElectionResultForm(
        prefix="r",
        candidates=candidates,
        recorded=recorded,
        initial={
            "election_date": min(last_day, max(congress.opening_date, local_today())),
            "official_seats": share.seats,
            "alternate_seats": share.alternates,
        },
    )
    if request.method == "POST":
        if not can_record:
            raise HttpForbidden(_("Bạn không có quyền ghi việc bầu đại biểu của đại hội này."))
        step = request.POST.get("step")
        try:
            if step == "open":
                election_services.delegate_election_open(actor=request.user, congress=congress)
                return redirect("delegates:election", pk=congress.pk)
            if step == "candidate" and the_election:
                candidate_form = CandidateForm(request.POST, prefix="c")
                if candidate_form.is_valid():
                    election_services.delegate_candidates_add(
                        actor=request.user,
                        election=the_election,
                        people=[election_services.CandidateInput(**candidate_form.cleaned_data)],
                    )
                    messages.success(request, _("Đã thêm người vào danh sách bầu."))
                    return redirect("delegates:election", pk=congress.pk)
            if step == "remove" and the_election:
                found = the_election.candidates.filter(pk=request.POST.get("candidate") or 0)
                for c in found:
                    election_services.delegate_candidate_remove(actor=request.user, candidate=c)
                return redirect("delegates:election", pk=congress.pk)
            if step == "result" and the_election:
                result_form = ElectionResultForm(
                    request.POST, prefix="r", candidates=candidates, recorded=recorded
                )
                if result_form.is_valid():
                    d = result_form.cleaned_data
                    counted = election_services.delegate_election_record(
                        actor=request.user,
                        election=the_election,
                        official_seats=d["official_seats"],
                        alternate_seats=d["alternate_seats"],
                        summoned=d.get("summoned"),
                        excused=d.get("excused"),
                        ballots_issued=d["ballots_issued"],
                        ballots_valid=d["ballots_valid"],
                        votes=result_form.votes(),
                        election_date=d["election_date"],
                    )
                    messages.success(
                        request,
                        _(
                            "Đã ghi kết quả: %(o)s đại biểu chính thức, %(a)s đại biểu dự khuyết "
                            "(trúng cử phải đạt ít nhất %(n)s phiếu)."
                        )
                        % {
                            "o": len(counted.official),
                            "a": len(counted.alternates),
                            "n": counted.needed,
                        },
                    )
                    if counted.official_left:
                        messages.warning(
                            request,
                            _(
                                "Còn %(n)s đại biểu chính thức chưa bầu đủ; đại hội quyết định "
                                "có bầu tiếp hay không."
                            )
                            % {"n": counted.official_left},
                        )
                    return redirect("delegates:election", pk=congress.pk)
        except DomainError as exc:
            target = (
                result_form if step == "result" else candidate_form if step == "candidate" else None
            )
            show_refusal(request, exc, target)
    return render(
        request,
        "delegates/election.html",
        {
            "congress": congress,
            "upper": upper,
            "share": share,
            "election": the_election,
            "candidates": candidates,
            "candidate_form": candidate_form,
            "result_form": result_form,
            "can_record": can_record,
        },
    )


def _list_congress(request, pk: int) -> tuple[Congress, bool]:
    congress = congress_or_404(request, pk)
    if not may_view_delegates(request.user, congress):
        raise Http404(_("Không tìm thấy."))
    return congress, may_manage_delegates(request.user, congress)


@login_required
def delegates(request, pk: int):
    """The delegate list by source, the composition, and the credentials board."""
    congress, can_manage = _list_congress(request, pk)
    listing = delegate_list(congress)
    board = getattr(congress, "credentials_board", None)
    board_form = CredentialsBoardForm(
        request.POST or None,
        initial=(
            {"head": board.head, "members": board.members, "report_date": board.report_date}
            if board
            else {"report_date": congress.opening_date}
        ),
    )
    if request.method == "POST":
        if not can_manage:
            raise HttpForbidden(_("Bạn không có quyền với danh sách đại biểu."))
        done = submit_form(
            request,
            board_form,
            lambda d: credential_services.credentials_board_set(
                actor=request.user, congress=congress, **d
            ),
            success=_("Đã lưu Ban thẩm tra tư cách đại biểu."),
            then=lambda _b: reverse("delegates:list", args=[congress.pk]),
        )
        if done:
            return done
    return render(
        request,
        "delegates/list.html",
        {
            "congress": congress,
            "listing": listing,
            "board": board,
            "board_form": board_form,
            "can_manage": can_manage,
            "OFFICIAL": DelegateStatus.OFFICIAL,
        },
    )


def _delegate_of(congress: Congress, delegate_pk: int) -> Delegate:
    found = Delegate.objects.filter(pk=delegate_pk, congress=congress).first()
    if found is None:
        raise Http404(_("Đại biểu này không thuộc danh sách đại biểu của đại hội này."))
    return found


@login_required
def delegate_action(request, pk: int, delegate_pk: int, action: str):
    """Replace by an alternate, disqualify, or correct a delegate's facts."""
    congress, can_manage = _list_congress(request, pk)
    delegate = _delegate_of(congress, delegate_pk)
    if action not in ("replace", "disqualify", "edit"):
        raise Http404
    if not can_manage:
        raise HttpForbidden(_("Bạn không có quyền với danh sách đại biểu."))
    form: forms.Form
    if action == "edit":
        form = DelegateFactsForm(
            request.POST or None,
            initial={f: getattr(delegate, f) for f in credential_services.DELEGATE_FACTS},
        )
        service = lambda d: credential_services.delegate_update(  # noqa: E731
            actor=request.user, congress=congress, delegate=delegate, **d
        )
        success = _("Đã sửa thông tin đại biểu.")
    else:
        form = ReasonForm(request.POST or None)
        if action == "replace":
            service = lambda d: credential_services.delegate_replace(  # noqa: E731
                actor=request.user, congress=congress, delegate=delegate, reason=d["reason"]
            )
            success = _("Đã thay thế đại biểu bằng đại biểu dự khuyết.")
        else:
            service = lambda d: credential_services.delegate_disqualify(  # noqa: E731
                actor=request.user, congress=congress, delegate=delegate, reason=d["reason"]
            )
            success = _("Đã ghi đại biểu không đủ tư cách.")
    done = submit_form(
        request,
        form,
        service,
        success=success,
        then=lambda _d: reverse("delegates:list", args=[congress.pk]) + f"#d{delegate.pk}",
    )
    if done:
        return done
    return render(
        request,
        "delegates/delegate_action.html",
        {"congress": congress, "delegate": delegate, "form": form, "action": action},
    )
