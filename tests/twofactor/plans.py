"""Approving a plan through its page, and what an approval would change (for the refusals)."""

import datetime as dt

from apps.audit.models import AuditEvent
from apps.personnel.models import PersonnelPlan


def approve(client, plan):
    return client.post(
        f"/personnel/congress/{plan.congress_id}/plan/transition/",
        {
            "to": "approved",
            "meeting_date": dt.date.today().strftime("%d/%m/%Y"),
            "votes_for": 5,
            "votes_total": 7,
        },
    )


def snapshot(plan):
    plan.refresh_from_db()
    return (
        plan.status,
        AuditEvent.objects.count(),
        list(PersonnelPlan.objects.values_list("id", "status")),
    )
