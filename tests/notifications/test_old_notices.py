"""A notice asking for something already done: it is resolved even when the asking and the doing
shared one transaction (the demo, an import), and opening an old one leads to a page that says
what was done, never to a refusal."""

import datetime as dt

import pytest

from apps.congresses import services as congress_services
from apps.congresses.models import CongressStatus, Decision, SuperiorReport
from apps.notifications.models import Notification
from apps.personnel import services as personnel_services
from apps.personnel.models import Ratification
from tests.factories import CongressFactory, approved_plan, circulate_required, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _open_notices(user) -> set[str]:
    return set(
        Notification.objects.filter(recipient=user, resolved_at__isnull=True).values_list(
            "key", flat=True
        )
    )


def _ptm_congress(tree, days_ahead=40):
    return CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        opening_date=TODAY + dt.timedelta(days=days_ahead),
    )


def _notice(user, url: str, todo: str = "") -> Notification:
    return Notification.objects.create(
        recipient=user, key=f"test:{url}", subject="s", body="b", url=url, todo=todo
    )


def test_an_action_asked_and_done_in_one_transaction_leaves_nothing_asked(
    tree, django_capture_on_commit_callbacks
):
    """The demo's story and an import ask and answer in one transaction: the request's notice is
    written after the commit, so the answer resolves it again then (it stayed 'Cần xử lý')."""
    congress = _ptm_congress(tree)
    circulate_required(congress, TODAY)
    approved_plan(congress)
    with django_capture_on_commit_callbacks(execute=True):
        report = congress_services.superior_report_submit(
            actor=tree.ptm_secretary, congress=congress
        )
        congress_services.superior_report_decide(
            actor=tree.qb_standing, report=report, decision="approved"
        )
    asked = Notification.objects.filter(todo=f"report:{report.pk}:decide")
    assert asked.count() == 2  # bithu.qb and btv.qb were asked …
    assert not asked.filter(resolved_at__isnull=True).exists()  # … and nothing is left open
    assert _open_notices(tree.qb_standing) == _open_notices(tree.qb_secretary) == set()
    assert _open_notices(tree.ptm_secretary) == {f"report:{report.pk}:approved"}


def test_a_notice_asked_in_another_transaction_is_still_resolved_at_once(
    tree, django_capture_on_commit_callbacks
):
    congress = _ptm_congress(tree)
    circulate_required(congress, TODAY)
    approved_plan(congress)
    with django_capture_on_commit_callbacks(execute=True):
        report = congress_services.superior_report_submit(
            actor=tree.ptm_secretary, congress=congress
        )
    assert f"report:{report.pk}:submitted" in _open_notices(tree.qb_standing)
    with django_capture_on_commit_callbacks(execute=False):  # not committed yet …
        congress_services.superior_report_decide(
            actor=tree.qb_standing, report=report, decision="approved"
        )
        assert _open_notices(tree.qb_standing) == set()  # … and already resolved


def test_the_old_notice_of_a_decided_report_opens_the_report_with_its_decision(client, tree):
    congress = _ptm_congress(tree)
    report = SuperiorReport.objects.create(
        congress=congress,
        official_date=TODAY - dt.timedelta(days=3),
        submitted_by=tree.ptm_secretary,
        decision=Decision.APPROVED,
        decided_on=TODAY - dt.timedelta(days=1),
        decided_by=tree.qb_standing,
    )
    notice = _notice(tree.qb_secretary, f"/congresses/reports/{report.pk}/decide/")
    client.force_login(tree.qb_secretary)

    response = client.get(f"/notifications/{notice.pk}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/congresses/reports/{report.pk}/decide/"
    page = response.content.decode()
    day = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Báo cáo này đã có quyết định: Đồng ý ({day})." in page
    assert 'name="decision"' not in page  # no form the service would refuse
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_the_old_ratification_request_opens_the_ratified_result(client, tree):
    congress = _ptm_congress(tree, days_ahead=-10)
    Ratification.objects.create(
        congress=congress,
        decision_number="123-QĐ/ĐU",
        decision_date=TODAY - dt.timedelta(days=2),
        ratified_by=tree.qb_standing,
    )
    notice = _notice(tree.qb_standing, f"/personnel/congress/{congress.pk}/ratify/")
    client.force_login(tree.qb_standing)

    response = client.get(f"/notifications/{notice.pk}/", follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    day = (TODAY - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert f"Kết quả đại hội đã được chuẩn y theo Quyết định số 123-QĐ/ĐU ngày {day}." in page
    assert 'name="decision_number"' not in page
    # A second ratification posted from an old tab is not attempted either.
    again = client.post(
        f"/personnel/congress/{congress.pk}/ratify/",
        {"decision_number": "999", "decision_date": TODAY.isoformat()},
    )
    assert again.status_code == 200
    assert list(Ratification.objects.filter(congress=congress).values_list("decision_number")) == [
        ("123-QĐ/ĐU",)
    ]


def test_the_result_notice_leads_every_recipient_to_a_page_they_may_open(
    client, tree, django_capture_on_commit_callbacks
):
    """The superior hears that the result is recorded; the results form is the organisation's
    leaders' own (403 for the superior), so the notice points at the congress page."""
    congress = _ptm_congress(tree)
    plan = approved_plan(congress)
    congress.opening_date = TODAY
    congress.status = CongressStatus.IN_SESSION  # opened (its rules are another test's)
    congress.save()
    with django_capture_on_commit_callbacks(execute=True):
        candidates = list(plan.candidates.order_by("position"))
        personnel_services.results_record(
            actor=tree.ptm_secretary,
            congress=congress,
            summoned=10,
            excused=0,
            ballots_issued=10,
            ballots_valid=10,
            votes={c.pk: 9 - i for i, c in enumerate(candidates)},
        )
    told = Notification.objects.filter(key__startswith=f"congress:{congress.pk}:result:")
    assert tree.qb_standing.pk in {n.recipient_id for n in told}  # the superior is told
    for notice in told.select_related("recipient"):
        assert notice.url == f"/congresses/{congress.pk}/#personnel"
        client.force_login(notice.recipient)
        response = client.get(f"/notifications/{notice.pk}/", follow=True)
        assert response.status_code == 200, notice.recipient.username


def test_the_demo_leaves_open_only_what_is_still_to_do(db, django_capture_on_commit_callbacks):
    """The new-user walk met four decided reports (and an approved plan, a ratified result) still
    'Cần xử lý' after the demo: each open request now names something still undone."""
    from django.core.management import call_command

    from apps.personnel.models import PersonnelPlan, PlanStatus

    term("2020-2025")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    open_todos = set(
        Notification.objects.filter(resolved_at__isnull=True)
        .exclude(todo="")
        .values_list("todo", flat=True)
    )
    decided = {
        f"report:{pk}:decide"
        for pk in SuperiorReport.objects.exclude(decision=Decision.PENDING).values_list(
            "pk", flat=True
        )
    }
    approved = {
        f"plan:{pk}:decide"
        for pk in PersonnelPlan.objects.filter(status=PlanStatus.APPROVED).values_list(
            "pk", flat=True
        )
    }
    ratified = {
        f"congress:{pk}:ratify" for pk in Ratification.objects.values_list("congress_id", flat=True)
    }
    assert decided and approved and ratified  # the demo does decide, approve and ratify …
    assert open_todos & (decided | approved | ratified) == set()  # … and nothing stays asked
    pending = SuperiorReport.objects.filter(decision=Decision.PENDING).values_list("pk", flat=True)
    assert {f"report:{pk}:decide" for pk in pending} <= open_todos  # what is undone still is
