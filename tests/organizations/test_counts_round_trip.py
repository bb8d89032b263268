"""The organisation export carries each organisation's latest membership count in the three
optional columns the import reads (official_members, probationary_members, members_as_of), so
an export imported again restores the counts, and into the same database changes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from apps.organizations.importing import import_organizations
from apps.organizations.models import MembershipCount, Organization
from apps.organizations.resources import OrganizationResource

pytestmark = pytest.mark.django_db


def _counts() -> set[tuple[str, dt.date, int, int]]:
    return set(
        MembershipCount.objects.values_list(
            "organization__code", "as_of", "official", "probationary"
        )
    )


def _record(org, as_of, official, probationary=0):
    return MembershipCount.objects.create(
        organization=org, as_of=as_of, official=official, probationary=probationary
    )


def test_the_latest_count_of_each_organisation_is_exported(tree):
    _record(tree.ptm, dt.date(2024, 1, 1), 110, 3)
    _record(tree.ptm, dt.date(2025, 3, 1), 120, 2)  # the latest: this one is exported
    _record(tree.ankt, dt.date(2025, 2, 1), 30)
    qs = Organization.objects.filter(path__startswith=tree.qb.path).order_by("path")
    rows = {r[0]: r[5:] for r in OrganizationResource().export(queryset=qs)}
    assert rows["QB-PTM"] == ("120", "2", "01/03/2025")
    assert rows["QB-ANKT"] == ("30", "0", "01/02/2025")
    assert rows["QB"] == rows["QB-PTM-TH"] == ("", "", "")  # none recorded: left empty


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_restores_the_counts_and_changes_nothing(tree, tmp_path, fmt):
    _record(tree.ptm, dt.date(2024, 1, 1), 110, 3)
    _record(tree.ptm, dt.date(2025, 3, 1), 120, 2)
    _record(tree.ankt, dt.date(2025, 2, 1), 30)
    out = tmp_path / f"tree.{fmt}"
    call_command("export_organizations", "--format", fmt, "--output", str(out))
    before = _counts()

    again = import_organizations(out.read_bytes(), out.name, dry_run=True)
    assert again.ok and again.created == 0 and again.updated == 0, again.errors
    assert _counts() == before

    MembershipCount.objects.all().delete()
    restored = import_organizations(out.read_bytes(), out.name)
    assert restored.ok, restored.errors
    # The latest count of each organisation comes back (the older one is history, not exported).
    assert _counts() == {
        ("QB-PTM", dt.date(2025, 3, 1), 120, 2),
        ("QB-ANKT", dt.date(2025, 2, 1), 30, 0),
    }
    assert restored.created == 0  # the tree itself was there
