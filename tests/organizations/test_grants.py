"""Issue 17 item 1: the people import cannot rewrite accounts outside the importer's subtree, nor
grant roles to oneself or at/above one's own rank in one's own organisation; every change it does
make is audited on its own row. The rule lives in apps.organizations.grants; the web page and the
management command both go through it. Below the file's tests, the rules asked directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.audit.models import AuditEvent
from apps.organizations.grants import ROLE_RANK, GrantRules
from apps.organizations.importing import import_people
from apps.organizations.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory, person
from tests.hardening.snapshots import snapshot

pytestmark = pytest.mark.django_db
HEADER = "username,full_name,email,organization_code,role,start_date,end_date\n"

# The probe's file, row for row: other provinces' and the central committee's accounts renamed
# and re-addressed to the attacker, then the attacker's own promotion.
ATTACK = (
    HEADER
    + "bithu.ht,Kẻ Giả Mạo,attacker@evil.invalid,QB,member,01/01/2020,\n"
    + "root,Kẻ Giả Mạo,attacker@evil.invalid,QB,member,01/01/2020,\n"
    + "btv.catw,Kẻ Giả Mạo,attacker@evil.invalid,QB,member,01/01/2020,\n"
    + "vanphong.qb,,,QB,secretary,01/01/2020,\n"
    + "vanphong.qb,,,QB,standing_member,01/01/2020,\n"
)


def messages_of(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_the_probes_file_is_refused_row_by_row_and_nothing_changes(tree, admin_user):
    before = snapshot()
    result = import_people(ATTACK.encode(), "p.csv", actor=tree.qb_officer)
    assert not result.ok
    messages = messages_of(result)
    for row, username in ((2, "bithu.ht"), (3, "root"), (4, "btv.catw")):
        assert (
            f"Dòng {row}, cột full_name: không được sửa họ tên, e-mail của tài khoản "
            f"“{username}”: tài khoản có vai trò ngoài phạm vi bạn quản lý "
            "(để trống hai cột này hoặc ghi đúng như cũ)"
        ) in messages
    for row in (5, 6):
        assert (
            f"Dòng {row}, cột role: không ai được tự cấp hoặc sửa vai trò của chính mình"
            in messages
        )
    assert snapshot() == before
    tree.ht_secretary.refresh_from_db()
    assert tree.ht_secretary.email == "bithu.ht@example.invalid"


def test_the_web_page_refuses_the_same_file_and_offers_no_confirmation(client, tree, admin_user):
    before = snapshot()
    client.force_login(tree.qb_officer)
    page = client.post(
        "/org/QB/import/",
        {"what": "people", "file": SimpleUploadedFile("p.csv", ATTACK.encode())},
    ).content.decode()
    assert "không được sửa họ tên, e-mail của tài khoản “bithu.ht”" in page
    assert "không ai được tự cấp hoặc sửa vai trò của chính mình" in page
    assert 'id="confirm-import"' not in page
    assert snapshot() == before


def test_the_command_applies_the_rules_of_its_actor(tree, admin_user, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text(ATTACK, encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--actor", "vanphong.qb")
    assert "không ai được tự cấp hoặc sửa vai trò của chính mình" in capsys.readouterr().err
    assert snapshot() == before


def test_no_role_at_or_above_ones_own_in_ones_own_organisation(tree):
    before = snapshot()
    for role in (Role.SECRETARY, Role.STANDING_MEMBER, Role.COMMITTEE_MEMBER, Role.OFFICE_OFFICER):
        data = (HEADER + f"dangvien.qb,,,QB,{role},01/01/2020,\n").encode()
        messages = messages_of(import_people(data, "p.csv", actor=tree.qb_officer))
        assert messages == [
            "Dòng 2, cột role: bạn không được cấp vai trò ngang hoặc cao hơn vai trò của mình "
            "trong QB"
        ], role
    # A secretary who also keeps the registers may still not make a second secretary.
    office_secretary = person(tree.ankt, Role.SECRETARY, user__username="bt.vp.ankt")
    person(tree.ankt, Role.OFFICE_OFFICER, user=office_secretary)
    data = (HEADER + "dangvien.qb,,,QB-ANKT,deputy_secretary,01/01/2020,\n").encode()
    assert import_people(data, "p.csv", actor=office_secretary).ok
    data = (HEADER + "dangvien.qb,,,QB-ANKT,secretary,01/01/2020,\n").encode()
    assert not import_people(data, "p.csv", actor=office_secretary).ok
    assert (
        snapshot()["organizations.Membership"][: len(before["organizations.Membership"])]
        == (before["organizations.Membership"])
    )


def test_outside_the_subtree_answers_as_if_the_organisation_did_not_exist(tree):
    before = snapshot()
    data = (HEADER + "new.one,Người Mới,new@example.invalid,HT,member,01/01/2020,\n").encode()
    assert messages_of(import_people(data, "p.csv", actor=tree.qb_officer)) == [
        "Dòng 2, cột organization_code: không có tổ chức mã “HT”"
    ]
    data = (HEADER + "new.one,Người Mới,new@example.invalid,NOPE,member,01/01/2020,\n").encode()
    assert messages_of(import_people(data, "p.csv", actor=tree.qb_officer)) == [
        "Dòng 2, cột organization_code: không có tổ chức mã “NOPE”"
    ]
    assert snapshot() == before


def test_what_an_office_may_do_it_does_and_every_change_is_audited(tree):
    """Below its own level the office registers anyone in any role; in its own organisation,
    members; it renames people whose every membership is in its subtree."""
    moved = person(tree.ptm, Role.MEMBER, user__username="dv.ptm")
    data = (
        HEADER
        + "new.secretary,Trần Văn Mới,moi@example.invalid,QB-PTM-TH,secretary,01/01/2020,\n"
        + "new.member,Lê Thị Hai,hai@example.invalid,QB,member,01/01/2020,\n"
        + "dv.ptm,Nguyễn Văn Sửa,sua@example.invalid,QB-PTM,member,01/01/2019,31/12/2030\n"
    ).encode()
    events_before = AuditEvent.objects.count()
    result = import_people(data, "p.csv", actor=tree.qb_officer)
    assert result.ok, messages_of(result)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    moved.refresh_from_db()
    assert (moved.full_name, moved.email) == ("Nguyễn Văn Sửa", "sua@example.invalid")
    assert Membership.objects.get(user=moved).end_date.isoformat() == "2030-12-31"
    events = list(
        AuditEvent.objects.order_by("id")[events_before:].values_list("verb", "actor__username")
    )
    assert sorted(events) == sorted(
        [
            ("person.create", "vanphong.qb"),
            ("membership.grant", "vanphong.qb"),
            ("person.create", "vanphong.qb"),
            ("membership.grant", "vanphong.qb"),
            ("person.identity_change", "vanphong.qb"),
            ("membership.end_date", "vanphong.qb"),
            ("import.people", "vanphong.qb"),
        ]
    )
    change = AuditEvent.objects.get(verb="person.identity_change")
    assert change.data["before"]["email"] == "dv.ptm@example.invalid"
    assert change.data["after"]["email"] == "sua@example.invalid"


def test_a_person_with_a_role_elsewhere_keeps_their_name_but_may_get_a_role_here(tree):
    both = person(tree.ptm, Role.MEMBER, user__username="hai.noi")
    person(tree.ht_ptm, Role.MEMBER, user=both)
    before = snapshot()
    renamed = (HEADER + "hai.noi,Tên Khác,,QB-ANKT,member,01/01/2020,\n").encode()
    assert (
        "không được sửa họ tên"
        in messages_of(import_people(renamed, "p.csv", actor=tree.qb_officer))[0]
    )
    assert snapshot() == before
    same_name = (HEADER + f"hai.noi,{both.full_name},,QB-ANKT,member,01/01/2020,\n").encode()
    assert import_people(same_name, "p.csv", actor=tree.qb_officer).ok
    assert Membership.objects.filter(user=both, organization=tree.ankt).exists()


def test_an_account_without_any_membership_is_nobodys_to_rename(tree):
    loose = UserFactory(username="loose")
    before = snapshot()
    data = (HEADER + "loose,,other@example.invalid,QB-ANKT,member,01/01/2020,\n").encode()
    assert not import_people(data, "p.csv", actor=tree.qb_officer).ok
    assert snapshot() == before
    loose.refresh_from_db()
    assert loose.email == "loose@example.invalid"


def test_the_operator_and_administrators_are_trusted(tree, admin_user):
    row = "bithu.ht,Tên Mới,moi@example.invalid,HT,standing_member,01/01/2020,\n"
    data = (HEADER + row).encode()
    result = import_people(data, "p.csv", actor=admin_user)
    assert result.ok and result.created == 1
    tree.ht_secretary.refresh_from_db()
    assert tree.ht_secretary.email == "moi@example.invalid"
    assert AuditEvent.objects.filter(verb="person.identity_change", actor=admin_user).exists()


# The rules asked directly, without a file.


def test_the_operator_and_an_administrator_may_give_anything(tree, admin_user):
    for actor in (None, admin_user):
        rules = GrantRules(actor)
        assert rules.trusted and rules.in_scope(tree.ht)
        assert rules.membership_refusal("root", tree.central, Role.SECRETARY) is None
        users = [tree.ht_secretary, admin_user, UserFactory(username="khong.vai.tro")]
        assert rules.identity_editable(users) == {u.pk for u in users}


def test_an_office_gives_roles_below_its_own_inside_its_subtree(tree):
    rules = GrantRules(tree.qb_officer)
    assert not rules.trusted
    assert rules.in_scope(tree.ptm) and not rules.in_scope(tree.ht)
    # below its own rank in its own organisation
    assert rules.membership_refusal("moi", tree.qb, Role.MEMBER) is None
    for role in (Role.OFFICE_OFFICER, Role.COMMITTEE_MEMBER, Role.SECRETARY):
        assert rules.membership_refusal("moi", tree.qb, role) == (
            "bạn không được cấp vai trò ngang hoặc cao hơn vai trò của mình trong QB"
        )
    # where it holds no role, any role inside the subtree
    assert rules.membership_refusal("moi", tree.ptm, Role.SECRETARY) is None
    assert rules.membership_refusal("moi", tree.ht, Role.MEMBER) == (
        "“HT” nằm ngoài phạm vi bạn quản lý"
    )
    # never oneself, whatever the case of the name
    assert rules.membership_refusal("VanPhong.QB", tree.ptm, Role.MEMBER) == (
        "không ai được tự cấp hoặc sửa vai trò của chính mình"
    )


def test_the_highest_of_several_roles_in_one_organisation_counts(tree):
    person(tree.qb, Role.STANDING_MEMBER, user=tree.qb_officer)
    rules = GrantRules(tree.qb_officer)
    assert rules.membership_refusal("moi", tree.qb, Role.COMMITTEE_MEMBER) is None
    assert rules.membership_refusal("moi", tree.qb, Role.STANDING_MEMBER) is not None


def test_an_identity_is_editable_only_when_every_role_ever_held_is_inside(tree, admin_user):
    rules = GrantRules(tree.qb_officer)
    inside = person(tree.ptm, Role.MEMBER, user__username="dv.ptm")
    moved = person(tree.ptm, Role.MEMBER, user__username="dv.chuyen")
    MembershipFactory(
        user=moved,
        organization=tree.ht,
        role=Role.MEMBER,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 12, 31),  # a past role elsewhere still counts
    )
    staff = person(tree.ptm, Role.MEMBER, user__username="nv.ptm", user__is_staff=True)
    nobody = UserFactory(username="khong.vai.tro")
    users = [inside, moved, staff, nobody, tree.ht_secretary, admin_user, tree.central_standing]
    assert rules.identity_editable(users) == {inside.pk}
    assert rules.identity_editable([]) == set()


def test_roles_rank_in_their_declared_order():
    assert [ROLE_RANK[r] for r in Role.values] == list(range(len(Role.values)))
    assert ROLE_RANK[Role.SECRETARY] < ROLE_RANK[Role.OFFICE_OFFICER] < ROLE_RANK[Role.MEMBER]
