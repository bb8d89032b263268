"""`AnyOf(field, values)`: the long-list membership the sweep relies on, on strings, ids and
relations; one array parameter on PostgreSQL, a plain IN on SQLite (CI runs both)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.lookups import AnyOf
from apps.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


def test_any_of_matches_strings_ids_and_relations(tree):
    codes = Organization.objects.filter(AnyOf("code", {"QB", "HT", "NOPE"}))
    assert sorted(codes.values_list("code", flat=True)) == ["HT", "QB"]
    by_id = Organization.objects.filter(AnyOf("pk", [tree.qb.pk, tree.ht.pk, tree.qb.pk]))
    assert set(by_id) == {tree.qb, tree.ht}
    children = Organization.objects.filter(
        AnyOf("code", ["QB"]), path__startswith=tree.central.path, depth=2
    )
    assert list(children) == [tree.qb]
    across = Membership.objects.filter(AnyOf("organization__path", [tree.qb.path]))
    assert set(across) == set(Membership.objects.filter(organization=tree.qb))


def test_any_of_nothing_matches_nothing_without_asking(tree):
    with CaptureQueriesContext(connection) as ctx:
        assert list(Organization.objects.filter(AnyOf("code", []))) == []
        assert list(Organization.objects.filter(AnyOf("code", [None]))) == []
    assert len(ctx.captured_queries) == 0


def test_a_long_list_is_one_parameter_on_postgresql(tree):
    ids = list(range(1, 3001))
    sql, params = Organization.objects.filter(AnyOf("pk", ids)).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(string_to_array(" in sql and params == ("\x1f".join(map(str, ids)),)
    else:
        assert " IN (" in sql and list(params) == ids


@pytest.mark.postgresql  # elsewhere AnyOf is a plain IN, which needs no separator
def test_a_value_holding_the_separator_is_refused_not_split(tree):
    with pytest.raises(ValueError, match="separator"):
        list(Organization.objects.filter(AnyOf("code", ["QB\x1fHT"])))
