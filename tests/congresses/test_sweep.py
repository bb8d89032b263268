"""The deadline sweep: reminders, overdue once, escalation, idempotence, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses import services
from apps.congresses.sweep import deadline_sweep
from apps.notifications.models import Notification
from apps.organizations.models import OrganizationKind, Role
from tests.factories import CongressFactory, OrganizationFactory, person, term

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminder_then_overdue_once_then_escalation(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    services.supervision_assign(
        actor=tree.central_standing,
        organization=tree.qb,
        term=term(),
        supervisor=tree.central_standing,
    )
    # 24/05: 7 days before R30's deadline (31/05) → one reminder to the secretary
    assert deadline_sweep(today=D(2020, 5, 24)).created == 1
    note = Notification.objects.get()
    assert note.recipient == tree.qb_secretary
    assert note.subject == "Nhắc việc: Gửi dự thảo lấy ý kiến cấp dưới — hạn 31/05/2020"
    assert "R30" not in note.body  # plain words, the code stays in the key
    assert (
        "Yêu cầu: Gửi dự thảo lấy ý kiến cấp dưới — chậm nhất 30 ngày trước khai mạc; "
        "hạn chót 31/05/2020." in note.body
    )
    assert "Việc cần làm: Gửi dự thảo các văn kiện bắt buộc" in note.body
    assert note.url == f"/congresses/{congress.pk}/"
    assert deadline_sweep(today=D(2020, 5, 24)).created == 0  # rerun: nothing new
    # 01/06: R30 overdue → overdue notice to the secretary + escalation to the assigned member
    created = deadline_sweep(today=D(2020, 6, 1)).created
    keys = set(Notification.objects.values_list("key", "recipient__username"))
    assert (f"congress:{congress.pk}:R30:overdue:2020-05-31", "bithu.qb") in keys
    assert (f"congress:{congress.pk}:R30:escalation:2020-05-31", "btv.catw") in keys
    assert created >= 2
    # next day: overdue is not repeated
    before = Notification.objects.filter(key__contains=":R30:").count()
    deadline_sweep(today=D(2020, 6, 2))
    assert Notification.objects.filter(key__contains=":R30:").count() == before


def test_escalation_falls_back_to_the_superiors_standing_committee(tree):
    congress = CongressFactory(organization=tree.ptm, opening_date=D(2020, 6, 30))
    deadline_sweep(today=D(2020, 6, 1))
    escalated = set(
        Notification.objects.filter(key__contains=":escalation:").values_list(
            "recipient__username", flat=True
        )
    )
    # Audience.STANDING of QB: its secretary and standing member, not its office or members
    assert escalated == {"bithu.qb", "btv.qb"}
    overdue = set(
        Notification.objects.filter(key__contains=":overdue:").values_list(
            "recipient__username", flat=True
        )
    )
    assert overdue == {"bithu.ptm"}  # the organisation's leaders (its standing member is not)
    assert congress.pk


def test_a_missed_day_is_caught_up(tree):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    # the sweep did not run on 17/05 (14 days before R30): on 19/05 it still sends that reminder
    assert deadline_sweep(today=D(2020, 5, 19)).created == 1
    assert Notification.objects.get().key.endswith("R30:reminder:2020-05-17")


def test_opened_congresses_are_not_swept(tree):
    c = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30), status="in_session")
    assert deadline_sweep(today=D(2020, 6, 1)).congresses == 0
    assert c.pk


def _province(n: int):
    root = OrganizationFactory(code=f"SW{n}", kind=OrganizationKind.ABOVE_GRASSROOTS)
    person(root, Role.SECRETARY)
    from apps.organizations.bulk import NodeSpec, bulk_insert_tree

    orgs = bulk_insert_tree(
        [
            NodeSpec(f"SW{n}-{i}", root.code, f"Chi bộ {i}", OrganizationKind.GRASSROOTS_CELL)
            for i in range(n)
        ]
    )
    from apps.congresses.models import Congress
    from apps.organizations.models import Membership

    Membership.objects.bulk_create(
        [
            Membership(
                user=person(root, Role.MEMBER),
                organization=o,
                role=Role.SECRETARY,
                start_date=D(2019, 1, 1),
            )
            for o in orgs[:5]
        ]
    )
    t = term()
    Congress.objects.bulk_create(
        [
            Congress(
                organization=o,
                term=t,
                ordinal="I",
                opening_date=D(2020, 6, 1) + dt.timedelta(days=i % 60),
            )
            for i, o in enumerate(orgs)
        ]
    )


# SQLite's bulk_create splits the notices at its variable limit (one INSERT per 500): the count
# is constant on the production database only.
@pytest.mark.postgresql
def test_sweep_query_count_is_the_same_for_10_and_1000(db):
    counts = []
    for n in (10, 1000):
        _province(n)
        with CaptureQueriesContext(connection) as ctx:
            result = deadline_sweep(today=D(2020, 5, 20))
        counts.append(len(ctx.captured_queries))
        assert result.created > 0
        from apps.congresses.models import Congress

        Congress.objects.all().delete()
        Notification.objects.all().delete()
    assert counts[0] == counts[1], counts


# --- each step of the sweep, directly ------------------------------------------------------------

from apps.congresses.deadlines import CongressFacts, RuleParams, evaluate  # noqa: E402
from apps.congresses.facts import CongressRef, fact_groups  # noqa: E402
from apps.congresses.models import Congress  # noqa: E402
from apps.congresses.sweep import (  # noqa: E402
    Notice,
    Owing,
    Recipients,
    owed_by,
    owing_today,
    pending_notices,
    recipients_of,
    sweep_scope,
    unsent_notices,
    worded,
)


def test_the_rule_sets_are_read_once_per_sweep_for_the_rules_and_the_comment_reminders(tree):
    """The deadline rules and the drafts' comment reminders (a contribution of documents) read
    the same rule sets: one query in a sweep, and again in the next sweep, never kept."""
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    for _day in range(2):
        with CaptureQueriesContext(connection) as ctx:
            deadline_sweep(today=D(2020, 5, 24))
        rule_set_reads = [q for q in ctx.captured_queries if "congresses_ruleset" in q["sql"]]
        assert len(rule_set_reads) == 1, [q["sql"][:80] for q in rule_set_reads]


def test_owed_by_keys_a_reminder_by_its_own_day_and_an_overdue_rule_by_its_deadline():
    params = RuleParams()
    facts = CongressFacts(opening_date=D(2020, 6, 30), has_subordinates=True)
    reminders = owed_by(evaluate(facts, params, D(2020, 5, 20)), params, D(2020, 5, 20))
    assert [(o.code, o.kind, o.key, o.escalation_key) for o in reminders] == [
        ("R30", "reminder", "R30:reminder:2020-05-17", None)  # 14 days before 31/05
    ]
    overdue = owed_by(evaluate(facts, params, D(2020, 6, 1)), params, D(2020, 6, 1))
    assert (overdue[0].code, overdue[0].kind, overdue[0].key, overdue[0].escalation_key) == (
        "R30",
        "overdue",
        "R30:overdue:2020-05-31",
        "R30:escalation:2020-05-31",
    )
    assert owed_by(evaluate(facts, params, D(2020, 4, 1)), params, D(2020, 4, 1)) == []


def test_owing_today_works_once_per_group_and_skips_what_is_beyond_reach(tree):
    a = CongressFactory(organization=tree.ptm_cell, opening_date=D(2020, 6, 30))
    b = CongressFactory(organization=tree.ankt, opening_date=D(2020, 6, 30))
    far = CongressFactory(organization=tree.ht, opening_date=D(2021, 6, 30))
    groups = fact_groups(
        sweep_scope(), today=D(2020, 6, 1), opening_until=lambda params: D(2020, 12, 31)
    )
    owing = owing_today(groups, D(2020, 6, 1))
    (alike,) = owing  # far: not evaluated, owes nothing; a and b: equal facts, worked out once
    assert {c.id for c in alike.congresses} == {a.pk, b.pk}
    assert [o.code for o in alike.owed] == ["R20"]  # R30 does not apply to cells; RA not yet
    assert far.pk


def test_recipients_are_the_leaders_and_overdue_escalates_to_the_supervisor_else_the_superior(
    tree,
):
    ptm = CongressFactory(organization=tree.ptm, opening_date=D(2020, 6, 30))
    qb = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    services.supervision_assign(
        actor=tree.central_standing,
        organization=tree.qb,
        term=term(),
        supervisor=tree.central_standing,
    )
    today = D(2020, 6, 1)
    owing = owing_today(fact_groups(sweep_scope(), today=today), today)
    recipients = recipients_of(owing, today)
    assert recipients.leaders[tree.ptm.pk] == [tree.ptm_secretary.pk]
    assert recipients.leaders[tree.qb.pk] == [tree.qb_secretary.pk]
    assert {c: sorted(people) for c, people in recipients.escalation.items()} == {
        qb.pk: [tree.central_standing.pk],  # the assigned supervisor
        ptm.pk: sorted([tree.qb_secretary.pk, tree.qb_standing.pk]),  # else QB's standing
    }


def _ref(congress) -> CongressRef:
    return CongressRef(congress.pk, congress.organization_id, congress.organization.path)


def test_pending_notices_go_to_the_leaders_and_escalations_to_whom_recipients_name(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    params = RuleParams()
    facts = CongressFacts(opening_date=D(2020, 6, 30), has_subordinates=True)
    owed = [o for o in owed_by(evaluate(facts, params, D(2020, 6, 1)), params, D(2020, 6, 1))]
    r30 = next(o for o in owed if o.code == "R30")
    ref = _ref(congress)
    pending = pending_notices(
        [Owing([ref], congress.term_id, [r30])],
        Recipients({tree.qb.pk: [1, 2]}, {congress.pk: [3]}),
    )
    head = f"congress:{congress.pk}:"
    assert [(n.key, n.escalation, n.recipients) for n in pending] == [
        (head + "R30:overdue:2020-05-31", False, [1, 2]),
        (head + "R30:escalation:2020-05-31", True, [3]),
    ]
    assert pending_notices([Owing([ref], congress.term_id, [r30])], Recipients({}, {})) == []


def test_unsent_notices_drop_what_was_already_sent_to_that_person(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    params = RuleParams()
    facts = CongressFacts(opening_date=D(2020, 6, 30), has_subordinates=True)
    (r30, *_rest) = owed_by(evaluate(facts, params, D(2020, 6, 1)), params, D(2020, 6, 1))
    ref = _ref(congress)
    key = f"congress:{congress.pk}:{r30.key}"
    Notification.objects.create(recipient=tree.qb_secretary, key=key, subject="s", body="b")
    notice = Notice(key, False, ref, r30, [tree.qb_secretary.pk, tree.qb_standing.pk])
    assert unsent_notices([notice]) == [notice._replace(recipients=[tree.qb_standing.pk])]
    Notification.objects.create(recipient=tree.qb_standing, key=key, subject="s", body="b")
    assert unsent_notices([notice]) == []
    assert Notification.objects.count() == 2  # checking writes nothing


def test_worded_links_the_congress_page_and_names_the_rule_to_resolve(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    params = RuleParams()
    facts = CongressFacts(opening_date=D(2020, 6, 30), has_subordinates=True)
    (r30, *_rest) = owed_by(evaluate(facts, params, D(2020, 6, 1)), params, D(2020, 6, 1))
    key = f"congress:{congress.pk}:{r30.key}"
    notice = Notice(key, False, _ref(congress), r30, [tree.qb_secretary.pk, tree.qb_standing.pk])
    first, second = worded([notice], D(2020, 6, 1))
    assert (first.recipient_id, second.recipient_id) == (tree.qb_secretary.pk, tree.qb_standing.pk)
    assert (
        first.subject
        == second.subject
        == ("Quá hạn: Gửi dự thảo lấy ý kiến cấp dưới — hạn 31/05/2020")
    )
    assert first.url == f"/congresses/{congress.pk}/"
    assert first.todo == f"congress:{congress.pk}:R30"
    assert str(congress.term) in first.body.splitlines()[0]
    assert Congress.objects.count() == 1 and not Notification.objects.exists()
