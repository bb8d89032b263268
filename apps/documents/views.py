"""Draft pages: thin views over selectors and services."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.views import congress_or_404
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.core.views import show_refusal, submit_form

from . import selectors, services
from .capacities import CommentCapacity, capacity_key, comment_capacities
from .diffing import Comparison, compare_texts
from .forms import CirculateForm, CommentForm, DisposeForm, DocumentForm, RoundForm
from .models import Comment, DraftDocument, DraftRound
from .permissions import may_edit_documents, may_view_round


def document_or_404(request, pk: int) -> DraftDocument:
    document = DraftDocument.objects.filter(pk=pk).select_related("congress").first()
    if document is None:
        raise Http404
    congress_or_404(request, document.congress_id)  # the congress's visibility decides
    return document


def round_or_404(request, pk: int) -> DraftRound:
    rnd = (
        DraftRound.objects.filter(pk=pk)
        .select_related(
            "document__congress__organization", "document__congress__term", "submitted_by"
        )
        .first()
    )
    if rnd is None or not may_view_round(request.user, rnd):
        raise Http404(_("Không tìm thấy dự thảo."))
    return rnd


@login_required
def add_document(request, congress_pk: int):
    congress = congress_or_404(request, congress_pk)
    if not may_edit_documents(request.user, congress):
        raise HttpForbidden(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Văn kiện được trình và gửi dự thảo.")
        )
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user, congress=congress, **form.cleaned_data
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("documents:document", pk=document.pk)
    return render(
        request,
        "documents/form.html",
        {"form": form, "congress": congress, "title": _("Thêm văn kiện")},
    )


@login_required
def document(request, pk: int):
    doc = document_or_404(request, pk)
    congress = doc.congress
    can_edit = may_edit_documents(request.user, congress)
    form = RoundForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise HttpForbidden(
                _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Văn kiện được trình và gửi dự thảo.")
            )
        if form.is_valid():
            try:
                rnd = services.round_submit(actor=request.user, document=doc, **form.cleaned_data)
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Đã trình dự thảo lần %(n)s.") % {"n": rnd.number})
                return redirect("documents:round", pk=rnd.pk)
    rounds = list(doc.rounds.select_related("submitted_by").prefetch_related("circulations"))
    return render(
        request,
        "documents/document.html",
        {"doc": doc, "congress": congress, "rounds": rounds, "form": form, "can_edit": can_edit},
    )


@login_required
def round_page(request, pk: int):
    rnd = round_or_404(request, pk)
    congress = rnd.document.congress
    states, comments = selectors.round_page_data(rnd)
    can_edit = may_edit_documents(request.user, congress)
    today = local_today()
    # Only the capacities still open for comment (services.comment_deadline_refusal), so the
    # page offers no "Góp ý" or "Sửa góp ý" that could only be refused.
    capacities = [
        c
        for c in comment_capacities(user=request.user, rnd=rnd)
        if services.comment_deadline_refusal(c.circulation, today) is None
    ]
    versions = selectors.comment_versions(comments)
    mine = {c.key for c in capacities}
    comment_rows = [
        CommentRow(
            c,
            versions.get(c.pk, []),
            capacity_key(c.organization) in mine
            and (c.organization_id is not None or c.author_id == request.user.pk),
        )
        for c in comments
    ]
    other_rounds = list(rnd.document.rounds.exclude(pk=rnd.pk).order_by("-number"))
    diff_with = _diff_target(request, rnd, other_rounds)
    context = {
        "rnd": rnd,
        "congress": congress,
        "org": congress.organization,
        "states": states,
        "comments": comment_rows,
        "can_edit": can_edit,
        "circulate_form": CirculateForm(
            subordinates=services.subordinate_organizations(congress.organization)
        )
        if can_edit
        else None,
        "comment_form": CommentForm(capacities=_choices(capacities)) if capacities else None,
        "dispose_form": DisposeForm() if can_edit else None,
        "other_rounds": other_rounds,
        "diff_with": diff_with,
        "comparison": _comparison(diff_with, rnd) if diff_with else None,
        "today": today,
    }
    return render(request, "documents/round.html", context)


def _diff_target(request, rnd, others):
    raw = request.GET.get("diff")
    if not raw or not raw.isdigit():
        return None
    return next((o for o in others if o.pk == int(raw)), None)


def _comparison(old: DraftRound, new: DraftRound) -> Comparison:
    return compare_texts(
        old.text,
        new.text,
        _("Dự thảo lần %(n)s") % {"n": old.number},
        _("Dự thảo lần %(n)s") % {"n": new.number},
    )


def _choices(capacities: list[CommentCapacity]) -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in capacities]


@login_required
def circulate(request, pk: int):
    rnd = round_or_404(request, pk)
    congress = rnd.document.congress
    if not may_edit_documents(request.user, congress):
        raise HttpForbidden(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Văn kiện được trình và gửi dự thảo.")
        )
    subordinates = services.subordinate_organizations(congress.organization)
    form = CirculateForm(request.POST or None, subordinates=subordinates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.circulate(
                actor=request.user,
                rnd=rnd,
                recipients="all" if data["all_subordinates"] else list(data["organizations"]),
                include_committee_members=data["include_committee_members"],
                include_subordinate_secretaries=data["include_subordinate_secretaries"],
                comment_deadline=data["comment_deadline"],
                official_date=data["official_date"],
                reason=data["reason"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã gửi dự thảo lấy ý kiến."))
            return redirect("documents:round", pk=rnd.pk)
    return render(
        request,
        "documents/form.html",
        {"form": form, "congress": congress, "rnd": rnd, "title": _("Gửi lấy ý kiến")},
    )


class CommentRow(NamedTuple):
    """A comment on the round page with every text it has had and whether the user may amend it."""

    comment: Comment
    versions: list[selectors.CommentVersion]
    amendable: bool

    @property
    def earlier_versions(self) -> list[selectors.CommentVersion]:
        return self.versions[:-1]


@login_required
def comment(request, pk: int):
    """Give a comment, or amend one: amending starts from the current text and section
    (prefilled), and the earlier text stays in the comment's history."""
    rnd = round_or_404(request, pk)
    capacities = comment_capacities(user=request.user, rnd=rnd)
    if not capacities:
        raise HttpForbidden(_("Dự thảo này không gửi lấy ý kiến bạn."))
    current = _comment_to_amend(request, rnd, {c.key for c in capacities})
    initial = (
        {
            "capacity": capacity_key(current.organization),
            "section": current.section,
            "text": current.text,
            "amends": current.pk,
        }
        if current
        else {"amends": 0}
    )
    form = CommentForm(
        request.POST or None,
        request.FILES or None,
        capacities=_choices(capacities),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(c for c in capacities if c.key == form.cleaned_data["capacity"])
        try:
            saved = services.comment_give(  # the capacity: as through the API
                actor=request.user,
                rnd=rnd,
                organization=chosen.organization,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                attachment=form.cleaned_data["attachment"],
                amends=form.cleaned_data["amends"] or 0,
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            if form.cleaned_data["amends"]:
                messages.success(
                    request,
                    _("Đã sửa ý kiến góp ý; nội dung trước được lưu trong lịch sử."),
                )
            else:
                messages.success(request, _("Đã gửi ý kiến góp ý."))
            return redirect(f"{reverse('documents:round', args=[rnd.pk])}#comment-{saved.pk}")
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "congress": rnd.document.congress,
            "rnd": rnd,
            "title": _("Sửa ý kiến góp ý") if current else _("Góp ý dự thảo"),
            "amending": current,
        },
    )


def _comment_to_amend(request, rnd: DraftRound, capacities: set[str]) -> Comment | None:
    """The comment the form starts from: the one named by ?amend=, else, when the user answers
    in one capacity only and an organisation comment already exists, that one."""
    raw = request.GET.get("amend", "")
    comments = Comment.objects.filter(round=rnd).select_related("organization")
    if raw.isdigit():
        found = comments.filter(pk=int(raw)).first()
        if found is None or capacity_key(found.organization) not in capacities:
            raise Http404
        if found.organization_id is None and found.author_id != request.user.pk:
            raise Http404
        return found
    orgs = [c[4:] for c in capacities if c.startswith("org:")]
    if len(capacities) == 1 and orgs:
        return comments.filter(organization__code=orgs[0]).first()
    return None


@login_required
def dispose(request, pk: int):
    the_comment = Comment.objects.filter(pk=pk).select_related("round").first()
    if the_comment is None:
        raise Http404
    rnd = round_or_404(request, the_comment.round_id)
    if not may_edit_documents(request.user, rnd.document.congress):
        raise HttpForbidden(_("Chỉ Bí thư, Phó Bí thư và Tiểu ban Văn kiện được xử lý ý kiến."))
    form = DisposeForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.comment_dispose(actor=request.user, comment=the_comment, **data),
        success=_("Đã ghi nhận xử lý ý kiến."),
        then=lambda _c: reverse("documents:round", args=[rnd.pk]),
    )
    if done:
        return done
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "congress": rnd.document.congress,
            "rnd": rnd,
            "title": _("Tiếp thu, giải trình ý kiến"),
        },
    )


@login_required
def download(request, pk: int):
    rnd = round_or_404(request, pk)
    if not rnd.file:
        raise Http404
    audit_record(
        actor=request.user,
        verb="round.download",
        target=rnd,
        organization=rnd.document.congress.organization,
    )
    ext = rnd.file.name.rsplit(".", 1)[-1]
    name = f"{rnd.document.kind}-du-thao-lan-{rnd.number}.{ext}"
    return FileResponse(
        rnd.file.open("rb"), as_attachment=True, filename=name, content_type=rnd.content_type
    )


@login_required
def attachment(request, pk: int):
    the_comment = Comment.objects.filter(pk=pk).first()
    if the_comment is None or not the_comment.attachment:
        raise Http404
    round_or_404(request, the_comment.round_id)
    audit_record(actor=request.user, verb="comment.attachment_download", target=the_comment)
    ext = the_comment.attachment.name.rsplit(".", 1)[-1]
    return FileResponse(
        the_comment.attachment.open("rb"),
        as_attachment=True,
        filename=f"gop-y-{the_comment.pk}.{ext}",
    )


@login_required
def inbox(request):
    rows = selectors.rounds_awaiting_comment(user=request.user, today=local_today())
    return render(request, "documents/inbox.html", {"rows": rows, "today": local_today()})
