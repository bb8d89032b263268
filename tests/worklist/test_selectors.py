"""apps.worklist.selectors: each person's tasks across all their organisations, most urgent
first, in a number of queries that does not grow with their roles."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses.models import Decision, SuperiorReport
from apps.core.dates import local_today
from apps.documents.models import DraftDocument, DraftRound
from apps.organizations.models import OrganizationKind, Role
from apps.personnel.models import PersonnelPlan, PlanStatus
from apps.worklist.selectors import worklist_for
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    approved_plan,
)
from tests.worklist.upcoming import congress_ahead

pytestmark = pytest.mark.django_db


def test_secretary_sees_own_congress_countdown_and_drafts_due_by_the_rule_sets_day(client, tree):
    today = local_today()
    congress = congress_ahead(tree.ptm, days_ahead=45)
    rule_set = congress.term.rule_set
    client.force_login(tree.ptm_secretary)
    page = client.get("/").content.decode()
    work = worklist_for(user=tree.ptm_secretary, today=today)

    assert [o.congress.pk for o in work.own] == [congress.pk]
    assert work.own[0].opening_in == 45
    r30_deadline = congress.opening_date - dt.timedelta(days=rule_set.r30_days)
    assert work.own[0].next_deadline == r30_deadline
    kinds = [t.kind for t in work.tasks]
    assert kinds == ["drafts", "report"]  # R30 falls before R20: most urgent first
    drafts = work.tasks[0]
    assert drafts.deadline == r30_deadline and drafts.days_left == 45 - rule_set.r30_days
    assert drafts.url == f"/congresses/{congress.pk}/#documents"
    report = work.tasks[1]
    assert report.deadline == congress.opening_date - dt.timedelta(days=rule_set.r20_days)
    assert "<h1" in page and "Việc cần làm" in page
    assert r30_deadline.strftime("%d/%m/%Y") in page
    assert f"Còn {45 - rule_set.r30_days} ngày" in page


def test_rule_set_day_counts_move_the_deadlines(tree):
    congress = congress_ahead(tree.ptm, days_ahead=60)
    rule_set = congress.term.rule_set
    rule_set.r30_days = 40
    rule_set.save()
    work = worklist_for(user=tree.ptm_secretary, today=local_today())
    assert work.tasks[0].deadline == congress.opening_date - dt.timedelta(days=40)


def test_a_submitted_round_not_yet_circulated_is_a_task_with_its_button(tree):
    congress = congress_ahead(tree.ptm)
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    rnd = DraftRound.objects.create(
        document=doc, number=1, body="x", submitted_by=tree.ptm_secretary
    )
    work = worklist_for(user=tree.ptm_secretary, today=local_today())
    circulate = [t for t in work.tasks if t.kind == "circulate"]
    assert len(circulate) == 1 and circulate[0].url == f"/documents/rounds/{rnd.pk}/circulate/"
    assert "dự thảo lần 1" in circulate[0].what
    # Somebody else's congress gives them nothing to circulate.
    assert not [
        t
        for t in worklist_for(user=tree.ankt_secretary, today=local_today()).tasks
        if t.kind == "circulate"
    ]


def test_standing_member_sees_the_plan_to_approve_and_the_superior_the_report_to_decide(tree):
    today = local_today()
    congress = congress_ahead(tree.ptm)
    plan = PersonnelPlan.objects.create(
        congress=congress, status=PlanStatus.SUBMITTED, seats=3, created_by=tree.ptm_secretary
    )
    work = worklist_for(user=tree.ptm_standing, today=today)
    approve = [t for t in work.tasks if t.kind == "approve_plan"]
    assert len(approve) == 1 and approve[0].url == f"/personnel/congress/{congress.pk}/plan/"
    assert approve[0].deadline == congress.opening_date - dt.timedelta(
        days=congress.term.rule_set.r20_days
    )
    assert not [t for t in worklist_for(user=tree.ht_standing, today=today).tasks]

    plan.status = PlanStatus.APPROVED
    plan.save()
    report = SuperiorReport.objects.create(
        congress=congress, official_date=today, submitted_by=tree.ptm_secretary
    )
    decide = [
        t for t in worklist_for(user=tree.qb_standing, today=today).tasks if t.kind == "decide"
    ]
    assert len(decide) == 1 and decide[0].url == f"/congresses/reports/{report.pk}/decide/"
    assert decide[0].deadline == congress.opening_date
    # The subordinate's office (and secretary) must give the report its number.
    issue = [
        t
        for t in worklist_for(user=tree.ptm_secretary, today=today).tasks
        if t.kind == "issue_number"
    ]
    assert len(issue) == 1
    # A decided report leaves the superior's list.
    report.decision = Decision.APPROVED
    report.save()
    assert not [
        t for t in worklist_for(user=tree.qb_standing, today=today).tasks if t.kind == "decide"
    ]


def test_overdue_first_then_nearest(tree):
    today = local_today()
    late = congress_ahead(tree.ptm, days_ahead=25)  # R30 already passed
    soon = congress_ahead(tree.ankt, days_ahead=80)
    MembershipFactory(user=tree.ptm_secretary, organization=tree.ankt, role=Role.SECRETARY)
    work = worklist_for(user=tree.ptm_secretary, today=today)
    assert work.tasks[0].overdue and work.tasks[0].subject == str(late)
    deadlines = [t.deadline for t in work.tasks]
    assert deadlines == sorted(deadlines)
    assert {o.congress.pk for o in work.own} == {late.pk, soon.pk}


def test_home_queries_do_not_grow_with_roles(client, tree):
    """One organisation or twenty: the same number of queries (each task kind is one query
    over all of them, and the congresses are evaluated together)."""
    qb = tree.qb

    def make_person(n):
        user = UserFactory()
        for _i in range(n):
            org = OrganizationFactory(parent=qb, kind=OrganizationKind.GRASSROOTS_COMMITTEE)
            # A cell under it: a committee with no one under it circulates nothing.
            OrganizationFactory(parent=org, kind=OrganizationKind.CELL_UNDER_COMMITTEE)
            MembershipFactory(user=user, organization=org, role=Role.SECRETARY)
            congress = congress_ahead(org)
            doc = DraftDocument.objects.create(congress=congress, kind="political_report")
            DraftRound.objects.create(document=doc, number=1, body="x", submitted_by=user)
            PersonnelPlan.objects.create(
                congress=congress, status=PlanStatus.SUBMITTED, seats=3, created_by=user
            )
        return user

    def count(user):
        client.force_login(user)
        client.get("/")  # warm the per-process caches (rule sets, translations)
        cache.clear()  # then measured cold: the worklist is computed, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    one, one_page = count(make_person(1))
    twenty, twenty_page = count(make_person(20))
    assert one == twenty
    assert one_page.count("task-circulate") == 1 and twenty_page.count("task-circulate") == 20
    assert twenty_page.count("task-approve_plan") == 20


def test_approved_plan_is_not_a_task(tree):
    congress = congress_ahead(tree.ptm)
    approved_plan(congress)
    work = worklist_for(user=tree.ptm_standing, today=local_today())
    assert not [t for t in work.tasks if t.kind == "approve_plan"]


def _task(days_left):
    from apps.worklist.selectors import Task

    return Task("drafts", "x", "y", "/", "b", None, days_left)


def test_a_task_is_overdue_below_zero_days_and_urgent_within_a_week():
    assert [(_task(d).overdue, _task(d).urgent) for d in (-1, 0, 7, 8)] == [
        (True, True),
        (False, True),
        (False, True),
        (False, False),
    ]
    assert not _task(None).overdue and not _task(None).urgent  # no deadline: neither


def test_the_administrator_is_sent_to_the_admin_and_a_person_without_roles_gets_nothing(
    tree, admin_user
):
    admin = worklist_for(user=admin_user, today=local_today())
    assert admin.is_administrator and admin.own == [] and admin.tasks == []
    nobody = worklist_for(user=tree.outsider, today=local_today())
    assert not nobody.is_administrator and not nobody.has_roles
    assert nobody.own == [] and nobody.tasks == []
