"""Every hand-off tells the person who must act next, exactly once, in the app and by e-mail,
after commit, never the person who acted; the notice leaves the list once its action is done."""

import datetime as dt

import pytest
from django.core import mail

from apps.congresses import services as congress_services
from apps.congresses.handoffs import decision_recipients, superior_followers
from apps.congresses.models import SupervisionAssignment
from apps.core.errors import DomainError
from apps.documents import services as doc_services
from apps.documents.models import Circulation
from apps.notifications import services as notification_services
from apps.notifications.models import Notification
from apps.notifications.selectors import unread_count
from apps.organizations.models import Role
from apps.personnel import services as personnel_services
from apps.personnel.models import PlanStatus
from tests.factories import CongressFactory, approved_plan, circulate_required, person, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def mail_now(monkeypatch):
    """The worker's e-mail delivery, run in the test's process instead of queued."""
    monkeypatch.setattr(
        notification_services, "queue_email_delivery", notification_services.emails_deliver
    )


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a service as a request would: its after-commit work runs when it returns."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def open_notices(user) -> set[str]:
    return set(
        Notification.objects.filter(recipient=user, resolved_at__isnull=True).values_list(
            "key", flat=True
        )
    )


def keyed(prefix: str) -> dict[str, set[str]]:
    """{username: {key}} of every notice whose key starts with prefix (resolved or not)."""
    found: dict[str, set[str]] = {}
    for username, key in Notification.objects.filter(key__startswith=prefix).values_list(
        "recipient__username", "key"
    ):
        found.setdefault(username, set()).add(key)
    return found


@pytest.fixture
def congress(tree):
    c = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        ordinal="XVIII",
        opening_date=TODAY + dt.timedelta(days=60),
    )
    return c


def _round(tree, congress, kind="political_report"):
    doc = doc_services.document_create(actor=tree.qb_secretary, congress=congress, kind=kind)
    return doc_services.round_submit(actor=tree.qb_secretary, document=doc, body="Dự thảo")


def test_circulation_asks_each_recipient_once_and_never_the_drafters(tree, congress, act):
    ptm_office = person(tree.ptm, Role.OFFICE_OFFICER, user__username="vanphong.ptm")
    rnd = _round(tree, congress)
    circ = act(
        doc_services.circulate,
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        include_committee_members=True,
        include_subordinate_secretaries=True,
        comment_deadline=TODAY + dt.timedelta(days=10),
    )
    # The subordinates' secretaries and office answer for them (the secretaries, also named
    # personally, get one notice); the committee members each; the secretary who drafts it is
    # neither asked nor listed among the people asked.
    assert keyed(f"circulation:{circ.pk}:") == {
        "bithu.ptm": {f"circulation:{circ.pk}:invite:org{tree.ptm.pk}"},
        "vanphong.ptm": {f"circulation:{circ.pk}:invite:org{tree.ptm.pk}"},
        "bithu.ankt": {f"circulation:{circ.pk}:invite:org{tree.ankt.pk}"},
        "btv.qb": {f"circulation:{circ.pk}:invite:user"},
        "capuy.qb": {f"circulation:{circ.pk}:invite:user"},
    }
    named = set(circ.recipient_users.values_list("username", flat=True))
    assert named == {"bithu.ptm", "bithu.ankt", "btv.qb", "capuy.qb"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{u}@example.invalid"
        for u in ("bithu.ptm", "vanphong.ptm", "bithu.ankt", "btv.qb", "capuy.qb")
    )
    assert all(m.subject.startswith("Đề nghị góp ý: ") for m in mail.outbox)
    notice = Notification.objects.get(recipient=ptm_office)
    assert notice.emailed_at is not None and notice.read_at is None
    assert unread_count(user=ptm_office) == 1

    # The comment given by the secretary answers for the organisation: both notices leave.
    act(
        doc_services.comment_submit,
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Đề nghị bổ sung phần an ninh kinh tế.",
    )
    assert open_notices(tree.ptm_secretary) == set()
    assert open_notices(ptm_office) == set() and unread_count(user=ptm_office) == 0
    assert open_notices(tree.ankt_secretary) == {f"circulation:{circ.pk}:invite:org{tree.ankt.pk}"}
    assert open_notices(tree.qb_committee) == {f"circulation:{circ.pk}:invite:user"}
    # A personal comment answers only that person's notice.
    act(
        doc_services.comment_submit,
        actor=tree.qb_committee,
        circulation=circ,
        text="Nhất trí.",
    )
    assert open_notices(tree.qb_committee) == set()
    assert open_notices(tree.qb_standing) == {f"circulation:{circ.pk}:invite:user"}


def test_a_circulation_only_to_the_drafters_is_refused_and_tells_nobody(tree, act):
    cell_congress = CongressFactory(
        organization=tree.ankt, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    doc = doc_services.document_create(
        actor=tree.ankt_secretary, congress=cell_congress, kind="political_report"
    )
    rnd = doc_services.round_submit(actor=tree.ankt_secretary, document=doc, body="x")
    with pytest.raises(DomainError, match="nơi nhận khác: những người thuộc nhóm đã chọn"):
        act(
            doc_services.circulate,
            actor=tree.ankt_secretary,
            rnd=rnd,
            include_committee_members=True,  # the cell's committee is its secretary alone
            comment_deadline=TODAY + dt.timedelta(days=5),
        )
    assert not Circulation.objects.exists()
    assert not Notification.objects.exists() and mail.outbox == []


def test_comments_ask_the_drafters_to_dispose_and_disposal_resolves(tree, congress, act):
    rnd = _round(tree, congress)
    circ = act(
        doc_services.circulate,
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm],
        comment_deadline=TODAY + dt.timedelta(days=10),
    )
    mail.outbox.clear()
    comment = act(
        doc_services.comment_submit,
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Góp ý lần đầu",
    )
    received = f"comment:{comment.pk}:received"
    assert keyed(f"comment:{comment.pk}:") == {"bithu.qb": {received}}
    assert [m.to for m in mail.outbox] == [["bithu.qb@example.invalid"]]
    assert "Đảng bộ Phòng Tham mưu đã góp ý" in mail.outbox[0].body
    # Amending tells the drafters again (a new event), still once each.
    act(
        doc_services.comment_submit,
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Góp ý đã sửa",
    )
    assert len(keyed(f"comment:{comment.pk}:")["bithu.qb"]) == 2
    assert not keyed(f"comment:{comment.pk}:").get("bithu.ptm")  # never the commenter
    act(
        doc_services.comment_dispose,
        actor=tree.qb_secretary,
        comment=comment,
        disposition="accepted",
    )
    assert not {k for k in open_notices(tree.qb_secretary) if k.startswith("comment:")}


def test_plan_submitted_asks_the_standing_committee_and_the_answer_reaches_the_drafters(tree, act):
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=50)
    )
    plan = personnel_services.plan_save(
        actor=tree.ptm_secretary,
        congress=congress,
        seats=3,
        candidates=[
            {"full_name": f"Nguyễn Văn {n}", "birth_date": dt.date(1980, 1, 1)} for n in "ABCD"
        ],
    )
    act(
        personnel_services.plan_transition,
        plan=plan,
        to=PlanStatus.SUBMITTED,
        by=tree.ptm_secretary,
    )
    assert set(keyed(f"plan:{plan.pk}:")) == {"btv.ptm"}  # not the secretary who submitted
    assert [m.to for m in mail.outbox] == [["btv.ptm@example.invalid"]]
    act(
        personnel_services.plan_transition,
        plan=plan,
        to=PlanStatus.RETURNED,
        by=tree.ptm_standing,
        note="Bổ sung cán bộ nữ",
    )
    assert open_notices(tree.ptm_standing) == set()  # the decision answered the request
    (returned,) = Notification.objects.filter(recipient=tree.ptm_secretary)
    assert returned.subject.startswith("Phương án nhân sự bị trả lại")
    assert "Bổ sung cán bộ nữ" in returned.body and returned.todo == f"plan:{plan.pk}:resubmit"
    act(
        personnel_services.plan_transition,
        plan=plan,
        to=PlanStatus.SUBMITTED,
        by=tree.ptm_secretary,
    )
    assert open_notices(tree.ptm_secretary) == set()  # submitting again answered the return
    assert len(open_notices(tree.ptm_standing)) == 1
    act(
        personnel_services.plan_transition,
        plan=plan,
        to=PlanStatus.APPROVED,
        by=tree.ptm_standing,
        meeting_date=TODAY,
    )
    assert open_notices(tree.ptm_standing) == set()
    approved = Notification.objects.filter(recipient=tree.ptm_secretary).latest("id")
    assert approved.subject.startswith("Phương án nhân sự đã được duyệt") and not approved.todo


def test_report_goes_to_the_assigned_standing_member_else_the_whole_standing_committee(tree):
    congress = CongressFactory(organization=tree.ptm, term=term("2025-2030"))
    # No one assigned: the superior's standing committee (secretary, deputies, standing members).
    assert superior_followers(congress, on=TODAY) == {tree.qb_secretary.pk, tree.qb_standing.pk}
    SupervisionAssignment.objects.create(
        organization=tree.ptm, term=congress.term, supervisor=tree.qb_standing
    )
    assert superior_followers(congress, on=TODAY) == {tree.qb_standing.pk}
    # The decision is heard by the organisation's secretary and office.
    office = person(tree.ptm, Role.OFFICE_OFFICER)
    assert decision_recipients(congress, on=TODAY) == {tree.ptm_secretary.pk, office.pk}


def test_report_returned_then_approved_then_opened(tree, act):
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=40)
    )
    circulate_required(congress, TODAY)
    approved_plan(congress)
    office = person(tree.ptm, Role.OFFICE_OFFICER, user__username="vanphong.ptm")
    report = act(
        congress_services.superior_report_submit, actor=tree.ptm_secretary, congress=congress
    )
    assert keyed(f"report:{report.pk}:") == {
        "bithu.qb": {f"report:{report.pk}:submitted"},
        "btv.qb": {f"report:{report.pk}:submitted"},
    }
    assert Notification.objects.get(recipient=tree.qb_standing).todo == f"report:{report.pk}:decide"
    mail.outbox.clear()
    act(
        congress_services.superior_report_decide,
        actor=tree.qb_standing,
        report=report,
        decision="returned",
        note="Bổ sung số liệu",
    )
    # The request left both superiors' lists, whoever of them decided.
    assert open_notices(tree.qb_standing) == open_notices(tree.qb_secretary) == set()
    assert keyed(f"report:{report.pk}:returned") == {
        "bithu.ptm": {f"report:{report.pk}:returned"},
        "vanphong.ptm": {f"report:{report.pk}:returned"},
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bithu.ptm@example.invalid",
        "vanphong.ptm@example.invalid",
    ]
    assert "Bổ sung số liệu" in mail.outbox[0].body

    again = act(
        congress_services.superior_report_submit, actor=tree.ptm_secretary, congress=congress
    )
    assert open_notices(tree.ptm_secretary) == open_notices(office) == set()  # answered
    assert open_notices(tree.qb_standing) == {f"report:{again.pk}:submitted"}
    act(
        congress_services.superior_report_decide,
        actor=tree.qb_secretary,
        report=again,
        decision="approved",
    )
    assert open_notices(tree.qb_standing) == set()
    assert open_notices(tree.ptm_secretary) == {f"report:{again.pk}:approved"}
    assert open_notices(office) == {f"report:{again.pk}:approved"}
    assert (
        Notification.objects.filter(recipient=tree.qb_secretary, key__contains="approved").count()
        == 0
    )


def test_opening_result_and_ratification_reach_the_superior_and_the_office(tree, act):
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=TODAY, status="approved"
    )
    circulate_required(congress, TODAY - dt.timedelta(days=40))
    plan = approved_plan(congress)
    from apps.congresses.models import SuperiorReport

    SuperiorReport.objects.create(
        congress=congress,
        official_date=TODAY - dt.timedelta(days=30),
        submitted_by=tree.ptm_secretary,
        plan=plan,
        decision="approved",
        decided_on=TODAY - dt.timedelta(days=25),
        decided_by=tree.qb_standing,
    )
    SupervisionAssignment.objects.create(
        organization=tree.ptm, term=congress.term, supervisor=tree.qb_standing
    )
    office = person(tree.ptm, Role.OFFICE_OFFICER, user__username="vanphong.ptm")
    act(congress_services.congress_open, actor=tree.ptm_secretary, congress=congress, today=TODAY)
    assert keyed(f"congress:{congress.pk}:opened") == {
        "btv.qb": {f"congress:{congress.pk}:opened"},
        "vanphong.ptm": {f"congress:{congress.pk}:opened"},
    }
    candidates = list(plan.candidates.order_by("position"))
    result, _tally = act(
        personnel_services.results_record,
        actor=tree.ptm_secretary,
        congress=congress,
        summoned=10,
        excused=0,
        ballots_issued=10,
        ballots_valid=10,
        votes={c.pk: 9 - i for i, c in enumerate(candidates)},
    )
    assert set(keyed(f"congress:{congress.pk}:result:")) == {"btv.qb", "vanphong.ptm"}
    act(
        personnel_services.first_meeting_record,
        actor=tree.ptm_secretary,
        congress=congress,
        meeting_date=TODAY,
        posts={candidates[0].pk: "secretary"},
    )
    request = Notification.objects.get(key=f"congress:{congress.pk}:ratification-requested")
    assert (
        request.recipient == tree.qb_standing and request.todo == f"congress:{congress.pk}:ratify"
    )
    act(
        personnel_services.ratify,
        actor=tree.qb_standing,
        congress=congress,
        decision_number="12-QĐ/ĐU",
        decision_date=TODAY,
    )
    request.refresh_from_db()
    assert request.resolved_at is not None
    ratified = keyed(f"congress:{congress.pk}:ratified")
    assert "vanphong.ptm" in ratified and "btv.qb" not in ratified
    assert Notification.objects.filter(recipient=office).count() == 3  # opened, result, ratified


def test_a_refused_action_tells_nobody(tree, act):
    congress = CongressFactory(organization=tree.ptm, term=term("2025-2030"))
    with pytest.raises(DomainError):
        act(congress_services.superior_report_submit, actor=tree.ptm_secretary, congress=congress)
    assert not Notification.objects.exists() and mail.outbox == []


def test_opening_a_notice_marks_it_read_and_goes_where_it_points(tree, client):
    mine = Notification.objects.create(
        recipient=tree.qb_secretary, key="k", subject="s", body="b", url="/congresses/"
    )
    theirs = Notification.objects.create(
        recipient=tree.qb_standing, key="k", subject="s", body="b", url="/congresses/"
    )
    client.force_login(tree.qb_secretary)
    page = client.get("/notifications/")
    assert page.context["unread_notifications"]() == 1
    response = client.get(f"/notifications/{mine.pk}/")
    assert response.status_code == 302 and response["Location"] == "/congresses/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    evil = Notification.objects.create(
        recipient=tree.qb_secretary, key="x", subject="s", body="b", url="https://evil.example/"
    )
    assert client.get(f"/notifications/{evil.pk}/")["Location"] == "/notifications/"


def test_resolved_notices_leave_the_inbox_and_are_not_mailed(tree, client):
    done = Notification.objects.create(
        recipient=tree.qb_secretary, key="a", subject="Việc đã xong", body="b", todo="t:1"
    )
    Notification.objects.create(
        recipient=tree.qb_secretary, key="b", subject="Việc còn lại", body="b", todo="t:2"
    )
    assert notification_services.notifications_resolve("t:1") == 1
    assert notification_services.notifications_resolve("t:1") == 0  # once
    assert notification_services.emails_deliver() == 1
    assert [m.subject for m in mail.outbox] == ["Việc còn lại"]
    done.refresh_from_db()
    assert done.emailed_at is not None  # settled, never sent
    client.force_login(tree.qb_secretary)
    body = client.get("/notifications/").content.decode()
    assert "Việc còn lại" in body and "Việc đã xong" not in body
    assert body.count("Cần xử lý") == 1  # the notice still asking for something says so
    assert "Việc đã xong" in client.get("/notifications/?show=all").content.decode()
    assert unread_count(user=tree.qb_secretary) == 1


def test_the_sweeps_reminders_leave_once_their_rule_is_done(tree, act):
    from apps.congresses.sweep import deadline_sweep

    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=25)
    )
    SupervisionAssignment.objects.create(
        organization=tree.qb, term=congress.term, supervisor=tree.central_standing
    )
    deadline_sweep(today=TODAY)  # R30 overdue (and escalated), R20 due in 5 days
    r30, r20 = f"congress:{congress.pk}:R30", f"congress:{congress.pk}:R20"

    def open_todos():
        return set(
            Notification.objects.filter(resolved_at__isnull=True).values_list(
                "recipient__username", "todo"
            )
        )

    assert open_todos() == {("bithu.qb", r30), ("btv.catw", r30), ("bithu.qb", r20)}
    kinds = congress.term.rule_set.required_document_kinds
    for i, kind in enumerate(kinds):
        act(
            doc_services.circulate,
            actor=tree.qb_secretary,
            rnd=_round(tree, congress, kind),
            recipients="all",
            comment_deadline=TODAY + dt.timedelta(days=5),
        )
        still_open = {todo for _u, todo in open_todos()}
        # R30 needs every required draft out: only the last circulation answers it (late).
        assert (r30 in still_open) == (i < len(kinds) - 1)
    approved_plan(congress)
    act(congress_services.superior_report_submit, actor=tree.qb_secretary, congress=congress)
    assert not {todo for _u, todo in open_todos() if todo.startswith(f"congress:{congress.pk}:")}
    deadline_sweep(today=TODAY)  # a rerun the same day asks for nothing again
    assert not {todo for _u, todo in open_todos() if todo in (r30, r20)}


def test_a_hand_off_written_twice_is_there_once_and_mailed_once(
    tree, django_capture_on_commit_callbacks
):
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=40)
    )
    circulate_required(congress, TODAY)
    approved_plan(congress)
    with django_capture_on_commit_callbacks() as callbacks:
        report = congress_services.superior_report_submit(
            actor=tree.ptm_secretary, congress=congress
        )
    assert not Notification.objects.exists()  # nothing before commit
    for _retry in range(2):  # a retried task, a second worker: the same callbacks again
        with django_capture_on_commit_callbacks(execute=True):  # and the e-mail they queue
            for callback in callbacks:
                callback()
    assert Notification.objects.filter(key=f"report:{report.pk}:submitted").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bithu.qb@example.invalid",
        "btv.qb@example.invalid",
    ]


def test_comment_reminders_go_to_the_silent_only_and_leave_with_the_comment(tree, congress, act):
    from apps.congresses.sweep import deadline_sweep

    rnd = _round(tree, congress)
    circ = act(
        doc_services.circulate,
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        include_subordinate_secretaries=True,
        comment_deadline=TODAY + dt.timedelta(days=3),
    )
    act(
        doc_services.comment_submit,
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Góp ý của Đảng bộ Phòng Tham mưu",
    )
    deadline_sweep(today=TODAY)  # three days before the comment deadline
    reminders = Notification.objects.filter(key__startswith=f"circulation:{circ.pk}:remind:")
    # Phòng Tham mưu answered (its secretary, also named personally, is not reminded by name);
    # Phòng An ninh kinh tế did not: its secretary is reminded for the cell and by name.
    assert sorted(reminders.values_list("recipient__username", "todo")) == [
        ("bithu.ankt", f"round:{rnd.pk}:comment:org{tree.ankt.pk}"),
        ("bithu.ankt", f"round:{rnd.pk}:comment:user{tree.ankt_secretary.pk}"),
    ]
    assert all(n.subject.startswith("Nhắc góp ý") for n in reminders)
    act(
        doc_services.comment_submit,
        actor=tree.ankt_secretary,
        circulation=circ,
        organization=tree.ankt,
        text="Nhất trí",
    )
    assert open_notices(tree.ankt_secretary) == set()  # the cell's comment, given by him
    deadline_sweep(today=TODAY + dt.timedelta(days=2))  # the last reminder day
    assert not Notification.objects.filter(
        key__startswith=f"circulation:{circ.pk}:remind:",
        key__endswith=str(TODAY + dt.timedelta(days=2)),
    ).exists()  # he has commented on the round: not reminded again
