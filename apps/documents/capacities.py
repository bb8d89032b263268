"""In which capacity a person comments on a round, and so which circulation the comment answers.

A round may reach a person in several ways: personally (named among the recipients) and, for
each recipient organisation they answer for (its secretary, deputies or office: Audience.ANSWERING),
on that organisation's behalf. The web form offers these capacities; the API names one by the
organisation's code or none. Both ask this module, so they never decide differently:

- an organisation named → the latest circulation that sent the round to it, if the person
  answers for it (else refused);
- none named → personally when the round was sent to them by name; otherwise the one
  organisation they answer for among the recipients; with several, they must name one.

Reading the capacities costs three queries whatever the number of circulations or recipients.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.models import Organization

from .models import Circulation, DraftRound
from .permissions import answering_org_ids

PERSONAL = "personal"


class CommentCapacity(NamedTuple):
    """One way the person may comment on the round: for an organisation, or personally."""

    key: str  # "org:<code>" or "personal": the choice on the comment form
    label: str
    circulation: Circulation  # the latest circulation that reached them in this capacity
    organization: Organization | None  # None: a personal comment


def capacity_key(organization: Organization | None) -> str:
    return f"org:{organization.code}" if organization is not None else PERSONAL


def comment_capacities(*, user: Any, rnd: DraftRound) -> list[CommentCapacity]:
    """Every capacity in which `user` may comment on `rnd`: organisations first (by name), then
    personally; each with the latest circulation that reached them so (three queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    answering = answering_org_ids(user)
    by_org = Circulation.recipient_organizations.through.objects.filter(
        circulation__round=rnd, organization_id__in=answering
    ).select_related("circulation", "organization")
    latest: dict[int, Any] = {}
    for link in by_org.order_by("circulation__official_date", "circulation_id"):
        latest[link.organization_id] = link  # the later circulation wins
    capacities = [
        CommentCapacity(
            capacity_key(link.organization),
            _("Thay mặt %(org)s") % {"org": link.organization.name},
            link.circulation,
            link.organization,
        )
        for link in sorted(latest.values(), key=lambda link: link.organization.name)
    ]
    personal = (
        Circulation.objects.filter(round=rnd, recipient_users=user)
        .order_by("-official_date", "-id")
        .first()
    )
    if personal is not None:
        capacities.append(CommentCapacity(PERSONAL, _("Cá nhân"), personal, None))
    return capacities


def choose_capacity(
    capacities: list[CommentCapacity], *, organization: Organization | None
) -> CommentCapacity:
    """The capacity a comment is given in (see the module's rules); refused with a message that
    says what to do."""
    if not capacities:
        raise PermissionDenied(_("Dự thảo này không gửi lấy ý kiến bạn."))
    if organization is not None:
        for capacity in capacities:
            if capacity.organization is not None and capacity.organization.pk == organization.pk:
                return capacity
        raise PermissionDenied(
            _("Dự thảo này không gửi lấy ý kiến %(org)s, hoặc bạn không góp ý thay tổ chức này.")
            % {"org": organization.name}
        )
    personal = [c for c in capacities if c.organization is None]
    if personal:
        return personal[0]
    if len(capacities) == 1:
        return capacities[0]
    raise DomainError(
        _("Bạn góp ý thay nhiều tổ chức; hãy chọn một: %(codes)s.")
        % {"codes": ", ".join(c.organization.code for c in capacities if c.organization)},
        field="organization",
    )
