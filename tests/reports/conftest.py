"""The reports' shared organisations: QB's congress ready for its report to the superior, and a
QB large enough that its progress report is made in pieces."""

import datetime as dt

import pytest

from apps.congresses.models import Congress
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationKind
from tests.factories import CongressFactory, approved_plan, circulate_required, term

D = dt.date


@pytest.fixture
def qb(tree):
    Organization.objects.filter(pk=tree.qb.pk).update(place_name="Quảng Bình")
    tree.qb.refresh_from_db()
    congress = CongressFactory(organization=tree.qb, ordinal="XVII", opening_date=D(2020, 7, 28))
    circulate_required(congress, D(2020, 5, 13))
    approved_plan(congress, seats=3, candidates=4)
    return congress


@pytest.fixture
def big_qb(tree):
    """QB with 3 new committees of 12 cells each: 39 congresses in the 2025–2030 term."""
    specs = []
    for c in range(3):
        specs.append(
            NodeSpec(
                f"QB-C{c}", "QB", f"Đảng bộ Phòng Số {c}", OrganizationKind.GRASSROOTS_COMMITTEE
            )
        )
        specs += [
            NodeSpec(
                f"QB-C{c}-{k}",
                f"QB-C{c}",
                f"Chi bộ Đội {c}.{k}",
                OrganizationKind.CELL_UNDER_COMMITTEE,
            )
            for k in range(12)
        ]
    orgs = bulk_insert_tree(specs)
    t = term("2025-2030")
    Congress.objects.bulk_create(
        Congress(
            organization=o,
            term=t,
            ordinal="I",
            opening_date=D(2026, 12, 1) + dt.timedelta(days=i),
            is_pilot=i == 5,
        )
        for i, o in enumerate(orgs)
    )
    return Organization.objects.get(code="QB")
