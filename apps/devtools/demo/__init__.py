"""Building the demo world through the same services users go through, so it obeys the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.devtools.demo.congresses import load_congress_demo
from apps.devtools.demo.documents import load_documents_demo
from apps.devtools.demo.personnel import load_personnel_demo
from apps.organizations.models import Organization, WorkingGroup
from apps.organizations.services import membership_add, organization_create


@transaction.atomic
def load_demo(spec: dict[str, Any]) -> bool:
    """Create the demo data once; returns False when it is already there."""
    if Organization.objects.filter(code=spec["organizations"][0]["code"]).exists():
        return False
    User = get_user_model()
    admin_spec = next(p for p in spec["people"] if p.get("superuser"))
    admin = User.objects.create_superuser(
        username=admin_spec["username"],
        password=spec["password"],
        full_name=admin_spec["full_name"],
        email=f"{admin_spec['username']}@example.invalid",
    )
    orgs: dict[str, Organization] = {}
    for item in spec["organizations"]:
        parent = orgs[item["parent"]] if item["parent"] else None
        orgs[item["code"]] = organization_create(
            actor=admin,
            parent=parent and Organization.objects.get(pk=parent.pk),
            code=item["code"],
            name=item["name"],
            short_name=item["short_name"],
            kind=item["kind"],
        )
        if item.get("place_name"):
            orgs[item["code"]].place_name = item["place_name"]
            orgs[item["code"]].save(update_fields=["place_name"])
    people: dict[str, Any] = {admin.username: admin}
    for person in spec["people"]:
        if person.get("superuser"):
            continue
        user = User.objects.create_user(
            username=person["username"],
            password=spec["password"],
            full_name=person["full_name"],
            email=f"{person['username']}@example.invalid",
        )
        people[user.username] = user
        for code, role, title in person["roles"]:
            membership_add(
                actor=admin,
                user=user,
                organization=orgs[code],
                role=role,
                start_date=_term_start(),
                title=title,
            )
    for group in spec.get("working_groups", []):
        wg = WorkingGroup.objects.create(
            organization=orgs[group["organization"]], name=group["name"]
        )
        wg.members.set([people[u] for u in group["members"]])
        wg.followed.set([orgs[c] for c in group["followed"]])
    _load_congress_demo(spec, orgs, people)
    return True


def _term_start() -> dt.date:
    return dt.date(2019, 1, 1)


def _load_congress_demo(spec, orgs, people) -> None:
    load_congress_demo(orgs, people)
    load_documents_demo(people)
    load_personnel_demo(people)
