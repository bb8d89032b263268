"""What the organisation tree's records say about themselves: names, kinds, search text,
memberships in force on a day, an import job's progress, a membership count; the rules the
database holds for them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.organizations.models import (
    ImportJob,
    ImportStatus,
    Membership,
    MembershipCount,
    Organization,
    OrganizationKind,
    Role,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "name", "committee", "issuer", "cell"),
    [
        (
            OrganizationKind.CENTRAL,
            "Đảng bộ Công an Trung ương",
            "Đảng ủy Công an Trung ương",
            "ĐUCA",
            False,
        ),
        (
            OrganizationKind.ABOVE_GRASSROOTS,
            "Đảng bộ Công an tỉnh X",
            "Đảng ủy Công an tỉnh X",
            "ĐU",
            False,
        ),
        (OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng ủy Phòng Y", "Đảng ủy Phòng Y", "ĐU", False),
        (OrganizationKind.GRASSROOTS_CELL, "Chi bộ Phòng Z", "Chi bộ Phòng Z", "CB", True),
        (OrganizationKind.CELL_UNDER_COMMITTEE, "Chi bộ Đội 1", "Chi bộ Đội 1", "CB", True),
    ],
)
def test_the_body_that_issues_documents_follows_the_kind_and_name(
    kind, name, committee, issuer, cell
):
    org = Organization(code="X", name=name, kind=kind)
    assert org.committee_name == committee and org.issuer_code == issuer
    assert org.is_cell is cell and org.has_standing_committee is (not cell)


def test_short_name_subordinates_and_str(tree):
    assert tree.central.display_short == tree.central.name  # no short name
    tree.qb.short_name = "CAT QB"
    assert tree.qb.display_short == "CAT QB" and str(tree.qb) == tree.qb.name
    assert tree.qb.has_subordinates and not tree.ankt.has_subordinates


def test_search_text_is_folded_and_kept_up_to_date_on_save():
    org = OrganizationFactory(code="QB-ĐT", name="Chi bộ Đội Tổng hợp", short_name="ĐTH")
    assert org.search_text == Organization.search_text_for(
        code="QB-ĐT", name="Chi bộ Đội Tổng hợp", short_name="ĐTH"
    )
    assert "chi bo doi tong hop" in org.search_text and "dth" in org.search_text
    org.name = "Chi bộ Đội Điều tra"
    org.save()
    org.refresh_from_db()
    assert "doi dieu tra" in org.search_text and "tong hop" not in org.search_text


def test_a_code_is_unique_and_of_plain_characters():
    OrganizationFactory(code="AB")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.add_root(code="AB", name="Trùng", kind=OrganizationKind.CENTRAL)
    bad = Organization(code="Ấ B", name="X", kind=OrganizationKind.CENTRAL, path="9999", depth=1)
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert refused.value.message_dict["code"] == [
        "Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang và gạch dưới."
    ]
    assert Organization.objects.filter(code="AB").count() == 1


def test_memberships_in_force_on_a_day_include_both_ends(tree):
    m = MembershipFactory(
        organization=tree.ankt, start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31)
    )
    active = Membership.objects.filter(pk=m.pk).active
    for day, expected in [
        (dt.date(2019, 12, 31), False),
        (dt.date(2020, 1, 1), True),
        (dt.date(2020, 12, 31), True),
        (dt.date(2021, 1, 1), False),
    ]:
        assert m.is_active_on(day) is expected
        assert active(day).exists() is expected
    assert str(m) == f"{m.user} — Đảng viên — {tree.ankt.name}"


def test_the_database_refuses_an_end_before_the_start_and_two_open_roles(tree):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            user=user,
            organization=tree.ankt,
            start_date=dt.date(2020, 2, 1),
            end_date=dt.date(2020, 1, 1),
        )
    MembershipFactory(user=user, organization=tree.ankt, role=Role.MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, organization=tree.ankt, role=Role.MEMBER)
    # an ended role and an open one of the same kind may sit side by side
    MembershipFactory(
        user=user,
        organization=tree.ankt,
        role=Role.MEMBER,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2016, 1, 1),
    )
    assert Membership.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("status", "done", "total", "errors", "listed", "in_progress", "percent", "unlisted"),
    [
        (ImportStatus.PENDING, 0, 0, 0, [], True, 0, 0),
        (ImportStatus.RUNNING, 2_000, 13_294, 0, [], True, 15, 0),
        (ImportStatus.REFUSED, 10, 10, 250, ["a"] * 100, False, 100, 150),
        (ImportStatus.DONE, 5, 5, 0, [], False, 100, 0),
    ],
)
def test_an_import_jobs_progress(
    tree, status, done, total, errors, listed, in_progress, percent, unlisted
):
    job = ImportJob(
        requested_by=tree.qb_officer,
        organization=tree.qb,
        what="organizations",
        filename="to-chuc.csv",
        status=status,
        rows_done=done,
        rows_total=total,
        errors_count=errors,
        errors=listed,
    )
    assert (job.in_progress, job.percent, job.unlisted) == (in_progress, percent, unlisted)
    assert str(job) == f"organizations to-chuc.csv ({job.get_status_display()})"


def test_a_membership_count_per_day_and_its_total(tree):
    count = MembershipCount.objects.create(
        organization=tree.ptm, as_of=dt.date(2020, 3, 31), official=85, probationary=3
    )
    assert count.total == 88 and str(count) == "QB-PTM 31/03/2020: 85+3"
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipCount.objects.create(
            organization=tree.ptm, as_of=dt.date(2020, 3, 31), official=1
        )
    assert MembershipCount.objects.get().official == 85
