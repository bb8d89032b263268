"""Who may act on and read delegate records, asked through the one permission door.

Acting (allocating, recording a delegate election, the list and credentials) is the convening
organisation's own secretary and deputies, standing members and office
(`Action.MANAGE_DELEGATES`). An election at a subordinate congress may be recorded by that
subordinate's own leaders and office, or by the convening organisation's (paper minutes are
often typed above). The list carries personal data (birth dates): besides those who act, only
the superior's standing committee (SUPERVISE) and offices above (KEEP_REGISTERS) read it.
"""

from __future__ import annotations

from typing import Any

from apps.congresses.models import Congress
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may


def may_manage_delegates(user: Any, congress: Congress) -> bool:
    return may(user, Action.MANAGE_DELEGATES, congress.organization)


def may_view_delegates(user: Any, congress: Congress) -> bool:
    org = congress.organization
    return (
        may(user, Action.MANAGE_DELEGATES, org)
        or may(user, Action.SUPERVISE, org)
        or may(user, Action.KEEP_REGISTERS, org)
    )


def may_record_delegate_election(user: Any, congress: Congress, upper: Congress) -> bool:
    """`congress` elects delegates to `upper`."""
    return may(user, Action.MANAGE_DELEGATES, congress.organization) or may(
        user, Action.MANAGE_DELEGATES, upper.organization
    )


def may_view_delegate_election(user: Any, congress: Congress, upper: Congress) -> bool:
    return may_record_delegate_election(user, congress, upper) or may_view_delegates(user, upper)


def may_view_allocation(user: Any, congress: Congress, share_org_ids: list[int]) -> bool:
    """The allocation decision is sent to the subordinates: whoever sees one of them (their
    leaders, office, members) reads it, besides those who see the list."""
    if may_view_delegates(user, congress):
        return True
    return any(
        may(user, Action.VIEW, org)
        for org in Organization.objects.filter(pk__in=share_org_ids).only("pk", "path", "depth")
    )
