"""Who may give whom a role, and whose name and e-mail an office may rewrite.

The one place these rules live; the people import (web page and management command) asks them
for every row, and so would any other path that writes memberships in bulk. The rules:

- a membership is created or changed only inside the actor's subtree (the organisations whose
  registers the actor keeps);
- no one gives a role to themselves, nor changes their own memberships;
- in an organisation where the actor holds a role, they may give only roles below their own
  (an office officer of QB may register QB's members, not its secretary);
- an existing account's identity (full name, e-mail) changes only when every membership it has
  ever had lies inside the actor's subtree: an office cannot redirect the notices of someone
  from another province, of the central committee, or of an administrator.

`actor=None` is the operator running a management command without `--actor`: trusted, as the
shell they run it from is. Superusers pass every check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from apps.core.dates import local_today

from .models import Membership, Organization, Role
from .permissions import Action, is_administrator, may

# The order the roles are declared in is their rank: secretary first, member last.
ROLE_RANK: dict[str, int] = {str(role): rank for rank, role in enumerate(Role.values)}


class GrantRules:
    """The grant and identity rules for one actor, with the actor's own roles read once."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.trusted = actor is None or is_administrator(actor)
        self._own_rank: dict[int, int] = {}
        if not self.trusted:
            for org_id, role in (
                Membership.objects.active(local_today())
                .filter(user=actor)
                .values_list("organization_id", "role")
            ):
                rank = ROLE_RANK.get(role, len(ROLE_RANK))
                self._own_rank[org_id] = min(rank, self._own_rank.get(org_id, rank))

    def in_scope(self, org: Organization) -> bool:
        return self.trusted or may(self.actor, Action.KEEP_REGISTERS, org)

    def membership_refusal(self, username: str, org: Organization, role: str) -> str | None:
        """Why the actor may not give (or change) `role` in `org` to `username`; None if allowed."""
        if self.trusted:
            return None
        if not self.in_scope(org):
            return _("“%(c)s” nằm ngoài phạm vi bạn quản lý") % {"c": org.code}
        if username.casefold() == self.actor.username.casefold():
            return _("không ai được tự cấp hoặc sửa vai trò của chính mình")
        own = self._own_rank.get(org.pk)
        if own is not None and ROLE_RANK.get(role, len(ROLE_RANK)) <= own:
            return _(
                "bạn không được cấp vai trò ngang hoặc cao hơn vai trò của mình trong %(c)s"
            ) % {"c": org.code}
        return None

    def identity_editable(self, users: Iterable[Any]) -> set[int]:
        """The ids among `users` whose full name and e-mail the actor may change: accounts whose
        every membership (past ones too) lies inside the actor's subtree. Accounts with no
        membership at all, staff and superusers are nobody's subtree."""
        users = list(users)
        if self.trusted:
            return {u.pk for u in users}
        candidates = [u for u in users if not (is_administrator(u) or u.is_staff)]
        orgs_of: dict[int, list[Organization]] = defaultdict(list)
        for membership in Membership.objects.filter(user__in=candidates).select_related(
            "organization"
        ):
            orgs_of[membership.user_id].append(membership.organization)
        return {
            u.pk
            for u in candidates
            if orgs_of[u.pk] and all(self.in_scope(org) for org in orgs_of[u.pk])
        }
