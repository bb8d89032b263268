"""The tree's paths (apps.organizations.tree): the parent and the ancestors of a node, in Python
and as a database expression, agree with treebeard's own tree."""

import pytest

from apps.organizations.models import Organization
from apps.organizations.tree import ancestor_paths, parent_path, parent_path_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_parent_and_ancestors_of_a_node_three_deep():
    root = OrganizationFactory()
    child = OrganizationFactory(parent=root)
    grandchild = OrganizationFactory(parent=child)
    assert parent_path(grandchild.path) == child.path
    assert parent_path(child.path) == root.path
    assert parent_path(root.path) == ""
    assert ancestor_paths(grandchild.path) == [root.path, child.path]
    assert ancestor_paths(root.path) == []


def test_the_database_expression_gives_the_same_parent():
    root = OrganizationFactory()
    child = OrganizationFactory(parent=root)
    got = dict(
        Organization.objects.filter(pk__in=[root.pk, child.pk])
        .annotate(parent=parent_path_of("path"))
        .values_list("pk", "parent")
    )
    assert got == {root.pk: "", child.pk: root.path}
