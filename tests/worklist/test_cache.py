"""apps.worklist.cache: the home page is cached per person, day and language until something it
reads changes."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.dates import local_today
from apps.documents.models import Circulation, DraftDocument, DraftRound
from apps.documents.services import comment_submit
from apps.personnel.models import PersonnelPlan, PlanStatus
from tests.worklist.upcoming import congress_ahead

pytestmark = pytest.mark.django_db


def _queries(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return len(queries), page


def test_the_home_is_cached_until_a_comment_is_given(client, tree):
    """A second visit reads the worklist from the cache; giving the comment (a model the rules'
    facts do not cover) makes the next visit compute it again, without the task."""
    today = local_today()
    congress = congress_ahead(tree.qb)
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
    congress = congress_ahead(tree.ptm, days_ahead=45)
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
    congress_ahead(tree.ptm)
    client.force_login(tree.ptm_secretary)
    vietnamese = client.get("/").content.decode()
    assert "Trình dự thảo văn kiện và gửi lấy ý kiến cấp dưới" in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert "Trình dự thảo văn kiện" not in english and "task-drafts" in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(tree.ht_standing)  # another person: not the secretary's cached tasks
    assert "task-drafts" not in client.get("/").content.decode()


def test_a_watched_change_renews_the_worklist_version():
    from apps.worklist.cache import worklist_changed, worklist_version

    before = worklist_version()
    assert worklist_version() == before  # reading does not move it
    worklist_changed(sender=None)
    assert worklist_version() != before


def test_cached_home_is_computed_once_per_person_version_and_day(tree, monkeypatch):
    from apps.worklist import cache as worklist_cache

    congress_ahead(tree.ptm)
    computed = []
    real = worklist_cache.worklist_for

    def counting(*, user, today):
        computed.append((user.pk, today))
        return real(user=user, today=today)

    monkeypatch.setattr(worklist_cache, "worklist_for", counting)
    today = local_today()
    first = worklist_cache.cached_home(user=tree.ptm_secretary, today=today)
    again = worklist_cache.cached_home(user=tree.ptm_secretary, today=today)
    assert first == again and len(computed) == 1
    assert [t.kind for t in first.work.tasks] == ["drafts", "report"]
    assert [m.organization for m in first.roles] == [tree.ptm]
    worklist_cache.cached_home(user=tree.ptm_secretary, today=today + dt.timedelta(days=1))
    worklist_cache.cached_home(user=tree.ptm_standing, today=today)
    assert len(computed) == 3  # another day, another person: computed afresh
    worklist_cache.worklist_changed()
    worklist_cache.cached_home(user=tree.ptm_secretary, today=today)
    assert len(computed) == 4  # the version moved


def test_roles_ended_before_the_day_are_not_on_the_home(tree):
    from apps.organizations.models import Membership
    from apps.worklist.cache import cached_home

    Membership.objects.filter(user=tree.ptm_secretary).update(
        end_date=local_today() - dt.timedelta(days=1)
    )
    assert cached_home(user=tree.ptm_secretary, today=local_today()).roles == []
