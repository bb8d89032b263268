"""apps.core.exports: every exported cell is safe for a spreadsheet, and every export goes
through the one helper."""

import pytest

from apps.core.exports import spreadsheet_safe
from tests.hardening.formulas import PAYLOADS


def test_the_one_helper_escapes_every_trigger_and_control_character():
    assert [spreadsheet_safe(p) for p in PAYLOADS] == ["'" + p for p in PAYLOADS]
    assert spreadsheet_safe("Hall\x0bA") == "Hall\ufffdA"
    assert spreadsheet_safe("Quảng Bình") == "Quảng Bình"
    assert spreadsheet_safe(42) == 42


def test_every_export_resource_and_admin_export_goes_through_the_one_helper():
    """The pages, the export command and the admin's export all export through resources; every
    resource the project defines or registers derives from SpreadsheetSafeResource."""
    from django.contrib import admin
    from import_export.resources import Resource

    from apps.core.exports import SpreadsheetSafeResource

    admin.autodiscover()  # imports every admin module, and the resources they name

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Resource) if c.__module__.startswith("apps.")]
    registered = [
        c
        for model_admin in admin.site._registry.values()
        for c in getattr(model_admin, "resource_classes", [])
    ]
    assert {c.__name__ for c in ours} >= {
        "OrganizationResource",
        "MembershipResource",
        "CongressScheduleResource",
        "CongressStatusResource",
    }
    assert registered
    for resource in {*ours, *registered} - {SpreadsheetSafeResource}:
        assert issubclass(resource, SpreadsheetSafeResource), resource


def test_an_escaped_cell_comes_back_as_it_was_and_others_are_left_alone():
    from apps.core.exports import unescape_cell

    for payload in PAYLOADS:
        assert unescape_cell(spreadsheet_safe(payload)) == payload
    assert unescape_cell("'quoted text") == "'quoted text"  # not an escape: kept
    assert unescape_cell("'") == "'"
    assert unescape_cell("") == ""


@pytest.mark.django_db
def test_a_csv_export_starts_with_a_bom_and_holds_no_live_formula(tree):
    from apps.core.exports import export_bytes
    from apps.organizations.models import Organization
    from apps.organizations.resources import OrganizationResource

    Organization.objects.filter(pk=tree.ankt.pk).update(name="=1+1")
    data = export_bytes(OrganizationResource(), Organization.objects.filter(pk=tree.ankt.pk), "csv")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "'=1+1" in text and ",=1+1" not in text
    xlsx = export_bytes(OrganizationResource(), Organization.objects.none(), "xlsx")
    assert xlsx.startswith(b"PK")  # a ZIP container, not text
