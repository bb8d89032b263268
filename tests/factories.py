"""Factories for the whole suite. Organisations go through treebeard's manager and get role groups."""

import datetime as dt

import factory

from apps.accounts.models import User
from apps.organizations.models import Membership, Organization, OrganizationKind, Role
from apps.organizations.services import ensure_role_groups

TERM_START = dt.date(2019, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("pw-12345")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """`OrganizationFactory(parent=org)` adds a child; without parent, a root."""

    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")
    short_name = ""
    kind = OrganizationKind.GRASSROOTS_CELL

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        if parent is None:
            org = Organization.objects.add_root(kwargs)
        else:
            org = Organization.objects.add_child(Organization.objects.get(pk=parent.pk), kwargs)
            parent.refresh_from_db()
        ensure_role_groups([org])
        return org


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER
    start_date = TERM_START
    end_date = None


def person(org: Organization, role: str, **kwargs) -> User:
    """A user holding `role` in `org` from the term start."""
    membership = MembershipFactory(organization=org, role=role, **kwargs)
    return membership.user
