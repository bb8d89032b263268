"""Comment reminders read their days from the congress's rule set (comment_reminder_offsets)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.documents import services
from apps.documents.reminders import comment_reminders
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def circulated(tree):
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    document = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=document, body="Dự thảo")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ankt],
        comment_deadline=TODAY + dt.timedelta(days=5),
    )
    return congress


def test_the_rule_sets_days_decide_when_the_silent_are_reminded(tree, circulated):
    rule_set = circulated.term.rule_set
    assert rule_set.comment_reminder_offsets == [3, 1]
    assert comment_reminders(today=TODAY) == []  # 5 days ahead: no reminder under [3, 1]
    rule_set.comment_reminder_offsets = [5, 2]
    rule_set.save()
    messages = comment_reminders(today=TODAY)
    assert [m.recipient_id for m in messages] == [tree.ankt_secretary.pk]
    assert messages[0].key.endswith(f":{TODAY}")  # the reminder of day deadline − 5
    # The next day (4 days left) owes the same reminder, with the same key: written once.
    assert [m.key for m in comment_reminders(today=TODAY + dt.timedelta(days=1))] == [
        messages[0].key
    ]
    later = comment_reminders(today=TODAY + dt.timedelta(days=3))  # 2 days left
    assert [m.key.rsplit(":", 1)[1] for m in later] == [str(TODAY + dt.timedelta(days=3))]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("comment_reminder_offsets", [3, -1]),
        ("comment_reminder_offsets", "3,1"),
        ("follow_up_days", {"regulations": 0}),
        ("follow_up_days", {"unknown": 30}),
    ],
)
def test_the_administrator_cannot_save_days_the_rules_cannot_use(field, value):
    rule_set = term("2025-2030").rule_set
    setattr(rule_set, field, value)
    with pytest.raises(ValidationError) as refused:
        rule_set.full_clean()
    assert field in refused.value.message_dict
