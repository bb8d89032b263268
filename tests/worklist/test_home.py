"""The home page "Việc cần làm": each person's tasks across all their organisations."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses.models import Decision, SuperiorReport
from apps.core.dates import local_today
from apps.documents.models import Circulation, DraftDocument, DraftRound
from apps.documents.services import comment_submit
from apps.organizations.models import OrganizationKind, Role
from apps.personnel.models import PersonnelPlan, PlanStatus
from apps.worklist.selectors import worklist_for
from tests.factories import (
    CongressFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    approved_plan,
    term,
)

pytestmark = pytest.mark.django_db


def _congress(org, days_ahead=45):
    return CongressFactory(
        organization=org,
        term=term("2025-2030"),
        opening_date=local_today() + dt.timedelta(days=days_ahead),
    )


def test_secretary_sees_own_congress_countdown_and_drafts_due_by_the_rule_sets_day(client, tree):
    today = local_today()
    congress = _congress(tree.ptm, days_ahead=45)
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
    congress = _congress(tree.ptm, days_ahead=60)
    rule_set = congress.term.rule_set
    rule_set.r30_days = 40
    rule_set.save()
    work = worklist_for(user=tree.ptm_secretary, today=local_today())
    assert work.tasks[0].deadline == congress.opening_date - dt.timedelta(days=40)


def test_a_submitted_round_not_yet_circulated_is_a_task_with_its_button(tree):
    congress = _congress(tree.ptm)
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
    congress = _congress(tree.ptm)
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
    late = _congress(tree.ptm, days_ahead=25)  # R30 already passed
    soon = _congress(tree.ankt, days_ahead=80)
    MembershipFactory(user=tree.ptm_secretary, organization=tree.ankt, role=Role.SECRETARY)
    work = worklist_for(user=tree.ptm_secretary, today=today)
    assert work.tasks[0].overdue and work.tasks[0].subject == str(late)
    deadlines = [t.deadline for t in work.tasks]
    assert deadlines == sorted(deadlines)
    assert {o.congress.pk for o in work.own} == {late.pk, soon.pk}


def test_nothing_to_do_says_so_and_links_to_the_dashboard(client, tree):
    client.force_login(tree.qb_member)
    page = client.get("/").content.decode()
    assert 'id="nothing-to-do"' in page and "Hiện không có việc nào chờ bạn." in page
    assert 'href="/congresses/"' in page


def test_superuser_home_links_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert 'id="admin-home"' in page and 'href="/admin/"' in page
    assert "Bạn chưa được phân công vai trò" not in page


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
            congress = _congress(org)
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
    congress = _congress(tree.ptm)
    approved_plan(congress)
    work = worklist_for(user=tree.ptm_standing, today=local_today())
    assert not [t for t in work.tasks if t.kind == "approve_plan"]


def _queries(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return len(queries), page


def test_the_home_is_cached_until_a_comment_is_given(client, tree):
    """A second visit reads the worklist from the cache; giving the comment (a model the rules'
    facts do not cover) makes the next visit compute it again, without the task."""
    today = local_today()
    congress = _congress(tree.qb)
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    rnd = DraftRound.objects.create(
        document=doc, number=1, body="x", submitted_by=tree.qb_secretary
    )
    circulation = Circulation.objects.create(
        round=rnd,
        official_date=today,
        comment_deadline=today + dt.timedelta(days=10),
        to_subordinates=True,
        entered_by=tree.qb_secretary,
    )
    circulation.recipient_organizations.add(tree.ptm)
    client.force_login(tree.ptm_secretary)
    cold, page = _queries(client)
    warm, again = _queries(client)
    assert page.count("task-comment") == 1 and again.count("task-comment") == 1
    assert warm < cold - 5, (warm, cold)  # the task queries are not run again

    comment_submit(
        actor=tree.ptm_secretary, circulation=circulation, organization=tree.ptm, text="Đồng ý."
    )
    after, page = _queries(client)
    assert "task-comment" not in page and after > warm


def test_the_cached_home_follows_a_plan_approved_and_a_date_moved(client, tree):
    congress = _congress(tree.ptm, days_ahead=45)
    plan = PersonnelPlan.objects.create(
        congress=congress, status=PlanStatus.SUBMITTED, seats=3, created_by=tree.ptm_secretary
    )
    client.force_login(tree.ptm_standing)
    assert "task-approve_plan" in client.get("/").content.decode()
    assert "task-approve_plan" in client.get("/").content.decode()  # cached
    plan.status = PlanStatus.APPROVED
    plan.save()
    assert "task-approve_plan" not in client.get("/").content.decode()

    client.force_login(tree.ptm_secretary)
    r30 = congress.opening_date - dt.timedelta(days=congress.term.rule_set.r30_days)
    assert r30.strftime("%d/%m/%Y") in client.get("/").content.decode()
    congress.opening_date += dt.timedelta(days=7)
    congress.save()  # a fact: the facts version moves
    page = client.get("/").content.decode()
    assert (r30 + dt.timedelta(days=7)).strftime("%d/%m/%Y") in page
    assert r30.strftime("%d/%m/%Y") not in page


def test_the_cached_home_is_per_person_and_per_language(client, tree):
    _congress(tree.ptm)
    client.force_login(tree.ptm_secretary)
    vietnamese = client.get("/").content.decode()
    assert "Trình dự thảo văn kiện và gửi lấy ý kiến cấp dưới" in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert "Trình dự thảo văn kiện" not in english and "task-drafts" in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(tree.ht_standing)  # another person: not the secretary's cached tasks
    assert "task-drafts" not in client.get("/").content.decode()


def test_an_opening_day_gone_by_without_opening_says_so(client, tree):
    _congress(tree.ptm, days_ahead=-3)
    client.force_login(tree.ptm_secretary)
    page = client.get("/").content.decode()
    assert "đã qua 3 ngày, chưa khai mạc" in page
