"""apps.api.pagination: page sizes from 1 to 500 or a 400, never silently the default; the
totals of the fact lists cached until the facts change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.api.pagination import FactsCountPaginator, Pagination
from apps.organizations.models import Organization
from tests.factories import OrganizationFactory


def _size(query: str) -> int:
    return Pagination().get_page_size(Request(APIRequestFactory().get(f"/x/{query}")))


@pytest.mark.parametrize(
    ("query", "size"), [("", 50), ("?page_size=1", 1), ("?page_size=500", 500)]
)
def test_a_page_size_within_the_bounds_is_used(query, size):
    assert _size(query) == size


@pytest.mark.parametrize(
    "query",
    [
        "?page_size=0",
        "?page_size=501",
        "?page_size=-3",
        "?page_size=ten",
        "?page_size=",
        "?page_size=5&page_size=6",
    ],
)
def test_a_malformed_page_size_is_refused_with_the_bounds(query):
    with pytest.raises(ValidationError) as refused:
        _size(query)
    assert refused.value.detail == {"page_size": ["page_size phải là số nguyên từ 1 đến 500."]}


@pytest.mark.django_db
def test_the_total_is_counted_once_until_the_facts_change(tree):
    from apps.congresses.cache import facts_version

    rows = Organization.objects.filter(path__startswith=tree.qb.path).order_by("path")
    with CaptureQueriesContext(connection) as first:
        assert FactsCountPaginator(rows, 2).count == 4
    with CaptureQueriesContext(connection) as again:
        assert FactsCountPaginator(rows, 2).count == 4
    assert len(first) >= 1 and len(again) == 0  # read from the cache
    version = facts_version()
    OrganizationFactory(parent=tree.qb)  # the tree changes
    assert facts_version() != version
    assert FactsCountPaginator(rows, 2).count == 5


@pytest.mark.django_db
def test_another_list_is_counted_under_its_own_key(tree):
    cache.clear()
    qb = Organization.objects.filter(path__startswith=tree.qb.path)
    ht = Organization.objects.filter(path__startswith=tree.ht.path)
    assert (FactsCountPaginator(qb, 10).count, FactsCountPaginator(ht, 10).count) == (4, 2)


def test_a_plain_list_is_counted_without_the_cache():
    assert FactsCountPaginator([1, 2, 3], 2).count == 3
    assert FactsCountPaginator([1, 2, 3], 2).num_pages == 2
