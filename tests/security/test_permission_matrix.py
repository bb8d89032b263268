"""Every URL pattern and API route × six kinds of user: allowed or refused exactly as the
permission layer says, and a refusal never shows the other organisation's data.

The table below must name every route (outside Django's own admin, whose staff-only rule is
checked for every registered model separately): a new view that is not added here fails the
test, so nothing escapes it.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from apps.congresses import services as congress_services
from apps.congresses.views import ics_token
from apps.delegates.allocation import allocation_prepare
from apps.delegates.elections import delegate_election_open, upper_congress_of
from apps.delegates.models import Delegate
from apps.delegates.permissions import (
    may_manage_delegates,
    may_view_allocation,
    may_view_delegate_election,
    may_view_delegates,
)
from apps.documents import services as doc_services
from apps.documents.permissions import may_edit_documents, may_view_round
from apps.notifications.models import Notification
from apps.organizations.models import ImportJob, MembershipCount
from apps.organizations.permissions import Action, may
from apps.personnel import services as personnel_services
from apps.personnel.models import ElectionResult, FollowUpTask
from apps.personnel.permissions import may_view_personnel
from apps.reports.models import GeneratedReport
from apps.reports.services import report_issue
from tests.factories import (
    CongressFactory,
    approved_plan,
    circulate_required,
    pdf_bytes,
    term,
)

pytestmark = pytest.mark.django_db
ACTORS = ("anonymous", "member", "secretary", "sibling", "superior", "officer")


def walk(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            space = p.namespace or ns
            if space != "admin":
                yield from walk(p.url_patterns, space)
        elif p.name:
            yield f"{ns}:{p.name}" if ns else p.name


@pytest.fixture
def world(tree):
    today = dt.date.today()
    w = type("World", (), {})()
    w.tree = tree
    w.congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=today + dt.timedelta(days=60)
    )
    circulate_required(w.congress, today)
    approved_plan(w.congress)
    doc = doc_services.document_create(actor=tree.qb_secretary, congress=w.congress, kind="plan")
    w.doc = doc
    w.round = doc_services.round_submit(
        actor=tree.qb_secretary, document=doc, body="Nội dung Quảng Bình"
    )
    circ = doc_services.circulate(
        actor=tree.qb_secretary,
        rnd=w.round,
        recipients="all",
        include_committee_members=True,
        comment_deadline=today + dt.timedelta(days=10),
    )
    w.comment = doc_services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Góp ý",
        attachment=SimpleUploadedFile("g.pdf", pdf_bytes()),
    )
    w.report = congress_services.superior_report_submit(
        actor=tree.qb_secretary, congress=w.congress
    )
    w.plan = personnel_services.current_plan(w.congress)
    ElectionResult.objects.create(
        congress=w.congress,
        plan=w.plan,
        summoned=10,
        excused=0,
        ballots_issued=10,
        ballots_valid=10,
        recorded_by=tree.qb_secretary,
    )
    # A delegate on the congress's list, linked to the member's account: their own card.
    w.delegate = Delegate.objects.create(
        congress=w.congress,
        source=tree.ptm,
        full_name="Đại biểu Phòng Tham mưu",
        kind="elected",
        user=tree.qb_member,
    )
    w.follow_up = FollowUpTask.objects.create(
        congress=w.congress, kind="regulations", due_date=today
    )
    w.job = GeneratedReport.objects.create(
        requested_by=tree.qb_officer, kind="progress", organization=tree.qb, title="x"
    )
    w.import_job = ImportJob.objects.create(
        requested_by=tree.qb_officer, organization=tree.qb, what="organizations", filename="x.csv"
    )
    w.issued = report_issue(user=tree.qb_officer, kind="superior-report", obj=w.congress)
    w.notice = Notification.objects.create(
        recipient=tree.qb_officer, key="matrix", subject="s", body="b", url="/"
    )
    # Delegates (issue 22): QB's congress allocates 5 seats (3 by right), the decision issued;
    # PTM's congress (in session) has opened its election of delegates to QB's.
    for unit, members in ((tree.ptm, 40), (tree.ankt, 12)):
        MembershipCount.objects.create(organization=unit, as_of=today, official=members)
    allocation_prepare(
        actor=tree.qb_secretary, congress=w.congress, seats=5, counts_as_of=today, decided_on=today
    )
    report_issue(user=tree.qb_officer, kind="delegate-allocation", obj=w.congress)
    w.ptm_congress = CongressFactory(
        organization=tree.ptm,
        term=w.congress.term,
        kind="all_member",
        opening_date=today,
        status="in_session",
    )
    delegate_election_open(actor=tree.ptm_secretary, congress=w.ptm_congress)
    w.by_right = Delegate.objects.filter(congress=w.congress, kind="by_right").first()
    w.users = {
        "anonymous": None,
        "member": tree.qb_member,
        "secretary": tree.qb_secretary,
        "sibling": tree.ht_secretary,
        "superior": tree.central_standing,
        "officer": tree.qb_officer,
    }
    return w


def _any(u, actions, obj):
    return u is not None and any(may(u, a, obj) for a in actions)


def table(w):
    """route name → (kwargs, method, data, who may) — `who may` asks the permission layer."""
    qb, c, r = w.tree.qb, w.congress, w.round
    auth = lambda u: u is not None
    public = lambda u: True
    view_org = lambda u: _any(u, [Action.VIEW], qb)
    view_c = lambda u: _any(u, [Action.VIEW], c)
    lead = lambda u: _any(u, [Action.LEAD], c)
    lead_keep = lambda u: _any(u, [Action.LEAD, Action.KEEP_REGISTERS], c)
    keep = lambda u: _any(u, [Action.KEEP_REGISTERS], qb)
    supervise = lambda u: _any(u, [Action.SUPERVISE], c)
    docs = lambda u: u is not None and may_edit_documents(u, c)
    round_v = lambda u: u is not None and may_view_round(u, r)
    personnel = lambda u: u is not None and may_view_personnel(u, c)
    personnel_lead = lambda u: personnel(u) and lead(u)
    personnel_sup = lambda u: personnel(u) and supervise(u)
    owner = lambda u: u is not None and u.pk == w.job.requested_by_id
    job = {"code": qb.code, "pk": w.import_job.pk}
    job_owner = lambda u: keep(u) and u.pk == w.import_job.requested_by_id
    # The round went to QB's committee members; its secretary wrote it and is not asked.
    asked = set(r.circulations.values_list("recipient_users", flat=True))
    assert w.tree.qb_secretary.pk not in asked and w.tree.qb_committee.pk in asked
    recipient = lambda u: u is not None and u.pk in asked
    audit = lambda u: _any(u, [Action.LEAD, Action.APPROVE_PLAN, Action.SUPERVISE], qb)
    day_act = lambda u: _any(u, [Action.MANAGE_DELEGATES], c)
    day_watch = lambda u: _any(u, [Action.MANAGE_DELEGATES, Action.SUPERVISE], c)
    own_card = lambda u: u is not None and u.pk == w.delegate.user_id
    code, pk = {"code": "QB"}, {"pk": c.pk}
    seat = {"pk": c.pk, "delegate_pk": w.delegate.pk}
    ptm_c = w.ptm_congress
    shares = list(c.allocation.shares.values_list("organization_id", flat=True))
    alloc_v = lambda u: u is not None and may_view_allocation(u, c, shares)
    delegates_v = lambda u: u is not None and may_view_delegates(u, c)
    manage = lambda u: u is not None and may_manage_delegates(u, c)
    elect_v = lambda u: (
        u is not None and may_view_delegate_election(u, ptm_c, upper_congress_of(ptm_c))
    )
    d = {"pk": c.pk, "delegate_pk": w.by_right.pk}
    return {
        "delegates:counts": (code, "get", None, view_org),
        "delegates:allocation": (pk, "get", None, lambda u: view_c(u) and alloc_v(u)),
        "delegates:adjust": (pk, "post", {}, lambda u: view_c(u) and manage(u)),
        "delegates:election": ({"pk": ptm_c.pk}, "get", None, elect_v),
        "delegates:list": (pk, "get", None, lambda u: view_c(u) and delegates_v(u)),
        "delegates:delegate_action": (d | {"action": "edit"}, "get", None, manage),
        "api-allocation": (pk, "get", None, lambda u: view_c(u) and alloc_v(u)),
        "api-allocation-adjust": (pk, "post", {}, manage),
        "api-delegate-election": (
            {"pk": ptm_c.pk},
            "post",
            {},
            lambda u: (
                elect_v(u)
                and (manage(u) or _any(u, [Action.LEAD, Action.APPROVE_PLAN], w.tree.ptm))
            ),
        ),
        "api-delegates": (pk, "get", None, lambda u: view_c(u) and delegates_v(u)),
        "api-delegate-replace": (d, "post", {}, manage),
        "api-delegate-disqualify": (d, "post", {}, manage),
        "worklist:home": ({}, "get", None, auth),
        "accounts:login": ({}, "get", None, public),
        "accounts:logout": ({}, "post", {}, None),  # everyone ends on the login page
        "accounts:password_change": ({}, "get", None, auth),
        "accounts:password_set": ({"uidb64": "MQ", "token": "x-y"}, "get", None, public),
        "accounts:password_done": ({}, "get", None, auth),
        "set_language": ({}, "post", {"language": "vi"}, public),
        "twofactor:manage": ({}, "get", None, auth),
        "twofactor:setup": ({}, "get", None, auth),
        "twofactor:verify": ({}, "get", None, auth),
        "twofactor:recovery_codes": ({}, "post", {}, auth),
        "twofactor:disable": ({}, "post", {}, auth),
        "organizations:tree": ({}, "get", None, auth),
        "organizations:detail": (code, "get", None, view_org),
        "organizations:children": (code, "get", None, view_org),
        "organizations:subtree": (code, "get", None, view_org),
        "organizations:add_child": (code, "get", None, keep),
        "organizations:import": (code, "get", None, keep),
        "organizations:export": (code, "get", None, view_org),
        # A big import's job: its requester only, while they keep the registers (a confirmation
        # of a job not yet checked is refused on its page, a redirect back to it).
        "organizations:import_job": (job, "get", None, job_owner),
        "organizations:import_job_status": (job, "get", None, job_owner),
        "organizations:import_job_confirm": (job, "post", {}, job_owner),
        "organizations:audit": (code, "get", None, audit),
        "congresses:index": ({}, "get", None, auth),
        "congresses:inbox": ({}, "get", None, auth),
        "congresses:detail": (pk, "get", None, view_c),
        "congresses:edit": (pk, "get", None, lead),
        "congresses:postpone": (pk, "get", None, lead),
        "congresses:open": (pk, "post", {}, lead),
        "congresses:report": (pk, "post", {}, lead_keep),
        "congresses:decide": ({"pk": w.report.pk}, "get", None, supervise),
        "congresses:dashboard": (code, "get", None, view_org),
        "congresses:schedule": (
            code,
            "get",
            None,
            lambda u: _any(u, [Action.LEAD, Action.KEEP_REGISTERS], qb),
        ),
        "congresses:lessons": (code, "get", None, lambda u: _any(u, [Action.LEAD], qb)),
        "congresses:calendar": (code, "get", None, view_org),
        "congresses:ics_rotate": (code, "post", {}, view_org),
        "congresses:ics": (
            {"code": "QB", "token": ics_token(w.tree.qb_secretary, qb)},
            "get",
            None,
            public,
        ),
        "documents:inbox": ({}, "get", None, auth),
        "documents:add": ({"congress_pk": c.pk}, "get", None, docs),
        "documents:document": ({"pk": w.doc.pk}, "get", None, view_c),
        "documents:round": ({"pk": r.pk}, "get", None, round_v),
        "documents:download": ({"pk": r.pk}, "get", None, lambda u: False),  # the round has no file
        "documents:circulate": ({"pk": r.pk}, "get", None, docs),
        "documents:comment": ({"pk": r.pk}, "get", None, recipient),
        "documents:dispose": ({"pk": w.comment.pk}, "get", None, docs),
        "documents:attachment": ({"pk": w.comment.pk}, "get", None, round_v),
        "personnel:plan": (pk, "get", None, personnel),
        "personnel:edit": (pk, "get", None, lambda u: personnel(u) and lead(u)),
        "personnel:import": (pk, "get", None, lambda u: personnel(u) and lead(u)),
        "personnel:transition": (pk, "post", {"to": "returned", "note": "x"}, personnel),
        "personnel:results": (pk, "get", None, personnel_lead),
        "personnel:first_meeting": (pk, "get", None, personnel_lead),
        "personnel:ratify": (pk, "get", None, personnel_sup),
        "personnel:follow_up_done": ({"pk": w.follow_up.pk}, "post", {}, lead),
        "attendance:page": (pk, "get", None, day_watch),
        "attendance:live": (pk, "get", None, day_watch),
        "attendance:scan": (pk, "get", None, day_act),
        "attendance:checkin": (pk, "post", {"code": w.delegate.code}, day_act),
        "attendance:excuse": (seat, "get", None, day_act),
        "attendance:undo": (seat, "get", None, day_act),
        "attendance:cards": (pk, "get", None, day_act),
        "attendance:my_cards": ({}, "get", None, auth),
        "attendance:my_card": ({"delegate_pk": w.delegate.pk}, "get", None, own_card),
        "reports:mine": ({}, "get", None, auth),
        "reports:job": ({"pk": w.job.pk}, "get", None, owner),
        "reports:job_status": ({"pk": w.job.pk}, "get", None, owner),
        "reports:job_download": ({"pk": w.job.pk}, "get", None, lambda u: False),  # not finished
        "reports:job_retry": ({"pk": w.job.pk}, "post", {}, owner),
        "reports:register": (
            code,
            "get",
            None,
            lambda u: _any(u, [Action.LEAD, Action.KEEP_REGISTERS], qb),
        ),
        "reports:issued_download": (
            {"pk": w.issued.pk},
            "get",
            None,
            lambda u: _any(u, [Action.LEAD, Action.KEEP_REGISTERS], qb),
        ),
        "reports:preview": ({"kind": "superior-report", "key": str(c.pk)}, "get", None, personnel),
        "reports:issue": (
            {"kind": "superior-report", "key": str(c.pk)},
            "post",
            {},
            lambda u: personnel(u) and _any(u, [Action.LEAD, Action.KEEP_REGISTERS], qb),
        ),
        "notifications:inbox": ({}, "get", None, auth),
        "congresses:help": ({}, "get", None, auth),
        "notifications:mark_read": ({}, "post", {}, auth),
        "notifications:open": (
            {"pk": w.notice.pk},
            "get",
            None,
            lambda u: u is not None and u.pk == w.notice.recipient_id,
        ),
        "api-token": ({}, "post", {"username": "x", "password": "y"}, public),
        "api-rounds": ({"pk": w.doc.pk}, "post", {}, docs),
        "api-circulate": ({"pk": r.pk}, "post", {}, round_v),
        "api-comments": ({"pk": r.pk}, "get", None, round_v),
        "api-plan-submit": ({"pk": w.plan.pk}, "post", {}, personnel),
        "api-plan-approve": ({"pk": w.plan.pk}, "post", {}, personnel),
        "api-plan-return": ({"pk": w.plan.pk}, "post", {}, personnel),
        "api-decision": ({"pk": w.report.pk}, "post", {}, view_c),
        "api-report": ({"pk": c.pk, "kind": "superior-report"}, "get", None, personnel),
        "api-checkin": (pk, "post", {"code": w.delegate.code}, day_act),
        "api-excuse": (pk, "post", {"delegate": w.delegate.pk, "reason": "Ốm"}, day_act),
        "api-undo-checkin": (pk, "post", {"delegate": w.delegate.pk, "reason": "x"}, day_act),
        "api-attendance": (pk, "get", None, day_watch),
        "api-my-cards": ({}, "get", None, auth),
        "api-my-card": ({"pk": w.delegate.pk}, "get", None, own_card),
        "api-schema": ({}, "get", None, public),
        "api-docs": ({}, "get", None, public),
        "organization-list": ({}, "get", None, auth),
        "organization-detail": (code, "get", None, view_org),
        "congress-list": ({}, "get", None, auth),
        "congress-detail": (pk, "get", None, view_c),
        "congress-documents": (pk, "post", {}, view_c),
        "congress-open": (pk, "post", {}, lead),
        "congress-personnel-plan": (pk, "put", {}, personnel),
        "congress-ratification": (pk, "post", {}, view_c),
        "congress-results": (pk, "post", {}, view_c),
        "congress-superior-report": (pk, "post", {}, lead_keep),
    }


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def test_every_route_for_every_kind_of_user(world, capsys):
    routes = table(world)
    names = set(walk(get_resolver().url_patterns))
    assert names - set(routes) == set(), (
        f"routes missing from the permission matrix: {names - set(routes)}"
    )
    mismatches, cells = [], 0
    for name, (kwargs, method, data, who_may) in sorted(routes.items()):
        url = reverse(name, kwargs=kwargs)
        for actor in ACTORS:
            user = world.users[actor]
            user = type(user).objects.get(pk=user.pk) if user else None  # a fresh request scope
            client = Client()
            if user:
                client.force_login(user)
            with transaction.atomic():
                response = (
                    getattr(client, method)(url, data, content_type="application/json")
                    if method in ("put",)
                    else getattr(client, method)(url, data)
                    if data is not None
                    else getattr(client, method)(url)
                )
                transaction.set_rollback(True)
            cells += 1
            assert response.status_code < 500, (name, actor, response.status_code)
            if who_may is None:
                continue
            expected = who_may(user)
            if refused(response) == expected:
                mismatches.append(
                    f"{name} {actor}: expected {'allowed' if expected else 'refused'}, "
                    f"got {response.status_code}"
                )
            if (
                not expected
                and refused(response)
                and response.get("Content-Type", "").startswith(("text/html", "application/json"))
            ):
                body = response.content.decode(errors="replace")
                if "Quảng Bình" in body and name != "accounts:login":
                    mismatches.append(f"{name} {actor}: refusal leaks data")
    with capsys.disabled():
        print(f"\npermission matrix: {len(routes)} routes × {len(ACTORS)} users = {cells} cells")
    assert mismatches == [], "\n".join(mismatches)


def test_admin_is_staff_only_for_every_registered_model(world, admin_user):
    assert get_resolver().url_patterns  # loading the URLconf registers the admin modules
    models = list(admin.site._registry)
    assert len(models) > 10, models
    for actor in ACTORS:
        user = world.users[actor]
        client = Client()
        if user:
            client.force_login(user)
        for model in models:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (
                actor,
                url,
            )
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    print(f"\nadmin: {len(models)} models checked staff-only for {len(ACTORS)} users")
