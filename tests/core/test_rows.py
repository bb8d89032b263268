"""fetch_rows(): the driver's tuples in one fetch, the same rows Django would give."""

import pytest

from apps.congresses.models import RuleSet
from apps.core.rows import fetch_rows
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_rows_are_those_of_the_queryset_in_its_order(tree):
    qs = Organization.objects.order_by("-path").values_list("code", "depth", "numchild")
    assert fetch_rows(qs) == list(qs)
    assert fetch_rows(Organization.objects.filter(pk__in=[]).values_list("pk")) == []


def test_a_column_that_needs_converting_goes_through_django(tree):
    from tests.factories import term

    term()  # the rule sets, with their JSON list of holidays
    qs = RuleSet.objects.order_by("pk").values_list("pk", "holidays")
    rows = fetch_rows(qs)
    assert rows == list(qs)
    assert all(isinstance(holidays, list) for _pk, holidays in rows)
