"""Draft rounds, circulations, comments and their dispositions (the documents workflow).

Each service checks permission and rules, audits, and runs in one transaction. The circulation's
official date is what R30 reads (apps.congresses.deadlines); it follows the official-date rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.deadlines import RuleCode, Status
from apps.congresses.facts import evaluate_congress
from apps.congresses.handoffs import Handoff, handoff_messages, handoff_notify, rule_todo
from apps.congresses.models import Congress, CongressStatus, DocumentKind
from apps.congresses.official_dates import official_date_check
from apps.congresses.services import congress_advance
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.notifications.services import notifications_after_commit, notifications_resolve
from apps.organizations.audiences import Audience, audience_of, audience_user_ids
from apps.organizations.models import Organization

from .capacities import choose_capacity, comment_capacities
from .models import Circulation, Comment, Disposition, DraftDocument, DraftRound
from .permissions import ANSWERING, answering_org_ids, draft_authors, may_edit_documents
from .uploads import check_upload


def _require_editor(actor: Any, congress: Congress) -> None:
    if not may_edit_documents(actor, congress):
        raise PermissionDenied(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Văn kiện được trình và gửi dự thảo.")
        )


@transaction.atomic
def document_create(*, actor: Any, congress: Congress, kind: str, title: str = "") -> DraftDocument:
    _require_editor(actor, congress)
    if kind not in DocumentKind.values:
        raise DomainError(_("Loại văn kiện không hợp lệ."), field="kind")
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc."))
    try:
        with transaction.atomic():
            document = DraftDocument.objects.create(congress=congress, kind=kind, title=title)
    except IntegrityError as exc:
        raise DomainError(_("Đại hội đã có văn kiện loại này."), field="kind") from exc
    audit_record(
        actor=actor,
        verb="document.create",
        target=document,
        organization=congress.organization,
        kind=kind,
    )
    congress_advance(congress, CongressStatus.PREPARING)
    return document


@transaction.atomic
def round_submit(
    *,
    actor: Any,
    document: DraftDocument,
    file: UploadedFile | None = None,
    body: str = "",
    change_summary: str = "",
) -> DraftRound:
    """Submit draft round N+1. A round is immutable; a new round supersedes the previous one.

    The file is checked by content and size before anything is stored (nothing is saved when
    it is refused).
    """
    document = (
        DraftDocument.objects.select_for_update()
        .select_related("congress__organization")
        .get(pk=document.pk)
    )
    congress = document.congress
    _require_editor(actor, congress)
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc."))
    if file is None and not body.strip():
        raise DomainError(_("Cần tải lên tệp dự thảo hoặc soạn nội dung."), field="body")
    if len(body) > settings.EXTRACTED_TEXT_MAX_CHARS:
        raise DomainError(
            _("Nội dung dài hơn %(max)s ký tự.") % {"max": settings.EXTRACTED_TEXT_MAX_CHARS},
            field="body",
        )
    checked = check_upload(file) if file is not None else None
    latest = document.rounds.order_by("-number").first()
    if latest is not None and _repeats(latest, actor, file, body, change_summary):
        # The same submission again (a second or third click, a retried request): the round
        # it already made, not a new one. The document's row lock above serialises the clicks.
        return latest
    number = (document.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    rnd = DraftRound(
        document=document,
        number=number,
        body=body.strip(),
        change_summary=change_summary,
        submitted_by=actor,
    )
    if file is not None and checked is not None:
        rnd.original_filename = (file.name or "")[:255]
        rnd.content_type = checked.content_type
        rnd.extracted_text = checked.text
        file.seek(0)
        rnd.file.save(f"upload{checked.extension}", ContentFile(file.read()), save=False)
    rnd.save()
    audit_record(
        actor=actor,
        verb="round.submit",
        target=rnd,
        organization=congress.organization,
        document=document.kind,
        number=number,
    )
    return rnd


def _repeats(
    latest: DraftRound, actor: Any, file: UploadedFile | None, body: str, change_summary: str
) -> bool:
    """Is this submission the latest round over again: same author, text, summary and file?"""
    if (latest.submitted_by_id, latest.body, latest.change_summary) != (
        actor.pk,
        body.strip(),
        change_summary,
    ):
        return False
    if file is None or not latest.file:
        return file is None and not latest.file
    if latest.file.size != file.size:
        return False
    file.seek(0)
    with latest.file.open("rb") as stored:
        same = stored.read() == file.read()
    file.seek(0)
    return same


def subordinate_organizations(org: Organization) -> Iterable[Organization]:
    return Organization.objects.filter(
        path__startswith=org.path, depth=org.depth + 1, is_active=True
    ).order_by("path")


@transaction.atomic
def circulate(
    *,
    actor: Any,
    rnd: DraftRound,
    comment_deadline: dt.date,
    recipients: Iterable[Organization] | str = (),
    include_committee_members: bool = False,
    include_subordinate_secretaries: bool = False,
    official_date: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Circulation:
    """Send a round for comments (lấy ý kiến): to some or all ("all") subordinate organisations,
    the organisation's committee members, and/or the secretaries of its subordinate units.

    It counts for R30 when it reaches the subordinate organisations (directly or through their
    secretaries). Recipients are notified after commit.
    """
    today = today or local_today()
    rnd = DraftRound.objects.select_related(
        "document__congress__organization", "document__congress__term"
    ).get(pk=rnd.pk)
    congress = rnd.document.congress
    org = congress.organization
    _require_editor(actor, congress)
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc."))
    latest = rnd.document.rounds.aggregate(n=Max("number"))["n"]
    if rnd.number != latest:
        raise DomainError(_("Chỉ gửi lấy ý kiến dự thảo mới nhất (lần %(n)s).") % {"n": latest})
    children = list(subordinate_organizations(org))
    if isinstance(recipients, str):  # "all"
        chosen = children
    else:
        chosen = list(recipients)
        strangers = [o for o in chosen if o.pk not in {c.pk for c in children}]
        if strangers:
            raise DomainError(
                _("Chỉ gửi lấy ý kiến các tổ chức đảng trực thuộc; không hợp lệ: %(codes)s.")
                % {"codes": ", ".join(o.code for o in strangers)},
                field="recipients",
            )
    people: set[int] = set()
    if include_committee_members:
        people |= audience_user_ids(Audience.COMMITTEE, on=today, organizations=[org])
    if include_subordinate_secretaries:
        people |= audience_user_ids(Audience.SECRETARY, on=today, organizations=children)
    # Those who wrote the draft are not asked to comment on it (the secretary, his deputies,
    # the documents subcommittee, whoever sends it).
    people -= draft_authors(congress, on=today) | {actor.pk}
    if not chosen and not people:
        if include_committee_members or include_subordinate_secretaries:
            # Ticked, yet nobody is left: say why, or the ticked box reads as ignored.
            raise DomainError(
                _(
                    "Chọn ít nhất một nơi nhận khác: những người thuộc nhóm đã chọn đều là "
                    "người soạn dự thảo, hoặc chưa có ai giữ vai trò đó."
                ),
                field="recipients",
            )
        raise DomainError(_("Chọn ít nhất một nơi nhận."), field="recipients")
    date = official_date_check(
        actor=actor, organization=org, official_date=official_date, reason=reason, today=today
    )
    if comment_deadline < date:
        raise DomainError(_("Hạn góp ý phải sau ngày gửi."), field="comment_deadline")
    circulation = Circulation.objects.create(
        round=rnd,
        official_date=date,
        backdate_reason=reason,
        comment_deadline=comment_deadline,
        to_subordinates=bool(chosen) or (include_subordinate_secretaries and bool(children)),
        entered_by=actor,
    )
    circulation.recipient_organizations.set(chosen)
    circulation.recipient_users.set(people)
    congress_advance(congress, CongressStatus.DRAFTS_CIRCULATED)
    audit_record(
        actor=actor,
        verb="round.circulate",
        target=circulation,
        organization=org,
        round=rnd.pk,
        official_date=date,
        reason=reason,
        comment_deadline=comment_deadline,
        organizations=[o.code for o in chosen],
        people=len(people),
    )
    _circulation_notices(circulation, chosen, people, actor, today)
    if circulation.to_subordinates:  # the last required draft out answers the R30 reminders
        r30 = evaluate_congress(congress, today=today).evaluation[RuleCode.R30]
        if r30.status in (Status.DONE, Status.DONE_LATE):
            notifications_resolve(rule_todo(congress.pk, RuleCode.R30))
    return circulation


def _circulation_notices(circulation: Circulation, orgs, people: set[int], actor, today) -> None:
    """ "Please comment" to whoever answers for each recipient organisation and to each person;
    the comment (by any of them for an organisation) resolves it."""
    rnd = circulation.round
    words = {
        "congress": rnd.document.congress,
        "round": rnd,
        "deadline": circulation.comment_deadline,
        "actor": actor,
        "url": reverse("documents:round", args=[rnd.pk]),
    }
    messages = []
    asked: set[int] = set()
    for org_id, answerers in audience_of(ANSWERING, on=today, organizations=orgs).items():
        asked |= set(answerers)
        messages += handoff_messages(
            Handoff.CIRCULATED,
            key=f"circulation:{circulation.pk}:invite:org{org_id}",
            to=answerers,
            todo=comment_todo(rnd.pk, organization_id=org_id),
            **words,
        )
    # One notice a person: a secretary asked for his organisation's comment is not asked
    # again by name (the comment page offers both; the sweep reminds of either).
    for uid in people - asked:
        messages += handoff_messages(
            Handoff.CIRCULATED,
            key=f"circulation:{circulation.pk}:invite:user",
            to=[uid],
            todo=comment_todo(rnd.pk, user_id=uid),
            **words,
        )
    notifications_after_commit(messages)


def comment_todo(round_id: int, *, organization_id: int | None = None, user_id: int = 0) -> str:
    """The action a "please comment" notice asks for: this organisation's (or person's)
    comment on this round. The sweep's comment reminders carry the same."""
    if organization_id is not None:
        return f"round:{round_id}:comment:org{organization_id}"
    return f"round:{round_id}:comment:user{user_id}"


def comment_deadline_refusal(circulation: Circulation, today: dt.date) -> str | None:
    """Why no comment can be given or changed on `circulation` on `today` (its deadline has
    passed), or None. The round page asks it too, so it offers no "Góp ý" that would be refused."""
    if today > circulation.comment_deadline:
        return _("Đã hết hạn góp ý (%(d)s).") % {
            "d": circulation.comment_deadline.strftime("%d/%m/%Y")
        }
    return None


@transaction.atomic
def comment_give(
    *,
    actor: Any,
    rnd: DraftRound,
    text: str,
    organization: Organization | None = None,
    section: str = "",
    attachment: UploadedFile | None = None,
    today: dt.date | None = None,
    amends: int | None = None,
) -> Comment:
    """Comment on a round in the capacity the web form or the API names (an organisation, or
    none): capacities.choose_capacity decides which circulation it answers, the same for both
    doors; then comment_submit records it."""
    capacity = choose_capacity(comment_capacities(user=actor, rnd=rnd), organization=organization)
    return comment_submit(
        actor=actor,
        circulation=capacity.circulation,
        organization=capacity.organization,
        text=text,
        section=section,
        attachment=attachment,
        today=today,
        amends=amends,
    )


@transaction.atomic
def comment_submit(
    *,
    actor: Any,
    circulation: Circulation,
    text: str,
    organization: Organization | None = None,
    section: str = "",
    attachment: UploadedFile | None = None,
    today: dt.date | None = None,
    amends: int | None = None,
) -> Comment:
    """Give (or amend, until the deadline) a comment on a circulated round.

    With `organization`: the organisation's one consolidated comment, given by its secretary,
    deputy or office. Without: a personal comment by a person the round was sent to.

    Amending keeps every earlier text in the comment's history (django-simple-history) and
    sends an already handled comment back to "not handled". `amends` is the comment the form
    started from (0: a new one): when given, a form that did not start from the current
    comment is refused rather than silently replacing it.
    """
    today = today or local_today()
    circulation = Circulation.objects.select_related("round__document__congress__organization").get(
        pk=circulation.pk
    )
    if not text.strip():
        raise DomainError(_("Nội dung góp ý không được để trống."), field="text")
    refusal = comment_deadline_refusal(circulation, today)
    if refusal:
        raise DomainError(refusal)
    if organization is not None:
        if not circulation.recipient_organizations.filter(pk=organization.pk).exists():
            raise PermissionDenied(_("Dự thảo này không gửi lấy ý kiến tổ chức của bạn."))
        if organization.pk not in answering_org_ids(actor):
            raise PermissionDenied(
                _("Chỉ Bí thư, Phó Bí thư hoặc văn phòng được góp ý thay tổ chức.")
            )
        lookup = {"round": circulation.round, "organization": organization}
    else:
        if not circulation.recipient_users.filter(pk=actor.pk).exists():
            raise PermissionDenied(_("Dự thảo này không gửi lấy ý kiến cá nhân bạn."))
        lookup = {
            "round": circulation.round,
            "organization": None,
            "author": actor,
            "section": section,
        }
    checked = check_upload(attachment) if attachment is not None else None
    # Lock the round: two first comments at once would both find none and both insert (the
    # unique constraint answered 500); now the second waits, finds the first and amends it.
    DraftRound.objects.select_for_update().filter(pk=circulation.round_id).first()
    comment = Comment.objects.select_for_update().filter(**lookup).first()
    amended = comment is not None
    if amends is not None and (comment.pk if comment else 0) != amends:
        if comment is not None:
            raise DomainError(
                _(
                    "Đã có ý kiến góp ý này (gửi lúc %(at)s). Hãy bấm “Sửa góp ý” để sửa từ "
                    "nội dung hiện tại; nội dung cũ được lưu trong lịch sử."
                )
                % {"at": timezone.localtime(comment.updated_at).strftime("%d/%m/%Y %H:%M")}
            )
        raise DomainError(_("Ý kiến góp ý cần sửa không còn; hãy góp ý mới."))
    if comment is None:
        comment = Comment(circulation=circulation, **lookup)
    elif comment.disposition != Disposition.PENDING:
        # The handling answered the earlier text; the new one needs handling again.
        comment.disposition = Disposition.PENDING
        comment.disposition_note = ""
        comment.disposed_by = None
        comment.disposed_at = None
    comment.author = actor
    comment.section = section
    comment.text = text.strip()
    if attachment is not None and checked is not None:
        attachment.seek(0)
        comment.attachment.save(
            f"attachment{checked.extension}", ContentFile(attachment.read()), save=False
        )
    comment.save()
    audit_record(
        actor=actor,
        verb="comment.amend" if amended else "comment.submit",
        target=comment,
        organization=organization or circulation.round.document.congress.organization,
        round=circulation.round_id,
    )
    _comment_notices(comment, organization=organization, actor=actor, amended=amended, today=today)
    return comment


def _comment_notices(comment: Comment, *, organization, actor, amended: bool, today) -> None:
    """The comment answers the "please comment" notices of its organisation (or its author) and
    asks the drafting organisation's writers to dispose of it."""
    rnd = comment.round
    # Whoever comments on the round, in any capacity, has answered the request made to them by
    # name (the reminders see it the same way); an organisation's comment answers its own.
    notifications_resolve(
        comment_todo(rnd.pk, user_id=actor.pk),
        comment_todo(rnd.pk, organization_id=organization.pk) if organization else "",
    )
    who = organization or actor.display_name
    handoff_notify(
        Handoff.COMMENT_AMENDED if amended else Handoff.COMMENT_RECEIVED,
        key=f"comment:{comment.pk}:amended:{comment.updated_at:%Y%m%d%H%M%S%f}"
        if amended
        else f"comment:{comment.pk}:received",
        to=draft_authors(rnd.document.congress, on=today),
        actor=actor,
        url=reverse("documents:round", args=[rnd.pk]),
        todo=f"comment:{comment.pk}:dispose",
        round=rnd,
        who=who,
    )


@transaction.atomic
def comment_dispose(*, actor: Any, comment: Comment, disposition: str, note: str = "") -> Comment:
    """The documents subcommittee marks a comment accepted, explained or not accepted."""
    comment = (
        Comment.objects.select_for_update()
        .select_related("round__document__congress__organization")
        .get(pk=comment.pk)
    )
    congress = comment.round.document.congress
    _require_editor(actor, congress)
    if disposition not in (Disposition.ACCEPTED, Disposition.EXPLAINED, Disposition.NOT_ACCEPTED):
        raise DomainError(_("Hình thức xử lý không hợp lệ."), field="disposition")
    if disposition != Disposition.ACCEPTED and not note.strip():
        raise DomainError(_("Cần ghi nội dung giải trình."), field="note")
    comment.disposition = disposition
    comment.disposition_note = note.strip()
    comment.disposed_by = actor
    comment.disposed_at = timezone.now()
    comment.save(update_fields=["disposition", "disposition_note", "disposed_by", "disposed_at"])
    audit_record(
        actor=actor,
        verb="comment.dispose",
        target=comment,
        organization=congress.organization,
        disposition=disposition,
    )
    notifications_resolve(f"comment:{comment.pk}:dispose")
    return comment
