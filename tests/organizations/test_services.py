"""State changes on the tree and on memberships: each checks permission, writes what it says,
audits it, and refuses with its own words leaving everything as it was."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.models import Membership, Organization, OrganizationRole, Role
from apps.organizations.permissions import Action, may
from apps.organizations.services import (
    Grant,
    code_taken,
    code_unavailable,
    ensure_role_groups,
    membership_add,
    membership_add_refusal,
    membership_end,
    memberships_add_bulk,
    open_roles,
    organization_create,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = local_today()


def test_codes_are_taken_whatever_their_case_and_the_answer_says_nothing_more(tree):
    assert code_taken("QB-PTM") and code_taken("qb-ptm") and not code_taken("QB-MOI")
    assert code_unavailable("qb-ptm") == "Mã “qb-ptm” không dùng được; hãy đặt mã khác."


def test_the_office_adds_a_subordinate_with_its_role_groups_and_an_audit_row(tree):
    org = organization_create(
        actor=tree.qb_officer,
        parent=tree.qb,
        code="QB-MOI",
        name="Chi bộ Mới",
        kind="grassroots_cell",
    )
    org.refresh_from_db()
    assert org.get_parent() == tree.qb and org.depth == tree.qb.depth + 1
    assert set(
        OrganizationRole.objects.filter(organization=org).values_list("role", flat=True)
    ) == set(Role.values)
    event = AuditEvent.objects.get(verb="organization.create")
    assert (event.actor, event.organization, event.data["code"]) == (tree.qb_officer, org, "QB-MOI")
    # the secretary of the new cell, once given the role, leads it
    secretary = UserFactory()
    membership_add(actor=tree.qb_officer, user=secretary, organization=org, role=Role.SECRETARY)
    assert may(secretary, Action.LEAD, org)


@pytest.mark.parametrize(
    ("who", "parent", "code", "error", "message"),
    [
        ("qb_secretary", "qb", "QB-X", PermissionDenied, "không có quyền thêm tổ chức cấp dưới"),
        ("qb_officer", "ht", "HT-X", PermissionDenied, "không có quyền thêm tổ chức cấp dưới"),
        ("qb_officer", None, "ROOT2", PermissionDenied, "Chỉ quản trị viên"),
        ("qb_officer", "qb", "ht-ptm", DomainError, "Mã “ht-ptm” không dùng được"),
    ],
)
def test_refused_additions_write_nothing(tree, who, parent, code, error, message):
    before = (Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(error, match=message):
        organization_create(
            actor=getattr(tree, who),
            parent=getattr(tree, parent) if parent else None,
            code=code,
            name="X",
            kind="grassroots_cell",
        )
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_role_groups_are_made_once(tree):
    org = Organization.add_root(code="ROOT2", name="Gốc hai", kind="central")
    assert ensure_role_groups([org]) == len(Role.values)
    assert ensure_role_groups([org]) == 0
    assert ensure_role_groups([]) == 0
    assert OrganizationRole.objects.filter(organization=org).count() == len(Role.values)


def test_membership_add_refusal_in_words():
    day = dt.date(2020, 1, 1)
    assert membership_add_refusal(start=day, end=None, holds_open=False) is None
    assert membership_add_refusal(start=day, end=day, holds_open=False) is None  # one day
    assert membership_add_refusal(start=day, end=day - dt.timedelta(1), holds_open=False) == (
        "Ngày kết thúc phải sau ngày bắt đầu."
    )
    assert membership_add_refusal(start=day, end=None, holds_open=True) == (
        "Người này đang giữ vai trò này ở tổ chức này."
    )


def test_a_role_is_given_with_its_group_and_an_audit_row(tree):
    user = UserFactory(username="dv.moi")
    m = membership_add(actor=tree.qb_officer, user=user, organization=tree.ankt, role=Role.MEMBER)
    assert (m.start_date, m.end_date) == (TODAY, None)
    group = OrganizationRole.objects.get(organization=tree.ankt, role=Role.MEMBER).group
    assert user.groups.filter(pk=group.pk).exists()
    event = AuditEvent.objects.get(verb="membership.add")
    assert event.data["user"] == "dv.moi" and event.data["role"] == "member"
    assert open_roles([user]) == {(user.pk, tree.ankt.pk, "member")}


@pytest.mark.parametrize(
    ("who", "org", "kwargs", "error", "message"),
    [
        ("qb_secretary", "ankt", {}, PermissionDenied, "không có quyền phân công"),
        ("qb_officer", "ht", {}, PermissionDenied, "không có quyền phân công"),
        (
            "qb_officer",
            "ankt",
            {"start_date": dt.date(2020, 2, 1), "end_date": dt.date(2020, 1, 1)},
            DomainError,
            "Ngày kết thúc phải sau ngày bắt đầu",
        ),
    ],
)
def test_refused_roles_write_nothing(tree, who, org, kwargs, error, message):
    user = UserFactory()
    before = (Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(error, match=message):
        membership_add(
            actor=getattr(tree, who),
            user=user,
            organization=getattr(tree, org),
            role=Role.MEMBER,
            **kwargs,
        )
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    assert not user.groups.exists()


def test_a_role_already_held_open_is_refused(tree):
    with pytest.raises(DomainError, match="đang giữ vai trò này"):
        membership_add(
            actor=tree.qb_officer, user=tree.qb_member, organization=tree.qb, role=Role.MEMBER
        )
    assert Membership.objects.filter(user=tree.qb_member).count() == 1


def test_ending_a_role_takes_its_group_away_unless_another_holds_it(tree):
    user = UserFactory()
    first = membership_add(
        actor=tree.qb_officer,
        user=user,
        organization=tree.ankt,
        role=Role.MEMBER,
        start_date=dt.date(2020, 1, 1),
    )
    group = OrganizationRole.objects.get(organization=tree.ankt, role=Role.MEMBER).group
    with pytest.raises(DomainError, match="Ngày kết thúc phải sau ngày bắt đầu"):
        membership_end(actor=tree.qb_officer, membership=first, end_date=dt.date(2019, 12, 31))
    with pytest.raises(PermissionDenied, match="không có quyền kết thúc"):
        membership_end(actor=tree.ht_secretary, membership=first, end_date=TODAY)
    first.refresh_from_db()
    assert first.end_date is None and user.groups.filter(pk=group.pk).exists()

    membership_end(actor=tree.qb_officer, membership=first, end_date=TODAY - dt.timedelta(1))
    first.refresh_from_db()
    assert first.end_date == TODAY - dt.timedelta(1)
    assert not user.groups.filter(pk=group.pk).exists()
    assert AuditEvent.objects.get(verb="membership.end").target_id == str(first.pk)

    # a second, still-running membership of the same role keeps the group
    again = membership_add(
        actor=tree.qb_officer, user=user, organization=tree.ankt, role=Role.MEMBER
    )
    MembershipFactory(
        user=user,
        organization=tree.ankt,
        role=Role.MEMBER,
        start_date=dt.date(2019, 1, 1),
        end_date=TODAY + dt.timedelta(30),
    )
    membership_end(actor=tree.qb_officer, membership=again, end_date=TODAY)  # still today
    assert user.groups.filter(pk=group.pk).exists()


def test_roles_given_in_bulk_audit_each_and_group_only_the_running_ones(tree):
    running, ended = UserFactory(username="dv.a"), UserFactory(username="dv.b")
    assert memberships_add_bulk(actor=tree.qb_officer, grants=[], verb="membership.grant") == []
    made = memberships_add_bulk(
        actor=tree.qb_officer,
        grants=[
            Grant(running, tree.ankt, Role.MEMBER, dt.date(2020, 1, 1), None),
            Grant(ended, tree.ankt, Role.MEMBER, dt.date(2015, 1, 1), dt.date(2019, 1, 1)),
        ],
        verb="membership.grant",
    )
    assert [(m.user, m.role) for m in made] == [(running, "member"), (ended, "member")]
    group = OrganizationRole.objects.get(organization=tree.ankt, role=Role.MEMBER).group
    assert running.groups.filter(pk=group.pk).exists() and not ended.groups.exists()
    events = AuditEvent.objects.filter(verb="membership.grant").order_by("pk")
    assert [(e.data["username"], e.data["end_date"]) for e in events] == [
        ("dv.a", None),
        ("dv.b", "2019-01-01"),
    ]
    assert {e.actor for e in events} == {tree.qb_officer}
    assert open_roles([running, ended]) == {(running.pk, tree.ankt.pk, "member")}
