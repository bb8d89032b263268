"""The congress page's links to the delegate pages, for those who may see them."""

from __future__ import annotations

from typing import Any

from django import template

from apps.congresses.models import Congress, CongressKind

from ..elections import upper_congress_of
from ..models import AllocationShare
from ..permissions import may_view_allocation, may_view_delegate_election, may_view_delegates

register = template.Library()


@register.inclusion_tag("delegates/_links.html", takes_context=True)
def delegate_links(context: dict[str, Any], congress: Congress) -> dict[str, Any]:
    """A delegates' congress: its allocation and list; a congress below one that allocated it
    seats: its election of delegates."""
    user = context["request"].user
    allocation = view_list = False
    if congress.kind == CongressKind.DELEGATES:
        shares = list(
            AllocationShare.objects.filter(allocation__congress=congress).values_list(
                "organization_id", flat=True
            )
        )
        allocation = may_view_allocation(user, congress, shares)
        view_list = may_view_delegates(user, congress)
    upper = upper_congress_of(congress)
    election = upper is not None and may_view_delegate_election(user, congress, upper)
    return {
        "congress": congress,
        "allocation": allocation,
        "view_list": view_list,
        "upper": upper if election else None,
    }
