"""The export_organizations command writes the tree in the format the import reads back."""

import pytest
from django.core.management import call_command

from apps.organizations.importing import import_organizations
from apps.organizations.models import Organization
from tests.organizations.import_files import rows_for, to_csv

pytestmark = pytest.mark.django_db


def test_export_then_import_gives_the_same_tree(tmp_path):
    rows = rows_for(2, 3, 2)
    import_organizations(to_csv(rows), "t.csv")
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"tree.{fmt}"
        call_command("export_organizations", "--format", fmt, "--output", str(out))
        snapshot = {
            (
                o.code,
                o.name,
                o.kind,
                o.depth,
                o.path[: -Organization.steplen] and Organization.objects.get(path=o.path[:-4]).code,
            )
            for o in Organization.objects.all()
        }
        Organization.objects.all().delete()
        result = import_organizations(out.read_bytes(), out.name)
        assert result.ok and result.created == len(rows)
        again = {
            (
                o.code,
                o.name,
                o.kind,
                o.depth,
                o.path[: -Organization.steplen] and Organization.objects.get(path=o.path[:-4]).code,
            )
            for o in Organization.objects.all()
        }
        assert again == snapshot
