"""The registry of what the office imports and exports (apps/organizations/transfers.py)."""

from apps.congresses.importing import import_congresses
from apps.organizations.importing import import_organizations, import_people
from apps.organizations.transfers import import_choices, transfer_named, transfers


def test_every_kind_in_order_with_the_congress_kinds_found_in_their_app():
    assert [t.key for t in transfers()] == ["organizations", "people", "congresses", "status"]
    assert transfer_named("congresses").importer is import_congresses
    assert transfer_named("organizations").importer is import_organizations
    assert transfer_named("people").importer is import_people
    assert transfer_named("nothing") is None


def test_the_import_form_offers_the_kinds_with_an_importer_only():
    assert [key for key, _label in import_choices()] == ["organizations", "people", "congresses"]
    assert transfer_named("status").importer is None  # the status table is export only
    assert [t.key for t in transfers() if t.office_only_export] == ["people"]
