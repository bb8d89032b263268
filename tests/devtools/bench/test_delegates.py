"""The delegates area: the root congress's seats allocated among its subordinates, the delegate
list and its credentials report; everything it wrote rolled back."""

import pytest
from django.core.management.base import CommandError

from apps.congresses.models import Congress
from apps.delegates.models import Allocation, Delegate
from apps.devtools.bench import delegates
from apps.organizations.models import MembershipCount, Role
from tests.factories import OrganizationFactory, person

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_allocation_list_and_report_then_nothing_left(tiny):
    root_congress = Congress.objects.filter(organization__code="GCATW").get()
    before = (root_congress.kind, root_congress.status, MembershipCount.objects.count())
    bench, _out = make_bench("--json", "--delegate-seats", "20")
    delegates.measure(bench)
    names = [f.operation for f in bench.figures]
    assert names[0] == "delegate allocation (root congress, 2 subordinates, 20 seats)"
    assert names[1].startswith("delegate list and credentials page (root, ")
    assert names[2].startswith("credentials report PDF (root, ")
    official = int(names[1].split("root, ")[1].split()[0])
    assert 0 < official <= 20
    root_congress.refresh_from_db()
    assert (root_congress.kind, root_congress.status, MembershipCount.objects.count()) == before
    assert not Delegate.objects.exists() and not Allocation.objects.exists()


def test_a_root_without_a_congress_stops_the_run(tiny):
    bench, _out = make_bench("--json")
    bench.root = OrganizationFactory(code="GNEW", kind="central")
    person(bench.root, Role.STANDING_MEMBER)
    with pytest.raises(CommandError, match=r"GNEW has no congress; regenerate the data set\."):
        delegates.measure(bench)
