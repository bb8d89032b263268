"""Who may see and touch personnel data, on top of the one permission layer.

Personnel data is sensitive: the organisation's leaders, its standing committee (approves), its
office, its personnel subcommittee, and the direct superior's standing committee (decides,
ratifies) see it; plain members, committee members, siblings and subordinates do not.
"""

from __future__ import annotations

from typing import Any

from apps.congresses.models import Congress, SubcommitteeKind
from apps.organizations.permissions import Action, may


def in_personnel_subcommittee(user: Any, congress: Congress) -> bool:
    return congress.subcommittees.filter(kind=SubcommitteeKind.PERSONNEL, members=user).exists()


def may_edit_plan(user: Any, congress: Congress) -> bool:
    return may(user, Action.LEAD, congress) or in_personnel_subcommittee(user, congress)


def may_view_personnel(user: Any, congress: Congress) -> bool:
    return any(
        may(user, action, congress)
        for action in (Action.LEAD, Action.APPROVE_PLAN, Action.KEEP_REGISTERS, Action.SUPERVISE)
    ) or in_personnel_subcommittee(user, congress)
