"""The deadline sweep: reminders, overdue once, escalation, idempotence, constant queries."""

import datetime as dt

import pytest
from django.core.management import call_command
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


def test_escalation_falls_back_to_the_superior_leaders(tree):
    CongressFactory(organization=tree.ptm, opening_date=D(2020, 6, 30))
    deadline_sweep(today=D(2020, 6, 1))
    assert Notification.objects.filter(
        key__contains=":escalation:", recipient=tree.qb_secretary
    ).exists()


def test_a_missed_day_is_caught_up(tree):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    # the sweep did not run on 17/05 (14 days before R30): on 19/05 it still sends that reminder
    assert deadline_sweep(today=D(2020, 5, 19)).created == 1
    assert Notification.objects.get().key.endswith("R30:reminder:2020-05-17")


def test_opened_congresses_are_not_swept(tree):
    c = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30), status="in_session")
    assert deadline_sweep(today=D(2020, 6, 1)).congresses == 0
    assert c.pk


def test_command_prints_the_count_first_and_is_idempotent(tree, capsys):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    call_command("deadline_sweep", "--at", "2020-06-01")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("notifications created") and int(first.split()[0]) > 0
    call_command("deadline_sweep", "--at", "2020-06-01")
    assert capsys.readouterr().out.splitlines()[0] == "0 notifications created"


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
