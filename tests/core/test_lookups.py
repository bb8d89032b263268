"""`field__any`: the long-list lookup the sweep relies on, on strings, ids and relations."""

import pytest

from apps.organizations.models import Organization


@pytest.mark.django_db
def test_any_matches_strings_ids_and_relations(tree):
    codes = Organization.objects.filter(code__any={"QB", "HT", "NOPE"})
    assert sorted(codes.values_list("code", flat=True)) == ["HT", "QB"]
    by_id = Organization.objects.filter(pk__any=[tree.qb.pk, tree.ht.pk, tree.qb.pk])
    assert set(by_id) == {tree.qb, tree.ht}
    children = Organization.objects.filter(
        path__startswith=tree.central.path, depth=2, code__any=["QB"]
    )
    assert list(children) == [tree.qb]


@pytest.mark.django_db
def test_any_of_nothing_matches_nothing(tree):
    assert list(Organization.objects.filter(code__any=[])) == []
    assert list(Organization.objects.filter(code__any=[None])) == []


@pytest.mark.postgresql  # elsewhere __any is a plain IN, which needs no separator
@pytest.mark.django_db
def test_a_value_holding_the_separator_is_refused_not_split(tree):
    with pytest.raises(ValueError, match="separator"):
        list(Organization.objects.filter(code__any=["QB\x1fHT"]))
