"""apps/reports/extensions.py: what an app above registers for a report kind it contributes, and
the defaults a kind registered with only its readers gets."""

from apps.reports import extensions
from apps.reports.builders import BUILDERS, ReportKind
from apps.reports.extensions import RULES, ReportRules, register_report_rules


def test_a_kind_registered_with_its_readers_only_is_always_available_and_issuable():
    rules = ReportRules(may_read=lambda user, obj: user == "me")
    assert rules.may_read("me", object()) and not rules.may_read("you", object())
    assert rules.available(object()) is None
    assert rules.issue_problem(object()) is None
    assert rules.on_issued is None


def test_registering_again_replaces_never_doubles(monkeypatch):
    monkeypatch.setattr(extensions, "RULES", {})
    first = ReportRules(may_read=lambda user, obj: True)
    second = ReportRules(may_read=lambda user, obj: False, available=lambda obj: "chưa")
    register_report_rules(ReportKind.CREDENTIALS, first)
    register_report_rules(ReportKind.CREDENTIALS, second)
    assert {ReportKind.CREDENTIALS: second} == extensions.RULES


def test_the_delegate_documents_are_registered_when_django_is_ready():
    """apps.delegates registers its two documents (builder and rules) from its AppConfig."""
    assert set(RULES) == {ReportKind.DELEGATE_ALLOCATION, ReportKind.CREDENTIALS}
    allocation = RULES[ReportKind.DELEGATE_ALLOCATION]
    assert allocation.on_issued is not None  # issuing fixes the allocation
    assert RULES[ReportKind.CREDENTIALS].on_issued is None
    assert {ReportKind.DELEGATE_ALLOCATION, ReportKind.CREDENTIALS} <= set(BUILDERS)
