"""Who an organisation's leaders, answerers, standing committee, committee and office are: one
table, memberships in force only, a cell's committee standing in for its standing committee."""

import datetime as dt

import pytest

from apps.organizations.audiences import Audience, audience_of, audience_user_ids
from apps.organizations.models import Role
from tests.factories import MembershipFactory, person

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_each_audience_is_its_role_set(tree):
    deputy = person(tree.qb, Role.DEPUTY_SECRETARY)
    qb = [tree.qb]
    assert audience_user_ids(Audience.LEADERS, on=TODAY, organizations=qb) == {
        tree.qb_secretary.pk,
        deputy.pk,
    }
    assert audience_user_ids(Audience.ANSWERING, on=TODAY, organizations=qb) == {
        tree.qb_secretary.pk,
        deputy.pk,
        tree.qb_officer.pk,
    }
    assert audience_user_ids(Audience.STANDING, on=TODAY, organizations=qb) == {
        tree.qb_secretary.pk,
        deputy.pk,
        tree.qb_standing.pk,
    }
    assert audience_user_ids(Audience.COMMITTEE, on=TODAY, organizations=qb) == {
        tree.qb_secretary.pk,
        deputy.pk,
        tree.qb_standing.pk,
        tree.qb_committee.pk,
    }
    assert audience_user_ids(Audience.OFFICE, on=TODAY, organizations=qb) == {tree.qb_officer.pk}
    assert audience_user_ids(Audience.SECRETARY, on=TODAY, organizations=qb) == {
        tree.qb_secretary.pk
    }


def test_a_cells_committee_is_its_standing_committee_but_a_committees_is_not(tree):
    cell_member = person(tree.ankt, Role.COMMITTEE_MEMBER)
    assert audience_user_ids(Audience.STANDING, on=TODAY, organizations=[tree.ankt]) == {
        tree.ankt_secretary.pk,
        cell_member.pk,
    }
    assert tree.qb_committee.pk not in audience_user_ids(
        Audience.STANDING, on=TODAY, organizations=[tree.qb]
    )


def test_only_memberships_in_force_count_and_organisations_stay_apart(tree):
    MembershipFactory(
        organization=tree.ptm,
        role=Role.SECRETARY,
        start_date=dt.date(2015, 1, 1),
        end_date=TODAY - dt.timedelta(days=1),
    )
    people = audience_of(Audience.LEADERS, on=TODAY, organizations=[tree.ptm, tree.ankt])
    assert dict(people) == {
        tree.ptm.pk: [tree.ptm_secretary.pk],
        tree.ankt.pk: [tree.ankt_secretary.pk],
    }


def test_a_circulation_to_the_subordinates_secretaries_reaches_them_not_their_deputies(tree):
    from apps.documents import services
    from tests.factories import CongressFactory, term

    deputy = person(tree.ptm, Role.DEPUTY_SECRETARY)
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    document = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=document, body="Dự thảo")
    circulation = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        include_subordinate_secretaries=True,
        comment_deadline=TODAY + dt.timedelta(days=9),
    )
    people = set(circulation.recipient_users.values_list("pk", flat=True))
    assert people == {tree.ptm_secretary.pk, tree.ankt_secretary.pk}
    assert deputy.pk not in people and circulation.to_subordinates
