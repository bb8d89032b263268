"""The congress day's pages: the door (scanner and typed code), the live attendance, the cards.

Thin: they read through selectors and act through services. A congress the user may not see is
a 404; one they see but may not act on is a 403. The door answers HTMX requests with a fragment
(the result of the check-in, shown where the scanner is), plain posts with a message and a
redirect, so the form works without JavaScript too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import audit_record
from apps.congresses.models import Congress, CongressKind
from apps.congresses.views import congress_or_404
from apps.core.errors import DomainError, PermissionDenied
from apps.core.views import show_refusal
from apps.organizations.permissions import Action, may
from apps.personnel.elections import votes_needed

from . import selectors, services
from .cards import cards_pdf
from .forms import CheckInForm, ExcuseForm, UndoForm
from .models import Attendance

STATES = ("", "present", "excused", "waiting")


def _day_or_404(request, pk: int) -> Congress:
    congress = congress_or_404(request, pk)
    if congress.kind != CongressKind.DELEGATES:
        raise Http404(_("Đại hội này không có danh sách đại biểu."))
    return congress


def _acting(request, pk: int) -> Congress:
    congress = _day_or_404(request, pk)
    if not services.may_conduct_day(request.user, congress):
        raise HttpForbidden(_("Bạn không có quyền điểm danh đại biểu của đại hội này."))
    return congress


def _watching(request, pk: int) -> Congress:
    """Those who act, and the superior's standing committee that follows the congress."""
    congress = _day_or_404(request, pk)
    if not (
        services.may_conduct_day(request.user, congress)
        or may(request.user, Action.SUPERVISE, congress)
    ):
        raise HttpForbidden(_("Bạn không có quyền xem điểm danh của đại hội này."))
    return congress


def _live_context(congress: Congress, state: str) -> dict:
    count = selectors.attendance_count(congress)
    return {
        "congress": congress,
        "count": count,
        "needed_votes": votes_needed(count.base) if count.summoned else None,
        "rows": selectors.attendance_rows(congress, state=state),
        "state": state,
    }


@login_required
def attendance(request, pk: int):
    congress = _watching(request, pk)
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    context = _live_context(congress, state)
    context["can_act"] = services.may_conduct_day(request.user, congress)
    return render(request, "attendance/attendance.html", context)


@login_required
def live(request, pk: int):
    """What the pages poll (HTMX, every few seconds): the counts, and the list unless the
    scanner asks for the counts only (``?part=counts``)."""
    congress = _watching(request, pk)
    if request.GET.get("part") == "recent":
        return render(
            request, "attendance/_recent.html", {"recent": selectors.recent_checkins(congress)}
        )
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    context = _live_context(congress, state)
    context["can_act"] = services.may_conduct_day(request.user, congress)
    if request.GET.get("part") == "counts":
        return render(request, "attendance/_counts.html", context)
    return render(request, "attendance/_live.html", context)


@login_required
def scan(request, pk: int):
    congress = _acting(request, pk)
    return render(
        request,
        "attendance/scan.html",
        {
            "congress": congress,
            "form": CheckInForm(),
            "count": selectors.attendance_count(congress),
            "recent": selectors.recent_checkins(congress),
        },
    )


@login_required
@require_POST
def checkin(request, pk: int):
    congress = _acting(request, pk)
    form = CheckInForm(request.POST)
    outcome: dict = {"congress": congress}
    if not form.is_valid():
        outcome["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            record = services.attendance_checkin(
                actor=request.user,
                congress=congress,
                token=form.cleaned_data["token"],
                code=form.cleaned_data["code"],
            )
        except services.AlreadyCheckedIn as exc:
            outcome["warning"] = exc.message
        except DomainError as exc:
            if isinstance(exc, PermissionDenied):
                raise HttpForbidden(exc.message) from exc
            outcome["error"] = exc.message
        else:
            outcome["record"] = record
    if request.headers.get("HX-Request"):
        return render(request, "attendance/_result.html", outcome)
    if "record" in outcome:
        record = outcome["record"]
        messages.success(
            request, _("Đã điểm danh: %(name)s.") % {"name": record.delegate.full_name}
        )
    else:
        messages.error(request, outcome.get("warning") or outcome["error"])
    return redirect("attendance:scan", pk=congress.pk)


class ReasonedStep(NamedTuple):
    """A change to one delegate's record that needs a reason: excusing, taking back a check-in."""

    form_class: type[forms.Form]
    service: Callable[..., object]
    done: str  # the success message, with %(name)s
    template: str


def _with_reason(request, pk: int, delegate_pk: int, step: ReasonedStep):
    """The page of a reasoned step: the delegate and their record, the reason, the service."""
    congress = _acting(request, pk)
    delegate = selectors.seated(congress).select_related("source").filter(pk=delegate_pk).first()
    if delegate is None:
        raise Http404(_("Không có đại biểu này trong danh sách của đại hội."))
    form = step.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(
                actor=request.user,
                congress=congress,
                delegate_id=delegate.pk,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, step.done % {"name": delegate.full_name})
            return redirect("attendance:page", pk=congress.pk)
    record = Attendance.objects.filter(delegate=delegate).select_related("checked_in_by").first()
    return render(
        request,
        step.template,
        {"congress": congress, "delegate": delegate, "record": record, "form": form},
    )


@login_required
def excuse(request, pk: int, delegate_pk: int):
    step = ReasonedStep(
        ExcuseForm,
        services.attendance_excuse,
        _("Đã ghi %(name)s vắng mặt có lý do."),
        "attendance/excuse.html",
    )
    return _with_reason(request, pk, delegate_pk, step)


@login_required
def undo(request, pk: int, delegate_pk: int):
    """Take back a check-in made by mistake, with a reason."""
    step = ReasonedStep(
        UndoForm,
        services.attendance_undo,
        _("Đã hủy điểm danh của %(name)s."),
        "attendance/undo.html",
    )
    return _with_reason(request, pk, delegate_pk, step)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def cards(request, pk: int):
    """Every seated delegate's card (or one delegation's: ``?source=<organisation id>``)."""
    congress = _acting(request, pk)
    source = request.GET.get("source", "")
    faces = selectors.card_faces(congress, source_id=int(source) if source.isdigit() else None)
    if not faces:
        messages.error(request, _("Chưa có đại biểu nào để in thẻ."))
        return redirect("attendance:page", pk=congress.pk)
    content = cards_pdf(selectors.card_header(congress), faces)
    audit_record(
        actor=request.user,
        verb="attendance.cards_print",
        target=congress,
        organization=congress.organization,
        cards=len(faces),
    )
    return _pdf(content, f"the-dai-bieu-{congress.pk}.pdf")


@login_required
def my_cards(request):
    """A delegate's own seats (their account linked to the delegate) and their cards."""
    return render(request, "attendance/my_cards.html", {"seats": selectors.own_cards(request.user)})


@login_required
def my_card(request, delegate_pk: int):
    delegate = selectors.own_cards(request.user).filter(pk=delegate_pk).first()
    if delegate is None:
        raise Http404(_("Không tìm thấy thẻ đại biểu của bạn."))
    content = cards_pdf(selectors.card_header(delegate.congress), [selectors.card_face(delegate)])
    return _pdf(content, f"the-dai-bieu-{delegate.code}.pdf")
