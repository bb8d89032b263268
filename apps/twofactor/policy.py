"""Who must sign in with a second factor (issue 17 item 14).

Required for everyone who approves, decides, ratifies or imports: the permission codenames behind
those actions (approve_personnel: the standing committee and the secretaries approve personnel
plans; supervise_subordinates: the superior decides reports and ratifies results;
keep_registers: the office officer imports organisations and people), and for staff and
superusers (the admin site can do all of it). Anyone else may enrol; once enrolled, they are asked
for the code too. settings.TWO_FACTOR_REQUIRED switches the requirement off for the embedded demo
only (settings.dev); production refuses to start without it (settings.prod).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import user_has_device

from apps.organizations.permissions import is_administrator, scope_for

SECOND_FACTOR_CODENAMES = frozenset(
    {"approve_personnel", "supervise_subordinates", "keep_registers"}
)

# Set at sign-in (apps.twofactor.signals): the user had a confirmed device then.
ENROLLED_SESSION_KEY = "twofactor_enrolled"


def second_factor_required(user: Any) -> bool:
    """Must this user pass the second step before using the portal?"""
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if is_administrator(user) or user.is_staff:
        return True
    return any(h.codenames & SECOND_FACTOR_CODENAMES for h in scope_for(user).holdings)


def second_factor_expected(user: Any, session: Any = None) -> bool:
    """Required, or chosen: a user who enrolled is asked for the code as well."""
    if second_factor_required(user):
        return True
    if session is not None and ENROLLED_SESSION_KEY in session:
        return bool(session[ENROLLED_SESSION_KEY])
    return getattr(user, "is_authenticated", False) and user_has_device(user)
