"""Reads of personnel data in constant queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.congresses.models import Congress
from apps.organizations.permissions import Action, restrict

from .composition import Person, composition, surplus_problems
from .models import ElectionResult, PersonnelPlan


def plan_page_data(plan: PersonnelPlan) -> dict:
    """The plan with its list, steps, composition at the opening date and surplus check."""
    congress = plan.congress
    rule_set = congress.term.rule_set
    candidates = list(plan.candidates.all())
    people = [Person(c.birth_date, c.sex, c.ethnicity, c.is_incumbent) for c in candidates]
    return {
        "candidates": candidates,
        "steps": list(plan.steps.select_related("by")),
        "shares": composition(
            people, on=congress.opening_date, targets=rule_set.composition_targets or {}
        ),
        "surplus_problems": surplus_problems(
            candidates=len(candidates), seats=plan.seats, cap_percent=rule_set.surplus_cap_percent
        ),
        "surplus_cap_percent": rule_set.surplus_cap_percent,
    }


def ratifications_awaiting(*, user: Any) -> QuerySet[ElectionResult]:
    """Election results whose ratification the user's standing committee must decide."""
    return (
        restrict(
            ElectionResult.objects.filter(
                ratification_requested_on__isnull=False, congress__ratification__isnull=True
            ),
            user,
            Action.SUPERVISE,
            via="congress__organization",
        )
        .select_related("congress__organization", "congress__term")
        .order_by("ratification_requested_on", "id")
    )


def plan_for(congress: Congress) -> PersonnelPlan | None:
    return (
        congress.personnel_plans.select_related(
            "congress__organization", "congress__term__rule_set", "created_by"
        )
        .order_by("-version")
        .first()
    )
